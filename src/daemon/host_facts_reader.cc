#include "daemon/host_facts_reader.h"

#include <net/if.h>

#include <algorithm>
#include <string_view>

namespace hostwall::daemon {

model::HostFacts ReadHostFacts() {
  model::HostFacts facts;
  if (struct if_nameindex* list = ::if_nameindex()) {
    for (struct if_nameindex* entry = list; entry->if_index != 0; ++entry) {
      if (std::string_view(entry->if_name) != "lo") facts.interfaces.emplace_back(entry->if_name);
    }
    ::if_freenameindex(list);
  }
  std::sort(facts.interfaces.begin(), facts.interfaces.end());
  return facts;
}

}  // namespace hostwall::daemon
