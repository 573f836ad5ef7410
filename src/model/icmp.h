// The ten ICMP settings of XP SP2 (spec §2): netsh type number, policy value name, netsh
// description, direction and the wire types each one admits for IPv4 and ICMPv6.
// Pure: no I/O, no globals beyond the constant table, deterministic.
#pragma once

#include <array>
#include <bitset>
#include <cstdint>
#include <optional>
#include <string_view>

namespace hostwall::model {

enum class IcmpSetting : uint8_t {
  kOutboundPacketTooBig,
  kOutboundDestinationUnreachable,
  kOutboundSourceQuench,
  kRedirect,
  kInboundEchoRequest,
  kInboundRouterRequest,
  kOutboundTimeExceeded,
  kOutboundParameterProblem,
  kInboundTimestampRequest,
  kInboundMaskRequest,
};
inline constexpr size_t kIcmpSettingCount = 10;

enum class IcmpDirection : uint8_t { kInbound, kOutbound };

struct IcmpSettingInfo {
  IcmpSetting setting;
  uint8_t netsh_type;            // the number `set icmpsetting type=` takes and `show` prints
  std::string_view policy_name;  // the IcmpSettings value name (AllowInboundEchoRequest, ...)
  std::string_view description;  // netsh `show icmpsetting` wording
  IcmpDirection direction;
  std::optional<uint8_t> v4_type;  // ICMPv4 wire type admitted, if any
  std::optional<uint8_t> v6_type;  // ICMPv6 wire type admitted, if any
};

// All ten settings, ordered by netsh type number.
const std::array<IcmpSettingInfo, kIcmpSettingCount>& IcmpSettingTable();
const IcmpSettingInfo& InfoOf(IcmpSetting setting);

// The setting that netsh type `type` names, or nullopt. XP's help lists type 10 without a
// setting of its own; RFC 1256 gives 10 to router solicitation, which is what "router request"
// is, so 10 names kInboundRouterRequest.
std::optional<IcmpSetting> IcmpSettingFromNetshType(uint32_t type);

// One profile's ICMP settings: bit i is setting i of IcmpSetting. XP default: all off.
struct IcmpSettings {
  std::bitset<kIcmpSettingCount> allowed;

  bool Allows(IcmpSetting s) const { return allowed.test(static_cast<size_t>(s)); }
  void Set(IcmpSetting s, bool on) { allowed.set(static_cast<size_t>(s), on); }
  bool operator==(const IcmpSettings&) const = default;
};

// Per-connection ICMP settings: an unset entry follows the profile.
struct IcmpOverrides {
  std::array<std::optional<bool>, kIcmpSettingCount> values;

  bool Empty() const;
  bool operator==(const IcmpOverrides&) const = default;
};

// The settings that apply on a connection: the profile's, with the overrides laid on top.
IcmpSettings ApplyOverrides(IcmpSettings base, const IcmpOverrides& overrides);

}  // namespace hostwall::model
