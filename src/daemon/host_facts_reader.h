// Reads the HostFacts of the network namespace hostwalld runs in.
#pragma once

#include <string>

#include "model/host_facts.h"

namespace hostwall::daemon {

// The connections are the namespace's interfaces except loopback; the local subnets come from
// its routing tables (host/route_table.h); the current profile from the domain the computer is
// joined to (`domain`, or when empty the one /etc/sssd/sssd.conf or /etc/krb5.conf names) and
// the search domains of `resolv_conf` (host/profile_selection.h).
model::HostFacts ReadHostFacts(const std::string& domain, const std::string& resolv_conf);

}  // namespace hostwall::daemon
