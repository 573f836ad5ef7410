#include "explain/evaluator.h"

#include <algorithm>
#include <vector>

namespace hostwall::explain {
namespace {

using model::Protocol;

// One thing that opens a port: a port opening of the profile or of a connection, or a service.
struct Opener {
  std::string description;  // "port opening 445/TCP 'x'" or "File and Printer Sharing (...)"
  model::Scope scope;
};

bool ScopeAdmits(const model::Scope& scope, const model::HostFacts& facts,
                 const IpNetwork& source) {
  switch (scope.kind) {
    case model::ScopeKind::kAll:
      return true;
    case model::ScopeKind::kSubnet:
      return IsLocalSubnet(facts, source);
    case model::ScopeKind::kCustom:
      break;
  }
  if (scope.local_subnet && IsLocalSubnet(facts, source)) return true;
  return std::any_of(scope.networks.begin(), scope.networks.end(),
                     [&](const IpNetwork& n) { return n.Contains(source); });
}

std::string PortText(uint16_t port, Protocol protocol) {
  return std::to_string(port) + "/" + std::string(model::ProtocolName(protocol));
}

std::vector<Opener> Openers(const model::ProfileSettings& s, Protocol protocol, uint16_t port) {
  std::vector<Opener> openers;
  if (const model::PortOpening* p = model::FindPort(s.ports, protocol, port); p && p->enabled) {
    openers.push_back(
        {"port opening " + PortText(port, protocol) + " '" + p->name + "'", p->scope});
  }
  for (const model::ServiceInfo& info : model::ServiceTable()) {
    const model::ServiceSetting& service = s.service(info.type);
    if (!service.enabled) continue;
    for (const model::ServicePort& sp : info.ports) {
      if (sp.protocol == protocol && sp.port == port) {
        openers.push_back({std::string(info.display_name) + " (" + PortText(port, protocol) + " '" +
                               std::string(sp.name) + "')",
                           service.scope});
      }
    }
  }
  return openers;
}

std::string In(const policy::EffectiveProfile& effective) {
  return std::string(model::ProfileName(effective.profile)) + " profile";
}

Verdict PortVerdict(const policy::EffectiveProfile& effective, const model::HostFacts& facts,
                    const model::InterfaceSettings* connection, const Flow& flow) {
  const model::ProfileSettings& s = effective.settings;
  const Protocol protocol = flow.kind == Flow::Kind::kTcp ? Protocol::kTcp : Protocol::kUdp;
  const std::vector<Opener> openers = Openers(s, protocol, flow.port);
  const std::string what = PortText(flow.port, protocol);
  if (!s.exceptions_allowed) {
    return {false, "dropped: 'Don't allow exceptions' is on in the " + In(effective) +
                       (openers.empty() ? "" : "; it overrides " + openers.front().description)};
  }
  for (const Opener& opener : openers) {
    if (ScopeAdmits(opener.scope, facts, flow.source)) {
      return {true, "allowed by " + opener.description + ", scope " +
                        model::FormatScopeText(opener.scope) + ", " + In(effective)};
    }
  }
  if (connection != nullptr) {
    if (const model::PortOpening* p = model::FindPort(connection->ports, protocol, flow.port);
        p && p->enabled) {
      return {true, "allowed by port opening " + what + " '" + p->name + "' of connection '" +
                        connection->name + "'"};
    }
  }
  if (!openers.empty()) {
    return {false, "dropped: " + openers.front().description + " admits only " +
                       model::FormatScopeText(openers.front().scope) + ", and " +
                       FormatIpAddress(flow.source) + " is not in it (" + In(effective) + ")"};
  }
  return {false, "dropped: no exception opens " + what + " in the " + In(effective) +
                     "; unsolicited inbound traffic is dropped silently"};
}

Verdict IcmpVerdict(const policy::EffectiveProfile& effective,
                    const model::InterfaceSettings* connection, const Flow& flow) {
  const bool v4 = flow.source.family == IpFamily::kV4;
  if (!v4 && flow.icmp_type >= 130 && flow.icmp_type <= 136) {
    return {true, "allowed: IPv6 neighbour discovery and MLD are always allowed"};
  }
  const model::IcmpSettingInfo* setting = nullptr;
  for (const model::IcmpSettingInfo& info : model::IcmpSettingTable()) {
    const auto& type = v4 ? info.v4_type : info.v6_type;
    if (info.direction == model::IcmpDirection::kInbound && type == flow.icmp_type) {
      setting = &info;
    }
  }
  const std::string family = v4 ? "ICMP" : "ICMPv6";
  if (setting == nullptr) {
    return {false, "dropped: no ICMP setting admits inbound " + family + " type " +
                       std::to_string(flow.icmp_type)};
  }
  const std::string name = "ICMP setting " + std::to_string(setting->netsh_type) + " '" +
                           std::string(setting->description) + "'";
  if (connection != nullptr) {
    if (const auto& value = connection->icmp.values[static_cast<size_t>(setting->setting)]) {
      return {*value, std::string(*value ? "allowed" : "dropped") + " by " + name +
                          " of connection '" + connection->name + "'"};
    }
  }
  const bool allowed = effective.settings.icmp.Allows(setting->setting);
  std::string reason =
      std::string(allowed ? "allowed" : "dropped") + " by " + name + ", " + In(effective);
  if (allowed && setting->setting == model::IcmpSetting::kInboundEchoRequest &&
      policy::OpensTcp445(effective.settings)) {
    reason += " (forced on because TCP 445 is open)";
  }
  return {allowed, reason};
}

}  // namespace

bool IsLocalSubnet(const model::HostFacts& facts, const IpNetwork& source) {
  return std::any_of(facts.local_subnets.begin(), facts.local_subnets.end(),
                     [&](const IpNetwork& n) { return n.Contains(source); });
}

Verdict Explain(const policy::EffectiveProfile& effective, const model::HostFacts& facts,
                const Flow& flow) {
  const model::ProfileSettings& s = effective.settings;
  if (!s.firewall_enabled) {
    return {true, "allowed: Windows Firewall is off in the " + In(effective)};
  }
  const model::InterfaceSettings* connection =
      model::FindInterface(effective.interfaces, flow.interface);
  if (!policy::ConnectionProtected(s, connection)) {
    return {true, "allowed: the firewall is off for connection '" + flow.interface + "'"};
  }
  if (flow.kind == Flow::Kind::kIcmp) return IcmpVerdict(effective, connection, flow);
  return PortVerdict(effective, facts, connection, flow);
}

}  // namespace hostwall::explain
