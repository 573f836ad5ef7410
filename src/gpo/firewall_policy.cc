#include "gpo/firewall_policy.h"

#include <array>

#include "core/text.h"

namespace hostwall::gpo {
namespace {

constexpr std::string_view kRoot = "SOFTWARE\\Policies\\Microsoft\\WindowsFirewall";
constexpr std::array<std::string_view, 2> kProfileKeys = {"DomainProfile", "StandardProfile"};

struct ServiceKey {
  model::ServiceType type;
  std::string_view key;
};
constexpr std::array<ServiceKey, 4> kServiceKeys{{
    {model::ServiceType::kFileAndPrint, "Services\\FileAndPrint"},
    {model::ServiceType::kRemoteDesktop, "Services\\RemoteDesktop"},
    {model::ServiceType::kUpnp, "Services\\UPnPFramework"},
    {model::ServiceType::kRemoteAdmin, "RemoteAdminSettings"},
}};

// The fields of "a:b:c:..." from `start`, the last one taking the rest (names may hold ':').
std::vector<std::string> Fields(std::string_view text, size_t count, size_t start = 0) {
  std::vector<std::string> fields;
  size_t from = 0;
  while (fields.size() + 1 < count) {
    const size_t colon = text.find(':', std::max(from, start));
    if (colon == std::string_view::npos) break;
    fields.emplace_back(text.substr(from, colon - from));
    from = colon + 1;
    start = 0;
  }
  fields.emplace_back(text.substr(from));
  return fields;
}

Result<bool> Status(const std::string& text) {
  if (EqualsIgnoreCase(text, "Enabled")) return true;
  if (EqualsIgnoreCase(text, "Disabled")) return false;
  return Fail(ErrorCode::kInvalidArgument, "status '" + text + "' is neither Enabled nor Disabled");
}

std::optional<bool> Flag(const RegistryView& view, const std::string& key, const char* value) {
  const RegistryView::Value* found = view.Lookup(key, value);
  if (found == nullptr) return std::nullopt;
  if (auto number = AsNumber(found->entry)) return *number != 0;
  return std::nullopt;
}

template <typename Entry>
policy::ListPolicy<Entry> ReadList(const RegistryView& view, const std::string& key,
                                   Result<Entry> (*parse)(std::string_view),
                                   std::vector<std::string>& warnings) {
  policy::ListPolicy<Entry> list{.defined = Flag(view, key, "Enabled"),
                                 .allow_local = Flag(view, key, "AllowUserPrefMerge")};
  for (const RegistryView::Value* value : view.Values(key + "\\List")) {
    // The entry is the data; the value name is not relied upon (spec §6.2).
    const auto text = AsString(value->entry);
    auto entry =
        text ? parse(*text) : Result<Entry>(Fail(ErrorCode::kInvalidArgument, "not a string"));
    if (!entry) {
      warnings.push_back(key + "\\List: '" + text.value_or("") +
                         "' skipped: " + entry.error().message() + " (" + value->source + ")");
      continue;
    }
    list.entries.push_back(std::move(*entry));
  }
  return list;
}

std::optional<model::ServiceSetting> ReadService(const RegistryView& view, const std::string& key,
                                                 std::vector<std::string>& warnings) {
  const std::optional<bool> enabled = Flag(view, key, "Enabled");
  if (!enabled) return std::nullopt;
  model::ServiceSetting service{.enabled = *enabled};
  if (const RegistryView::Value* addresses = view.Lookup(key, "RemoteAddresses")) {
    auto scope = model::ParseScopeText(AsString(addresses->entry).value_or(""));
    if (scope) {
      service.scope = *scope;
    } else {
      warnings.push_back(key + "\\RemoteAddresses skipped: " + scope.error().message());
    }
  }
  return service;
}

policy::ProfilePolicy ReadProfile(const RegistryView& view, const std::string& base,
                                  std::vector<std::string>& warnings) {
  policy::ProfilePolicy p;
  auto inverted = [&](const char* value) -> std::optional<bool> {
    const auto flag = Flag(view, base, value);
    return flag ? std::optional<bool>(!*flag) : std::nullopt;
  };
  p.firewall_enabled = Flag(view, base, "EnableFirewall");
  p.exceptions_allowed = inverted("DoNotAllowExceptions");
  p.notifications_enabled = inverted("DisableNotifications");
  p.unicast_responses_to_multicast = inverted("DisableUnicastResponsesToMulticastBroadcast");
  p.programs = ReadList<model::AllowedProgram>(view, base + "\\AuthorizedApplications",
                                               ParseProgramEntry, warnings);
  p.ports =
      ReadList<model::PortOpening>(view, base + "\\GloballyOpenPorts", ParsePortEntry, warnings);
  for (const ServiceKey& service : kServiceKeys) {
    p.services[static_cast<size_t>(service.type)] =
        ReadService(view, base + "\\" + std::string(service.key), warnings);
  }
  const std::string icmp_key = base + "\\IcmpSettings";
  if (!view.Values(icmp_key).empty()) {
    model::IcmpSettings icmp;
    for (const model::IcmpSettingInfo& info : model::IcmpSettingTable()) {
      icmp.Set(info.setting,
               Flag(view, icmp_key, std::string(info.policy_name).c_str()).value_or(false));
    }
    p.icmp = icmp;
  }
  const std::string logging = base + "\\Logging";
  p.log_dropped_packets = Flag(view, logging, "LogDroppedPackets");
  p.log_successful_connections = Flag(view, logging, "LogSuccessfulConnections");
  if (const RegistryView::Value* path = view.Lookup(logging, "LogFilePath")) {
    const std::string text = AsString(path->entry).value_or("");
    if (!text.empty() && text.front() == '/') {
      p.log_file_path = text;
    } else {
      warnings.push_back(logging + "\\LogFilePath '" + text +
                         "' is not an absolute Linux path; the local log file is kept");
    }
  }
  if (const RegistryView::Value* size = view.Lookup(logging, "LogFileSize")) {
    // The ADM range; netsh's is wider (spec §1.3.8).
    if (auto kb = AsNumber(size->entry)) {
      p.log_file_size_kb = std::clamp<uint32_t>(*kb, 128, model::kMaxLogFileSizeKb);
    }
  }
  return p;
}

// Whether `value` of `key` (relative to a profile key, lowercased) is an XP SP2 policy value.
bool IsXpValue(const std::string& relative, const std::string& value) {
  static const std::array<std::pair<std::string_view, std::string_view>, 12> kKeys{{
      {"",
       "enablefirewall donotallowexceptions disablenotifications "
       "disableunicastresponsestomulticastbroadcast"},
      {"\\authorizedapplications", "enabled allowuserprefmerge"},
      {"\\globallyopenports", "enabled allowuserprefmerge"},
      {"\\services\\fileandprint", "enabled remoteaddresses"},
      {"\\services\\remotedesktop", "enabled remoteaddresses"},
      {"\\services\\upnpframework", "enabled remoteaddresses"},
      {"\\remoteadminsettings", "enabled remoteaddresses"},
      {"\\logging", "logdroppedpackets logsuccessfulconnections logfilepath logfilesize"},
      {"\\icmpsettings",
       "allowoutboundpackettoobig allowoutbounddestinationunreachable allowoutboundsourcequench "
       "allowredirect allowinboundechorequest allowinboundrouterrequest "
       "allowoutboundtimeexceeded allowoutboundparameterproblem allowinboundtimestamprequest "
       "allowinboundmaskrequest"},
      {"\\authorizedapplications\\list", "*"},
      {"\\globallyopenports\\list", "*"},
      {"\\services", ""},
  }};
  const std::string name = ToLower(value);
  for (const auto& [key, names] : kKeys) {
    if (relative != key) continue;
    if (names == "*") return true;
    for (const std::string& known : Split(names, ' ')) {
      if (known == name) return true;
    }
  }
  return false;
}

}  // namespace

std::string ResolveName(std::string_view name) {
  struct Known {
    std::string_view id;
    std::string_view name;
  };
  static constexpr std::array<Known, 6> kKnown{{{"-22001", "NetBIOS Name Service"},
                                                {"-22002", "NetBIOS Datagram Service"},
                                                {"-22004", "NetBIOS Session Service"},
                                                {"-22005", "SMB over TCP"},
                                                {"-22009", "Remote Desktop"},
                                                {"-22019", "Remote Assistance"}}};
  if (IsPrefixIgnoreCase("@xpsp2res.dll,", name)) {
    const std::string_view id = name.substr(14);
    for (const Known& known : kKnown) {
      if (id == known.id) return std::string(known.name);
    }
  }
  return std::string(name);
}

Result<model::AllowedProgram> ParseProgramEntry(std::string_view text) {
  // A drive letter's colon ("C:\...") belongs to the path.
  const size_t start = text.size() > 2 && text[1] == ':' ? 2 : 0;
  const std::vector<std::string> fields = Fields(text, 4, start);
  if (fields.size() < 4 || fields[0].empty()) {
    return Fail(ErrorCode::kInvalidArgument, "expected path:scope:status:name");
  }
  auto scope = model::ParseScopeText(fields[1]);
  if (!scope) return Fail(scope.error());
  auto enabled = Status(fields[2]);
  if (!enabled) return Fail(enabled.error());
  return model::AllowedProgram{
      .path = fields[0], .name = ResolveName(fields[3]), .enabled = *enabled, .scope = *scope};
}

Result<model::PortOpening> ParsePortEntry(std::string_view text) {
  const std::vector<std::string> fields = Fields(text, 5);
  if (fields.size() < 5) {
    return Fail(ErrorCode::kInvalidArgument, "expected port:transport:scope:status:name");
  }
  const auto port = ParseDecimal(fields[0]);
  if (!port || *port < 1 || *port > 65535) {
    return Fail(ErrorCode::kInvalidArgument, "port '" + fields[0] + "' is not from 1 to 65535");
  }
  model::Protocol protocol;
  if (EqualsIgnoreCase(fields[1], "TCP")) {
    protocol = model::Protocol::kTcp;
  } else if (EqualsIgnoreCase(fields[1], "UDP")) {
    protocol = model::Protocol::kUdp;
  } else {
    return Fail(ErrorCode::kInvalidArgument,
                "transport '" + fields[1] + "' is neither TCP nor UDP");
  }
  auto scope = model::ParseScopeText(fields[2]);
  if (!scope) return Fail(scope.error());
  auto enabled = Status(fields[3]);
  if (!enabled) return Fail(enabled.error());
  return model::PortOpening{.protocol = protocol,
                            .port = static_cast<uint16_t>(*port),
                            .name = ResolveName(fields[4]),
                            .enabled = *enabled,
                            .scope = *scope};
}

FirewallPolicy ReadFirewallPolicy(const RegistryView& view) {
  FirewallPolicy result;
  for (model::Profile p : model::kProfiles) {
    const std::string base =
        std::string(kRoot) + "\\" + std::string(kProfileKeys[static_cast<size_t>(p)]);
    result.overlay.profiles[static_cast<size_t>(p)] = ReadProfile(view, base, result.warnings);
  }
  result.any = !result.overlay.Empty();
  // Everything else under the firewall policy key belongs to later Windows versions.
  for (const std::string& key : view.KeysUnder(std::string(kRoot))) {
    std::optional<std::string> relative;  // set under DomainProfile or StandardProfile
    for (std::string_view profile : kProfileKeys) {
      const std::string prefix = ToLower(std::string(kRoot) + "\\" + std::string(profile));
      if (key.rfind(prefix, 0) == 0 &&
          (key.size() == prefix.size() || key[prefix.size()] == '\\')) {
        relative = key.substr(prefix.size());
      }
    }
    for (const RegistryView::Value* value : view.Values(key)) {
      if (relative && IsXpValue(*relative, value->entry.value)) {
        const size_t profile = key.find("\\standardprofile") != std::string::npos ? 1 : 0;
        result.sources[profile][*relative + "\\" + ToLower(value->entry.value)] = value->source;
        continue;
      }
      result.not_applicable.push_back(value->entry.key + "\\" + value->entry.value);
    }
  }
  return result;
}

}  // namespace hostwall::gpo
