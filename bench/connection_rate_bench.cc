// New TCP connections per second into the lab host, with hostwall's table holding 10,000 port
// exceptions, beside three references in the same run: no table at all, the minimal stateful
// table (established/related accept plus one accept rule, the floor of any stateful firewall),
// and 10,000 linear `tcp dport N accept` rules, the way ufw and firewalld write them. Every
// connection is a new flow. Runs interleaved, median of 3 each. Prints figures only.
//
//   sudo build/bench/connection_rate_bench
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <map>
#include <vector>

#include "ruleset/ruleset.h"
#include "support/lab.h"
#include "support/temp_dir.h"

namespace {

using namespace hostwall;

constexpr int kPort = 5001;

std::string Hostwall10k() {
  model::LocalPolicy policy = model::XpDefaults();
  auto& ports = policy.profile(model::Profile::kStandard).ports;
  for (int i = 0; i < 10000; ++i) {
    ports.push_back({.protocol = model::Protocol::kTcp,
                     .port = static_cast<uint16_t>(i == 5000 ? kPort : 20000 + i),
                     .name = "p"});
  }
  const model::HostFacts facts{.interfaces = {"lan0", "wan0"},
                               .local_subnets = {*ParseIpNetwork("10.61.1.0/24")}};
  return ruleset::BootScript(ruleset::Compile(
      policy::ComputeEffectiveProfile(policy, {}, model::Profile::kStandard), facts));
}

std::string Minimal() {
  return "table inet bench {\n chain input {\n  type filter hook input priority filter; policy "
         "drop;\n  ct state established,related accept\n  tcp dport " +
         std::to_string(kPort) + " accept\n }\n}\n";
}

std::string Linear10k() {
  std::string rules;
  for (int i = 0; i < 10000; ++i) {
    rules += "  tcp dport " + std::to_string(i == 9999 ? kPort : 20000 + i) + " accept\n";
  }
  return "table inet bench {\n chain input {\n  type filter hook input priority filter; policy "
         "drop;\n  ct state established,related accept\n" +
         rules + " }\n}\n";
}

}  // namespace

int main() {
  if (geteuid() != 0) {
    std::fprintf(stderr, "connection_rate_bench needs root (it makes network namespaces)\n");
    return 77;
  }
  testing_support::TempDir dir;
  testing_support::Lab lab;
  const std::vector<std::pair<std::string, std::string>> rulesets = {
      {"no table", ""},
      {"minimal stateful table", Minimal()},
      {"10k linear rules", Linear10k()},
      {"hostwall, 10k port exceptions", Hostwall10k()}};
  std::map<std::string, std::vector<double>> rates;
  for (int run = 0; run < 3; ++run) {
    for (const auto& [name, script] : rulesets) {
      lab.Exec("host", {"nft", "flush", "ruleset"});
      if (!script.empty()) {
        std::ofstream(dir / "ruleset.nft") << script;
        const auto loaded = lab.Exec("host", {"nft", "-f", dir / "ruleset.nft"});
        if (loaded.exit_code != 0) {
          std::fprintf(stderr, "%s: %s\n", name.c_str(), loaded.err.c_str());
          return 1;
        }
      }
      const pid_t sink = testing_support::SpawnInNamespace(
          lab.Namespace("host"), {HW_PROBE_BIN, "sink", std::to_string(kPort), "5"});
      usleep(200000);
      const auto result = lab.Exec("lan", {"taskset", "-c", "0", HW_PROBE_BIN, "connrate",
                                           "10.61.1.1", std::to_string(kPort), "3"});
      kill(sink, SIGKILL);
      waitpid(sink, nullptr, 0);
      rates[name].push_back(std::atof(result.out.c_str()));
    }
  }
  std::printf("new TCP connections per second into the host (3 s runs, median of 3):\n");
  const double floor = [&] {
    auto v = rates["minimal stateful table"];
    std::sort(v.begin(), v.end());
    return v[1];
  }();
  for (const auto& [name, unused] : rulesets) {
    auto v = rates[name];
    std::sort(v.begin(), v.end());
    std::printf("  %-32s %8.0f /s  (runs %.0f %.0f %.0f)  %5.1f %% of the minimal stateful table\n",
                name.c_str(), v[1], v[0], v[1], v[2], 100.0 * v[1] / floor);
  }
  return 0;
}
