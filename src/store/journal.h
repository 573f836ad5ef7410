// Journal: an append-only file of records, one per line, each "<crc32 hex> <sequence> <json>".
//
// Append writes one line and fdatasyncs it before returning, so an acknowledged record
// survives a crash. A crash during Append leaves at most one torn last line, which Read drops:
// that record was never acknowledged. A bad line anywhere else is corruption.
// Not thread-safe.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/unique_fd.h"

namespace hostwall::store {

struct JournalEntry {
  uint64_t sequence = 0;
  nlohmann::json record;
};

struct JournalContents {
  std::vector<JournalEntry> entries;  // the intact records, in order
  size_t intact_bytes = 0;            // length of the intact prefix of the file
  // Set when a bad line came before the end: entries hold the records before it.
  std::optional<std::string> corruption;
};

class Journal {
 public:
  // Reads `path`; a missing file is an empty journal. Errors: kIo.
  static Result<JournalContents> Read(const std::string& path);

  // Opens `path` for appending, first cutting it to `length` bytes (dropping a torn tail).
  static Result<Journal> OpenForAppend(const std::string& path, size_t length);

  // Errors: kIo; the record is then not durable and must not be acknowledged.
  Result<void> Append(uint64_t sequence, const nlohmann::json& record);
  // Empties the journal, once a snapshot holds everything in it.
  Result<void> Clear();

 private:
  Journal(std::string path, UniqueFd fd, size_t length)
      : path_(std::move(path)), fd_(std::move(fd)), length_(length) {}

  std::string path_;
  UniqueFd fd_;
  size_t length_;  // bytes of whole records; a failed append is cut back to it
};

}  // namespace hostwall::store
