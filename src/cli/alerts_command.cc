#include "cli/alerts_command.h"

#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <iostream>
#include <set>
#include <vector>

#include "cli/control_client.h"
#include "cli/exit_codes.h"
#include "core/text.h"

extern char** environ;

namespace hostwall::cli {
namespace {

using nlohmann::json;

std::string Ports(const json& alert) {
  std::vector<std::string> ports;
  for (const json& port : alert["ports"]) {
    ports.push_back(port["protocol"].get<std::string>() + " " +
                    std::to_string(port["port"].get<int>()));
  }
  return Join(ports, ", ");
}

// The desktop notification: gdbus, with the text as an argument (no shell involved).
void Notify(const json& alert) {
  if (std::getenv("DBUS_SESSION_BUS_ADDRESS") == nullptr) return;
  const std::string body = "Windows Firewall has blocked " + alert["name"].get<std::string>() +
                           " (" + Ports(alert) + ") from accepting connections.";
  std::vector<std::string> args = {"gdbus",
                                   "call",
                                   "--session",
                                   "--dest",
                                   "org.freedesktop.Notifications",
                                   "--object-path",
                                   "/org/freedesktop/Notifications",
                                   "--method",
                                   "org.freedesktop.Notifications.Notify",
                                   "hostwall",
                                   "0",
                                   "security-medium",
                                   "Windows Security Alert",
                                   body,
                                   "[]",
                                   "{}",
                                   "10000"};
  std::vector<char*> argv;
  for (std::string& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  pid_t pid = 0;
  if (posix_spawnp(&pid, "gdbus", nullptr, nullptr, argv.data(), environ) == 0) {
    int status = 0;
    ::waitpid(pid, &status, 0);
  }
}

void Print(const json& alert, bool may_unblock) {
  std::cout << "\nWindows Security Alert\n"
            << "To help protect your computer, Windows Firewall has blocked some features of "
               "this program.\n\n"
            << "  Name:      " << alert["name"].get<std::string>() << "\n"
            << "  Publisher: Unknown\n"
            << "  Path:      " << alert["program"].get<std::string>() << "\n"
            << "  Process:   " << alert["pid"] << " (user " << alert["user"].get<std::string>()
            << ")\n"
            << "  Listening: " << Ports(alert) << "\n";
  if (!may_unblock) {
    std::cout << "\nWindows Firewall has blocked this program from accepting connections from "
                 "the Internet or a network. Only an administrator (root or group hostwall) "
                 "can unblock it.\n";
  }
  std::cout << std::flush;
}

// The user's choice from the terminal; empty when the input ends.
std::string Ask(bool may_unblock) {
  while (true) {
    std::cout << (may_unblock ? "[K]eep Blocking, [U]nblock, [A]sk Me Later? "
                              : "[D]o not display this message again, [O]K? ")
              << std::flush;
    std::string line;
    if (!std::getline(std::cin, line)) return "";
    const std::string choice = ToLower(Trim(line));
    if (may_unblock && choice == "u") return "unblock";
    if (may_unblock && choice == "k") return "keep_blocking";
    if (may_unblock && choice == "a") return "ask_later";
    if (!may_unblock && choice == "d") return "keep_blocking";
    if (!may_unblock && choice == "o") return "ask_later";
  }
}

}  // namespace

int RunAlerts(const std::string& socket, const AlertsOptions& options) {
  auto client = ControlClient::Connect(socket, std::chrono::seconds(0));
  if (!client) {
    std::cerr << client.error().message() << "\n";
    return kExitUnreachable;
  }
  auto subscribed = client->Call("alerts_subscribe", json::object());
  if (!subscribed) {
    std::cerr << subscribed.error().message() << "\n";
    return kExitFailed;
  }
  const bool may_unblock = (*subscribed)["may_unblock"].get<bool>();
  std::vector<json> waiting((*subscribed)["pending"].begin(), (*subscribed)["pending"].end());
  std::set<uint64_t> answered_ids;  // an alert published again with more ports is not asked twice
  for (int handled = 0; options.count == 0 || handled < options.count; ++handled) {
    json alert;
    if (!waiting.empty()) {
      alert = std::move(waiting.front());
      waiting.erase(waiting.begin());
    } else {
      auto event = client->NextEvent();
      if (!event) {
        std::cerr << event.error().message() << "\n";
        return kExitUnreachable;
      }
      if ((*event)["event"] != "security_alert") {
        --handled;
        continue;
      }
      alert = (*event)["alert"];
      if (answered_ids.count(alert["id"].get<uint64_t>()) != 0) {
        --handled;
        continue;
      }
    }
    Print(alert, may_unblock);
    if (options.notify) Notify(alert);
    const std::string answer = options.answer.empty() ? Ask(may_unblock) : options.answer;
    if (answer.empty()) return 0;
    auto answered = client->Call("alert_answer", {{"id", alert["id"]}, {"answer", answer}});
    if (!answered) {
      std::cerr << answered.error().message() << "\n";
      return kExitFailed;
    }
    answered_ids.insert(alert["id"].get<uint64_t>());
    std::cout << "Answered: " << answer << "\n" << std::flush;
  }
  return 0;
}

}  // namespace hostwall::cli
