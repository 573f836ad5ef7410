// HostFacts: what the daemon knows about the machine that the policy depends on.
// Gathered by the daemon from the kernel; pure code only reads it.
#pragma once

#include <string>
#include <vector>

#include "core/ip_network.h"
#include "model/types.h"

namespace hostwall::model {

struct HostFacts {
  Profile current_profile = Profile::kStandard;
  // Network connections, by kernel interface name, loopback excluded, sorted.
  std::vector<std::string> interfaces;
  // The networks the host reaches directly (on-link routes, spec §8.1): what "LocalSubnet"
  // admits. Sorted, without duplicates.
  std::vector<IpNetwork> local_subnets;
  // The host's own addresses (/32 and /128), loopback included, sorted.
  std::vector<IpNetwork> local_addresses;

  bool operator==(const HostFacts&) const = default;
};

}  // namespace hostwall::model
