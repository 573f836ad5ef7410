// Control-plane figures for hostwalld: `import` of 100,000 exceptions, and one
// `add portopening` round trip through the socket (the change is journaled and committed to the
// kernel before the answer), with 0 and 10,000 exceptions stored, and the same as a whole
// `hostwall` command.
// Runs the daemon in a network namespace of its own. Prints figures; asserts nothing.
//
//   sudo build/bench/control_bench
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <vector>

#include "cli/control_client.h"
#include "sample_policies.h"
#include "store/policy_codec.h"
#include "support/daemon_process.h"

namespace {

using hostwall::cli::ControlClient;
using nlohmann::json;
using Clock = std::chrono::steady_clock;

double Ms(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

double Percentile(std::vector<double> values, double p) {
  std::sort(values.begin(), values.end());
  return values[static_cast<size_t>(p * static_cast<double>(values.size() - 1))];
}

void RoundTrips(ControlClient& client, int existing) {
  std::vector<double> times;
  for (int i = 0; i < 300; ++i) {
    const std::string port = std::to_string(60000 + i % 500);
    const auto start = Clock::now();
    auto result = client.Call("netsh", {{"args", {"add", "portopening", "TCP", port, "bench"}}});
    times.push_back(Ms(Clock::now() - start));
    if (!result) std::fprintf(stderr, "add failed: %s\n", result.error().message().c_str());
  }
  std::printf(
      "add portopening round trip, %6d exceptions stored: p50 %.2f ms  p99 %.2f ms  (300 calls)\n",
      existing, Percentile(times, 0.5), Percentile(times, 0.99));
}

}  // namespace

int main() {
  if (geteuid() != 0) {
    std::fprintf(stderr, "control_bench needs root (it makes a network namespace)\n");
    return 77;
  }
  hostwall::testing_support::TempDir dir;
  hostwall::testing_support::TestNamespace netns;
  hostwall::testing_support::DaemonProcess daemon(dir, netns.name());
  if (!daemon.Start()) return 1;
  auto client = ControlClient::Connect(daemon.socket());
  if (!client) return 1;

  RoundTrips(*client, 0);
  (void)client->Call(
      "import",
      {{"policy", hostwall::store::EncodePolicy(hostwall::bench::PolicyWithPorts(10000))}});
  RoundTrips(*client, 10000);
  std::vector<double> command;
  for (int i = 0; i < 30; ++i) {
    const auto start = Clock::now();
    daemon.Cli(
        {"netsh", "firewall", "add", "portopening", "UDP", std::to_string(61000 + i), "cli"});
    command.push_back(Ms(Clock::now() - start));
  }
  std::printf(
      "hostwall netsh firewall add portopening, whole command, 10000 stored: p50 %.2f ms  "
      "(30 runs)\n",
      Percentile(command, 0.5));

  const json big = hostwall::store::EncodePolicy(hostwall::bench::PolicyWithPorts(100000));
  const std::string path = dir / "import.json";
  std::ofstream(path) << big.dump();
  std::vector<double> in_process;
  std::vector<double> cli;
  for (int run = 0; run < 3; ++run) {
    (void)client->Call("netsh", {{"args", {"reset"}}});
    auto start = Clock::now();
    auto imported = client->Call("import", {{"policy", big}});
    in_process.push_back(Ms(Clock::now() - start));
    if (!imported) std::fprintf(stderr, "import failed: %s\n", imported.error().message().c_str());
    (void)client->Call("netsh", {{"args", {"reset"}}});
    start = Clock::now();
    const auto result = daemon.Cli({"import", path});
    cli.push_back(Ms(Clock::now() - start));
    if (result.exit_code != 0)
      std::fprintf(stderr, "hostwall import failed: %s\n", result.err.c_str());
  }
  std::printf(
      "import of 100000 exceptions (%.1f MB JSON), request to ack: median %.0f ms  (3 runs)\n",
      static_cast<double>(big.dump().size()) / 1e6, Percentile(in_process, 0.5));
  std::printf("hostwall import FILE of the same, whole command:         median %.0f ms  (3 runs)\n",
              Percentile(cli, 0.5));
  return 0;
}
