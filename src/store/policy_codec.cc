#include "store/policy_codec.h"

#include <set>

#include "core/text.h"
#include "model/scope.h"

namespace hostwall::store {
namespace {

using nlohmann::json;

constexpr std::array<std::string_view, 2> kProfileKeys = {"domain", "standard"};

std::string ServiceKey(const model::ServiceInfo& info) { return ToLower(info.netsh_name); }

json EncodeScope(const model::Scope& scope) { return model::FormatScopeText(scope); }

json EncodePort(const model::PortOpening& port, bool with_scope) {
  json out = {{"protocol", model::ProtocolName(port.protocol)},
              {"port", port.port},
              {"name", port.name},
              {"enabled", port.enabled}};
  if (with_scope) out["scope"] = EncodeScope(port.scope);
  return out;
}

json EncodeProfile(const model::ProfileSettings& profile) {
  json programs = json::array();
  for (const auto& program : profile.programs) {
    programs.push_back({{"path", program.path},
                        {"name", program.name},
                        {"enabled", program.enabled},
                        {"scope", EncodeScope(program.scope)}});
  }
  json ports = json::array();
  for (const auto& port : profile.ports) ports.push_back(EncodePort(port, true));
  json services = json::object();
  for (const auto& info : model::ServiceTable()) {
    const model::ServiceSetting& service = profile.service(info.type);
    services[ServiceKey(info)] = {{"enabled", service.enabled},
                                  {"scope", EncodeScope(service.scope)}};
  }
  json icmp = json::object();
  for (const auto& info : model::IcmpSettingTable()) {
    icmp[std::string(info.policy_name)] = profile.icmp.Allows(info.setting);
  }
  return {{"firewall_enabled", profile.firewall_enabled},
          {"exceptions_allowed", profile.exceptions_allowed},
          {"notifications_enabled", profile.notifications_enabled},
          {"unicast_responses_to_multicast", profile.unicast_responses_to_multicast},
          {"programs", std::move(programs)},
          {"ports", std::move(ports)},
          {"services", std::move(services)},
          {"icmp", std::move(icmp)}};
}

// Walks a JSON document, remembering where it is so that errors can say.
class Decoder {
 public:
  explicit Decoder(std::string path) : path_(std::move(path)) {}

  Decoder At(std::string_view key) const { return Decoder(path_ + "/" + std::string(key)); }
  Decoder At(size_t index) const { return Decoder(path_ + "/" + std::to_string(index)); }

  Error Problem(const std::string& what) const {
    return Error(ErrorCode::kInvalidArgument, (path_.empty() ? "/" : path_) + ": " + what);
  }

  // Requires an object with exactly `keys`.
  Result<void> ExpectObject(const json& value, std::initializer_list<std::string_view> keys) const {
    if (!value.is_object()) return Fail(Problem("must be an object"));
    for (std::string_view key : keys) {
      if (!value.contains(key)) return Fail(Problem("'" + std::string(key) + "' is missing"));
    }
    for (const auto& [key, unused] : value.items()) {
      if (std::find(keys.begin(), keys.end(), key) == keys.end()) {
        return Fail(Problem("'" + key + "' is not a known key"));
      }
    }
    return Ok();
  }

  Result<bool> Bool(const json& value) const {
    if (!value.is_boolean()) return Fail(Problem("must be true or false"));
    return value.get<bool>();
  }

  Result<std::string> String(const json& value) const {
    if (!value.is_string()) return Fail(Problem("must be a string"));
    return value.get<std::string>();
  }

  Result<uint32_t> Number(const json& value, uint32_t min, uint32_t max) const {
    if (!value.is_number_unsigned() || value.get<uint64_t>() < min || value.get<uint64_t>() > max) {
      return Fail(
          Problem("must be an integer from " + std::to_string(min) + " to " + std::to_string(max)));
    }
    return static_cast<uint32_t>(value.get<uint64_t>());
  }

  Result<model::Scope> Scope(const json& value) const {
    auto text = String(value);
    if (!text) return Fail(text.error());
    auto scope = model::ParseScopeText(*text);
    if (!scope) return Fail(Problem(scope.error().message()));
    return scope;
  }

  Result<model::Protocol> Protocol(const json& value) const {
    auto text = String(value);
    if (!text) return Fail(text.error());
    if (*text == "TCP") return model::Protocol::kTcp;
    if (*text == "UDP") return model::Protocol::kUdp;
    return Fail(Problem("must be \"TCP\" or \"UDP\""));
  }

 private:
  std::string path_;
};

Result<model::PortOpening> DecodePort(const Decoder& d, const json& value, bool with_scope) {
  if (with_scope) {
    HW_TRY(d.ExpectObject(value, {"protocol", "port", "name", "enabled", "scope"}));
  } else {
    HW_TRY(d.ExpectObject(value, {"protocol", "port", "name", "enabled"}));
  }
  model::PortOpening port;
  HW_ASSIGN_OR_RETURN(port.protocol, d.At("protocol").Protocol(value["protocol"]));
  HW_ASSIGN_OR_RETURN(port.port, d.At("port").Number(value["port"], 1, 65535));
  HW_ASSIGN_OR_RETURN(port.name, d.At("name").String(value["name"]));
  HW_ASSIGN_OR_RETURN(port.enabled, d.At("enabled").Bool(value["enabled"]));
  if (with_scope) HW_ASSIGN_OR_RETURN(port.scope, d.At("scope").Scope(value["scope"]));
  return port;
}

Result<std::vector<model::PortOpening>> DecodePorts(const Decoder& d, const json& value,
                                                    bool with_scope) {
  if (!value.is_array()) return Fail(d.Problem("must be an array"));
  std::vector<model::PortOpening> ports;
  ports.reserve(value.size());
  std::set<std::pair<model::Protocol, uint16_t>> seen;
  for (size_t i = 0; i < value.size(); ++i) {
    auto port = DecodePort(d.At(i), value[i], with_scope);
    if (!port) return Fail(port.error());
    if (!seen.insert({port->protocol, port->port}).second) {
      return Fail(d.At(i).Problem("port " + std::to_string(port->port) + "/" +
                                  std::string(model::ProtocolName(port->protocol)) +
                                  " is listed twice"));
    }
    ports.push_back(std::move(*port));
  }
  return ports;
}

Result<std::vector<model::AllowedProgram>> DecodePrograms(const Decoder& d, const json& value) {
  if (!value.is_array()) return Fail(d.Problem("must be an array"));
  std::vector<model::AllowedProgram> programs;
  std::set<std::string> seen;
  for (size_t i = 0; i < value.size(); ++i) {
    const Decoder at = d.At(i);
    HW_TRY(at.ExpectObject(value[i], {"path", "name", "enabled", "scope"}));
    model::AllowedProgram program;
    HW_ASSIGN_OR_RETURN(program.path, at.At("path").String(value[i]["path"]));
    HW_ASSIGN_OR_RETURN(program.name, at.At("name").String(value[i]["name"]));
    HW_ASSIGN_OR_RETURN(program.enabled, at.At("enabled").Bool(value[i]["enabled"]));
    HW_ASSIGN_OR_RETURN(program.scope, at.At("scope").Scope(value[i]["scope"]));
    if (program.path.empty()) return Fail(at.At("path").Problem("must not be empty"));
    if (!seen.insert(model::ProgramKey(program.path)).second) {
      return Fail(at.Problem("program '" + program.path + "' is listed twice"));
    }
    programs.push_back(std::move(program));
  }
  return programs;
}

Result<model::IcmpSettings> DecodeIcmp(const Decoder& d, const json& value) {
  model::IcmpSettings icmp;
  if (!value.is_object()) return Fail(d.Problem("must be an object"));
  for (const auto& info : model::IcmpSettingTable()) {
    const std::string key(info.policy_name);
    if (!value.contains(key)) return Fail(d.Problem("'" + key + "' is missing"));
    bool allowed = false;
    HW_ASSIGN_OR_RETURN(allowed, d.At(key).Bool(value[key]));
    icmp.Set(info.setting, allowed);
  }
  if (value.size() != model::kIcmpSettingCount) return Fail(d.Problem("has unknown keys"));
  return icmp;
}

Result<model::IcmpOverrides> DecodeIcmpOverrides(const Decoder& d, const json& value) {
  if (!value.is_object()) return Fail(d.Problem("must be an object"));
  model::IcmpOverrides overrides;
  for (const auto& [key, item] : value.items()) {
    const model::IcmpSettingInfo* found = nullptr;
    for (const auto& info : model::IcmpSettingTable()) {
      if (info.policy_name == key) found = &info;
    }
    if (found == nullptr) return Fail(d.Problem("'" + key + "' is not an ICMP setting"));
    bool allowed = false;
    HW_ASSIGN_OR_RETURN(allowed, d.At(key).Bool(item));
    overrides.values[static_cast<size_t>(found->setting)] = allowed;
  }
  return overrides;
}

Result<model::ProfileSettings> DecodeProfile(const Decoder& d, const json& value) {
  HW_TRY(d.ExpectObject(
      value, {"firewall_enabled", "exceptions_allowed", "notifications_enabled",
              "unicast_responses_to_multicast", "programs", "ports", "services", "icmp"}));
  model::ProfileSettings profile;
  HW_ASSIGN_OR_RETURN(profile.firewall_enabled,
                      d.At("firewall_enabled").Bool(value["firewall_enabled"]));
  HW_ASSIGN_OR_RETURN(profile.exceptions_allowed,
                      d.At("exceptions_allowed").Bool(value["exceptions_allowed"]));
  HW_ASSIGN_OR_RETURN(profile.notifications_enabled,
                      d.At("notifications_enabled").Bool(value["notifications_enabled"]));
  HW_ASSIGN_OR_RETURN(
      profile.unicast_responses_to_multicast,
      d.At("unicast_responses_to_multicast").Bool(value["unicast_responses_to_multicast"]));
  HW_ASSIGN_OR_RETURN(profile.programs, DecodePrograms(d.At("programs"), value["programs"]));
  HW_ASSIGN_OR_RETURN(profile.ports, DecodePorts(d.At("ports"), value["ports"], true));
  const Decoder services = d.At("services");
  HW_TRY(services.ExpectObject(value["services"],
                               {"fileandprint", "remoteadmin", "remotedesktop", "upnp"}));
  for (const auto& info : model::ServiceTable()) {
    const std::string key = ServiceKey(info);
    const Decoder at = services.At(key);
    const json& item = value["services"][key];
    HW_TRY(at.ExpectObject(item, {"enabled", "scope"}));
    model::ServiceSetting& service = profile.service(info.type);
    HW_ASSIGN_OR_RETURN(service.enabled, at.At("enabled").Bool(item["enabled"]));
    HW_ASSIGN_OR_RETURN(service.scope, at.At("scope").Scope(item["scope"]));
  }
  HW_ASSIGN_OR_RETURN(profile.icmp, DecodeIcmp(d.At("icmp"), value["icmp"]));
  return profile;
}

Result<model::LoggingSettings> DecodeLogging(const Decoder& d, const json& value) {
  HW_TRY(d.ExpectObject(value, {"file_path", "max_file_size_kb", "log_dropped_packets",
                                "log_successful_connections"}));
  model::LoggingSettings logging;
  HW_ASSIGN_OR_RETURN(logging.file_path, d.At("file_path").String(value["file_path"]));
  if (!logging.file_path.empty() && logging.file_path.front() != '/') {
    return Fail(d.At("file_path").Problem("must be empty or an absolute path"));
  }
  HW_ASSIGN_OR_RETURN(
      logging.max_file_size_kb,
      d.At("max_file_size_kb")
          .Number(value["max_file_size_kb"], model::kMinLogFileSizeKb, model::kMaxLogFileSizeKb));
  HW_ASSIGN_OR_RETURN(logging.log_dropped_packets,
                      d.At("log_dropped_packets").Bool(value["log_dropped_packets"]));
  HW_ASSIGN_OR_RETURN(logging.log_successful_connections,
                      d.At("log_successful_connections").Bool(value["log_successful_connections"]));
  return logging;
}

Result<std::vector<model::InterfaceSettings>> DecodeConnections(const Decoder& d,
                                                                const json& value) {
  if (!value.is_array()) return Fail(d.Problem("must be an array"));
  std::vector<model::InterfaceSettings> connections;
  for (size_t i = 0; i < value.size(); ++i) {
    const Decoder at = d.At(i);
    HW_TRY(at.ExpectObject(value[i], {"name", "firewall_enabled", "ports", "icmp"}));
    model::InterfaceSettings connection;
    HW_ASSIGN_OR_RETURN(connection.name, at.At("name").String(value[i]["name"]));
    if (connection.name.empty()) return Fail(at.At("name").Problem("must not be empty"));
    HW_ASSIGN_OR_RETURN(connection.firewall_enabled,
                        at.At("firewall_enabled").Bool(value[i]["firewall_enabled"]));
    HW_ASSIGN_OR_RETURN(connection.ports, DecodePorts(at.At("ports"), value[i]["ports"], false));
    HW_ASSIGN_OR_RETURN(connection.icmp, DecodeIcmpOverrides(at.At("icmp"), value[i]["icmp"]));
    if (model::FindInterface(connections, connection.name) != nullptr) {
      return Fail(at.Problem("connection '" + connection.name + "' is listed twice"));
    }
    if (!connection.IsDefault()) connections.push_back(std::move(connection));
  }
  std::sort(connections.begin(), connections.end(),
            [](const auto& a, const auto& b) { return a.name < b.name; });
  return connections;
}

}  // namespace

json EncodePolicy(const model::LocalPolicy& policy) {
  json profiles = json::object();
  for (model::Profile p : model::kProfiles) {
    profiles[std::string(kProfileKeys[static_cast<size_t>(p)])] = EncodeProfile(policy.profile(p));
  }
  json connections = json::array();
  for (const auto& connection : policy.interfaces) {
    json ports = json::array();
    for (const auto& port : connection.ports) ports.push_back(EncodePort(port, false));
    json icmp = json::object();
    for (const auto& info : model::IcmpSettingTable()) {
      const auto& value = connection.icmp.values[static_cast<size_t>(info.setting)];
      if (value) icmp[std::string(info.policy_name)] = *value;
    }
    connections.push_back({{"name", connection.name},
                           {"firewall_enabled", connection.firewall_enabled},
                           {"ports", std::move(ports)},
                           {"icmp", std::move(icmp)}});
  }
  const model::LoggingSettings& logging = policy.logging;
  return {{"schema_version", kSchemaVersion},
          {"profiles", std::move(profiles)},
          {"logging",
           {{"file_path", logging.file_path},
            {"max_file_size_kb", logging.max_file_size_kb},
            {"log_dropped_packets", logging.log_dropped_packets},
            {"log_successful_connections", logging.log_successful_connections}}},
          {"connections", std::move(connections)}};
}

Result<model::LocalPolicy> DecodePolicy(const json& document) {
  const Decoder root("");
  HW_TRY(root.ExpectObject(document, {"schema_version", "profiles", "logging", "connections"}));
  if (!document["schema_version"].is_number_integer() ||
      document["schema_version"].get<int64_t>() != kSchemaVersion) {
    return Fail(root.At("schema_version")
                    .Problem("must be " + std::to_string(kSchemaVersion) +
                             "; this hostwall reads no other version"));
  }
  model::LocalPolicy policy;
  const Decoder profiles = root.At("profiles");
  HW_TRY(profiles.ExpectObject(document["profiles"], {"domain", "standard"}));
  for (model::Profile p : model::kProfiles) {
    const std::string key(kProfileKeys[static_cast<size_t>(p)]);
    HW_ASSIGN_OR_RETURN(policy.profile(p),
                        DecodeProfile(profiles.At(key), document["profiles"][key]));
  }
  HW_ASSIGN_OR_RETURN(policy.logging, DecodeLogging(root.At("logging"), document["logging"]));
  HW_ASSIGN_OR_RETURN(policy.interfaces,
                      DecodeConnections(root.At("connections"), document["connections"]));
  return policy;
}

std::string EncodePolicyText(const model::LocalPolicy& policy) {
  return EncodePolicy(policy).dump(1, ' ', false, json::error_handler_t::replace) + "\n";
}

Result<model::LocalPolicy> DecodePolicyText(std::string_view text) {
  json document;
  try {
    document = json::parse(text);
  } catch (const json::parse_error& e) {
    return Fail(ErrorCode::kInvalidArgument,
                "not valid JSON at byte " + std::to_string(e.byte) + ": " + e.what());
  }
  return DecodePolicy(document);
}

}  // namespace hostwall::store
