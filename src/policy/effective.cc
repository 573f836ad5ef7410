#include "policy/effective.h"

#include <algorithm>

namespace hostwall::policy {
namespace {

template <typename T>
void Overlay(T& local, const std::optional<T>& policy) {
  if (policy) local = *policy;
}

// United scope of two entries for the same program or port.
model::Scope Unite(const model::Scope& a, const model::Scope& b) {
  if (a.kind == model::ScopeKind::kAll || b.kind == model::ScopeKind::kAll)
    return model::Scope::All();
  model::Scope united{.kind = model::ScopeKind::kCustom};
  for (const model::Scope* s : {&a, &b}) {
    united.local_subnet =
        united.local_subnet || s->kind == model::ScopeKind::kSubnet || s->local_subnet;
    united.networks.insert(united.networks.end(), s->networks.begin(), s->networks.end());
  }
  std::sort(united.networks.begin(), united.networks.end());
  united.networks.erase(std::unique(united.networks.begin(), united.networks.end()),
                        united.networks.end());
  return united.networks.empty() ? model::Scope::Subnet() : united;
}

// The list a profile ends up with: the policy's entries and, when allowed, the local ones;
// several entries for one identity collapse into one (a disabled one wins; scopes unite).
template <typename Entry, typename SameIdentity>
std::vector<Entry> MergeList(const std::vector<Entry>& local, const ListPolicy<Entry>& policy,
                             SameIdentity same) {
  if (!policy.defined) return local;
  std::vector<Entry> candidates;
  if (*policy.defined) candidates = policy.entries;
  if (policy.allow_local.value_or(false)) {
    candidates.insert(candidates.end(), local.begin(), local.end());
  }
  std::vector<Entry> merged;
  for (const Entry& entry : candidates) {
    auto it =
        std::find_if(merged.begin(), merged.end(), [&](const Entry& m) { return same(m, entry); });
    if (it == merged.end()) {
      merged.push_back(entry);
      continue;
    }
    it->enabled = it->enabled && entry.enabled;
    it->scope = Unite(it->scope, entry.scope);
  }
  return merged;
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
  settings.programs =
      MergeList(settings.programs, policy.programs, [](const auto& a, const auto& b) {
        return model::ProgramKey(a.path) == model::ProgramKey(b.path);
      });
  const std::vector<model::PortOpening>& local_ports = local.profile(profile).ports;
  settings.ports = MergeList(settings.ports, policy.ports, [](const auto& a, const auto& b) {
    return a.protocol == b.protocol && a.port == b.port;
  });
  for (const model::ServiceInfo& info : model::ServiceTable()) {
    const auto& service = policy.services[static_cast<size_t>(info.type)];
    if (!service) continue;
    settings.service(info.type) = *service;
    if (service->enabled) continue;
    // A service that policy disables also keeps its ports closed to local exceptions.
    std::erase_if(settings.ports, [&](const model::PortOpening& port) {
      const bool is_local = model::FindPort(local_ports, port.protocol, port.port) != nullptr;
      return is_local && std::any_of(info.ports.begin(), info.ports.end(), [&](const auto& sp) {
               return sp.protocol == port.protocol && sp.port == port.port;
             });
    });
  }
  Overlay(settings.icmp, policy.icmp);
  Overlay(effective.logging.log_dropped_packets, policy.log_dropped_packets);
  Overlay(effective.logging.log_successful_connections, policy.log_successful_connections);
  Overlay(effective.logging.file_path, policy.log_file_path);
  Overlay(effective.logging.max_file_size_kb, policy.log_file_size_kb);
  if (settings.exceptions_allowed && OpensTcp445(settings)) {
    settings.icmp.Set(model::IcmpSetting::kInboundEchoRequest, true);
  }
  return effective;
}

const model::AllowedProgram* ProgramOfMark(const EffectiveProfile& effective,
                                           const model::HostFacts& facts, uint32_t mark) {
  for (const model::AllowedProgram& program : effective.settings.programs) {
    auto id = facts.program_ids.find(program.path);
    if (program.enabled && id != facts.program_ids.end() &&
        (mark & model::kStampMask) == model::StampOf(id->second)) {
      return &program;
    }
  }
  return nullptr;
}

}  // namespace hostwall::policy
