// The LocalSubnet rule of spec §8.1 over Linux routing tables: a source is local subnet when a
// route without a gateway reaches it. Reads the kernel's text tables, /proc/net/route and
// /proc/net/ipv6_route, given as strings.
// Excluded, as after XP's KB886185: on-link default routes (0.0.0.0/0, ::/0), which would make
// the whole Internet local; and routes through loopback and to multicast.
// Pure: no I/O, no globals, deterministic.
#pragma once

#include <string_view>
#include <vector>

#include "core/ip_network.h"

namespace hostwall::host {

std::vector<IpNetwork> OnLinkNetworksV4(std::string_view proc_net_route);
std::vector<IpNetwork> OnLinkNetworksV6(std::string_view proc_net_ipv6_route);

}  // namespace hostwall::host
