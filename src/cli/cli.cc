#include "cli/cli.h"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <functional>
#include <iostream>
#include <optional>

#include "cli/alerts_command.h"
#include "cli/control_client.h"
#include "cli/exit_codes.h"
#include "cli/log_command.h"
#include "core/text.h"
#include "store/atomic_file.h"

namespace hostwall::cli {
namespace {

using nlohmann::json;

int Report(const Error& error) {
  std::cerr << error.message() << "\n";
  return error.code() == ErrorCode::kIo ? kExitUnreachable : kExitFailed;
}

Result<json> CallDaemon(const std::string& socket, const std::string& method, const json& params) {
  auto client = ControlClient::Connect(socket);
  if (!client) return Fail(client.error());
  return client->Call(method, params);
}

// Calls `method` and prints its result: as JSON with --json, else by `print`. Returns the exit
// status.
int CallAndPrint(const std::string& socket, const std::string& method, const json& params,
                 bool as_json, const std::function<void(const json&)>& print) {
  auto result = CallDaemon(socket, method, params);
  if (!result) return Report(result.error());
  if (as_json) {
    std::cout << result->dump(2) << "\n";
  } else {
    print(*result);
  }
  return 0;
}

Result<std::string> ReadInput(const std::string& path) {
  if (path != "-") return store::ReadWholeFile(path);
  return std::string(std::istreambuf_iterator<char>(std::cin), {});
}

int RunNetsh(const std::string& socket, bool as_json, const std::string& script_path,
             std::vector<std::string> words) {
  Result<json> result = json();
  if (!script_path.empty()) {
    auto script = ReadInput(script_path);
    if (!script) return Report(script.error());
    result = CallDaemon(socket, "netsh_script", {{"script", *script}});
  } else {
    // `--json` may also close the command, where scripts tend to put it.
    if (!words.empty() && words.back() == "--json") {
      as_json = true;
      words.pop_back();
    }
    if (words.empty() || !EqualsIgnoreCase(words.front(), "firewall")) {
      std::cerr << "hostwall netsh supports the firewall context: hostwall netsh firewall ...\n";
      return kExitFailed;
    }
    words.erase(words.begin());
    result = CallDaemon(socket, "netsh", {{"args", words}, {"json", as_json}});
  }
  if (!result) return Report(result.error());
  if (as_json && result->contains("data")) {
    std::cout << (*result)["data"].dump(2) << "\n";
  } else {
    std::cout << (*result)["output"].get<std::string>();
  }
  return 0;
}

void PrintStatus(const json& s) {
  std::cout << "hostwalld " << s["version"].get<std::string>() << " (pid " << s["pid"] << ")\n"
            << "Current profile: " << s["current_profile"].get<std::string>() << "\n";
  for (const auto& [name, profile] : s["profiles"].items()) {
    const bool on = profile["firewall_enabled"].get<bool>();
    const bool exceptions = profile["exceptions_allowed"].get<bool>();
    std::cout << PadRight(name + " profile:", 18)
              << (on ? (exceptions ? "On" : "On, no exceptions") : "Off") << ", "
              << profile["allowed_programs"] << " allowed programs, " << profile["port_openings"]
              << " port openings\n";
  }
  std::cout << "Store: " << s["store"].get<std::string>() << "\n";
  if (const json& log = s["logging"]; log.is_object()) {
    const bool dropped = log["dropped_packets"].get<bool>();
    const bool connections = log["connections"].get<bool>();
    std::cout << "Log: " << log["path"].get<std::string>() << " ("
              << (dropped && connections ? "dropped packets and connections"
                  : dropped              ? "dropped packets"
                  : connections          ? "connections"
                                         : "off")
              << "), " << log["events_written"] << " events written, " << log["events_lost"]
              << " events lost\n";
  }
  for (const auto& problem : s["problems"]) {
    std::cout << "WARNING: " << problem.get<std::string>() << "\n";
  }
}

int RunStatus(const std::string& socket, bool as_json) {
  return CallAndPrint(socket, "status", json::object(), as_json, PrintStatus);
}

// KB875357's netstat -ano and tasklist, joined, with what opens each socket.
void PrintDiagnosis(const json& d) {
  std::cout << "Profile: " << d["profile"].get<std::string>() << "; firewall "
            << (d["firewall_enabled"].get<bool>() ? "on" : "OFF") << "; exceptions "
            << (d["exceptions_allowed"].get<bool>() ? "allowed" : "NOT ALLOWED") << "\n";
  for (const auto& warning : d["warnings"]) {
    std::cout << "WARNING: " << warning.get<std::string>() << "\n";
  }
  std::cout << "\n"
            << PadRight("Proto", 6) << PadRight("Local address", 26) << PadRight("Port", 7)
            << PadRight("PID", 8) << PadRight("Program", 34) << "Open by\n";
  std::vector<std::string> suggestions;
  for (const json& s : d["sockets"]) {
    std::string pid = "-", program = "-";
    if (!s["owners"].empty()) {
      pid = std::to_string(s["owners"][0]["pid"].get<uint32_t>());
      program = s["owners"][0]["program"].get<std::string>();
    }
    const std::string coverage = s["coverage"].get<std::string>();
    const std::string by = s["covered_by"].get<std::string>();
    std::cout << PadRight(s["protocol"].get<std::string>(), 6)
              << PadRight(s["address"].get<std::string>(), 26)
              << PadRight(std::to_string(s["port"].get<int>()), 7) << PadRight(pid, 8)
              << PadRight(program, 33) << " "
              << (coverage == "not covered" ? "NOT COVERED" : coverage)
              << (by.empty() ? "" : " (" + by + ")") << "\n";
    const std::string suggestion = s["suggestion"].get<std::string>();
    if (!suggestion.empty() &&
        std::find(suggestions.begin(), suggestions.end(), suggestion) == suggestions.end()) {
      suggestions.push_back(suggestion);
    }
  }
  if (!suggestions.empty()) std::cout << "\nTo let the network reach what is not covered:\n";
  for (const std::string& suggestion : suggestions) std::cout << "  " << suggestion << "\n";
}

int RunDiagnose(const std::string& socket, bool as_json) {
  return CallAndPrint(socket, "diagnose", json::object(), as_json, PrintDiagnosis);
}

int RunExport(const std::string& socket, const std::string& path) {
  auto exported = CallDaemon(socket, "export", json::object());
  if (!exported) return Report(exported.error());
  const std::string text = (*exported)["policy"].dump(1) + "\n";
  if (path == "-") {
    std::cout << text;
    return 0;
  }
  if (auto written = store::WriteFileAtomically(path, text); !written) {
    return Report(Error(ErrorCode::kInvalidArgument, written.error().message()));
  }
  return 0;
}

int RunImport(const std::string& socket, const std::string& path) {
  auto text = ReadInput(path);
  if (!text) return Report(Error(ErrorCode::kInvalidArgument, text.error().message()));
  json policy;
  try {
    policy = json::parse(*text);
  } catch (const json::parse_error& e) {
    std::cerr << path << " is not valid JSON (byte " << e.byte << "); nothing changed\n";
    return kExitFailed;
  }
  auto imported = CallDaemon(socket, "import", {{"policy", std::move(policy)}});
  if (!imported) return Report(imported.error());
  std::cout << "Imported " << (*imported)["programs"] << " allowed programs and "
            << (*imported)["ports"] << " port openings.\n";
  return 0;
}

struct ExplainOptions {
  std::string source;
  std::string protocol;
  std::optional<int> port;
  std::optional<int> icmp_type;
  std::string interface_name;
};

int RunExplain(const std::string& socket, bool as_json, const ExplainOptions& options) {
  json params = {{"source", options.source}, {"protocol", options.protocol}};
  if (options.port) params["port"] = *options.port;
  if (options.icmp_type) params["icmp_type"] = *options.icmp_type;
  if (!options.interface_name.empty()) params["interface"] = options.interface_name;
  return CallAndPrint(socket, "explain", params, as_json, [](const json& verdict) {
    std::cout << (verdict["allowed"].get<bool>() ? "ALLOW" : "DROP") << "  "
              << verdict["reason"].get<std::string>() << "\n";
  });
}

void PrintPolicy(const json& shown) {
  const json& files = shown["files"];
  std::cout << "Group Policy files: "
            << (files.empty() ? std::string("none")
                              : Join(files.get<std::vector<std::string>>(), ", "))
            << "\n";
  for (const json& profile : shown["profiles"]) {
    std::cout << "\n"
              << profile["profile"].get<std::string>() << " profile"
              << (profile["current"].get<bool>() ? " (current)" : "") << ":\n";
    for (const json& line : profile["settings"])
      std::cout << "  " << line.get<std::string>() << "\n";
  }
  if (shown.contains("not_applicable") && !shown["not_applicable"].empty()) {
    std::cout << "\nNot applicable to Windows XP SP2 (ignored):\n";
    for (const json& value : shown["not_applicable"]) {
      std::cout << "  " << value.get<std::string>() << "\n";
    }
  }
}

int RunPolicyShow(const std::string& socket, bool as_json) {
  return CallAndPrint(socket, "policy_show", json::object(), as_json, PrintPolicy);
}

void PrintPreview(const json& preview) {
  for (const json& profile : preview["profiles"]) {
    std::cout << profile["profile"].get<std::string>() << " profile"
              << (profile["current"].get<bool>() ? " (current)" : "") << ":\n";
    if (profile["changes"].empty()) std::cout << "  No change.\n";
    for (const json& change : profile["changes"])
      std::cout << "  " << change.get<std::string>() << "\n";
  }
  for (const json& warning : preview["warnings"]) {
    std::cout << "Note: " << warning.get<std::string>() << "\n";
  }
}

int RunPolicyPreview(const std::string& socket, bool as_json, const std::string& path) {
  auto bytes = ReadInput(path);
  if (!bytes) return Report(Error(ErrorCode::kInvalidArgument, bytes.error().message()));
  const std::string hex =
      EncodeHex({reinterpret_cast<const uint8_t*>(bytes->data()), bytes->size()});
  return CallAndPrint(socket, "policy_preview", {{"file_hex", hex}, {"name", path}}, as_json,
                      PrintPreview);
}

}  // namespace

int RunCli(int argc, char** argv) {
  CLI::App app{"hostwall: the Windows XP SP2 firewall for Linux, client of hostwalld"};
  app.require_subcommand(1);
  std::string socket = DefaultSocketPath();
  bool as_json = false;
  app.add_option("--socket", socket, "hostwalld's control socket (or $HOSTWALL_SOCKET)");
  app.add_flag("--json", as_json, "print show and status results as JSON");

  CLI::App* netsh = app.add_subcommand("netsh", "netsh firewall commands, as on Windows XP SP2");
  std::string script_path;
  netsh->add_option("-f", script_path,
                    "run a netsh script (one 'firewall ...' per line; - = stdin)");
  netsh->prefix_command();

  CLI::App* status = app.add_subcommand("status", "show hostwalld's state");
  CLI::App* export_cmd = app.add_subcommand("export", "write the whole local policy as JSON");
  std::string export_path;
  export_cmd->add_option("file", export_path, "file to write (- = stdout)")->required();
  CLI::App* import_cmd = app.add_subcommand("import", "replace the local policy from JSON");
  std::string import_path;
  import_cmd->add_option("file", import_path, "file to read (- = stdin)")->required();

  CLI::App* explain = app.add_subcommand(
      "explain", "the verdict for a new inbound flow, and the setting responsible");
  ExplainOptions explain_options;
  explain->add_option("--from", explain_options.source, "source address")->required();
  explain->add_option("--protocol", explain_options.protocol, "tcp, udp or icmp")->required();
  explain->add_option("--port", explain_options.port, "TCP or UDP destination port");
  explain->add_option("--icmp-type", explain_options.icmp_type, "ICMP or ICMPv6 type");
  explain->add_option("--interface", explain_options.interface_name, "incoming connection");

  CLI::App* policy = app.add_subcommand("policy", "Group Policy");
  policy->require_subcommand(1);
  CLI::App* refresh =
      policy->add_subcommand("refresh", "read the policy files again and apply them (gpupdate)");
  CLI::App* show_policy = policy->add_subcommand(
      "show", "the resultant set of policy: each setting, its source, what it overrode");
  CLI::App* preview = policy->add_subcommand(
      "preview", "what a Registry.pol file would change if it were added, before it is");
  std::string preview_path;
  preview->add_option("file", preview_path, "the Registry.pol file")->required();

  CLI::App* log = app.add_subcommand("log", "read pfirewall.log");
  log->require_subcommand(1);
  LogOptions log_options;
  log->add_option("--file", log_options.file, "the log (default: hostwalld's, from its status)");
  CLI::App* follow = log->add_subcommand("follow", "print lines as they are written");
  CLI::App* summary = log->add_subcommand("summary", "top dropped ports, sources, protocols");
  CLI::App* suggest =
      log->add_subcommand("suggest", "netsh commands for the most dropped inbound ports");
  for (CLI::App* command : {summary, suggest}) {
    command->add_option("--since", log_options.since, "only the last 30m, 2h, 1d, ...");
    command->add_option("--top", log_options.top, "how many of each (default 10)");
  }

  CLI::App* diagnose = app.add_subcommand(
      "diagnose", "listening sockets, what opens each one, and netsh commands for the rest");
  CLI::App* alerts = app.add_subcommand("alerts", "wait for Security Alerts and answer them");
  AlertsOptions alerts_options;
  alerts->add_option("--answer", alerts_options.answer, "answer every alert so, without asking")
      ->check(CLI::IsMember({"unblock", "keep_blocking", "ask_later"}));
  alerts->add_option("--count", alerts_options.count, "stop after this many alerts");
  alerts->add_flag("--notify", alerts_options.notify, "also show a desktop notification");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  if (netsh->parsed()) return RunNetsh(socket, as_json, script_path, netsh->remaining());
  if (status->parsed()) return RunStatus(socket, as_json);
  if (alerts->parsed()) return RunAlerts(socket, alerts_options);
  if (diagnose->parsed()) return RunDiagnose(socket, as_json);
  if (follow->parsed()) return RunLogFollow(socket, log_options);
  if (summary->parsed()) return RunLogSummary(socket, log_options);
  if (suggest->parsed()) return RunLogSuggest(socket, log_options);
  if (export_cmd->parsed()) return RunExport(socket, export_path);
  if (explain->parsed()) return RunExplain(socket, as_json, explain_options);
  if (preview->parsed()) return RunPolicyPreview(socket, as_json, preview_path);
  if (show_policy->parsed()) return RunPolicyShow(socket, as_json);
  if (refresh->parsed()) {
    auto applied = CallDaemon(socket, "policy_refresh", json::object());
    if (!applied) return Report(applied.error());
    std::cout << applied->dump(2) << "\n";
    return (*applied)["problems"].empty() ? 0 : kExitFailed;
  }
  return RunImport(socket, import_path);
}

}  // namespace hostwall::cli
