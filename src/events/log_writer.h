// LogWriter: appends lines to pfirewall.log with XP's size limit and rotation (spec §5.4).
//
// When a line would take the file past its maximum size, the file is renamed to
// "<path>.old" (replacing an earlier one) and a new file starts with the header. The directory
// is created 0750 and the file 0640; the file is never opened through a symbolic link, and the
// path must be absolute.
// Lines are buffered until Flush, so that a batch of events costs one write.
// Not thread-safe: one writer thread owns it.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/error.h"
#include "core/unique_fd.h"

namespace hostwall::events {

class LogWriter {
 public:
  // Opens (creating when missing) the log at `path`, limited to `max_kb` KB.
  // Errors: kInvalidArgument for a relative path; kIo naming the call that failed (a link at
  // `path` fails with ELOOP).
  static Result<LogWriter> Open(const std::string& path, uint32_t max_kb);

  // Appends one line (with its newline), rotating first when it would not fit. Errors: kIo.
  Result<void> Append(std::string_view line);
  // Writes the buffered lines. Errors: kIo.
  Result<void> Flush();

  const std::string& path() const { return path_; }

 private:
  LogWriter(std::string path, uint64_t max_bytes) : path_(std::move(path)), max_bytes_(max_bytes) {}
  Result<void> OpenFile();
  Result<void> Rotate();

  std::string path_;
  uint64_t max_bytes_;
  UniqueFd fd_;
  std::string buffer_;
  uint64_t size_ = 0;  // of the file with the buffer written
};

}  // namespace hostwall::events
