#include "events/log_writer.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

#include "events/pfirewall_log.h"
#include "store/atomic_file.h"

namespace hostwall::events {

Result<LogWriter> LogWriter::Open(const std::string& path, uint32_t max_kb) {
  if (path.empty() || path.front() != '/') {
    return Fail(ErrorCode::kInvalidArgument,
                "the log file must be an absolute path, not '" + path + "'");
  }
  const size_t slash = path.rfind('/');
  HW_TRY(store::MakeDirectories(slash == 0 ? "/" : path.substr(0, slash), 0750));
  LogWriter writer(path, static_cast<uint64_t>(max_kb) * 1024);
  HW_TRY(writer.OpenFile());
  return writer;
}

Result<void> LogWriter::OpenFile() {
  UniqueFd fd(::open(path_.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | O_NOFOLLOW, 0640));
  if (!fd.valid()) return Fail(SystemError("open " + path_, errno));
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) return Fail(SystemError("fstat " + path_, errno));
  if (!S_ISREG(st.st_mode)) return Fail(ErrorCode::kIo, path_ + " is not a regular file");
  fd_ = std::move(fd);
  size_ = static_cast<uint64_t>(st.st_size);
  if (size_ == 0) {
    ::fchmod(fd_.get(), 0640);  // whatever the umask
    HW_TRY(store::WriteAll(fd_.get(), LogHeader(), path_));
    size_ = LogHeader().size();
  }
  return Ok();
}

Result<void> LogWriter::Rotate() {
  const std::string old = path_ + ".old";
  if (::rename(path_.c_str(), old.c_str()) != 0) {
    return Fail(SystemError("rename " + path_ + " to " + old, errno));
  }
  fd_.Reset();
  return OpenFile();
}

Result<void> LogWriter::Append(std::string_view line) {
  if (size_ + line.size() > max_bytes_ && size_ > LogHeader().size()) {
    HW_TRY(Flush());
    HW_TRY(Rotate());
  }
  buffer_ += line;
  size_ += line.size();
  return Ok();
}

Result<void> LogWriter::Flush() {
  if (buffer_.empty()) return Ok();
  auto written = store::WriteAll(fd_.get(), buffer_, path_);
  if (!written) size_ -= buffer_.size();  // a partial write is not counted; the file is checked
  buffer_.clear();
  return written;
}

}  // namespace hostwall::events
