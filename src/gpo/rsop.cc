#include "gpo/rsop.h"

#include "core/text.h"

namespace hostwall::gpo {
namespace {

const char* Mode(bool on) { return on ? "Enable" : "Disable"; }

class Lines {
 public:
  Lines(const std::map<std::string, std::string>& sources) : sources_(sources) {}

  // "Label = value (source...)" for a setting `registry` names, given the local value.
  template <typename T, typename Format>
  void Setting(const std::string& label, const std::string& registry, const T& local,
               const std::optional<T>& policy, Format format) {
    std::string line = PadRight(label, 34) + "= " + format(policy.value_or(local));
    if (policy) {
      line += "  (Group Policy: " + Source(registry) + ")";
      if (!(*policy == local)) line += "; local " + format(local) + " overridden";
    } else {
      line += "  (local)";
    }
    lines_.push_back(line);
  }

  void Add(std::string line) { lines_.push_back(std::move(line)); }
  std::string Source(const std::string& registry) const {
    auto it = sources_.find(registry);
    return it == sources_.end() ? "policy" : it->second;
  }
  std::vector<std::string> Take() { return std::move(lines_); }

 private:
  const std::map<std::string, std::string>& sources_;
  std::vector<std::string> lines_;
};

template <typename Entry, typename Describe>
void List(Lines& lines, const char* title, const std::string& registry,
          const std::vector<Entry>& local, const policy::ListPolicy<Entry>& policy,
          Describe describe) {
  if (!policy.defined) {
    lines.Add(std::string(title) + ": the local list (policy not configured)");
  } else {
    lines.Add(std::string(title) + ": " +
              (*policy.defined ? "defined by Group Policy" : "disabled by Group Policy") + " (" +
              lines.Source(registry + "\\enabled") + "); local entries " +
              (policy.allow_local.value_or(false) ? "allowed" : "ignored"));
    for (const Entry& entry : policy.entries)
      lines.Add("  " + describe(entry) + "  (Group Policy)");
  }
  const bool local_used = !policy.defined || policy.allow_local.value_or(false);
  for (const Entry& entry : local) {
    lines.Add("  " + describe(entry) + (local_used ? "  (local)" : "  (local, ignored)"));
  }
}

}  // namespace

std::vector<std::string> ResultantSetOfPolicy(const model::LocalPolicy& local,
                                              const FirewallPolicy& policy,
                                              model::Profile profile) {
  const model::ProfileSettings& s = local.profile(profile);
  const policy::ProfilePolicy& p = policy.overlay.profile(profile);
  Lines lines(policy.sources[static_cast<size_t>(profile)]);
  auto on = [](bool v) { return std::string(Mode(v)); };
  lines.Setting("Operational mode", "\\enablefirewall", s.firewall_enabled, p.firewall_enabled, on);
  lines.Setting("Exception mode", "\\donotallowexceptions", s.exceptions_allowed,
                p.exceptions_allowed, on);
  lines.Setting("Notification mode", "\\disablenotifications", s.notifications_enabled,
                p.notifications_enabled, on);
  lines.Setting("Multicast/broadcast response mode",
                "\\disableunicastresponsestomulticastbroadcast", s.unicast_responses_to_multicast,
                p.unicast_responses_to_multicast, on);
  for (const model::ServiceInfo& info : model::ServiceTable()) {
    const auto& policy_service = p.services[static_cast<size_t>(info.type)];
    const model::ServiceSetting& local_service = s.service(info.type);
    auto describe = [](const model::ServiceSetting& v) {
      return std::string(Mode(v.enabled)) + ", scope " + model::FormatScopeText(v.scope);
    };
    const std::string registry =
        info.type == model::ServiceType::kRemoteAdmin
            ? "\\remoteadminsettings\\enabled"
            : "\\services\\" +
                  ToLower(info.type == model::ServiceType::kFileAndPrint    ? "FileAndPrint"
                          : info.type == model::ServiceType::kRemoteDesktop ? "RemoteDesktop"
                                                                            : "UPnPFramework") +
                  "\\enabled";
    lines.Setting(std::string(info.display_name), registry, local_service, policy_service,
                  describe);
  }
  List(lines, "Allowed programs", "\\authorizedapplications", s.programs, p.programs,
       [](const model::AllowedProgram& a) {
         return std::string(Mode(a.enabled)) + "  " + a.name + " / " + a.path + ", scope " +
                model::FormatScopeText(a.scope);
       });
  List(lines, "Port exceptions", "\\globallyopenports", s.ports, p.ports,
       [](const model::PortOpening& o) {
         return std::string(Mode(o.enabled)) + "  " + std::to_string(o.port) + "/" +
                std::string(model::ProtocolName(o.protocol)) + " " + o.name + ", scope " +
                model::FormatScopeText(o.scope);
       });
  lines.Setting("ICMP settings", "\\icmpsettings\\allowinboundechorequest", s.icmp, p.icmp,
                [](const model::IcmpSettings& icmp) {
                  std::vector<std::string> allowed;
                  for (const auto& info : model::IcmpSettingTable()) {
                    if (icmp.Allows(info.setting))
                      allowed.push_back(std::to_string(info.netsh_type));
                  }
                  return allowed.empty() ? std::string("none allowed")
                                         : "types " + Join(allowed, ", ") + " allowed";
                });
  const model::LoggingSettings& log = local.logging;
  lines.Setting("Log dropped packets", "\\logging\\logdroppedpackets", log.log_dropped_packets,
                p.log_dropped_packets, on);
  lines.Setting("Log successful connections", "\\logging\\logsuccessfulconnections",
                log.log_successful_connections, p.log_successful_connections, on);
  lines.Setting("Log file size", "\\logging\\logfilesize", log.max_file_size_kb, p.log_file_size_kb,
                [](uint32_t kb) { return std::to_string(kb) + " KB"; });
  return lines.Take();
}

}  // namespace hostwall::gpo
