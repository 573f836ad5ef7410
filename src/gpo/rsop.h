// The resultant set of policy of one profile: each effective setting, where it comes from
// (local, or the policy file that set it) and the local value a policy overrode.
// Pure: no I/O, no globals, deterministic.
#pragma once

#include <string>
#include <vector>

#include "gpo/firewall_policy.h"
#include "model/policy.h"

namespace hostwall::gpo {

std::vector<std::string> ResultantSetOfPolicy(const model::LocalPolicy& local,
                                              const FirewallPolicy& policy, model::Profile profile);

}  // namespace hostwall::gpo
