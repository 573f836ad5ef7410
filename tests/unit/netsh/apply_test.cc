#include "netsh/apply.h"

#include <gtest/gtest.h>

#include "netsh/parser.h"

namespace hostwall::netsh {
namespace {

using model::LocalPolicy;
using model::Profile;
using model::Protocol;

const model::HostFacts kFacts{.current_profile = Profile::kStandard,
                              .interfaces = {"lan0", "wan0"}};

// Applies each line in turn; returns the first error.
Result<void> RunLines(LocalPolicy& policy, std::initializer_list<const char*> lines,
                      const model::HostFacts& facts = kFacts) {
  for (const char* line : lines) {
    auto command = ParseCommand(*LexLine(line));
    if (!command) return Fail(command.error());
    HW_TRY(ApplyChange(*command, facts, policy));
  }
  return Ok();
}

TEST(ApplyTest, ProfileDefaultsToCurrent) {
  LocalPolicy policy = model::XpDefaults();
  ASSERT_TRUE(RunLines(policy, {"add portopening TCP 445 \"Service Firewall\" ENABLE ALL"}));
  EXPECT_TRUE(policy.profile(Profile::kDomain).ports.empty());
  ASSERT_EQ(policy.profile(Profile::kStandard).ports.size(), 1u);
  EXPECT_EQ(policy.profile(Profile::kStandard).ports[0].name, "Service Firewall");

  model::HostFacts domain = kFacts;
  domain.current_profile = Profile::kDomain;
  ASSERT_TRUE(RunLines(policy, {"add portopening UDP 53 DNS"}, domain));
  EXPECT_EQ(policy.profile(Profile::kDomain).ports.size(), 1u);
}

TEST(ApplyTest, ProtocolAllAddsBothAndProfileAllBoth) {
  LocalPolicy policy = model::XpDefaults();
  ASSERT_TRUE(RunLines(policy, {"add portopening ALL 1433 SQL profile=ALL"}));
  for (Profile p : model::kProfiles) {
    EXPECT_TRUE(model::FindPort(policy.profile(p).ports, Protocol::kTcp, 1433));
    EXPECT_TRUE(model::FindPort(policy.profile(p).ports, Protocol::kUdp, 1433));
  }
}

TEST(ApplyTest, AddReplacesSetUpdatesDeleteRemoves) {
  LocalPolicy policy = model::XpDefaults();
  ASSERT_TRUE(RunLines(
      policy, {"add portopening TCP 80 Web scope=SUBNET", "add portopening TCP 80 Web2 DISABLE"}));
  auto& ports = policy.profile(Profile::kStandard).ports;
  ASSERT_EQ(ports.size(), 1u);
  EXPECT_EQ(ports[0].name, "Web2");
  EXPECT_FALSE(ports[0].enabled);
  EXPECT_EQ(ports[0].scope, model::Scope::All());

  ASSERT_TRUE(
      RunLines(policy, {"set portopening TCP 80 mode=ENABLE scope=CUSTOM addresses=10.0.0.0/8"}));
  EXPECT_EQ(ports[0].name, "Web2");
  EXPECT_TRUE(ports[0].enabled);
  EXPECT_EQ(model::FormatScopeText(ports[0].scope), "10.0.0.0/8");

  ASSERT_TRUE(RunLines(policy, {"delete portopening TCP 80"}));
  EXPECT_TRUE(ports.empty());
}

TEST(ApplyTest, SetAndDeleteOfAMissingEntryFail) {
  LocalPolicy policy = model::XpDefaults();
  const LocalPolicy before = policy;
  auto set = RunLines(policy, {"set portopening TCP 81 mode=DISABLE"});
  ASSERT_FALSE(set);
  EXPECT_EQ(set.error().code(), ErrorCode::kNotFound);
  EXPECT_NE(set.error().message().find("Port 81/TCP is not in the port list of the Standard"),
            std::string::npos);
  auto del = RunLines(policy, {"delete allowedprogram /usr/bin/none"});
  ASSERT_FALSE(del);
  EXPECT_NE(del.error().message().find("'/usr/bin/none' is not in the allowed programs list"),
            std::string::npos);
  EXPECT_EQ(policy, before);
}

TEST(ApplyTest, ProgramsAreKeyedByPathWindowsPathsWithoutCase) {
  LocalPolicy policy = model::XpDefaults();
  ASSERT_TRUE(
      RunLines(policy, {R"(set allowedprogram %windir%\SYSTEM32\SESSMGR.EXE mode=DISABLE)"}));
  const auto& programs = policy.profile(Profile::kStandard).programs;
  ASSERT_EQ(programs.size(), 1u);
  EXPECT_FALSE(programs[0].enabled);
  EXPECT_EQ(programs[0].name, "Remote Assistance");

  ASSERT_TRUE(RunLines(
      policy, {"add allowedprogram /usr/bin/App App", "add allowedprogram /usr/bin/app app"}));
  EXPECT_EQ(programs.size(), 3u);  // Linux paths keep their case
  ASSERT_TRUE(RunLines(policy, {"add allowedprogram /usr/bin/app renamed ENABLE SUBNET"}));
  EXPECT_EQ(programs.size(), 3u);
  EXPECT_EQ(model::FindProgram(programs, "/usr/bin/app")->name, "renamed");
}

TEST(ApplyTest, IcmpSettingsPerProfileAndPerConnection) {
  LocalPolicy policy = model::XpDefaults();
  ASSERT_TRUE(
      RunLines(policy, {"set icmpsetting 8", "set icmpsetting type=ALL mode=ENABLE profile=DOMAIN",
                        "set icmpsetting 13 disable interface=lan0"}));
  EXPECT_TRUE(
      policy.profile(Profile::kStandard).icmp.Allows(model::IcmpSetting::kInboundEchoRequest));
  EXPECT_FALSE(policy.profile(Profile::kStandard).icmp.Allows(model::IcmpSetting::kRedirect));
  EXPECT_TRUE(policy.profile(Profile::kDomain).icmp.allowed.all());
  ASSERT_EQ(policy.interfaces.size(), 1u);
  EXPECT_EQ(policy.interfaces[0]
                .icmp.values[static_cast<size_t>(model::IcmpSetting::kInboundTimestampRequest)],
            false);
}

TEST(ApplyTest, ConnectionsMustExistAndDefaultsAreNotStored) {
  LocalPolicy policy = model::XpDefaults();
  auto missing = RunLines(policy, {"set opmode disable interface=eth9"});
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code(), ErrorCode::kNotFound);
  EXPECT_NE(missing.error().message().find("'eth9' was not found. Connections: lan0, wan0."),
            std::string::npos);
  ASSERT_TRUE(RunLines(
      policy, {"set opmode disable interface=lan0", "add portopening TCP 22 ssh interface=wan0"}));
  ASSERT_EQ(policy.interfaces.size(), 2u);
  EXPECT_EQ(policy.interfaces[0].name, "lan0");
  EXPECT_FALSE(policy.interfaces[0].firewall_enabled);
  EXPECT_EQ(policy.interfaces[1].ports.size(), 1u);
  ASSERT_TRUE(RunLines(
      policy, {"set opmode enable interface=lan0", "delete portopening TCP 22 interface=wan0"}));
  EXPECT_TRUE(policy.interfaces.empty());
}

TEST(ApplyTest, OpmodeExceptionsDefaultToEnable) {
  LocalPolicy policy = model::XpDefaults();
  ASSERT_TRUE(RunLines(policy, {"set opmode enable disable"}));
  EXPECT_FALSE(policy.profile(Profile::kStandard).exceptions_allowed);
  ASSERT_TRUE(RunLines(policy, {"set opmode mode=enable"}));
  EXPECT_TRUE(policy.profile(Profile::kStandard).exceptions_allowed);
  ASSERT_TRUE(RunLines(policy, {"set opmode disable profile=ALL"}));
  EXPECT_FALSE(policy.profile(Profile::kDomain).firewall_enabled);
  EXPECT_FALSE(policy.profile(Profile::kStandard).firewall_enabled);
}

TEST(ApplyTest, ServicesKeepTheirScopeUnlessOneIsGiven) {
  LocalPolicy policy = model::XpDefaults();
  ASSERT_TRUE(RunLines(policy, {"set service fileandprint enable"}));
  const auto& fp = policy.profile(Profile::kStandard).service(model::ServiceType::kFileAndPrint);
  EXPECT_TRUE(fp.enabled);
  EXPECT_EQ(fp.scope, model::Scope::Subnet());
  ASSERT_TRUE(RunLines(policy, {"set service type=ALL mode=enable scope=ALL"}));
  for (const auto& info : model::ServiceTable()) {
    EXPECT_TRUE(policy.profile(Profile::kStandard).service(info.type).enabled);
    EXPECT_EQ(policy.profile(Profile::kStandard).service(info.type).scope, model::Scope::All());
  }
}

TEST(ApplyTest, LoggingNotificationsMulticastAndReset) {
  LocalPolicy policy = model::XpDefaults();
  ASSERT_TRUE(RunLines(policy, {"set logging /var/log/x.log 100 enable enable",
                                "set notifications disable profile=domain",
                                "set multicastbroadcastresponse disable"}));
  EXPECT_EQ(policy.logging.file_path, "/var/log/x.log");
  EXPECT_EQ(policy.logging.max_file_size_kb, 100u);
  EXPECT_TRUE(policy.logging.log_dropped_packets);
  EXPECT_TRUE(policy.logging.log_successful_connections);
  EXPECT_FALSE(policy.profile(Profile::kDomain).notifications_enabled);
  EXPECT_TRUE(policy.profile(Profile::kStandard).notifications_enabled);
  EXPECT_FALSE(policy.profile(Profile::kStandard).unicast_responses_to_multicast);
  ASSERT_TRUE(RunLines(policy, {"reset"}));
  EXPECT_EQ(policy, model::XpDefaults());
}

TEST(ApplyTest, TheXpDefaults) {
  const LocalPolicy policy = model::XpDefaults();
  for (Profile p : model::kProfiles) {
    const model::ProfileSettings& s = policy.profile(p);
    EXPECT_TRUE(s.firewall_enabled);
    EXPECT_TRUE(s.exceptions_allowed);
    EXPECT_TRUE(s.notifications_enabled);
    EXPECT_TRUE(s.unicast_responses_to_multicast);
    EXPECT_TRUE(s.icmp.allowed.none());
    EXPECT_TRUE(s.ports.empty());
    ASSERT_EQ(s.programs.size(), 1u);
    EXPECT_EQ(s.programs[0].name, "Remote Assistance");
    for (const auto& info : model::ServiceTable()) {
      EXPECT_FALSE(s.service(info.type).enabled);
      EXPECT_EQ(s.service(info.type).scope.kind, info.default_scope);
    }
  }
  EXPECT_EQ(policy.profile(Profile::kStandard).service(model::ServiceType::kFileAndPrint).scope,
            model::Scope::Subnet());
  EXPECT_EQ(policy.logging.max_file_size_kb, 4096u);
  EXPECT_FALSE(policy.logging.log_dropped_packets);
  EXPECT_FALSE(policy.logging.log_successful_connections);
  EXPECT_TRUE(policy.interfaces.empty());
}

}  // namespace
}  // namespace hostwall::netsh
