// IpNetwork: an IPv4 or IPv6 address block (address + prefix length), as used by custom scopes.
// Pure: no I/O, no globals, deterministic.
#pragma once

#include <array>
#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/error.h"

namespace hostwall {

enum class IpFamily : uint8_t { kV4 = 4, kV6 = 6 };

struct IpNetwork {
  IpFamily family = IpFamily::kV4;
  // Network byte order; IPv4 uses the first 4 bytes. Bits past prefix_length are always zero.
  std::array<uint8_t, 16> address{};
  uint8_t prefix_length = 32;

  size_t AddressLength() const { return family == IpFamily::kV4 ? 4 : 16; }
  uint8_t MaxPrefix() const { return family == IpFamily::kV4 ? 32 : 128; }
  bool IsHost() const { return prefix_length == MaxPrefix(); }
  // True when `other` (same family) lies inside this block.
  bool Contains(const IpNetwork& other) const;

  auto operator<=>(const IpNetwork&) const = default;
};

// Parses "a.b.c.d", "a.b.c.d/nn", "a.b.c.d/m.m.m.m", "x::y" and "x::y/nn".
// Host bits are cleared ("10.1.2.3/8" is 10.0.0.0/8). A mask must be contiguous.
// Returns kInvalidArgument naming the text and the reason.
Result<IpNetwork> ParseIpNetwork(std::string_view text);

// "10.0.0.1" for a host, "10.0.0.0/8" for a block; IPv6 in RFC 5952 form.
std::string FormatIpNetwork(const IpNetwork& network);
// The address alone, without a prefix.
std::string FormatIpAddress(const IpNetwork& network);

}  // namespace hostwall
