// The four predefined services of XP SP2 (spec §3): their netsh names, display names, the ports
// they open and their default scopes.
// Pure: no I/O, no globals beyond the constant table, deterministic.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string_view>

#include "model/scope.h"
#include "model/types.h"

namespace hostwall::model {

enum class ServiceType : uint8_t { kFileAndPrint, kRemoteAdmin, kRemoteDesktop, kUpnp };
inline constexpr size_t kServiceCount = 4;

struct ServicePort {
  Protocol protocol;
  uint16_t port;
  std::string_view name;  // as `show portopening` prints the row
};

struct ServiceInfo {
  ServiceType type;
  std::string_view netsh_name;    // FILEANDPRINT, REMOTEADMIN, ...
  std::string_view display_name;  // File and Printer Sharing, ...
  std::span<const ServicePort> ports;
  ScopeKind default_scope;
  // Remote Administration is not in the Control Panel list, so netsh `show service` and the
  // port list leave it out; `show state` reports it as "Remote admin mode".
  bool listed;
};

// All four services, in ServiceType order.
const std::array<ServiceInfo, kServiceCount>& ServiceTable();
const ServiceInfo& InfoOf(ServiceType type);

}  // namespace hostwall::model
