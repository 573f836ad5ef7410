#include "daemon/host_facts_reader.h"

#include <net/if.h>

#include <algorithm>
#include <string_view>

#include "host/profile_selection.h"
#include "host/route_table.h"
#include "store/atomic_file.h"

namespace hostwall::daemon {

model::HostFacts ReadHostFacts(const std::string& domain, const std::string& resolv_conf) {
  model::HostFacts facts;
  if (struct if_nameindex* list = ::if_nameindex()) {
    for (struct if_nameindex* entry = list; entry->if_index != 0; ++entry) {
      if (std::string_view(entry->if_name) != "lo") facts.interfaces.emplace_back(entry->if_name);
    }
    ::if_freenameindex(list);
  }
  std::sort(facts.interfaces.begin(), facts.interfaces.end());
  const std::string joined =
      domain.empty() ? host::JoinedDomain(store::ReadWholeFile("/etc/sssd/sssd.conf").value_or(""),
                                          store::ReadWholeFile("/etc/krb5.conf").value_or(""))
                     : domain;
  facts.current_profile = host::SelectProfile(
      joined, host::SearchDomains(store::ReadWholeFile(resolv_conf).value_or("")),
      facts.interfaces);
  // /proc/net is the calling process's network namespace.
  const std::string v4 = store::ReadWholeFile("/proc/net/route").value_or("");
  const std::string v6 = store::ReadWholeFile("/proc/net/ipv6_route").value_or("");
  facts.local_subnets = host::OnLinkNetworksV4(v4);
  for (const IpNetwork& n : host::OnLinkNetworksV6(v6)) facts.local_subnets.push_back(n);
  return facts;
}

}  // namespace hostwall::daemon
