#include "policy/preview.h"

#include <map>

namespace hostwall::policy {
namespace {

using model::Protocol;
using PortKey = std::pair<Protocol, uint16_t>;

std::string PortText(const PortKey& key) {
  return std::to_string(key.second) + "/" + std::string(model::ProtocolName(key.first));
}

// The ports a profile opens to unsolicited traffic (nothing when off or shielded), with a
// description of what opens each: "'web' (scope *)".
std::map<PortKey, std::string> OpenPorts(const model::ProfileSettings& s) {
  std::map<PortKey, std::string> open;
  if (!s.firewall_enabled || !s.exceptions_allowed) return open;
  for (const model::PortOpening& port : s.ports) {
    if (port.enabled) {
      open[{port.protocol, port.port}] =
          "port opening '" + port.name + "', scope " + model::FormatScopeText(port.scope);
    }
  }
  for (const model::ServiceInfo& info : model::ServiceTable()) {
    const model::ServiceSetting& service = s.service(info.type);
    if (!service.enabled) continue;
    for (const model::ServicePort& port : info.ports) {
      open.try_emplace({port.protocol, port.port}, std::string(info.display_name) + ", scope " +
                                                       model::FormatScopeText(service.scope));
    }
  }
  return open;
}

bool IsRemoteAccess(const PortKey& key) {
  return key.first == Protocol::kTcp && (key.second == 3389 || key.second == 135);
}

const char* OnOff(bool on) { return on ? "on" : "off"; }

}  // namespace

std::vector<std::string> DescribeChanges(const EffectiveProfile& before,
                                         const EffectiveProfile& after) {
  std::vector<std::string> lines;
  const model::ProfileSettings& b = before.settings;
  const model::ProfileSettings& a = after.settings;
  if (b.firewall_enabled != a.firewall_enabled) {
    lines.push_back(std::string("The firewall would be turned ") + OnOff(a.firewall_enabled) + ".");
  }
  if (b.exceptions_allowed != a.exceptions_allowed) {
    lines.push_back(a.exceptions_allowed ? "Exceptions would be allowed again."
                                         : "\"Don't allow exceptions\" would be on: every "
                                           "exception below stops admitting traffic.");
  }
  const auto* file_and_print = &model::InfoOf(model::ServiceType::kFileAndPrint);
  const bool sharing_before = b.service(file_and_print->type).enabled && b.exceptions_allowed;
  const bool sharing_after = a.service(file_and_print->type).enabled && a.exceptions_allowed;
  if (sharing_before && !sharing_after) {
    lines.push_back(
        "WARNING: File and Printer Sharing would be cut off (TCP 139, 445; UDP 137, 138): "
        "computers that use this host's shares, such as a migration console, lose them.");
  }
  const auto open_before = OpenPorts(b);
  const auto open_after = OpenPorts(a);
  for (const auto& [key, what] : open_before) {
    auto it = open_after.find(key);
    if (it == open_after.end()) {
      lines.push_back(std::string(IsRemoteAccess(key) ? "WARNING: remote access port " : "Port ") +
                      PortText(key) + " would close (was open by " + what + ").");
    } else if (it->second != what) {
      lines.push_back("Port " + PortText(key) + " would change from " + what + " to " + it->second +
                      ".");
    }
  }
  for (const auto& [key, what] : open_after) {
    if (!open_before.count(key)) {
      lines.push_back("Port " + PortText(key) + " would open (" + what + ").");
    }
  }
  for (const model::AllowedProgram& program : b.programs) {
    if (!program.enabled || !b.exceptions_allowed) continue;
    const model::AllowedProgram* now = model::FindProgram(a.programs, program.path);
    if (now == nullptr || !now->enabled || !a.exceptions_allowed) {
      lines.push_back("Program '" + program.name + "' (" + program.path +
                      ") would lose its exception.");
    }
  }
  for (const model::AllowedProgram& program : a.programs) {
    const model::AllowedProgram* was = model::FindProgram(b.programs, program.path);
    if (program.enabled && a.exceptions_allowed && (was == nullptr || !was->enabled)) {
      lines.push_back("Program '" + program.name + "' (" + program.path +
                      ") would gain an exception.");
    }
  }
  return lines;
}

}  // namespace hostwall::policy
