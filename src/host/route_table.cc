#include "host/route_table.h"

#include <algorithm>
#include <charconv>
#include <optional>
#include <sstream>
#include <string>

#include "core/text.h"

namespace hostwall::host {
namespace {

constexpr unsigned kRouteUp = 0x1;       // RTF_UP
constexpr unsigned kRouteGateway = 0x2;  // RTF_GATEWAY

// `hex` as exactly `size` bytes, in the order written. False when it is not that.
bool ParseHexBytes(const std::string& hex, uint8_t* out, size_t size) {
  const auto bytes = DecodeHex(hex);
  if (!bytes || bytes->size() != size) return false;
  std::copy(bytes->begin(), bytes->end(), out);
  return true;
}

// A hex number, or nullopt.
std::optional<unsigned> ParseHex(const std::string& text) {
  unsigned value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value, 16);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

void SortUnique(std::vector<IpNetwork>& networks) {
  std::sort(networks.begin(), networks.end());
  networks.erase(std::unique(networks.begin(), networks.end()), networks.end());
}

}  // namespace

std::vector<IpNetwork> OnLinkNetworksV4(std::string_view proc_net_route) {
  std::vector<IpNetwork> networks;
  std::istringstream lines{std::string(proc_net_route)};
  std::string line;
  std::getline(lines, line);  // header
  while (std::getline(lines, line)) {
    std::istringstream fields(line);
    std::string iface, destination, gateway, flags_hex, refcnt, use, metric, mask;
    if (!(fields >> iface >> destination >> gateway >> flags_hex >> refcnt >> use >> metric >>
          mask)) {
      continue;
    }
    const auto flags = ParseHex(flags_hex);
    if (iface == "lo" || !flags || !(*flags & kRouteUp) || (*flags & kRouteGateway)) continue;
    uint8_t dest[4], gw[4], netmask[4];
    // The kernel prints these as host-order (little-endian) words: bytes reversed.
    if (!ParseHexBytes(destination, dest, 4) || !ParseHexBytes(gateway, gw, 4) ||
        !ParseHexBytes(mask, netmask, 4)) {
      continue;
    }
    if (gw[0] | gw[1] | gw[2] | gw[3]) continue;
    IpNetwork network{.family = IpFamily::kV4};
    uint8_t prefix = 0;
    for (int i = 0; i < 4; ++i) {
      network.address[static_cast<size_t>(i)] = dest[3 - i];
      prefix += static_cast<uint8_t>(__builtin_popcount(netmask[i]));
    }
    network.prefix_length = prefix;
    if (prefix == 0 || network.address[0] >= 224) continue;
    networks.push_back(network);
  }
  SortUnique(networks);
  return networks;
}

std::vector<IpNetwork> OnLinkNetworksV6(std::string_view proc_net_ipv6_route) {
  std::vector<IpNetwork> networks;
  std::istringstream lines{std::string(proc_net_ipv6_route)};
  std::string line;
  while (std::getline(lines, line)) {
    std::istringstream fields(line);
    std::string destination, prefix_hex, source, source_prefix, next_hop, metric, refcnt, use,
        flags_hex, iface;
    if (!(fields >> destination >> prefix_hex >> source >> source_prefix >> next_hop >> metric >>
          refcnt >> use >> flags_hex >> iface)) {
      continue;
    }
    const auto flags = ParseHex(flags_hex);
    const auto prefix = ParseHex(prefix_hex);
    if (iface == "lo" || !flags || !prefix || !(*flags & kRouteUp) || (*flags & kRouteGateway) ||
        *prefix == 0 || *prefix >= 128) {
      continue;  // host routes (/128) are the kernel's own addresses, not a subnet
    }
    IpNetwork network{.family = IpFamily::kV6, .prefix_length = static_cast<uint8_t>(*prefix)};
    uint8_t hop[16];
    if (!ParseHexBytes(destination, network.address.data(), 16) ||
        !ParseHexBytes(next_hop, hop, 16)) {
      continue;
    }
    bool has_next_hop = false;
    for (uint8_t b : hop) has_next_hop |= b != 0;
    if (has_next_hop || network.address[0] == 0xff) continue;
    networks.push_back(network);
  }
  SortUnique(networks);
  return networks;
}

}  // namespace hostwall::host
