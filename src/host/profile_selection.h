// Which profile is current (spec §8.3): Domain when the computer is joined to a domain and a
// connection's DNS search domain equals that domain's name; Standard otherwise.
//
// On Linux the search domains come from resolv.conf ("search" and "domain" lines), which
// NetworkManager and systemd-resolved keep in step with the connections' DHCP options. The
// domain name is hostwalld's --domain (the name stored at the last policy application).
// Pure: no I/O, no globals, deterministic.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "model/types.h"

namespace hostwall::host {

// The search domains a resolv.conf names, lowercased, without trailing dots.
std::vector<std::string> SearchDomains(std::string_view resolv_conf);

// The domain the host is joined to, as realmd/sssd or Kerberos record it: sssd.conf's first
// `ad_domain`, else the first of its `domains`, else krb5.conf's `default_realm`; lowercased.
// Empty when neither names one.
std::string JoinedDomain(std::string_view sssd_conf, std::string_view krb5_conf);

// `domain` empty means the computer is not joined to a domain. Dial-up and VPN links (ppp*)
// do not count as the domain network (spec §8.3), so one other connection must exist.
model::Profile SelectProfile(std::string_view domain, const std::vector<std::string>& search,
                             const std::vector<std::string>& connections);

}  // namespace hostwall::host
