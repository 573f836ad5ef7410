#include "store/atomic_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

#include "core/unique_fd.h"

namespace hostwall::store {
namespace {

std::string DirectoryOf(const std::string& path) {
  const size_t slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : path.substr(0, slash);
}

}  // namespace

Result<void> WriteAll(int fd, std::string_view data, const std::string& path) {
  while (!data.empty()) {
    const ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return Fail(SystemError("write " + path, errno));
    }
    data.remove_prefix(static_cast<size_t>(n));
  }
  return Ok();
}

Result<void> WriteFileAtomically(const std::string& path, std::string_view contents) {
  const std::string temporary = path + ".tmp";
  {
    UniqueFd fd(
        ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600));
    if (!fd.valid()) return Fail(SystemError("open " + temporary, errno));
    HW_TRY(WriteAll(fd.get(), contents, temporary));
    if (::fsync(fd.get()) != 0) return Fail(SystemError("fsync " + temporary, errno));
  }
  if (::rename(temporary.c_str(), path.c_str()) != 0) {
    const int err = errno;
    ::unlink(temporary.c_str());
    return Fail(SystemError("rename " + temporary + " to " + path, err));
  }
  const std::string directory = DirectoryOf(path);
  UniqueFd dir(::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!dir.valid()) return Fail(SystemError("open " + directory, errno));
  if (::fsync(dir.get()) != 0) return Fail(SystemError("fsync " + directory, errno));
  return Ok();
}

Result<std::string> ReadWholeFile(const std::string& path) {
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd.valid()) {
    if (errno == ENOENT) return Fail(ErrorCode::kNotFound, path + " does not exist");
    return Fail(SystemError("open " + path, errno));
  }
  std::string contents;
  char buffer[65536];
  while (true) {
    const ssize_t n = ::read(fd.get(), buffer, sizeof(buffer));
    if (n < 0) {
      if (errno == EINTR) continue;
      return Fail(SystemError("read " + path, errno));
    }
    if (n == 0) return contents;
    contents.append(buffer, static_cast<size_t>(n));
  }
}

Result<void> MakeDirectories(const std::string& path, unsigned mode) {
  if (path.empty()) return Ok();
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0) {
    if (S_ISDIR(st.st_mode)) return Ok();
    return Fail(ErrorCode::kIo, path + " exists and is not a directory");
  }
  const std::string parent = DirectoryOf(path);
  if (parent != path) HW_TRY(MakeDirectories(parent, mode));
  if (::mkdir(path.c_str(), mode) != 0 && errno != EEXIST) {
    return Fail(SystemError("mkdir " + path, errno));
  }
  return Ok();
}

}  // namespace hostwall::store
