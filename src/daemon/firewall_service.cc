#include "daemon/firewall_service.h"

#include <pwd.h>
#include <unistd.h>

#include <climits>

#include "core/text.h"
#include "explain/diagnose.h"
#include "explain/evaluator.h"
#include "gpo/rsop.h"
#include "kernel/socket_table.h"
#include "netsh/apply.h"
#include "netsh/grammar.h"
#include "netsh/lexer.h"
#include "netsh/parser.h"
#include "netsh/policy_guard.h"
#include "netsh/show.h"
#include "policy/preview.h"
#include "store/policy_codec.h"

namespace hostwall::daemon {
namespace {

using nlohmann::json;

constexpr std::string_view kOk = "Ok.\n\n";

Error NotAllowed() {
  return Error(ErrorCode::kPermissionDenied,
               "You must be root or a member of group 'hostwall' to change these settings.");
}

Result<bool> OptionalBool(const json& params, const char* key) {
  if (!params.contains(key)) return false;
  if (!params[key].is_boolean()) {
    return Fail(ErrorCode::kInvalidArgument, std::string("\"") + key + "\" must be true or false");
  }
  return params[key].get<bool>();
}

Result<std::string> RequiredString(const json& params, const char* key) {
  if (!params.contains(key) || !params[key].is_string()) {
    return Fail(ErrorCode::kInvalidArgument, std::string("\"") + key + "\" must be a string");
  }
  return params[key].get<std::string>();
}

struct ScriptLine {
  size_t number;
  std::vector<netsh::Token> tokens;
  netsh::NetshCommand command;
};

std::string CountOf(size_t n, const char* what) { return std::to_string(n) + " " + what; }

}  // namespace

FirewallService::FirewallService(store::PolicyStore store, model::LocalPolicy policy,
                                 ServiceOptions options, HostFactsSource host_facts,
                                 Enforcer& enforcer, DaemonLog& log)
    : store_(std::move(store)),
      policy_(std::move(policy)),
      options_(std::move(options)),
      host_facts_(std::move(host_facts)),
      facts_(host_facts_()),
      enforcer_(enforcer),
      log_(log) {}

Result<void> FirewallService::Start() {
  if (options_.policy_source != nullptr) overlay_ = options_.policy_source->policy().overlay;
  return Activate(policy_, LogFailure::kReport);
}

void FirewallService::RefreshPolicy(bool force) {
  PolicySource* source = options_.policy_source;
  if (source == nullptr) return;
  const std::vector<std::string> known_problems = source->problems();
  const bool changed = source->Refresh(force);
  if (source->problems() != known_problems) {
    for (const std::string& problem : source->problems()) {
      log_.Error("Group Policy not applied, the previous one stays: " + problem);
    }
  }
  if (!changed) return;
  overlay_ = source->policy().overlay;
  for (const std::string& warning : source->policy().warnings) log_.Warning(warning);
  if (auto enforced = Activate(policy_, LogFailure::kReport); !enforced) {
    log_.Error("Group Policy changed but the ruleset was refused: " + enforced.error().message());
    return;
  }
  log_.Info("Group Policy applied from " + std::to_string(source->files().size()) + " file(s)");
}

Result<json> FirewallService::PolicyPreview(const json& params) const {
  auto hex = RequiredString(params, "file_hex");
  if (!hex) return Fail(hex.error());
  const std::optional<std::vector<uint8_t>> bytes = DecodeHex(*hex);
  if (!bytes) return Fail(ErrorCode::kInvalidArgument, "\"file_hex\" is not hex");
  const std::string name = params.value("name", "the previewed file");
  const PolicySource none("");
  const PolicySource& source = options_.policy_source ? *options_.policy_source : none;
  auto preview = source.PreviewWith(*bytes, name);
  if (!preview) return Fail(preview.error());
  json profiles = json::array();
  for (model::Profile p : model::kProfiles) {
    profiles.push_back(
        {{"profile", model::ProfileName(p)},
         {"current", p == facts_.current_profile},
         {"changes",
          policy::DescribeChanges(policy::ComputeEffectiveProfile(policy_, overlay_, p),
                                  policy::ComputeEffectiveProfile(policy_, preview->overlay, p))}});
  }
  return json{{"profiles", std::move(profiles)},
              {"warnings", preview->warnings},
              {"not_applicable", preview->not_applicable}};
}

json FirewallService::PolicyShow() const {
  const gpo::FirewallPolicy none;
  const gpo::FirewallPolicy& policy =
      options_.policy_source ? options_.policy_source->policy() : none;
  json profiles = json::array();
  for (model::Profile p : model::kProfiles) {
    profiles.push_back({{"profile", model::ProfileName(p)},
                        {"current", p == facts_.current_profile},
                        {"settings", gpo::ResultantSetOfPolicy(policy_, policy, p)}});
  }
  json result = PolicyStatus();
  result["profiles"] = std::move(profiles);
  return result;
}

json FirewallService::PolicyStatus() const {
  const PolicySource* source = options_.policy_source;
  if (source == nullptr) return json{{"files", json::array()}};
  return json{{"files", source->files()},
              {"warnings", source->policy().warnings},
              {"not_applicable", source->policy().not_applicable},
              {"problems", source->problems()}};
}

void FirewallService::RefreshHostFacts() {
  model::HostFacts facts = host_facts_();
  // Executables are host facts too: an upgrade replaces the file an exception names.
  ResolvePrograms(policy_, facts);
  if (facts == facts_) return;
  facts_ = std::move(facts);
  if (auto enforced = Apply(policy_, LogFailure::kReport); !enforced) {
    log_.Error("the network changed but the new ruleset was refused: " +
               enforced.error().message());
  }
}

void FirewallService::SaveKnownGood() {
  if (auto saved = enforcer_.SaveKnownGood(); !saved) {
    log_.Error("the boot-time copy of the ruleset could not be written: " +
               saved.error().message());
  }
}

void FirewallService::ResolvePrograms(const model::LocalPolicy& policy, model::HostFacts& facts) {
  if (options_.programs == nullptr) return;
  // Every program either list names, local or policy: the merge decides later which count.
  std::vector<std::string> paths;
  for (model::Profile p : model::kProfiles) {
    for (const model::AllowedProgram& program : policy.profile(p).programs) {
      paths.push_back(program.path);
    }
    for (const model::AllowedProgram& program : overlay_.profile(p).programs.entries) {
      paths.push_back(program.path);
    }
  }
  std::vector<std::string> problems;
  facts.program_ids = options_.programs->Resolve(paths, problems);
  facts.program_listeners = options_.programs->program_listeners();
  for (const std::string& problem : problems) log_.Error(problem);
  // A program listed meanwhile (by netsh or policy) needs no answer any more.
  for (const SecurityAlert& alert : alerts_.pending()) {
    if (options_.programs->IdOf(alert.executable)) alerts_.DropExecutable(alert.executable);
  }
}

Result<void> FirewallService::Activate(const model::LocalPolicy& policy,
                                       LogFailure on_log_failure) {
  ResolvePrograms(policy, facts_);
  return Apply(policy, on_log_failure);
}

Result<void> FirewallService::Apply(const model::LocalPolicy& policy, LogFailure on_log_failure) {
  const policy::EffectiveProfile effective =
      policy::ComputeEffectiveProfile(policy, overlay_, facts_.current_profile);
  EventLogger* logger = options_.logger;
  if (logger == nullptr) return enforcer_.Enforce(effective, facts_);
  // The log first: a file that cannot be opened refuses the change before the kernel sees it.
  const LogSettings previous = logger->settings();
  if (auto configured = logger->Configure(LogSettingsOf(effective)); !configured) {
    if (on_log_failure == LogFailure::kRefuse) return configured;
    log_.Error(configured.error().message());
  }
  if (auto enforced = enforcer_.Enforce(effective, facts_); !enforced) {
    if (auto restored = logger->Configure(previous); !restored) {
      log_.Error("the previous log settings could not be restored: " + restored.error().message());
    }
    return enforced;
  }
  logger->SetLocalAddresses(facts_.local_addresses);
  return Ok();
}

LogSettings FirewallService::LogSettingsOf(const policy::EffectiveProfile& effective) const {
  const model::LoggingSettings& logging = effective.logging;
  const bool on = effective.settings.firewall_enabled;
  return {.path = logging.file_path.empty() ? options_.default_log_path : logging.file_path,
          .max_kb = logging.max_file_size_kb,
          .dropped_packets = on && logging.log_dropped_packets,
          .connections = on && logging.log_successful_connections};
}

ControlServer::Reply FirewallService::Handle(std::string_view line, const Peer& peer) {
  auto request = protocol::ParseRequest(line);
  if (!request) return {protocol::ErrorLine(nullptr, request.error())};
  auto result = Dispatch(*request, peer);
  if (!result) return {protocol::ErrorLine(request->id, result.error())};
  return {protocol::SuccessLine(request->id, *result), request->method == "alerts_subscribe"};
}

void FirewallService::Publish(const json& event) const {
  if (publish_) publish_(event.dump() + "\n");
}

Result<json> FirewallService::Diagnose() const {
  auto listening = kernel::ListListeningSockets();
  if (!listening) return Fail(listening.error());
  const policy::EffectiveProfile current =
      policy::ComputeEffectiveProfile(policy_, overlay_, facts_.current_profile);
  const explain::Diagnosis diagnosis = explain::Diagnose(current, facts_, *listening);
  static constexpr const char* kCoverage[] = {"local only", "not filtered", "port exception",
                                              "service",    "program",      "not covered"};
  json sockets = json::array();
  for (const explain::SocketDiagnosis& d : diagnosis.sockets) {
    json owners = json::array();
    for (const model::SocketOwner& owner : d.socket.owners) {
      owners.push_back({{"pid", owner.pid}, {"program", owner.program}});
    }
    sockets.push_back({{"protocol", model::ProtocolName(d.socket.protocol)},
                       {"address", FormatIpAddress(d.socket.address)},
                       {"port", d.socket.port},
                       {"owners", std::move(owners)},
                       {"coverage", kCoverage[static_cast<size_t>(d.coverage)]},
                       {"covered_by", d.covered_by},
                       {"suggestion", d.suggestion}});
  }
  return json{{"profile", model::ProfileName(facts_.current_profile)},
              {"firewall_enabled", current.settings.firewall_enabled},
              {"exceptions_allowed", current.settings.exceptions_allowed},
              {"warnings", diagnosis.warnings},
              {"sockets", std::move(sockets)}};
}

json FirewallService::SubscribeAlerts(const Peer& peer) const {
  json pending = json::array();
  for (const SecurityAlert& alert : alerts_.pending()) pending.push_back(ToJson(alert));
  return {{"may_unblock", peer.may_change}, {"pending", std::move(pending)}};
}

void FirewallService::OnListenEvent(const kernel::ListenEvent& event) {
  if (options_.programs == nullptr) return;
  if (options_.programs->OnListenEvent(event)) {
    facts_.program_listeners = options_.programs->program_listeners();
    if (auto enforced = Apply(policy_, LogFailure::kReport); !enforced) {
      log_.Error("a listener changed but the ruleset was refused: " + enforced.error().message());
    }
  }
  if (event.listening) RaiseAlert(event);
}

// Spec §7.2: a program with no entry starts to listen while the firewall is on, exceptions are
// allowed and notifications are on for the current profile.
void FirewallService::RaiseAlert(const kernel::ListenEvent& event) {
  // The cheap test first: most listeners belong to listed programs, and merging the profile
  // copies every exception.
  if (options_.programs->IdOf(event.executable)) return;  // listed: enabled or kept blocked
  const policy::EffectiveProfile effective =
      policy::ComputeEffectiveProfile(policy_, overlay_, facts_.current_profile);
  const model::ProfileSettings& s = effective.settings;
  if (!s.firewall_enabled || !s.exceptions_allowed || !s.notifications_enabled) return;
  char path[PATH_MAX] = {};
  const std::string exe = "/proc/" + std::to_string(event.pid) + "/exe";
  if (::readlink(exe.c_str(), path, sizeof(path) - 1) <= 0) return;  // gone already
  SecurityAlert alert{.executable = event.executable,
                      .path = path,
                      .pid = event.pid,
                      .uid = event.uid,
                      .profile = std::string(model::ProfileName(facts_.current_profile))};
  alert.name = alert.path.substr(alert.path.rfind('/') + 1);
  if (const passwd* user = ::getpwuid(event.uid)) alert.user = user->pw_name;
  if (const SecurityAlert* raised = alerts_.Raise(std::move(alert), event.protocol, event.port)) {
    Publish({{"event", "security_alert"}, {"alert", ToJson(*raised)}});
  }
}

// Spec §7.4. Unblock adds an enabled exception, Keep Blocking a disabled one (no further alert),
// Ask Me Later nothing (the next listen alerts again). A non-administrator may only keep the
// program blocked, as XP's "Do not display this message again" does (KB900912).
Result<json> FirewallService::AnswerAlert(const json& params, const Peer& peer) {
  auto answer = RequiredString(params, "answer");
  if (!answer) return Fail(answer.error());
  if (!params.contains("id") || !params["id"].is_number_unsigned()) {
    return Fail(ErrorCode::kInvalidArgument, "\"id\" must be an alert id");
  }
  if (*answer != "unblock" && *answer != "keep_blocking" && *answer != "ask_later") {
    return Fail(ErrorCode::kInvalidArgument,
                "\"answer\" must be unblock, keep_blocking or ask_later, not '" + *answer + "'");
  }
  if (*answer == "unblock" && !peer.may_change) return Fail(NotAllowed());
  const uint64_t id = params["id"].get<uint64_t>();
  const SecurityAlert* waiting = alerts_.Find(id);
  if (waiting == nullptr) {
    return Fail(ErrorCode::kNotFound, "no Security Alert " + std::to_string(id) + " is waiting");
  }
  const SecurityAlert alert = *waiting;  // the change below takes it off the list
  if (*answer != "ask_later") {
    const Peer as_admin{.pid = peer.pid, .uid = peer.uid, .may_change = true};
    const json args = {"add", "allowedprogram", "program=" + alert.path, "name=" + alert.name,
                       *answer == "unblock" ? "mode=ENABLE" : "mode=DISABLE"};
    HW_TRY(Netsh({{"args", args}}, as_admin));
  }
  alerts_.Take(id);
  Publish({{"event", "security_alert_closed"}, {"alert_id", id}, {"answer", *answer}});
  return json{{"id", id}, {"answer", *answer}};
}

Result<json> FirewallService::Dispatch(const protocol::Request& request, const Peer& peer) {
  if (request.method == "netsh") return Netsh(request.params, peer);
  if (request.method == "netsh_script") return NetshScript(request.params, peer);
  if (request.method == "status") return Status();
  if (request.method == "export") return json{{"policy", store::EncodePolicy(policy_)}};
  if (request.method == "import") return Import(request.params, peer);
  if (request.method == "explain") return Explain(request.params);
  if (request.method == "policy_preview") return PolicyPreview(request.params);
  if (request.method == "policy_show") return PolicyShow();
  if (request.method == "alerts_subscribe") return SubscribeAlerts(peer);
  if (request.method == "diagnose") return Diagnose();
  if (request.method == "alert_answer") return AnswerAlert(request.params, peer);
  if (request.method == "policy_refresh") {
    if (!peer.may_change) return Fail(NotAllowed());
    RefreshPolicy(true);
    return PolicyStatus();
  }
  return Fail(ErrorCode::kInvalidArgument, "unknown method '" + request.method + "'");
}

Result<std::string> FirewallService::Execute(const netsh::NetshCommand& command,
                                             const model::HostFacts& facts,
                                             model::LocalPolicy& policy) const {
  if (command.ChangesSettings()) {
    HW_TRY(netsh::ApplyChange(command, facts, policy));
    return std::string(kOk);
  }
  return Show(command, facts, policy, nullptr);
}

std::string FirewallService::Show(const netsh::NetshCommand& command, const model::HostFacts& facts,
                                  const model::LocalPolicy& policy, json* data) const {
  netsh::ShowContext context{.facts = facts,
                             .default_log_path = options_.default_log_path,
                             .overlay = overlay_,
                             .warnings = options_.startup_problems};
  for (model::Profile p : model::kProfiles) {
    context.profiles[static_cast<size_t>(p)] = policy::ComputeEffectiveProfile(policy, overlay_, p);
  }
  if (command.object == netsh::Object::kState) {
    // Ports that running allowed programs hold open, as they are at this moment.
    if (auto listening = kernel::ListListeningSockets(); listening) {
      context.listening = std::move(*listening);
    }
  }
  const netsh::Report report = netsh::BuildShowReport(command, context);
  if (data != nullptr) {
    *data = netsh::FormatJson(report);
    return std::string();
  }
  return netsh::FormatText(report);
}

Result<json> FirewallService::Netsh(const json& params, const Peer& peer) {
  if (!params.contains("args") || !params["args"].is_array()) {
    return Fail(ErrorCode::kInvalidArgument, "\"args\" must be an array of strings");
  }
  std::vector<std::string> words;
  for (const json& word : params["args"]) {
    if (!word.is_string()) {
      return Fail(ErrorCode::kInvalidArgument, "\"args\" must be an array of strings");
    }
    words.push_back(word.get<std::string>());
  }
  auto as_json = OptionalBool(params, "json");
  if (!as_json) return Fail(as_json.error());

  const std::vector<netsh::Token> tokens = netsh::LexArgv(words);
  if (auto help = netsh::HelpRequest(tokens)) return json{{"output", *help}};
  auto command = netsh::ParseCommand(tokens);
  if (!command) return Fail(command.error());
  if (command->ChangesSettings() && !peer.may_change) return Fail(NotAllowed());
  HW_TRY(netsh::CheckNotControlledByPolicy(*command, facts_, overlay_));

  if (!command->ChangesSettings()) {
    // A show reads the state in place: no copy of a policy that may hold 100,000 exceptions.
    json data;
    json result{{"output", Show(*command, facts_, policy_, *as_json ? &data : nullptr)}};
    if (*as_json) result["data"] = std::move(data);
    return result;
  }
  model::LocalPolicy next = policy_;
  HW_TRY(netsh::ApplyChange(*command, facts_, next));
  const store::ChangeRecord change{.commands = {tokens}, .facts = facts_};
  HW_TRY(Commit(std::move(next), &change, "netsh firewall " + Join(words, " "), peer));
  return json{{"output", kOk}};
}

Result<json> FirewallService::NetshScript(const json& params, const Peer& peer) {
  auto script = RequiredString(params, "script");
  if (!script) return Fail(script.error());

  // Parse every line first: a script with one bad line runs not at all.
  std::vector<ScriptLine> lines;
  std::vector<std::string> errors;
  const std::vector<std::string> texts = Split(*script, '\n');
  for (size_t i = 0; i < texts.size(); ++i) {
    const std::string_view text = Trim(texts[i]);
    if (text.empty() || text.front() == '#') continue;
    const std::string where = "line " + std::to_string(i + 1) + ": ";
    auto tokens = netsh::LexLine(text);
    if (!tokens) {
      errors.push_back(where + tokens.error().message());
      continue;
    }
    // "netsh firewall ..." as KB articles and `hostwall log suggest` write it, or "firewall ...".
    if (!tokens->empty() && EqualsIgnoreCase(tokens->front().text, "netsh")) {
      tokens->erase(tokens->begin());
    }
    if (tokens->empty() || !EqualsIgnoreCase(tokens->front().text, "firewall")) {
      errors.push_back(where + "a command must start with 'firewall'");
      continue;
    }
    tokens->erase(tokens->begin());
    auto command = netsh::ParseCommand(*tokens);
    if (!command) {
      errors.push_back(where + command.error().message());
      continue;
    }
    if (auto guarded = netsh::CheckNotControlledByPolicy(*command, facts_, overlay_); !guarded) {
      errors.push_back(where + guarded.error().message());
      continue;
    }
    lines.push_back(
        {.number = i + 1, .tokens = std::move(*tokens), .command = std::move(*command)});
  }
  if (!errors.empty()) {
    return Fail(ErrorCode::kInvalidArgument,
                "The script was not run; nothing changed.\n" + Join(errors, "\n"));
  }
  bool changes = false;
  for (const ScriptLine& line : lines) changes = changes || line.command.ChangesSettings();
  if (changes && !peer.may_change) return Fail(NotAllowed());

  const model::HostFacts& facts = facts_;
  model::LocalPolicy next = policy_;
  store::ChangeRecord change{.facts = facts};
  std::string output;
  for (const ScriptLine& line : lines) {
    if (line.command.ChangesSettings()) change.commands.push_back(line.tokens);
    auto result = Execute(line.command, facts, next);
    if (!result) {
      return Fail(result.error().code(), "line " + std::to_string(line.number) + ": " +
                                             result.error().message() +
                                             "\nThe script was not applied; nothing changed.");
    }
    output += *result;
  }
  if (changes) {
    HW_TRY(Commit(std::move(next), &change,
                  "a netsh script of " + CountOf(lines.size(), "commands"), peer));
  }
  return json{{"output", output}};
}

Result<json> FirewallService::Import(const json& params, const Peer& peer) {
  if (!peer.may_change) return Fail(NotAllowed());
  if (!params.contains("policy")) {
    return Fail(ErrorCode::kInvalidArgument, "\"policy\" is missing");
  }
  auto imported = store::DecodePolicy(params["policy"]);
  if (!imported) {
    return Fail(imported.error().WithContext("the import was refused; nothing changed"));
  }
  size_t programs = 0;
  size_t ports = 0;
  for (const model::ProfileSettings& profile : imported->profiles) {
    programs += profile.programs.size();
    ports += profile.ports.size();
  }
  HW_TRY(Commit(std::move(*imported), nullptr, "import", peer));
  return json{{"programs", programs}, {"ports", ports}};
}

Result<json> FirewallService::Explain(const json& params) const {
  auto source = RequiredString(params, "source");
  auto protocol = RequiredString(params, "protocol");
  if (!source) return Fail(source.error());
  if (!protocol) return Fail(protocol.error());
  explain::Flow flow;
  auto address = ParseIpNetwork(*source);
  if (!address || !address->IsHost()) {
    return Fail(ErrorCode::kInvalidArgument, "\"source\" must be one IPv4 or IPv6 address");
  }
  flow.source = *address;
  const std::string kind = ToLower(*protocol);
  if (kind == "icmp") {
    flow.kind = explain::Flow::Kind::kIcmp;
    if (!params.contains("icmp_type") || !params["icmp_type"].is_number_unsigned() ||
        params["icmp_type"].get<uint64_t>() > 255) {
      return Fail(ErrorCode::kInvalidArgument, "ICMP needs \"icmp_type\" from 0 to 255");
    }
    flow.icmp_type = static_cast<uint8_t>(params["icmp_type"].get<uint64_t>());
  } else if (kind == "tcp" || kind == "udp") {
    flow.kind = kind == "tcp" ? explain::Flow::Kind::kTcp : explain::Flow::Kind::kUdp;
    if (!params.contains("port") || !params["port"].is_number_unsigned() ||
        params["port"].get<uint64_t>() < 1 || params["port"].get<uint64_t>() > 65535) {
      return Fail(ErrorCode::kInvalidArgument, "TCP and UDP need \"port\" from 1 to 65535");
    }
    flow.port = static_cast<uint16_t>(params["port"].get<uint64_t>());
  } else {
    return Fail(ErrorCode::kInvalidArgument, "\"protocol\" must be tcp, udp or icmp");
  }
  if (params.contains("interface")) {
    auto name = RequiredString(params, "interface");
    if (!name) return Fail(name.error());
    flow.interface = *name;
  }
  const policy::EffectiveProfile effective =
      policy::ComputeEffectiveProfile(policy_, overlay_, facts_.current_profile);
  const explain::Verdict verdict = explain::Explain(effective, facts_, flow);
  return json{{"allowed", verdict.allowed}, {"reason", verdict.reason}};
}

Result<json> FirewallService::Status() const {
  const model::HostFacts& facts = facts_;
  json profiles = json::object();
  for (model::Profile p : model::kProfiles) {
    const policy::EffectiveProfile effective =
        policy::ComputeEffectiveProfile(policy_, overlay_, p);
    const model::ProfileSettings& s = effective.settings;
    profiles[std::string(model::ProfileName(p))] = {{"firewall_enabled", s.firewall_enabled},
                                                    {"exceptions_allowed", s.exceptions_allowed},
                                                    {"allowed_programs", s.programs.size()},
                                                    {"port_openings", s.ports.size()}};
  }
  json logging = nullptr;
  if (const EventLogger* logger = options_.logger) {
    const LogSettings settings = logger->settings();
    logging = {{"path", settings.path},
               {"max_kb", settings.max_kb},
               {"dropped_packets", settings.dropped_packets},
               {"connections", settings.connections},
               {"events_written", logger->events_written()},
               {"events_lost", logger->events_lost()}};
  }
  return json{{"pid", ::getpid()},
              {"version", HOSTWALL_VERSION},
              {"logging", std::move(logging)},
              {"current_profile", model::ProfileName(facts.current_profile)},
              {"store", store_.path()},
              {"connections", facts.interfaces},
              {"problems", options_.startup_problems},
              {"group_policy", PolicyStatus()},
              {"profiles", std::move(profiles)}};
}

Result<void> FirewallService::Commit(model::LocalPolicy next, const store::ChangeRecord* change,
                                     std::string_view what, const Peer& peer) {
  if (next == policy_) return Ok();
  // The kernel first: a ruleset it refuses leaves everything as it was.
  HW_TRY(Activate(next, LogFailure::kRefuse));
  auto saved = change != nullptr ? store_.Record(*change, next) : store_.Replace(next);
  if (!saved) {
    if (auto restored = Activate(policy_, LogFailure::kReport); !restored) {
      log_.Error("the previous ruleset could not be restored: " + restored.error().message());
    }
    log_.Error("a change by uid " + std::to_string(peer.uid) +
               " could not be saved: " + saved.error().message());
    return Fail(saved.error().WithContext("the change could not be saved; nothing changed"));
  }
  policy_ = std::move(next);
  log_.Info("uid " + std::to_string(peer.uid) + " (pid " + std::to_string(peer.pid) +
            ") changed settings: " + std::string(what));
  return Ok();
}

}  // namespace hostwall::daemon
