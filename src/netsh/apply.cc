#include "netsh/apply.h"

#include <algorithm>

#include "core/text.h"

namespace hostwall::netsh {
namespace {

using model::LocalPolicy;
using model::Profile;
using model::Protocol;

std::vector<Protocol> ChosenProtocols(const NetshArgs& args) {
  switch (*args.protocol) {
    case ProtocolChoice::kTcp:
      return {Protocol::kTcp};
    case ProtocolChoice::kUdp:
      return {Protocol::kUdp};
    case ProtocolChoice::kAll:
      break;
  }
  return {Protocol::kTcp, Protocol::kUdp};
}

// The scope the arguments name, if any. The parser guarantees addresses for CUSTOM.
std::optional<model::Scope> ChosenScope(const NetshArgs& args) {
  if (!args.scope) return std::nullopt;
  switch (*args.scope) {
    case model::ScopeKind::kAll:
      return model::Scope::All();
    case model::ScopeKind::kSubnet:
      return model::Scope::Subnet();
    case model::ScopeKind::kCustom:
      break;
  }
  return *args.addresses;
}

std::string ProfileList(const std::vector<Profile>& profiles) {
  std::vector<std::string> names;
  for (Profile p : profiles) names.emplace_back(model::ProfileName(p));
  return Join(names, " and ");
}

// The connection's settings, created with defaults when absent. Fails for an unknown name.
Result<model::InterfaceSettings*> Connection(const std::string& name, const model::HostFacts& facts,
                                             LocalPolicy& policy) {
  if (std::find(facts.interfaces.begin(), facts.interfaces.end(), name) == facts.interfaces.end()) {
    return Fail(ErrorCode::kNotFound, "The connection '" + name + "' was not found. Connections: " +
                                          Join(facts.interfaces, ", ") + ".");
  }
  auto it = std::lower_bound(
      policy.interfaces.begin(), policy.interfaces.end(), name,
      [](const model::InterfaceSettings& i, const std::string& n) { return i.name < n; });
  if (it == policy.interfaces.end() || it->name != name) {
    it = policy.interfaces.insert(it, model::InterfaceSettings{.name = name});
  }
  return &*it;
}

// Keeps the invariant that only configured connections are stored.
void DropDefaultConnections(LocalPolicy& policy) {
  std::erase_if(policy.interfaces, [](const model::InterfaceSettings& i) { return i.IsDefault(); });
}

void UpsertPort(std::vector<model::PortOpening>& ports, model::PortOpening opening) {
  if (auto* existing = model::FindPort(ports, opening.protocol, opening.port)) {
    *existing = std::move(opening);
  } else {
    ports.push_back(std::move(opening));
  }
}

void UpdatePort(const NetshArgs& args, model::PortOpening& port) {
  if (args.name) port.name = *args.name;
  if (args.mode) port.enabled = *args.mode;
  if (auto scope = ChosenScope(args)) port.scope = std::move(*scope);
}

std::string PortText(const NetshArgs& args) {
  const char* protocol = *args.protocol == ProtocolChoice::kTcp   ? "TCP"
                         : *args.protocol == ProtocolChoice::kUdp ? "UDP"
                                                                  : "TCP/UDP";
  return "Port " + std::to_string(*args.port) + "/" + protocol;
}

Result<void> ApplyPortOpening(Verb verb, const NetshArgs& args, const model::HostFacts& facts,
                              LocalPolicy& policy) {
  // The port lists the command acts on: one connection's, or each chosen profile's.
  std::vector<std::vector<model::PortOpening>*> lists;
  std::string where;
  if (args.interface_name) {
    auto connection = Connection(*args.interface_name, facts, policy);
    if (!connection) return Fail(connection.error());
    lists.push_back(&(*connection)->ports);
    where = "connection '" + *args.interface_name + "'";
  } else {
    const std::vector<Profile> profiles = ChosenProfiles(args, facts);
    for (Profile p : profiles) lists.push_back(&policy.profile(p).ports);
    where = ProfileList(profiles) + " profile";
  }
  bool found = false;
  for (auto* ports : lists) {
    for (Protocol protocol : ChosenProtocols(args)) {
      if (verb == Verb::kAdd) {
        UpsertPort(*ports, {.protocol = protocol,
                            .port = *args.port,
                            .name = *args.name,
                            .enabled = args.mode.value_or(true),
                            .scope = ChosenScope(args).value_or(model::Scope::All())});
        found = true;
      } else if (auto* port = model::FindPort(*ports, protocol, *args.port)) {
        found = true;
        if (verb == Verb::kSet) {
          UpdatePort(args, *port);
        } else {
          std::erase_if(*ports, [&](const model::PortOpening& p) {
            return p.protocol == protocol && p.port == *args.port;
          });
        }
      }
    }
  }
  DropDefaultConnections(policy);
  if (!found) {
    return Fail(ErrorCode::kNotFound,
                PortText(args) + " is not in the port list of the " + where + ".");
  }
  return Ok();
}

Result<void> ApplyAllowedProgram(Verb verb, const NetshArgs& args, const model::HostFacts& facts,
                                 LocalPolicy& policy) {
  const std::vector<Profile> profiles = ChosenProfiles(args, facts);
  bool found = false;
  for (Profile p : profiles) {
    auto& programs = policy.profile(p).programs;
    model::AllowedProgram* existing = model::FindProgram(programs, *args.program);
    if (verb == Verb::kAdd) {
      model::AllowedProgram program{.path = *args.program,
                                    .name = *args.name,
                                    .enabled = args.mode.value_or(true),
                                    .scope = ChosenScope(args).value_or(model::Scope::All())};
      if (existing != nullptr) {
        *existing = std::move(program);
      } else {
        programs.push_back(std::move(program));
      }
      found = true;
    } else if (existing != nullptr) {
      found = true;
      if (verb == Verb::kSet) {
        if (args.name) existing->name = *args.name;
        if (args.mode) existing->enabled = *args.mode;
        if (auto scope = ChosenScope(args)) existing->scope = std::move(*scope);
      } else {
        const std::string key = model::ProgramKey(*args.program);
        std::erase_if(programs, [&](const model::AllowedProgram& program) {
          return model::ProgramKey(program.path) == key;
        });
      }
    }
  }
  if (!found) {
    return Fail(ErrorCode::kNotFound, "Program '" + *args.program +
                                          "' is not in the allowed programs list of the " +
                                          ProfileList(profiles) + " profile.");
  }
  return Ok();
}

Result<void> ApplyIcmpSetting(const NetshArgs& args, const model::HostFacts& facts,
                              LocalPolicy& policy) {
  std::vector<model::IcmpSetting> settings;
  if (*args.icmp_type) {
    settings.push_back(**args.icmp_type);
  } else {
    for (const auto& info : model::IcmpSettingTable()) settings.push_back(info.setting);
  }
  const bool allow = args.mode.value_or(true);
  if (args.interface_name) {
    auto connection = Connection(*args.interface_name, facts, policy);
    if (!connection) return Fail(connection.error());
    for (auto s : settings) (*connection)->icmp.values[static_cast<size_t>(s)] = allow;
    DropDefaultConnections(policy);
    return Ok();
  }
  for (Profile p : ChosenProfiles(args, facts)) {
    for (auto s : settings) policy.profile(p).icmp.Set(s, allow);
  }
  return Ok();
}

Result<void> ApplyOpmode(const NetshArgs& args, const model::HostFacts& facts,
                         LocalPolicy& policy) {
  if (args.interface_name) {
    auto connection = Connection(*args.interface_name, facts, policy);
    if (!connection) return Fail(connection.error());
    (*connection)->firewall_enabled = *args.mode;
    DropDefaultConnections(policy);
    return Ok();
  }
  for (Profile p : ChosenProfiles(args, facts)) {
    policy.profile(p).firewall_enabled = *args.mode;
    policy.profile(p).exceptions_allowed = args.exceptions.value_or(true);
  }
  return Ok();
}

void ApplyService(const NetshArgs& args, const model::HostFacts& facts, LocalPolicy& policy) {
  std::vector<model::ServiceType> services;
  if (*args.service_type) {
    services.push_back(**args.service_type);
  } else {
    for (const auto& info : model::ServiceTable()) services.push_back(info.type);
  }
  const std::optional<model::Scope> scope = ChosenScope(args);
  for (Profile p : ChosenProfiles(args, facts)) {
    for (model::ServiceType type : services) {
      model::ServiceSetting& service = policy.profile(p).service(type);
      service.enabled = args.mode.value_or(true);
      if (scope) service.scope = *scope;
    }
  }
}

void ApplyLogging(const NetshArgs& args, model::LoggingSettings& logging) {
  if (args.file_location) logging.file_path = *args.file_location;
  if (args.max_file_size_kb) logging.max_file_size_kb = *args.max_file_size_kb;
  if (args.dropped_packets) logging.log_dropped_packets = *args.dropped_packets;
  if (args.connections) logging.log_successful_connections = *args.connections;
}

}  // namespace

std::vector<Profile> ChosenProfiles(const NetshArgs& args, const model::HostFacts& facts) {
  switch (args.profile.value_or(ProfileChoice::kCurrent)) {
    case ProfileChoice::kCurrent:
      return {facts.current_profile};
    case ProfileChoice::kDomain:
      return {Profile::kDomain};
    case ProfileChoice::kStandard:
      return {Profile::kStandard};
    case ProfileChoice::kAll:
      break;
  }
  return {Profile::kDomain, Profile::kStandard};
}

Result<void> ApplyChange(const NetshCommand& command, const model::HostFacts& facts,
                         LocalPolicy& policy) {
  const NetshArgs& args = command.args;
  switch (command.object) {
    case Object::kNone:
      policy = model::XpDefaults();
      return Ok();
    case Object::kAllowedProgram:
      return ApplyAllowedProgram(command.verb, args, facts, policy);
    case Object::kPortOpening:
      return ApplyPortOpening(command.verb, args, facts, policy);
    case Object::kIcmpSetting:
      return ApplyIcmpSetting(args, facts, policy);
    case Object::kOpmode:
      return ApplyOpmode(args, facts, policy);
    case Object::kService:
      ApplyService(args, facts, policy);
      return Ok();
    case Object::kLogging:
      ApplyLogging(args, policy.logging);
      return Ok();
    case Object::kNotifications:
      for (Profile p : ChosenProfiles(args, facts)) {
        policy.profile(p).notifications_enabled = *args.mode;
      }
      return Ok();
    case Object::kMulticastBroadcastResponse:
      for (Profile p : ChosenProfiles(args, facts)) {
        policy.profile(p).unicast_responses_to_multicast = *args.mode;
      }
      return Ok();
    case Object::kConfig:
    case Object::kCurrentProfile:
    case Object::kState:
      break;
  }
  return Fail(ErrorCode::kInvalidArgument, "'show' commands do not change settings");
}

}  // namespace hostwall::netsh
