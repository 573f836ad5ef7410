// Figures that tests and benchmarks read from /proc: a process's CPU time and memory, and the
// IPv4 packets a lab namespace received.
#pragma once

#include <sys/types.h>

#include <cstdint>

#include "support/lab.h"

namespace hostwall::testing_support {

// utime + stime of `pid`, in seconds.
double CpuSeconds(pid_t pid);
// VmRSS of `pid`, in kB.
uint64_t ResidentKb(pid_t pid);
// The IPv4 packets that reached the IP layer of the lab's `role` (/proc/net/snmp InReceives).
uint64_t Ipv4Received(const Lab& lab, const std::string& role);

}  // namespace hostwall::testing_support
