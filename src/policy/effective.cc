#include "policy/effective.h"

namespace hostwall::policy {
namespace {

void Overlay(bool& local, const std::optional<bool>& policy) {
  if (policy) local = *policy;
}

}  // namespace

bool OpensTcp445(const model::ProfileSettings& settings) {
  for (const model::ServiceInfo& info : model::ServiceTable()) {
    if (!settings.service(info.type).enabled) continue;
    for (const model::ServicePort& port : info.ports) {
      if (port.protocol == model::Protocol::kTcp && port.port == 445) return true;
    }
  }
  const model::PortOpening* port = model::FindPort(settings.ports, model::Protocol::kTcp, 445);
  return port != nullptr && port->enabled;
}

bool ConnectionProtected(const model::ProfileSettings& settings,
                         const model::InterfaceSettings* connection) {
  if (!settings.firewall_enabled) return false;
  if (!settings.exceptions_allowed) return true;
  return connection == nullptr || connection->firewall_enabled;
}

EffectiveProfile ComputeEffectiveProfile(const model::LocalPolicy& local,
                                         const GroupPolicyOverlay& overlay,
                                         model::Profile profile) {
  EffectiveProfile effective{.profile = profile,
                             .settings = local.profile(profile),
                             .logging = local.logging,
                             .interfaces = local.interfaces};
  const ProfilePolicy& policy = overlay.profile(profile);
  model::ProfileSettings& settings = effective.settings;
  Overlay(settings.firewall_enabled, policy.firewall_enabled);
  Overlay(settings.exceptions_allowed, policy.exceptions_allowed);
  Overlay(settings.notifications_enabled, policy.notifications_enabled);
  Overlay(settings.unicast_responses_to_multicast, policy.unicast_responses_to_multicast);
  if (settings.exceptions_allowed && OpensTcp445(settings)) {
    settings.icmp.Set(model::IcmpSetting::kInboundEchoRequest, true);
  }
  return effective;
}

}  // namespace hostwall::policy
