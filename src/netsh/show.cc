#include "netsh/show.h"

#include <set>
#include <tuple>

namespace hostwall::netsh {
namespace {

using model::Profile;

const char* Mode(bool enabled) { return enabled ? "Enable" : "Disable"; }

std::string Marked(std::string text, bool controlled) {
  return controlled ? text + " (Group Policy)" : text;
}

const policy::ProfilePolicy& PolicyOf(Profile profile, const ShowContext& context) {
  return context.overlay.profile(profile);
}

// The profiles a show command covers: the one it names, else both.
std::vector<Profile> ShownProfiles(const NetshArgs& args, const ShowContext& context) {
  if (!args.profile || *args.profile == ProfileChoice::kAll) {
    return {Profile::kDomain, Profile::kStandard};
  }
  switch (*args.profile) {
    case ProfileChoice::kCurrent:
      return {context.facts.current_profile};
    case ProfileChoice::kDomain:
      return {Profile::kDomain};
    default:
      return {Profile::kStandard};
  }
}

Section ProfileSection(std::string title, Profile profile, const ShowContext& context) {
  Section section;
  section.title = std::move(title);
  section.profile = profile;
  section.current = profile == context.facts.current_profile;
  return section;
}

Section ConnectionSection(std::string title, const std::string& connection) {
  Section section;
  section.title = std::move(title);
  section.connection = connection;
  return section;
}

std::string ProfileTitle(std::string_view what, Profile profile) {
  return std::string(what) + " for " + std::string(model::ProfileName(profile)) + " profile";
}

const std::vector<Column> kPortColumns{{"Port", 7}, {"Protocol", 10}, {"Mode", 9}, {"Name", 0}};
const std::vector<Column> kProgramColumns{{"Mode", 9}, {"Name / Program", 0}};
const std::vector<Column> kServiceColumns{{"Mode", 9}, {"Customized", 12}, {"Name", 0}};
const std::vector<Column> kIcmpColumns{{"Mode", 9}, {"Type", 6}, {"Description", 0}};
const std::vector<Column> kOpenPortColumns{
    {"Port", 7}, {"Protocol", 10}, {"Version", 9}, {"Program", 0}};

Row PortRow(uint16_t port, model::Protocol protocol, bool enabled, std::string name,
            std::optional<std::string> scope) {
  return {.cells = {std::to_string(port), std::string(model::ProtocolName(protocol)), Mode(enabled),
                    std::move(name)},
          .scope = std::move(scope)};
}

// `from_policy` are the entries of a Group Policy list, whose rows are marked.
void AddUserPorts(const std::vector<model::PortOpening>& ports, Section& section, bool with_scope,
                  const std::vector<model::PortOpening>& from_policy = {}) {
  for (const model::PortOpening& port : ports) {
    const bool controlled = model::FindPort(from_policy, port.protocol, port.port) != nullptr;
    section.rows.push_back(
        PortRow(port.port, port.protocol, port.enabled, Marked(port.name, controlled),
                with_scope ? std::optional(model::FormatScopeText(port.scope)) : std::nullopt));
  }
}

Section PortSection(Profile profile, const ShowContext& context, bool with_services) {
  const model::ProfileSettings& settings = context.profile(profile).settings;
  Section section = ProfileSection(ProfileTitle("Port configuration", profile), profile, context);
  section.columns = kPortColumns;
  const policy::ProfilePolicy& policy = PolicyOf(profile, context);
  AddUserPorts(settings.ports, section, true, policy.ports.entries);
  if (!with_services) return section;
  for (const model::ServiceInfo& info : model::ServiceTable()) {
    if (!info.listed) continue;
    const model::ServiceSetting& service = settings.service(info.type);
    const bool controlled = policy.services[static_cast<size_t>(info.type)].has_value();
    for (const model::ServicePort& port : info.ports) {
      section.rows.push_back(PortRow(port.port, port.protocol, service.enabled,
                                     Marked(std::string(port.name), controlled),
                                     model::FormatScopeText(service.scope)));
    }
  }
  return section;
}

Section ProgramSection(Profile profile, const ShowContext& context) {
  Section section =
      ProfileSection(ProfileTitle("Allowed programs configuration", profile), profile, context);
  section.columns = kProgramColumns;
  const auto& from_policy = PolicyOf(profile, context).programs.entries;
  for (const model::AllowedProgram& program : context.profile(profile).settings.programs) {
    const bool controlled = model::FindProgram(from_policy, program.path) != nullptr;
    section.rows.push_back(
        {.cells = {Mode(program.enabled), Marked(program.name + " / " + program.path, controlled)},
         .scope = model::FormatScopeText(program.scope)});
  }
  return section;
}

Section ServiceSection(Profile profile, const ShowContext& context) {
  Section section =
      ProfileSection(ProfileTitle("Service configuration", profile), profile, context);
  section.columns = kServiceColumns;
  for (const model::ServiceInfo& info : model::ServiceTable()) {
    if (!info.listed) continue;
    const model::ServiceSetting& service = context.profile(profile).settings.service(info.type);
    // "Customized" reports ports of a service changed one by one, which only the XP Control
    // Panel could do; netsh and policy set a service as a whole.
    const bool controlled =
        PolicyOf(profile, context).services[static_cast<size_t>(info.type)].has_value();
    section.rows.push_back(
        {.cells = {Mode(service.enabled), "No", Marked(std::string(info.display_name), controlled)},
         .scope = model::FormatScopeText(service.scope)});
  }
  return section;
}

void AddIcmpRows(const model::IcmpSettings& icmp, Section& section, bool controlled = false) {
  section.columns = kIcmpColumns;
  for (const model::IcmpSettingInfo& info : model::IcmpSettingTable()) {
    section.rows.push_back(
        {.cells = {Mode(icmp.Allows(info.setting)), std::to_string(info.netsh_type),
                   Marked(std::string(info.description), controlled)}});
  }
}

Section IcmpSection(Profile profile, const ShowContext& context) {
  Section section = ProfileSection(ProfileTitle("ICMP configuration", profile), profile, context);
  AddIcmpRows(context.profile(profile).settings.icmp, section,
              PolicyOf(profile, context).icmp.has_value());
  return section;
}

// A connection's ICMP settings under the current profile.
Section ConnectionIcmpSection(const std::string& name, const ShowContext& context) {
  const policy::EffectiveProfile& current = context.profile(context.facts.current_profile);
  const model::InterfaceSettings* connection = model::FindInterface(current.interfaces, name);
  const model::IcmpSettings icmp =
      connection ? model::ApplyOverrides(current.settings.icmp, connection->icmp)
                 : current.settings.icmp;
  Section section = ConnectionSection("ICMP configuration for " + name, name);
  AddIcmpRows(icmp, section);
  return section;
}

Section ConnectionPortSection(const model::InterfaceSettings& connection) {
  Section section = ConnectionSection("Port configuration for " + connection.name, connection.name);
  section.columns = kPortColumns;
  AddUserPorts(connection.ports, section, false);
  return section;
}

Section ConnectionOpmodeSection(const std::string& name, const ShowContext& context) {
  const model::InterfaceSettings* connection =
      model::FindInterface(context.profile(context.facts.current_profile).interfaces, name);
  Section section = ConnectionSection(name + " firewall configuration", name);
  section.fields.push_back(
      {"Operational mode", Mode(connection == nullptr || connection->firewall_enabled)});
  return section;
}

// The key/value lines of a profile block, in the order netsh prints them.
enum class ModeLine { kOpmode, kExceptions, kMulticast, kNotifications };

Section ProfileConfigSection(Profile profile, const ShowContext& context,
                             std::initializer_list<ModeLine> lines) {
  const model::ProfileSettings& s = context.profile(profile).settings;
  const policy::ProfilePolicy& p = PolicyOf(profile, context);
  Section section = ProfileSection(
      std::string(model::ProfileName(profile)) + " profile configuration", profile, context);
  for (ModeLine line : lines) {
    switch (line) {
      case ModeLine::kOpmode:
        section.fields.push_back(
            {"Operational mode", Marked(Mode(s.firewall_enabled), p.firewall_enabled.has_value())});
        break;
      case ModeLine::kExceptions:
        section.fields.push_back({"Exception mode", Marked(Mode(s.exceptions_allowed),
                                                           p.exceptions_allowed.has_value())});
        break;
      case ModeLine::kMulticast:
        section.fields.push_back({"Multicast/broadcast response mode",
                                  Marked(Mode(s.unicast_responses_to_multicast),
                                         p.unicast_responses_to_multicast.has_value())});
        break;
      case ModeLine::kNotifications:
        section.fields.push_back(
            {"Notification mode",
             Marked(Mode(s.notifications_enabled), p.notifications_enabled.has_value())});
        break;
    }
  }
  return section;
}

Section LogSection(const ShowContext& context) {
  const model::LoggingSettings& logging = context.profile(context.facts.current_profile).logging;
  Section section{.title = "Log configuration", .label_width = 16};
  section.fields = {
      {"File location", logging.file_path.empty() ? context.default_log_path : logging.file_path},
      {"Max file size", std::to_string(logging.max_file_size_kb) + " KB"},
      {"Dropped packets", Mode(logging.log_dropped_packets)},
      {"Connections", Mode(logging.log_successful_connections)},
  };
  return section;
}

// The ports the current profile opens on every connection (spec §9.3): static port exceptions
// and service ports (a, b), then the ports that running allowed programs listen on (c).
Section OpenPortsSection(const ShowContext& context, const policy::EffectiveProfile& current) {
  const model::ProfileSettings& settings = current.settings;
  Section section{.title = "Ports currently open on all network interfaces",
                  .columns = kOpenPortColumns,
                  .empty_text = "No ports are currently open on all network interfaces."};
  if (!settings.firewall_enabled || !settings.exceptions_allowed) return section;
  std::set<std::pair<uint16_t, model::Protocol>> seen;
  auto add = [&](uint16_t port, model::Protocol protocol) {
    if (!seen.insert({port, protocol}).second) return;
    section.rows.push_back(
        {.cells = {std::to_string(port), std::string(model::ProtocolName(protocol)), "Any",
                   "(null)"}});
  };
  for (const model::PortOpening& port : settings.ports) {
    if (port.enabled) add(port.port, port.protocol);
  }
  for (const model::ServiceInfo& info : model::ServiceTable()) {
    if (!settings.service(info.type).enabled) continue;
    for (const model::ServicePort& port : info.ports) add(port.port, port.protocol);
  }
  std::set<std::tuple<uint16_t, model::Protocol, IpFamily>> programs_seen;
  for (const model::ListeningSocket& socket : context.listening) {
    const model::AllowedProgram* program =
        policy::ProgramOfMark(current, context.facts, socket.mark);
    if (program == nullptr ||
        !programs_seen.insert({socket.port, socket.protocol, socket.address.family}).second) {
      continue;
    }
    section.rows.push_back(
        {.cells = {std::to_string(socket.port), std::string(model::ProtocolName(socket.protocol)),
                   socket.address.family == IpFamily::kV4 ? "IPv4" : "IPv6", program->path}});
  }
  return section;
}

Report StateReport(const ShowContext& context, bool verbose) {
  Report report;
  if (!context.warnings.empty()) {
    Section warnings;
    for (const std::string& warning : context.warnings) {
      warnings.notes.push_back("WARNING: " + warning);
    }
    report.sections.push_back(std::move(warnings));
  }
  const Profile current = context.facts.current_profile;
  const model::ProfileSettings& s = context.profile(current).settings;
  const model::ServiceSetting& remote_admin = s.service(model::ServiceType::kRemoteAdmin);
  Section status{.title = "Firewall status"};
  status.fields = {{"Profile", std::string(model::ProfileName(current))}};
  for (Field& field : ProfileConfigSection(current, context,
                                           {ModeLine::kOpmode, ModeLine::kExceptions,
                                            ModeLine::kMulticast, ModeLine::kNotifications})
                          .fields) {
    status.fields.push_back(std::move(field));
  }
  status.fields.push_back(
      {"Group policy version", context.overlay.Empty() ? "None" : "Windows Firewall"});
  status.fields.push_back(
      {"Remote admin mode",
       Marked(Mode(remote_admin.enabled),
              PolicyOf(current, context)
                  .services[static_cast<size_t>(model::ServiceType::kRemoteAdmin)]
                  .has_value())});
  if (verbose) status.notes.push_back("Scope: " + model::FormatScopeText(remote_admin.scope));
  report.sections.push_back(std::move(status));
  report.sections.push_back(OpenPortsSection(context, context.profile(current)));
  return report;
}

Report ConfigReport(const ShowContext& context) {
  Report report;
  for (Profile p : model::kProfiles) {
    report.sections.push_back(
        ProfileConfigSection(p, context,
                             {ModeLine::kOpmode, ModeLine::kExceptions, ModeLine::kMulticast,
                              ModeLine::kNotifications}));
    report.sections.push_back(ServiceSection(p, context));
    report.sections.push_back(ProgramSection(p, context));
    report.sections.push_back(PortSection(p, context, false));
    report.sections.push_back(IcmpSection(p, context));
  }
  report.sections.push_back(LogSection(context));
  const auto& connections = context.profile(context.facts.current_profile).interfaces;
  for (const std::string& name : context.facts.interfaces) {
    report.sections.push_back(ConnectionOpmodeSection(name, context));
    const model::InterfaceSettings* connection = model::FindInterface(connections, name);
    if (connection == nullptr) continue;
    if (!connection->ports.empty()) report.sections.push_back(ConnectionPortSection(*connection));
    if (!connection->icmp.Empty()) report.sections.push_back(ConnectionIcmpSection(name, context));
  }
  return report;
}

}  // namespace

Report BuildShowReport(const NetshCommand& command, const ShowContext& context) {
  const NetshArgs& args = command.args;
  const bool verbose = args.verbose.value_or(false);
  const auto& connections = context.profile(context.facts.current_profile).interfaces;
  Report report{.verbose = verbose};
  auto for_profiles = [&](auto build) {
    for (Profile p : ShownProfiles(args, context)) report.sections.push_back(build(p));
  };
  switch (command.object) {
    case Object::kAllowedProgram:
      for_profiles([&](Profile p) { return ProgramSection(p, context); });
      break;
    case Object::kPortOpening:
      for_profiles([&](Profile p) { return PortSection(p, context, true); });
      if (!args.profile) {
        for (const model::InterfaceSettings& connection : connections) {
          if (!connection.ports.empty()) {
            report.sections.push_back(ConnectionPortSection(connection));
          }
        }
      }
      break;
    case Object::kService:
      for_profiles([&](Profile p) { return ServiceSection(p, context); });
      break;
    case Object::kIcmpSetting:
      if (args.interface_name) {
        report.sections.push_back(ConnectionIcmpSection(*args.interface_name, context));
        break;
      }
      for_profiles([&](Profile p) { return IcmpSection(p, context); });
      if (!args.profile) {
        for (const model::InterfaceSettings& connection : connections) {
          if (!connection.icmp.Empty()) {
            report.sections.push_back(ConnectionIcmpSection(connection.name, context));
          }
        }
      }
      break;
    case Object::kOpmode:
      if (!args.interface_name) {
        for_profiles([&](Profile p) {
          return ProfileConfigSection(p, context, {ModeLine::kOpmode, ModeLine::kExceptions});
        });
      }
      if (args.profile) break;
      for (const std::string& name : context.facts.interfaces) {
        if (!args.interface_name || *args.interface_name == name) {
          report.sections.push_back(ConnectionOpmodeSection(name, context));
        }
      }
      break;
    case Object::kNotifications:
      for_profiles(
          [&](Profile p) { return ProfileConfigSection(p, context, {ModeLine::kNotifications}); });
      break;
    case Object::kMulticastBroadcastResponse:
      for_profiles(
          [&](Profile p) { return ProfileConfigSection(p, context, {ModeLine::kMulticast}); });
      break;
    case Object::kLogging:
      report.sections.push_back(LogSection(context));
      break;
    case Object::kCurrentProfile: {
      Section section;
      section.fields.push_back(
          {"Current profile", std::string(model::ProfileName(context.facts.current_profile))});
      report.sections.push_back(std::move(section));
      break;
    }
    case Object::kConfig:
      report = ConfigReport(context);
      report.verbose = verbose;
      break;
    case Object::kState:
      report = StateReport(context, verbose);
      report.verbose = verbose;
      break;
    case Object::kNone:
      break;
  }
  return report;
}

}  // namespace hostwall::netsh
