#include "core/ip_network.h"

#include <arpa/inet.h>

#include <optional>

#include "core/text.h"

namespace hostwall {
namespace {

void ClearHostBits(IpNetwork& network) {
  for (size_t byte = 0; byte < network.AddressLength(); ++byte) {
    const int bits_kept = static_cast<int>(network.prefix_length) - static_cast<int>(byte * 8);
    if (bits_kept >= 8) continue;
    const uint8_t mask = bits_kept <= 0 ? 0 : static_cast<uint8_t>(0xff << (8 - bits_kept));
    network.address[byte] &= mask;
  }
}

// Prefix length of a dotted IPv4 mask, or nullopt when the mask has holes.
std::optional<uint8_t> MaskToPrefix(const in_addr& mask) {
  const uint32_t bits = ntohl(mask.s_addr);
  const uint32_t inverted = ~bits;
  if ((inverted & (inverted + 1)) != 0) return std::nullopt;
  return static_cast<uint8_t>(__builtin_popcount(bits));
}

Error Invalid(std::string_view text, std::string_view why) {
  return Error(ErrorCode::kInvalidArgument,
               "'" + std::string(text) + "' is not a valid address: " + std::string(why));
}

}  // namespace

bool IpNetwork::Contains(const IpNetwork& other) const {
  if (family != other.family || other.prefix_length < prefix_length) return false;
  IpNetwork narrowed = other;
  narrowed.prefix_length = prefix_length;
  ClearHostBits(narrowed);
  return narrowed.address == address;
}

Result<IpNetwork> ParseIpNetwork(std::string_view text) {
  const size_t slash = text.find('/');
  const std::string address_text(text.substr(0, slash));
  IpNetwork network;
  if (inet_pton(AF_INET, address_text.c_str(), network.address.data()) == 1) {
    network.family = IpFamily::kV4;
  } else if (inet_pton(AF_INET6, address_text.c_str(), network.address.data()) == 1) {
    network.family = IpFamily::kV6;
  } else {
    return Fail(Invalid(text, "expected an IPv4 or IPv6 address"));
  }
  network.prefix_length = network.MaxPrefix();
  if (slash != std::string_view::npos) {
    const std::string_view suffix = text.substr(slash + 1);
    if (const auto prefix = ParseDecimal(suffix)) {
      if (*prefix > network.MaxPrefix()) return Fail(Invalid(text, "prefix length is too large"));
      network.prefix_length = static_cast<uint8_t>(*prefix);
    } else {
      in_addr mask{};
      const std::string mask_text(suffix);
      if (network.family != IpFamily::kV4 || inet_pton(AF_INET, mask_text.c_str(), &mask) != 1) {
        return Fail(Invalid(text, "expected a prefix length or a dotted mask after '/'"));
      }
      const auto mask_prefix = MaskToPrefix(mask);
      if (!mask_prefix) return Fail(Invalid(text, "the mask is not contiguous"));
      network.prefix_length = *mask_prefix;
    }
  }
  ClearHostBits(network);
  return network;
}

std::string FormatIpAddress(const IpNetwork& network) {
  char buffer[INET6_ADDRSTRLEN] = {};
  inet_ntop(network.family == IpFamily::kV4 ? AF_INET : AF_INET6, network.address.data(), buffer,
            sizeof(buffer));
  return buffer;
}

std::string FormatIpNetwork(const IpNetwork& network) {
  std::string out = FormatIpAddress(network);
  if (!network.IsHost()) out += "/" + std::to_string(network.prefix_length);
  return out;
}

}  // namespace hostwall
