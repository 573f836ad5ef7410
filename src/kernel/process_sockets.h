// The processes of the machine and the sockets they hold, read from /proc, for the passes that
// stamp running programs' sockets and that name the owners of listening sockets.
#pragma once

#include <cstdint>
#include <functional>

#include "core/error.h"

namespace hostwall::kernel {

// Calls `each(pid)` for every process.
void ForEachProcess(const std::function<void(int pid)>& each);

// Calls `each(fd, inode)` for every socket descriptor that process `pid` holds.
void ForEachSocketOf(int pid, const std::function<void(int fd, uint64_t inode)>& each);

// The cookie of the network namespace socket `fd` belongs to. Errors: kIo.
Result<uint64_t> NetnsCookieOf(int fd);

}  // namespace hostwall::kernel
