// Scope: which remote computers an exception admits (XP's "Change Scope" dialog).
//
//   kAll     any computer ("*")
//   kSubnet  my network (subnet) only ("LocalSubnet"): decided per packet from the routing table
//   kCustom  a list of IPv4/IPv6 addresses and blocks, optionally plus LocalSubnet
//
// IPv6 entries in a custom list are a hostwall extension; XP accepted IPv4 only.
// Pure: no I/O, no globals, deterministic.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "core/ip_network.h"

namespace hostwall::model {

enum class ScopeKind : uint8_t { kAll, kSubnet, kCustom };

struct Scope {
  ScopeKind kind = ScopeKind::kAll;
  // kCustom only: whether the list names LocalSubnet, and the address blocks, sorted and unique.
  bool local_subnet = false;
  std::vector<IpNetwork> networks;

  static Scope All() { return {}; }
  static Scope Subnet() { return {.kind = ScopeKind::kSubnet}; }

  bool operator==(const Scope&) const = default;
};

// Parses the registry/Group Policy form: "*", "LocalSubnet" (any case) or a comma-separated
// list of addresses, blocks and LocalSubnet. A list naming only LocalSubnet is kSubnet.
// Errors (kInvalidArgument) name the offending entry.
Result<Scope> ParseScopeText(std::string_view text);

// Parses the netsh `addresses` list: like ParseScopeText, but "*" is refused because netsh
// expresses it as scope=ALL.
Result<Scope> ParseCustomAddresses(std::string_view text);

// The registry form: "*", "LocalSubNet", or "10.0.0.0/8,192.168.1.7,LocalSubNet".
std::string FormatScopeText(const Scope& scope);

}  // namespace hostwall::model
