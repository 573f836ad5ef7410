// Program exceptions, measured in the lab (docs/program-exceptions.md):
//  1. Security Alert latency: a program with no entry listens on 1,000 ports in turn, 2 ms
//     apart; for each, the time from listen() returning to the alert arriving at a client
//     subscribed on the control socket (CLOCK_MONOTONIC on both sides). Each alert is answered
//     Ask Me Later, so that the next listen raises a fresh one.
//  2. User-space cost of accepted connections: new TCP connections per second from lan to an
//     allowed program for 3 s, and hostwalld's CPU time meanwhile, against 3 s of idling.
// Prints figures only.
//
//   sudo build/bench/program_bench
#include <signal.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <map>
#include <thread>

#include "cli/control_client.h"
#include "core/text.h"
#include "support/daemon_process.h"
#include "support/lab.h"
#include "support/proc_stats.h"

namespace {

using namespace hostwall;
using testing_support::CpuSeconds;
using testing_support::DaemonProcess;
using testing_support::Lab;

int64_t NowNs() {
  timespec now{};
  clock_gettime(CLOCK_MONOTONIC, &now);
  return static_cast<int64_t>(now.tv_sec) * 1000000000LL + now.tv_nsec;
}

double Percentile(std::vector<double> values, double p) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  return values[static_cast<size_t>(p * static_cast<double>(values.size() - 1))];
}

void AlertLatency(const Lab& lab, const DaemonProcess& daemon, const std::string& program) {
  constexpr int kRounds = 1000;
  // A read waits at most 2 s: the last alert has come by then.
  auto client = cli::ControlClient::Connect(daemon.socket(), std::chrono::seconds(2));
  if (!client || !client->Call("alerts_subscribe", nlohmann::json::object())) return;
  std::string listened;
  std::thread listener([&] {
    listened =
        lab.Exec("host", {program, "listen-times", "30000", std::to_string(kRounds), "2000"}).out;
  });
  std::map<int, int64_t> received;  // port → when its alert arrived
  while (static_cast<int>(received.size()) < kRounds) {
    auto event = client->NextEvent();
    if (!event) break;
    const int64_t now = NowNs();
    if ((*event)["event"] != "security_alert") continue;
    const nlohmann::json& alert = (*event)["alert"];
    received[alert["ports"].back()["port"].get<int>()] = now;
    (void)client->Call("alert_answer", {{"id", alert["id"]}, {"answer", "ask_later"}});
  }
  listener.join();
  std::vector<double> latencies_us;
  for (const std::string& line : Split(listened, '\n')) {
    const std::vector<std::string> fields = Split(line, ' ');
    if (fields.size() != 2) continue;
    auto it = received.find(std::stoi(fields[0]));
    if (it != received.end()) {
      latencies_us.push_back(static_cast<double>(it->second - std::stoll(fields[1])) / 1000.0);
    }
  }
  std::printf(
      "alert latency, listen() return -> alert on the socket: %zu of %d alerts, "
      "p50 %.0f us, p99 %.0f us, max %.0f us\n",
      latencies_us.size(), kRounds, Percentile(latencies_us, 0.5), Percentile(latencies_us, 0.99),
      Percentile(latencies_us, 1.0));
}

void ConnectionCost(const Lab& lab, const DaemonProcess& daemon, const std::string& program) {
  const pid_t sink =
      testing_support::SpawnInNamespace(lab.Namespace("host"), {program, "sink", "5001", "10"});
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  const double idle_before = CpuSeconds(daemon.pid());
  std::this_thread::sleep_for(std::chrono::seconds(3));
  const double idle = CpuSeconds(daemon.pid()) - idle_before;
  const double before = CpuSeconds(daemon.pid());
  const std::string rate =
      lab.Exec("lan", {HW_PROBE_BIN, "connrate", "10.61.1.1", "5001", "3"}).out;
  const double busy = CpuSeconds(daemon.pid()) - before;
  ::kill(sink, SIGKILL);
  ::waitpid(sink, nullptr, 0);
  const std::vector<std::string> fields = Split(std::string(Trim(rate)), ' ');
  std::printf(
      "accepted connections to an allowed program: %s/s, %s failed, over 3 s; "
      "hostwalld CPU meanwhile %.0f ms, idle for 3 s %.0f ms\n",
      fields.at(0).c_str(), fields.size() > 1 ? fields[1].c_str() : "?", busy * 1000, idle * 1000);
}

}  // namespace

int main() {
  if (geteuid() != 0) {
    std::fprintf(stderr, "program_bench needs root (network namespaces, BPF)\n");
    return 1;
  }
  testing_support::TempDir dir;
  const std::string listener = dir / "listener", server = dir / "server";
  std::filesystem::copy_file(HW_PROBE_BIN, listener);
  std::filesystem::copy_file(HW_PROBE_BIN, server);
  Lab lab;
  DaemonProcess daemon(dir, lab.Namespace("host"));
  if (!daemon.Start()) return 1;
  daemon.Cli({"netsh", "firewall", "add", "allowedprogram", "program=" + server, "name=server"});
  ConnectionCost(lab, daemon, server);
  AlertLatency(lab, daemon, listener);
  return 0;
}
