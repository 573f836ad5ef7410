#include "ruleset/ruleset.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace hostwall::ruleset {
namespace {

using model::Profile;
using model::Protocol;

model::HostFacts Facts() {
  return {.current_profile = Profile::kStandard,
          .interfaces = {"lan0", "wan0"},
          .local_subnets = {*ParseIpNetwork("10.61.1.0/24"), *ParseIpNetwork("fd61:1::/64")}};
}

policy::EffectiveProfile Effective(const model::LocalPolicy& local) {
  return policy::ComputeEffectiveProfile(local, {}, Profile::kStandard);
}

model::ProfileSettings& Standard(model::LocalPolicy& local) {
  return local.profile(Profile::kStandard);
}

size_t Count(const std::string& text, const std::string& what) {
  size_t count = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++count;
  return count;
}

TEST(RulesetTest, TheDefaultDropsWithoutAnswerAndKeepsStateAndNeighbourDiscovery) {
  const Ruleset ruleset = Compile(Effective(model::XpDefaults()), Facts());
  const std::string& d = ruleset.definition;
  EXPECT_NE(d.find("type filter hook input priority filter; policy drop;"), std::string::npos);
  EXPECT_NE(d.find("ct state established,related accept"), std::string::npos);
  EXPECT_NE(d.find("ct state invalid drop"), std::string::npos);
  EXPECT_NE(d.find("iif \"lo\" accept"), std::string::npos);
  EXPECT_NE(d.find("nd-neighbor-solicit"), std::string::npos);
  EXPECT_NE(d.find("elements = { 10.61.1.0/24 }"), std::string::npos);
  EXPECT_EQ(d.find("reject"), std::string::npos);
  EXPECT_TRUE(ruleset.ports.empty());
  // XP's default blocks every outbound ICMP error, ICMPv6's included.
  EXPECT_NE(d.find("icmp type { 3, 4, 11, 12 } drop"), std::string::npos);
  EXPECT_NE(d.find("icmpv6 type { 2, 1, 3, 4 } drop"), std::string::npos);
}

TEST(RulesetTest, DroppedPacketsAreLoggedOnTheDropPathsOnly) {
  model::LocalPolicy local = model::XpDefaults();
  EXPECT_EQ(Compile(Effective(local), Facts()).definition.find("log "), std::string::npos);
  local.logging.log_dropped_packets = true;
  const std::string d = Compile(Effective(local), Facts()).definition;
  const std::string receive = "log prefix \"RECEIVE\" group 2718";
  EXPECT_NE(d.find("ct state invalid " + receive + " drop"), std::string::npos);
  EXPECT_NE(d.find("icmp type { 3, 4, 11, 12 } log prefix \"SEND\" group 2718 drop"),
            std::string::npos);
  // The last rule of the input chain, before its policy drops; established traffic is
  // accepted long before it.
  const size_t input = d.find("chain input {");
  const size_t last = d.find("    " + receive + "\n  }", input);
  EXPECT_NE(last, std::string::npos) << d;
  EXPECT_LT(d.find("ct state established,related accept"), last);
  // Invalid packets, the end of the input chain, outbound ICMP and ICMPv6 errors.
  EXPECT_EQ(Count(d, "log prefix"), 4u) << d;
  // Connections logging alone adds nothing to the ruleset (conntrack reports them).
  local.logging.log_dropped_packets = false;
  local.logging.log_successful_connections = true;
  EXPECT_EQ(Compile(Effective(local), Facts()).definition.find("log "), std::string::npos);
}

TEST(RulesetTest, ProgramsAreAVerdictMapOfSocketStamps) {
  model::LocalPolicy local = model::XpDefaults();
  // No program resolves here (XP's default lists a Windows path): no socket rules at all.
  EXPECT_EQ(Compile(Effective(local), Facts()).definition.find("socket"), std::string::npos);
  const model::Scope far = *model::ParseScopeText("10.61.3.2");
  Standard(local).programs.push_back({.path = "/usr/bin/a", .name = "a"});
  Standard(local).programs.push_back({.path = "/usr/bin/b", .name = "b", .scope = far});
  Standard(local).programs.push_back({.path = "/usr/bin/c", .name = "c", .enabled = false});
  model::HostFacts facts = Facts();
  facts.program_ids = {{"/usr/bin/a", 1}, {"/usr/bin/b", 2}, {"/usr/bin/c", 3}};
  facts.program_listeners = {{8080, {1}}, {8081, {2}}, {8082, {3}}, {8083, {1, 2}}};
  const Ruleset ruleset = Compile(Effective(local), facts);
  EXPECT_EQ(ruleset.programs, (std::map<uint32_t, std::string>{{0x40010000, "accept"},
                                                               {0x40020000, "jump scope_0"}}));
  // TIME_WAIT fallback: the ports of stamped listeners, with their programs' scopes united.
  EXPECT_EQ(ruleset.program_ports,
            (std::map<uint16_t, std::string>{
                {8080, "accept"}, {8081, "jump scope_0"}, {8083, "accept"}}));
  const std::string& d = ruleset.definition;
  EXPECT_NE(d.find("meta l4proto { tcp, udp } socket mark and 0xffff0000 vmap @programs"),
            std::string::npos);
  EXPECT_NE(d.find("socket transparent 0 jump program_time_wait"), std::string::npos);
  EXPECT_NE(d.find("ip saddr @scope_0_v4 accept"), std::string::npos);
  // A listener that closes, or a program disabled, is one element transaction.
  model::HostFacts closed = facts;
  closed.program_listeners.erase(8080);
  Standard(local).programs[1].enabled = false;  // "a" (after XP's Remote Assistance)
  const Ruleset next = Compile(Effective(local), closed);
  EXPECT_EQ(IncrementalScript(ruleset, next),
            "delete element inet hostwall program_ports { 8080, 8083 }\n"
            "delete element inet hostwall programs { 0x40010000 }\n"
            "add element inet hostwall program_ports { 8083 : jump scope_0 }\n");
  // Without exceptions, the stamps admit nothing.
  Standard(local).exceptions_allowed = false;
  EXPECT_TRUE(Compile(Effective(local), facts).programs.empty());
}

TEST(RulesetTest, PortsBecomeOneVerdictMapWhateverTheirNumber) {
  model::LocalPolicy local = model::XpDefaults();
  const std::string empty = Compile(Effective(local), Facts()).definition;
  for (int port = 20001; port <= 30000; ++port) {  // clear of 445, which would admit echo
    Standard(local).ports.push_back(
        {.protocol = Protocol::kTcp,
         .port = static_cast<uint16_t>(port),
         .name = "p",
         .scope = port % 2 ? model::Scope::All() : model::Scope::Subnet()});
  }
  const Ruleset ruleset = Compile(Effective(local), Facts());
  EXPECT_EQ(ruleset.definition, empty);  // the rules do not grow
  ASSERT_EQ(ruleset.ports.size(), 10000u);
  EXPECT_EQ(ruleset.ports.at({Protocol::kTcp, 20001}), "accept");
  EXPECT_EQ(ruleset.ports.at({Protocol::kTcp, 20002}), "jump scope_subnet");
  EXPECT_NE(empty.find("tcp dport vmap @tcp_ports\n    udp dport vmap @udp_ports"),
            std::string::npos);
}

TEST(RulesetTest, CustomScopesShareAChainPerDistinctListAndUniteOnAPort) {
  model::LocalPolicy local = model::XpDefaults();
  const model::Scope far = *model::ParseScopeText("10.61.3.0/24,fd61:3::/64");
  Standard(local).ports = {{.protocol = Protocol::kTcp, .port = 80, .name = "a", .scope = far},
                           {.protocol = Protocol::kTcp, .port = 81, .name = "b", .scope = far},
                           {.protocol = Protocol::kTcp, .port = 445, .name = "c", .scope = far}};
  Standard(local).service(model::ServiceType::kFileAndPrint).enabled = true;  // 445 for the subnet
  const Ruleset ruleset = Compile(Effective(local), Facts());
  EXPECT_EQ(ruleset.ports.at({Protocol::kTcp, 80}), ruleset.ports.at({Protocol::kTcp, 81}));
  EXPECT_NE(ruleset.ports.at({Protocol::kTcp, 80}), ruleset.ports.at({Protocol::kTcp, 445}));
  EXPECT_EQ(ruleset.ports.at({Protocol::kUdp, 137}), "jump scope_subnet");
  EXPECT_EQ(Count(ruleset.definition, "chain scope_"), 3u);  // subnet, far, far + subnet
  EXPECT_NE(ruleset.definition.find("elements = { 10.61.3.0/24 }"), std::string::npos);
  EXPECT_NE(ruleset.definition.find("elements = { fd61:3::/64 }"), std::string::npos);
  EXPECT_NE(ruleset.definition.find("    jump scope_subnet\n"), std::string::npos);
  // TCP 445 is open, so echo requests are admitted (spec §2).
  EXPECT_NE(ruleset.definition.find("icmp type { 8 } accept"), std::string::npos);
}

TEST(RulesetTest, OffAndNoExceptions) {
  model::LocalPolicy local = model::XpDefaults();
  Standard(local).ports.push_back({.protocol = Protocol::kTcp, .port = 80, .name = "web"});
  Standard(local).firewall_enabled = false;
  Ruleset off = Compile(Effective(local), Facts());
  EXPECT_NE(off.definition.find("policy accept"), std::string::npos);
  EXPECT_EQ(off.definition.find("policy drop"), std::string::npos);
  Standard(local).firewall_enabled = true;
  Standard(local).exceptions_allowed = false;
  Ruleset shielded = Compile(Effective(local), Facts());
  EXPECT_TRUE(shielded.ports.empty());
  EXPECT_EQ(shielded.definition.find("vmap @ports"), std::string::npos);
}

TEST(RulesetTest, ConnectionsGetTheirOwnRulesAndUnsafeNamesAreLeftOut) {
  model::LocalPolicy local = model::XpDefaults();
  model::InterfaceSettings lan{.name = "lan0", .firewall_enabled = false};
  model::InterfaceSettings wan{.name = "wan0"};
  wan.ports.push_back({.protocol = Protocol::kUdp, .port = 500, .name = "ike"});
  wan.icmp.values[static_cast<size_t>(model::IcmpSetting::kInboundEchoRequest)] = true;
  local.interfaces = {lan, wan};
  model::HostFacts facts = Facts();
  local.interfaces.push_back({.name = "bad\"name", .firewall_enabled = false});
  facts.interfaces.push_back("bad\"name");
  const Ruleset ruleset = Compile(Effective(local), facts);
  EXPECT_NE(ruleset.definition.find("iifname \"lan0\" accept"), std::string::npos);
  EXPECT_NE(ruleset.definition.find("\"wan0\" . udp . 500 : accept"), std::string::npos);
  EXPECT_NE(ruleset.definition.find("iifname \"wan0\" icmp type { 8 } accept"), std::string::npos);
  EXPECT_EQ(ruleset.definition.find("bad"), std::string::npos);
  EXPECT_EQ(ruleset.skipped_connections, std::vector<std::string>{"bad\"name"});
}

TEST(RulesetTest, UserStringsNeverReachTheRuleset) {
  model::LocalPolicy local = model::XpDefaults();
  Standard(local).ports.push_back(
      {.protocol = Protocol::kTcp, .port = 80, .name = "x\"; flush ruleset; \n}\xc3\xa9"});
  Standard(local).programs.push_back({.path = "/tmp/\"; drop", .name = "}; {"});
  const Ruleset ruleset = Compile(Effective(local), Facts());
  const std::string script = ReplaceScript({}, ruleset);
  EXPECT_EQ(script.find("flush ruleset"), std::string::npos);
  EXPECT_EQ(script.find("drop\""), std::string::npos);
  EXPECT_EQ(Compile(Effective(model::XpDefaults()), Facts()).definition, ruleset.definition);
}

TEST(RulesetTest, IncrementalScriptsTouchOnlyTheChangedPorts) {
  model::LocalPolicy local = model::XpDefaults();
  Standard(local).ports = {{.protocol = Protocol::kTcp, .port = 80, .name = "a"},
                           {.protocol = Protocol::kTcp, .port = 81, .name = "b"}};
  const Ruleset before = Compile(Effective(local), Facts());
  Standard(local).ports[0].scope = model::Scope::Subnet();
  Standard(local).ports.pop_back();
  Standard(local).ports.push_back({.protocol = Protocol::kUdp, .port = 53, .name = "c"});
  const Ruleset after = Compile(Effective(local), Facts());
  EXPECT_EQ(IncrementalScript(before, after),
            "delete element inet hostwall tcp_ports { 80, 81 }\n"
            "add element inet hostwall tcp_ports { 80 : jump scope_subnet }\n"
            "add element inet hostwall udp_ports { 53 : accept }\n");
  Standard(local).ports.push_back({.protocol = Protocol::kTcp,
                                   .port = 90,
                                   .name = "d",
                                   .scope = *model::ParseScopeText("10.9.9.9")});
  EXPECT_FALSE(IncrementalScript(after, Compile(Effective(local), Facts())));  // a new chain
}

TEST(RulesetTest, ReplaceScriptKeepsTheBaseChainsAndReplacesEverythingElse) {
  model::LocalPolicy local = model::XpDefaults();
  Standard(local).ports.push_back({.protocol = Protocol::kUdp, .port = 53, .name = "dns"});
  Standard(local).ports.push_back({.protocol = Protocol::kTcp,
                                   .port = 80,
                                   .name = "web",
                                   .scope = *model::ParseScopeText("10.9.9.9")});
  const Ruleset ruleset = Compile(Effective(local), Facts());
  EXPECT_EQ(ruleset.objects.maps, (std::vector<std::string>{"tcp_ports", "udp_ports"}));
  EXPECT_EQ(ruleset.objects.chains, (std::vector<std::string>{"scope_subnet", "scope_0"}));
  EXPECT_EQ(ruleset.objects.sets, (std::vector<std::string>{"subnet_v4", "subnet_v6", "scope_0_v4",
                                                            "multicast_senders"}));
  const std::string script = ReplaceScript(ruleset.objects, ruleset);
  EXPECT_EQ(script.find("delete table"), std::string::npos);
  EXPECT_EQ(script.find("delete chain inet hostwall input"), std::string::npos);
  const size_t flush =
      script.find("flush chain inet hostwall input\nflush chain inet hostwall output\n");
  const size_t map = script.find("delete map inet hostwall tcp_ports\n");
  const size_t chain = script.find("delete chain inet hostwall scope_0\n");
  const size_t set = script.find("delete set inet hostwall scope_0_v4\n");
  const size_t define = script.find("table inet hostwall {\n  set subnet_v4");
  ASSERT_NE(flush, std::string::npos);
  EXPECT_LT(flush, map);
  EXPECT_LT(map, chain);
  EXPECT_LT(chain, set);
  EXPECT_LT(set, define);
  EXPECT_NE(script.find("add element inet hostwall tcp_ports { 80 : jump scope_0 }\n"
                        "add element inet hostwall udp_ports { 53 : accept }\n"),
            std::string::npos);
  EXPECT_EQ(BootScript(ruleset).rfind("table inet hostwall\ndelete table inet hostwall\n", 0), 0u);
  EXPECT_EQ(BootScript(ruleset).find("delete map"), std::string::npos);
}

TEST(RulesetTest, SafeInterfaceNames) {
  EXPECT_TRUE(IsSafeInterfaceName("lan0"));
  EXPECT_TRUE(IsSafeInterfaceName("veth-a.1@x"));
  EXPECT_FALSE(IsSafeInterfaceName(""));
  EXPECT_FALSE(IsSafeInterfaceName("a\"b"));
  EXPECT_FALSE(IsSafeInterfaceName("sixteen-chars-xx"));
}

}  // namespace
}  // namespace hostwall::ruleset
