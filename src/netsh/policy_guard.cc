#include "netsh/policy_guard.h"

#include <vector>

#include "netsh/apply.h"

namespace hostwall::netsh {
namespace {

// The setting of `command` that `policy` controls, or nullptr.
const char* Controlled(const NetshCommand& command, const policy::ProfilePolicy& policy) {
  const NetshArgs& args = command.args;
  auto list_closed = [](const auto& list) {
    return list.defined.has_value() && !list.allow_local.value_or(false);
  };
  switch (command.object) {
    case Object::kOpmode:
      return policy.firewall_enabled || policy.exceptions_allowed ? "operational mode" : nullptr;
    case Object::kNotifications:
      return policy.notifications_enabled ? "notification mode" : nullptr;
    case Object::kMulticastBroadcastResponse:
      return policy.unicast_responses_to_multicast ? "multicast/broadcast response mode" : nullptr;
    case Object::kIcmpSetting:
      return policy.icmp ? "ICMP configuration" : nullptr;
    case Object::kPortOpening:
      return list_closed(policy.ports) ? "port exception list" : nullptr;
    case Object::kAllowedProgram:
      return list_closed(policy.programs) ? "allowed program list" : nullptr;
    case Object::kService:
      for (const model::ServiceInfo& info : model::ServiceTable()) {
        const bool named = !*args.service_type || **args.service_type == info.type;
        if (named && policy.services[static_cast<size_t>(info.type)])
          return "service configuration";
      }
      return nullptr;
    case Object::kLogging:
      if ((args.dropped_packets && policy.log_dropped_packets) ||
          (args.connections && policy.log_successful_connections) ||
          (args.file_location && policy.log_file_path) ||
          (args.max_file_size_kb && policy.log_file_size_kb)) {
        return "log configuration";
      }
      return nullptr;
    default:
      return nullptr;
  }
}

}  // namespace

Result<void> CheckNotControlledByPolicy(const NetshCommand& command, const model::HostFacts& facts,
                                        const policy::GroupPolicyOverlay& overlay) {
  // Per-connection settings and `reset` (of the local settings) stay local.
  if (!command.ChangesSettings() || command.args.interface_name) return Ok();
  const std::vector<model::Profile> profiles = command.object == Object::kLogging
                                                   ? std::vector{facts.current_profile}
                                                   : ChosenProfiles(command.args, facts);
  for (model::Profile p : profiles) {
    if (const char* setting = Controlled(command, overlay.profile(p))) {
      return Fail(ErrorCode::kPermissionDenied,
                  std::string("The ") + setting + " of the " + std::string(model::ProfileName(p)) +
                      " profile is controlled by Group Policy and cannot be changed here.");
    }
  }
  return Ok();
}

}  // namespace hostwall::netsh
