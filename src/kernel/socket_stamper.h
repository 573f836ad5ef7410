// Stamps the sockets that running processes already hold: a program allowed while it runs is
// covered at once, over TCP and UDP. For each process whose executable is one of `stamps`, each
// TCP or UDP socket in the caller's network namespace gets the stamp in its mark (the low 16
// bits stay), through a duplicate of its descriptor (pidfd_getfd). Needs CAP_SYS_PTRACE and
// CAP_NET_ADMIN.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>

#include "model/host_facts.h"

namespace hostwall::kernel {

struct StampCount {
  size_t processes = 0;
  size_t sockets = 0;
};

// `identify(pidfd, pid)` says what a process executed (nullopt: unknown).
using IdentifyProcess = std::function<std::optional<model::ExecutableId>(int pidfd, int pid)>;

StampCount StampRunningSockets(const std::map<model::ExecutableId, uint32_t>& stamps,
                               uint64_t netns_cookie, const IdentifyProcess& identify);

// The identity of the executable at `path` (symbolic links followed); generation
// HW_ANY_GENERATION where the file system does not tell it. nullopt when it cannot be opened.
std::optional<model::ExecutableId> IdentifyExecutable(const std::string& path);

// True when `a` (as read from a task) is the executable `b` (as listed): the same device and
// inode, and the same generation unless `b` has none.
bool SameExecutable(const model::ExecutableId& a, const model::ExecutableId& b);

}  // namespace hostwall::kernel
