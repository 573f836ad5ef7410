#include "kernel/socket_stamper.h"

#include <dirent.h>
#include <fcntl.h>
#include <linux/fs.h>
#include <netinet/in.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <cstring>
#include <string>

#include "bpf/program_stamp.h"
#include "core/unique_fd.h"

namespace hostwall::kernel {
namespace {

#ifndef SO_NETNS_COOKIE
#define SO_NETNS_COOKIE 71
#endif

int IntOption(int fd, int option) {
  int value = -1;
  socklen_t length = sizeof(value);
  return ::getsockopt(fd, SOL_SOCKET, option, &value, &length) == 0 ? value : -1;
}

// Stamps the process's TCP and UDP sockets of our namespace; returns how many.
size_t StampProcess(int pid, int pidfd, uint32_t stamp, uint64_t netns_cookie) {
  const std::string fd_dir = "/proc/" + std::to_string(pid) + "/fd";
  DIR* dir = ::opendir(fd_dir.c_str());
  if (dir == nullptr) return 0;
  size_t stamped = 0;
  while (dirent* entry = ::readdir(dir)) {
    char target[64] = {};
    const std::string link = fd_dir + "/" + entry->d_name;
    if (::readlink(link.c_str(), target, sizeof(target) - 1) <= 0 ||
        std::strncmp(target, "socket:", 7) != 0) {
      continue;
    }
    UniqueFd socket(
        static_cast<int>(::syscall(SYS_pidfd_getfd, pidfd, std::atoi(entry->d_name), 0)));
    if (!socket.valid()) continue;
    const int domain = IntOption(socket.get(), SO_DOMAIN);
    const int protocol = IntOption(socket.get(), SO_PROTOCOL);
    if ((domain != AF_INET && domain != AF_INET6) ||
        (protocol != IPPROTO_TCP && protocol != IPPROTO_UDP)) {
      continue;
    }
    uint64_t cookie = 0;
    socklen_t length = sizeof(cookie);
    if (::getsockopt(socket.get(), SOL_SOCKET, SO_NETNS_COOKIE, &cookie, &length) != 0 ||
        cookie != netns_cookie) {
      continue;
    }
    uint32_t mark = static_cast<uint32_t>(IntOption(socket.get(), SO_MARK));
    mark = (mark & ~HW_STAMP_MASK) | stamp;
    if (::setsockopt(socket.get(), SOL_SOCKET, SO_MARK, &mark, sizeof(mark)) == 0) ++stamped;
  }
  ::closedir(dir);
  return stamped;
}

}  // namespace

bool SameExecutable(const model::ExecutableId& a, const model::ExecutableId& b) {
  return a.device == b.device && a.inode == b.inode &&
         (b.generation == HW_ANY_GENERATION || a.generation == b.generation);
}

std::optional<model::ExecutableId> IdentifyExecutable(const std::string& path) {
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  struct stat st {};
  if (!fd.valid() || ::fstat(fd.get(), &st) != 0 || !S_ISREG(st.st_mode)) return std::nullopt;
  int generation = 0;
  const bool known = ::ioctl(fd.get(), FS_IOC_GETVERSION, &generation) == 0;
  // The kernel's own encoding of the device, which the BPF program reads (i_sb->s_dev).
  return model::ExecutableId{
      .device = static_cast<uint64_t>(major(st.st_dev)) << 20 | minor(st.st_dev),
      .inode = st.st_ino,
      .generation = known ? static_cast<uint32_t>(generation) : HW_ANY_GENERATION};
}

StampCount StampRunningSockets(const std::map<model::ExecutableId, uint32_t>& stamps,
                               uint64_t netns_cookie, const IdentifyProcess& identify) {
  StampCount count;
  if (stamps.empty()) return count;
  DIR* proc = ::opendir("/proc");
  if (proc == nullptr) return count;
  while (dirent* entry = ::readdir(proc)) {
    const int pid = std::atoi(entry->d_name);
    if (pid <= 0) continue;
    UniqueFd pidfd(static_cast<int>(::syscall(SYS_pidfd_open, pid, 0)));
    if (!pidfd.valid()) continue;
    const std::optional<model::ExecutableId> executable = identify(pidfd.get(), pid);
    if (!executable) continue;
    for (const auto& [listed, stamp] : stamps) {
      if (!SameExecutable(*executable, listed)) continue;
      ++count.processes;
      count.sockets += StampProcess(pid, pidfd.get(), stamp, netns_cookie);
      break;
    }
  }
  ::closedir(proc);
  return count;
}

}  // namespace hostwall::kernel
