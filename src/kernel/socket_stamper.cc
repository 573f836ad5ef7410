#include "kernel/socket_stamper.h"

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
#include "kernel/process_sockets.h"

namespace hostwall::kernel {
namespace {

int IntOption(int fd, int option) {
  int value = -1;
  socklen_t length = sizeof(value);
  return ::getsockopt(fd, SOL_SOCKET, option, &value, &length) == 0 ? value : -1;
}

// Stamps the process's TCP and UDP sockets of our namespace; returns how many.
size_t StampProcess(int pid, int pidfd, uint32_t stamp, uint64_t netns_cookie) {
  size_t stamped = 0;
  ForEachSocketOf(pid, [&](int fd, uint64_t) {
    UniqueFd socket(static_cast<int>(::syscall(SYS_pidfd_getfd, pidfd, fd, 0)));
    if (!socket.valid()) return;
    const int domain = IntOption(socket.get(), SO_DOMAIN);
    const int protocol = IntOption(socket.get(), SO_PROTOCOL);
    if ((domain != AF_INET && domain != AF_INET6) ||
        (protocol != IPPROTO_TCP && protocol != IPPROTO_UDP)) {
      return;
    }
    if (NetnsCookieOf(socket.get()).value_or(0) != netns_cookie) return;
    uint32_t mark = static_cast<uint32_t>(IntOption(socket.get(), SO_MARK));
    mark = (mark & ~HW_STAMP_MASK) | stamp;
    if (::setsockopt(socket.get(), SOL_SOCKET, SO_MARK, &mark, sizeof(mark)) == 0) ++stamped;
  });
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
  ForEachProcess([&](int pid) {
    UniqueFd pidfd(static_cast<int>(::syscall(SYS_pidfd_open, pid, 0)));
    if (!pidfd.valid()) return;
    const std::optional<model::ExecutableId> executable = identify(pidfd.get(), pid);
    if (!executable) return;
    for (const auto& [listed, stamp] : stamps) {
      if (!SameExecutable(*executable, listed)) continue;
      ++count.processes;
      count.sockets += StampProcess(pid, pidfd.get(), stamp, netns_cookie);
      return;
    }
  });
  return count;
}

}  // namespace hostwall::kernel
