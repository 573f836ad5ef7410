// Reads the HostFacts of the network namespace hostwalld runs in.
#pragma once

#include "model/host_facts.h"

namespace hostwall::daemon {

// The connections are the namespace's interfaces except loopback; the local subnets come from
// its routing tables (host/route_table.h). Until profile detection
// exists (Group Policy work), the current profile is Standard, as on a computer that is not
// joined to a domain.
model::HostFacts ReadHostFacts();

}  // namespace hostwall::daemon
