#include "model/icmp.h"

#include "core/enum_table.h"

namespace hostwall::model {
namespace {

using enum IcmpSetting;
using enum IcmpDirection;

constexpr std::array<IcmpSettingInfo, kIcmpSettingCount> kTable{{
    {kOutboundPacketTooBig, 2, "AllowOutboundPacketTooBig", "Allow outbound packet too big",
     kOutbound, std::nullopt, 2},
    {kOutboundDestinationUnreachable, 3, "AllowOutboundDestinationUnreachable",
     "Allow outbound destination unreachable", kOutbound, 3, 1},
    {kOutboundSourceQuench, 4, "AllowOutboundSourceQuench", "Allow outbound source quench",
     kOutbound, 4, std::nullopt},
    {kRedirect, 5, "AllowRedirect", "Allow redirect", kInbound, 5, 137},
    {kInboundEchoRequest, 8, "AllowInboundEchoRequest", "Allow inbound echo request", kInbound, 8,
     128},
    {kInboundRouterRequest, 9, "AllowInboundRouterRequest", "Allow inbound router request",
     kInbound, 10, std::nullopt},
    {kOutboundTimeExceeded, 11, "AllowOutboundTimeExceeded", "Allow outbound time exceeded",
     kOutbound, 11, 3},
    {kOutboundParameterProblem, 12, "AllowOutboundParameterProblem",
     "Allow outbound parameter problem", kOutbound, 12, 4},
    {kInboundTimestampRequest, 13, "AllowInboundTimestampRequest",
     "Allow inbound timestamp request", kInbound, 13, std::nullopt},
    {kInboundMaskRequest, 17, "AllowInboundMaskRequest", "Allow inbound mask request", kInbound, 17,
     std::nullopt},
}};

static_assert(IsIndexedBy(kTable, &IcmpSettingInfo::setting),
              "kTable must list the settings in enum order");

}  // namespace

const std::array<IcmpSettingInfo, kIcmpSettingCount>& IcmpSettingTable() { return kTable; }

const IcmpSettingInfo& InfoOf(IcmpSetting setting) { return kTable[static_cast<size_t>(setting)]; }

std::optional<IcmpSetting> IcmpSettingFromNetshType(uint32_t type) {
  if (type == 10) return kInboundRouterRequest;
  for (const auto& info : kTable) {
    if (info.netsh_type == type) return info.setting;
  }
  return std::nullopt;
}

bool IcmpOverrides::Empty() const {
  for (const auto& value : values) {
    if (value) return false;
  }
  return true;
}

IcmpSettings ApplyOverrides(IcmpSettings base, const IcmpOverrides& overrides) {
  for (size_t i = 0; i < kIcmpSettingCount; ++i) {
    if (overrides.values[i]) base.allowed.set(i, *overrides.values[i]);
  }
  return base;
}

}  // namespace hostwall::model
