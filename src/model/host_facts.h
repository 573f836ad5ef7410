// HostFacts: what the daemon knows about the machine that the policy depends on.
// Gathered by the daemon from the kernel; pure code only reads it.
#pragma once

#include <string>
#include <vector>

#include "model/types.h"

namespace hostwall::model {

struct HostFacts {
  Profile current_profile = Profile::kStandard;
  // Network connections, by kernel interface name, loopback excluded, sorted.
  std::vector<std::string> interfaces;
};

}  // namespace hostwall::model
