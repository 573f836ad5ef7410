// The pure stages behind one settings change, at 10,000 stored exceptions: applying a netsh
// command to a copy of the policy, compiling the ruleset, encoding the store, and decoding it
// at start-up.
//
//   build/bench/pure_bench
#include <benchmark/benchmark.h>

#include "netsh/apply.h"
#include "netsh/parser.h"
#include "ruleset/ruleset.h"
#include "sample_policies.h"
#include "store/policy_codec.h"

namespace {

using namespace hostwall;

using bench::PolicyWithPorts;

void BM_ApplyOneChangeToACopy(benchmark::State& state) {
  const model::LocalPolicy policy = PolicyWithPorts(static_cast<int>(state.range(0)));
  const netsh::NetshCommand command =
      *netsh::ParseCommand(*netsh::LexLine("add portopening TCP 60000 bench"));
  for (auto _ : state) {
    model::LocalPolicy next = policy;
    benchmark::DoNotOptimize(netsh::ApplyChange(command, {}, next));
  }
}
BENCHMARK(BM_ApplyOneChangeToACopy)->Arg(10000)->Unit(benchmark::kMillisecond);

void BM_CompileRuleset(benchmark::State& state) {
  const auto effective = policy::ComputeEffectiveProfile(
      PolicyWithPorts(static_cast<int>(state.range(0))), {}, model::Profile::kStandard);
  for (auto _ : state) benchmark::DoNotOptimize(ruleset::Compile(effective, {}));
}
BENCHMARK(BM_CompileRuleset)->Arg(10000)->Unit(benchmark::kMillisecond);

// 10,000 ports and one more port whose custom scope lists 10,000 addresses.
void BM_CompileRulesetWithScope(benchmark::State& state) {
  model::LocalPolicy policy = PolicyWithPorts(10000);
  policy.profile(model::Profile::kStandard)
      .ports.push_back({.protocol = model::Protocol::kTcp,
                        .port = 60000,
                        .name = "s",
                        .scope = bench::ScopeOfAddresses(10000)});
  const auto effective = policy::ComputeEffectiveProfile(policy, {}, model::Profile::kStandard);
  for (auto _ : state) {
    const ruleset::Ruleset ruleset = ruleset::Compile(effective, {});
    benchmark::DoNotOptimize(ruleset::ReplaceScript(ruleset.objects, ruleset));
  }
}
BENCHMARK(BM_CompileRulesetWithScope)->Unit(benchmark::kMillisecond);

void BM_ReplaceScript(benchmark::State& state) {
  const auto ruleset = ruleset::Compile(
      policy::ComputeEffectiveProfile(PolicyWithPorts(static_cast<int>(state.range(0))), {},
                                      model::Profile::kStandard),
      {});
  for (auto _ : state) benchmark::DoNotOptimize(ruleset::ReplaceScript(ruleset.objects, ruleset));
}
BENCHMARK(BM_ReplaceScript)->Arg(10000)->Unit(benchmark::kMillisecond);

void BM_EncodeStore(benchmark::State& state) {
  const model::LocalPolicy policy = PolicyWithPorts(static_cast<int>(state.range(0)));
  for (auto _ : state) benchmark::DoNotOptimize(store::EncodePolicyText(policy));
}
BENCHMARK(BM_EncodeStore)->Arg(10000)->Arg(100000)->Unit(benchmark::kMillisecond);

void BM_DecodeStore(benchmark::State& state) {
  const std::string text =
      store::EncodePolicyText(PolicyWithPorts(static_cast<int>(state.range(0))));
  for (auto _ : state) benchmark::DoNotOptimize(store::DecodePolicyText(text));
}
BENCHMARK(BM_DecodeStore)->Arg(10000)->Arg(100000)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
