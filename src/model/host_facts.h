// HostFacts: what the daemon knows about the machine that the policy depends on.
// Gathered by the daemon from the kernel; pure code only reads it.
#pragma once

#include <compare>
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "core/ip_network.h"
#include "model/types.h"

namespace hostwall::model {

// The bits of a socket mark that hold an allowed program's stamp (src/bpf/program_stamp.h), and
// the stamp of program id N: kStampTag | N << 16.
inline constexpr uint32_t kStampMask = 0xffff0000;
inline constexpr uint32_t kStampTag = 0x40000000;
inline constexpr uint32_t StampOf(uint16_t program_id) {
  return kStampTag | static_cast<uint32_t>(program_id) << 16;
}

// An executable file, as the kernel names it: device (major << 20 | minor), inode, generation.
struct ExecutableId {
  uint64_t device = 0;
  uint64_t inode = 0;
  uint32_t generation = 0;
  auto operator<=>(const ExecutableId&) const = default;
};

struct HostFacts {
  Profile current_profile = Profile::kStandard;
  // Network connections, by kernel interface name, loopback excluded, sorted.
  std::vector<std::string> interfaces;
  // The networks the host reaches directly (on-link routes, spec §8.1): what "LocalSubnet"
  // admits. Sorted, without duplicates.
  std::vector<IpNetwork> local_subnets;
  // The host's own addresses (/32 and /128), loopback included, sorted.
  std::vector<IpNetwork> local_addresses;
  // Allowed programs whose executable exists, by their path as listed: the id their sockets are
  // stamped with (1..4095). Programs missing here (Windows paths, missing files) stay listed
  // and enforce nothing.
  std::map<std::string, uint16_t> program_ids;
  // TCP ports with a listener stamped as an allowed program: port → program ids. A SYN that
  // meets a TIME_WAIT socket there is admitted by the port (docs/program-exceptions.md).
  std::map<uint16_t, std::set<uint16_t>> program_listeners;

  bool operator==(const HostFacts&) const = default;
};

}  // namespace hostwall::model
