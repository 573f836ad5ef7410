#include "daemon/host_facts_reader.h"

#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>

#include <algorithm>
#include <cstring>
#include <string_view>

#include "host/profile_selection.h"
#include "host/route_table.h"
#include "store/atomic_file.h"

namespace hostwall::daemon {
namespace {

std::vector<IpNetwork> LocalAddresses() {
  std::vector<IpNetwork> addresses;
  ifaddrs* list = nullptr;
  if (::getifaddrs(&list) != 0) return addresses;
  for (const ifaddrs* entry = list; entry != nullptr; entry = entry->ifa_next) {
    if (entry->ifa_addr == nullptr) continue;
    IpNetwork address;
    if (entry->ifa_addr->sa_family == AF_INET) {
      address = {.family = IpFamily::kV4, .prefix_length = 32};
      std::memcpy(address.address.data(),
                  &reinterpret_cast<const sockaddr_in*>(entry->ifa_addr)->sin_addr, 4);
    } else if (entry->ifa_addr->sa_family == AF_INET6) {
      address = {.family = IpFamily::kV6, .prefix_length = 128};
      std::memcpy(address.address.data(),
                  &reinterpret_cast<const sockaddr_in6*>(entry->ifa_addr)->sin6_addr, 16);
    } else {
      continue;
    }
    addresses.push_back(address);
  }
  ::freeifaddrs(list);
  std::sort(addresses.begin(), addresses.end());
  addresses.erase(std::unique(addresses.begin(), addresses.end()), addresses.end());
  return addresses;
}

}  // namespace

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
  facts.local_addresses = LocalAddresses();
  return facts;
}

}  // namespace hostwall::daemon
