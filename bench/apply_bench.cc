// Kernel figures for enforcement: a full atomic apply of N port exceptions plus a custom scope of
// N addresses, through libnftables and through `nft -f` of the same script, and one exception
// change on top of 10,000. Runs in a network namespace of its own. Prints figures only.
//
//   sudo build/bench/apply_bench
#include <fcntl.h>
#include <sched.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <vector>

#include "daemon/enforcer.h"
#include "kernel/nft_kernel.h"
#include "ruleset/ruleset.h"
#include "sample_policies.h"
#include "support/process.h"
#include "support/temp_dir.h"

namespace {

using namespace hostwall;
using Clock = std::chrono::steady_clock;

double Ms(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

// `count` port exceptions open to all, and one more whose custom scope lists `count` addresses.
model::LocalPolicy Policy(int count) {
  model::LocalPolicy policy = bench::PolicyWithPorts(count, 1000);
  if (count > 0) {
    policy.profile(model::Profile::kStandard)
        .ports.push_back({.protocol = model::Protocol::kTcp,
                          .port = 999,
                          .name = "s",
                          .scope = bench::ScopeOfAddresses(count)});
  }
  return policy;
}

policy::EffectiveProfile Effective(const model::LocalPolicy& policy) {
  return policy::ComputeEffectiveProfile(policy, {}, model::Profile::kStandard);
}

}  // namespace

int main() {
  if (geteuid() != 0) {
    std::fprintf(stderr, "apply_bench needs root (it makes a network namespace)\n");
    return 77;
  }
  testing_support::TempDir dir;
  testing_support::TestNamespace netns;
  const int fd = open(("/run/netns/" + netns.name()).c_str(), O_RDONLY);
  if (fd < 0 || setns(fd, CLONE_NEWNET) != 0) return 1;
  auto kernel = kernel::NftKernel::Create();
  if (!kernel) return 1;
  const model::HostFacts facts{.interfaces = {"lan0", "wan0"}};

  std::printf("full apply (N ports + a custom scope of N addresses), median of 3:\n");
  auto listed = (*kernel)->ListTable();
  if (!listed) return 1;
  ruleset::TableObjects in_kernel = *listed;
  for (int count : {0, 1000, 10000, 100000}) {
    const model::LocalPolicy policy = Policy(count);
    std::vector<double> compile, library, cli;
    std::string script;
    for (int run = 0; run < 3; ++run) {
      auto start = Clock::now();
      const ruleset::Ruleset next = ruleset::Compile(Effective(policy), facts);
      script = ruleset::ReplaceScript(in_kernel, next);
      in_kernel = next.objects;
      compile.push_back(Ms(Clock::now() - start));
      start = Clock::now();
      if (auto ran = (*kernel)->Run(script); !ran) {
        std::fprintf(stderr, "%s\n", ran.error().message().c_str());
        return 1;
      }
      library.push_back(Ms(Clock::now() - start));
      std::ofstream(dir / "ruleset.nft") << script;
      start = Clock::now();
      testing_support::RunCommand({"nft", "-f", dir / "ruleset.nft"});
      cli.push_back(Ms(Clock::now() - start));
    }
    std::printf("  N=%6d  compile %7.1f ms   libnftables %7.1f ms   nft -f %7.1f ms\n", count,
                Median(compile), Median(library), Median(cli));
  }

  for (bool with_scope : {false, true}) {
    model::LocalPolicy policy = Policy(10000);
    if (!with_scope) policy.profile(model::Profile::kStandard).ports.pop_back();
    daemon::Enforcer enforcer(**kernel, dir / "known-good.nft");
    if (!enforcer.Enforce(Effective(policy), facts)) return 1;
    std::vector<double> times;
    for (int i = 0; i < 50; ++i) {
      policy.profile(model::Profile::kStandard)
          .ports.push_back({.protocol = model::Protocol::kTcp,
                            .port = static_cast<uint16_t>(40000 + i),
                            .name = "new"});
      const auto start = Clock::now();
      if (!enforcer.Enforce(Effective(policy), facts)) return 1;
      times.push_back(Ms(Clock::now() - start));
    }
    std::printf(
        "one added exception on 10000 ports%s: median %.2f ms (compile and transaction; "
        "%zu incremental)\n",
        with_scope ? " + a 10000-address scope" : "", Median(times),
        enforcer.incremental_applies());
  }
  return 0;
}
