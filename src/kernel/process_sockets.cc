#include "kernel/process_sockets.h"

#include <dirent.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <string>

namespace hostwall::kernel {
namespace {

#ifndef SO_NETNS_COOKIE
#define SO_NETNS_COOKIE 71
#endif

}  // namespace

void ForEachProcess(const std::function<void(int pid)>& each) {
  DIR* proc = ::opendir("/proc");
  if (proc == nullptr) return;
  while (dirent* entry = ::readdir(proc)) {
    if (const int pid = std::atoi(entry->d_name); pid > 0) each(pid);
  }
  ::closedir(proc);
}

void ForEachSocketOf(int pid, const std::function<void(int fd, uint64_t inode)>& each) {
  const std::string fd_dir = "/proc/" + std::to_string(pid) + "/fd";
  DIR* dir = ::opendir(fd_dir.c_str());
  if (dir == nullptr) return;
  while (dirent* entry = ::readdir(dir)) {
    char target[64] = {};
    if (::readlink((fd_dir + "/" + entry->d_name).c_str(), target, sizeof(target) - 1) <= 0 ||
        std::strncmp(target, "socket:[", 8) != 0) {
      continue;
    }
    each(std::atoi(entry->d_name), std::strtoull(target + 8, nullptr, 10));
  }
  ::closedir(dir);
}

Result<uint64_t> NetnsCookieOf(int fd) {
  uint64_t cookie = 0;
  socklen_t length = sizeof(cookie);
  if (::getsockopt(fd, SOL_SOCKET, SO_NETNS_COOKIE, &cookie, &length) != 0) {
    return Fail(SystemError("reading the network namespace cookie", errno));
  }
  return cookie;
}

}  // namespace hostwall::kernel
