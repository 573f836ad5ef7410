#include "store/journal.h"

#include <fcntl.h>
#include <unistd.h>
#include <zlib.h>

#include <cerrno>
#include <cinttypes>
#include <cstdio>

#include "store/atomic_file.h"

namespace hostwall::store {
namespace {

uint32_t Checksum(std::string_view text) {
  return static_cast<uint32_t>(
      crc32(0, reinterpret_cast<const Bytef*>(text.data()), static_cast<uInt>(text.size())));
}

// Parses "<crc> <sequence> <json>"; nullopt when the line is damaged.
std::optional<JournalEntry> ParseLine(std::string_view line) {
  const size_t first = line.find(' ');
  if (first != 8) return std::nullopt;
  const std::string_view body = line.substr(first + 1);
  uint32_t crc = 0;
  if (std::sscanf(std::string(line.substr(0, 8)).c_str(), "%8" SCNx32, &crc) != 1 ||
      crc != Checksum(body)) {
    return std::nullopt;
  }
  const size_t second = body.find(' ');
  if (second == std::string_view::npos) return std::nullopt;
  JournalEntry entry;
  try {
    entry.sequence = std::stoull(std::string(body.substr(0, second)));
    entry.record = nlohmann::json::parse(body.substr(second + 1));
  } catch (const std::exception&) {
    return std::nullopt;
  }
  return entry;
}

}  // namespace

Result<JournalContents> Journal::Read(const std::string& path) {
  auto text = ReadWholeFile(path);
  if (!text) {
    if (text.error().code() == ErrorCode::kNotFound) return JournalContents{};
    return Fail(text.error());
  }
  JournalContents contents;
  size_t start = 0;
  while (start < text->size()) {
    const size_t newline = text->find('\n', start);
    const bool last = newline == std::string::npos || newline + 1 == text->size();
    std::optional<JournalEntry> entry;
    if (newline != std::string::npos) {
      entry = ParseLine(std::string_view(*text).substr(start, newline - start));
    }
    if (!entry) {
      if (!last) {
        contents.corruption = "journal " + path + " is damaged at byte " + std::to_string(start);
      }
      break;  // a torn last line was never acknowledged
    }
    contents.entries.push_back(std::move(*entry));
    start = newline + 1;
    contents.intact_bytes = start;
  }
  return contents;
}

Result<Journal> Journal::OpenForAppend(const std::string& path, size_t length) {
  UniqueFd fd(::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | O_NOFOLLOW, 0600));
  if (!fd.valid()) return Fail(SystemError("open " + path, errno));
  if (::ftruncate(fd.get(), static_cast<off_t>(length)) != 0) {
    return Fail(SystemError("truncate " + path, errno));
  }
  return Journal(path, std::move(fd), length);
}

Result<void> Journal::Append(uint64_t sequence, const nlohmann::json& record) {
  const std::string body = std::to_string(sequence) + " " +
                           record.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  char crc[16];
  std::snprintf(crc, sizeof(crc), "%08" PRIx32, Checksum(body));
  const std::string line = std::string(crc) + " " + body + "\n";
  // No half record stays behind a failure: the next append starts on a clean line.
  if (auto written = WriteAll(fd_.get(), line, path_); !written) {
    (void)!::ftruncate(fd_.get(), static_cast<off_t>(length_));
    return written;
  }
  if (::fdatasync(fd_.get()) != 0) {
    const int err = errno;
    (void)!::ftruncate(fd_.get(), static_cast<off_t>(length_));
    return Fail(SystemError("fdatasync " + path_, err));
  }
  length_ += line.size();
  return Ok();
}

Result<void> Journal::Clear() {
  if (::ftruncate(fd_.get(), 0) != 0) return Fail(SystemError("truncate " + path_, errno));
  if (::fdatasync(fd_.get()) != 0) return Fail(SystemError("fdatasync " + path_, errno));
  length_ = 0;
  return Ok();
}

}  // namespace hostwall::store
