#include "policy/effective.h"

#include <gtest/gtest.h>

namespace hostwall::policy {
namespace {

using model::Profile;

TEST(EffectiveTest, PolicyWinsOverLocalAndNotConfiguredKeepsLocal) {
  model::LocalPolicy local = model::XpDefaults();
  local.profile(Profile::kDomain).notifications_enabled = false;
  GroupPolicyOverlay overlay;
  overlay.profiles[0] = {.firewall_enabled = false, .exceptions_allowed = false};
  const EffectiveProfile domain = ComputeEffectiveProfile(local, overlay, Profile::kDomain);
  EXPECT_FALSE(domain.settings.firewall_enabled);
  EXPECT_FALSE(domain.settings.exceptions_allowed);
  EXPECT_FALSE(domain.settings.notifications_enabled);
  EXPECT_TRUE(domain.settings.unicast_responses_to_multicast);
  const EffectiveProfile standard = ComputeEffectiveProfile(local, overlay, Profile::kStandard);
  EXPECT_TRUE(standard.settings.firewall_enabled);
  EXPECT_TRUE(GroupPolicyOverlay{}.Empty());
  EXPECT_FALSE(overlay.Empty());
}

TEST(EffectiveTest, AnyOpenTcp445AllowsEcho) {
  model::LocalPolicy local = model::XpDefaults();
  auto echo = [&] {
    return ComputeEffectiveProfile(local, {}, Profile::kStandard)
        .settings.icmp.Allows(model::IcmpSetting::kInboundEchoRequest);
  };
  EXPECT_FALSE(echo());
  local.profile(Profile::kStandard).service(model::ServiceType::kRemoteAdmin).enabled = true;
  EXPECT_TRUE(echo());
  local = model::XpDefaults();
  local.profile(Profile::kStandard)
      .ports.push_back(
          {.protocol = model::Protocol::kTcp, .port = 445, .name = "smb", .enabled = false});
  EXPECT_FALSE(echo());
  local.profile(Profile::kStandard).ports[0].enabled = true;
  EXPECT_TRUE(echo());
  local.profile(Profile::kStandard).ports[0].protocol = model::Protocol::kUdp;
  EXPECT_FALSE(echo());
}

// Spec §8.2, the table of effective status, row by row.
TEST(EffectiveTest, ConnectionProtectedFollowsTheTable) {
  struct Row {
    bool global_on;
    bool exceptions;
    bool connection_on;
    bool protected_;
  };
  for (const Row& row : {Row{true, true, true, true}, Row{false, true, true, false},
                         Row{false, true, false, false}, Row{true, true, false, false},
                         Row{true, false, true, true}, Row{true, false, false, true}}) {
    model::ProfileSettings settings;
    settings.firewall_enabled = row.global_on;
    settings.exceptions_allowed = row.exceptions;
    const model::InterfaceSettings connection{.name = "lan0",
                                              .firewall_enabled = row.connection_on};
    EXPECT_EQ(ConnectionProtected(settings, &connection), row.protected_)
        << row.global_on << row.exceptions << row.connection_on;
  }
  EXPECT_TRUE(ConnectionProtected(model::ProfileSettings{}, nullptr));
}

}  // namespace
}  // namespace hostwall::policy

namespace hostwall::policy {
namespace {

using model::Profile;

model::AllowedProgram Program(const char* path, bool enabled = true,
                              model::Scope scope = model::Scope::All()) {
  return {.path = path, .name = path, .enabled = enabled, .scope = std::move(scope)};
}

std::vector<std::string> Paths(const EffectiveProfile& effective) {
  std::vector<std::string> paths;
  for (const auto& p : effective.settings.programs) paths.push_back(p.path);
  return paths;
}

// Spec §6.4 rules 4 and 5, every cell: Define ... exceptions × Allow local ... exceptions.
TEST(MergeTest, ExceptionListsFollowTheDefineAndAllowLocalPolicies) {
  struct Cell {
    std::optional<bool> defined;
    std::optional<bool> allow_local;
    std::vector<std::string> expected;
  };
  const std::vector<Cell> cells = {{std::nullopt, std::nullopt, {"/local"}},
                                   {std::nullopt, true, {"/local"}},
                                   {std::nullopt, false, {"/local"}},
                                   {true, std::nullopt, {"/policy"}},
                                   {true, true, {"/policy", "/local"}},
                                   {true, false, {"/policy"}},
                                   {false, std::nullopt, {}},
                                   {false, true, {"/local"}},
                                   {false, false, {}}};
  for (const Cell& cell : cells) {
    model::LocalPolicy local = model::XpDefaults();
    local.profile(Profile::kStandard).programs = {Program("/local")};
    local.profile(Profile::kStandard).ports = {{.protocol = model::Protocol::kTcp, .port = 1}};
    GroupPolicyOverlay overlay;
    ProfilePolicy& p = overlay.profiles[static_cast<size_t>(Profile::kStandard)];
    p.programs = {
        .defined = cell.defined, .allow_local = cell.allow_local, .entries = {Program("/policy")}};
    p.ports = {.defined = cell.defined,
               .allow_local = cell.allow_local,
               .entries = {{.protocol = model::Protocol::kTcp, .port = 2}}};
    const EffectiveProfile effective = ComputeEffectiveProfile(local, overlay, Profile::kStandard);
    EXPECT_EQ(Paths(effective), cell.expected);
    EXPECT_EQ(effective.settings.ports.size(), cell.expected.size());
    EXPECT_EQ(effective.settings.ports.empty() ? 0 : effective.settings.ports[0].port,
              cell.expected.empty() ? 0 : (cell.expected[0] == "/policy" ? 2 : 1));
  }
}

TEST(MergeTest, ADisabledEntryWinsAndScopesUnite) {
  model::LocalPolicy local = model::XpDefaults();
  local.profile(Profile::kStandard).programs = {
      Program("/app", true, *model::ParseScopeText("10.0.0.1"))};
  GroupPolicyOverlay overlay;
  ProfilePolicy& p = overlay.profiles[static_cast<size_t>(Profile::kStandard)];
  p.programs = {.defined = true,
                .allow_local = true,
                .entries = {Program("/app", true, model::Scope::Subnet()),
                            Program("/other", true, *model::ParseScopeText("10.0.0.2")),
                            Program("/other", false, *model::ParseScopeText("10.0.0.3"))}};
  const EffectiveProfile effective = ComputeEffectiveProfile(local, overlay, Profile::kStandard);
  ASSERT_EQ(effective.settings.programs.size(), 2u);
  EXPECT_TRUE(effective.settings.programs[0].enabled);
  EXPECT_EQ(model::FormatScopeText(effective.settings.programs[0].scope), "10.0.0.1,LocalSubNet");
  EXPECT_FALSE(effective.settings.programs[1].enabled);
  EXPECT_EQ(model::FormatScopeText(effective.settings.programs[1].scope), "10.0.0.2,10.0.0.3");
}

// Rule 6: a service policy wins; a disabled one also closes local exceptions for its ports.
// Rule 7: disabling Remote Administration does not close 445 opened by File and Print.
TEST(MergeTest, ServicePolicies) {
  model::LocalPolicy local = model::XpDefaults();
  auto& s = local.profile(Profile::kStandard);
  s.ports = {{.protocol = model::Protocol::kTcp, .port = 139, .name = "mine"},
             {.protocol = model::Protocol::kTcp, .port = 8080, .name = "web"}};
  s.service(model::ServiceType::kFileAndPrint).enabled = true;
  GroupPolicyOverlay overlay;
  ProfilePolicy& p = overlay.profiles[static_cast<size_t>(Profile::kStandard)];
  p.services[static_cast<size_t>(model::ServiceType::kRemoteDesktop)] =
      model::ServiceSetting{.enabled = true, .scope = *model::ParseScopeText("10.61.3.2")};
  p.services[static_cast<size_t>(model::ServiceType::kRemoteAdmin)] =
      model::ServiceSetting{.enabled = false};
  EffectiveProfile effective = ComputeEffectiveProfile(local, overlay, Profile::kStandard);
  EXPECT_TRUE(effective.settings.service(model::ServiceType::kRemoteDesktop).enabled);
  EXPECT_EQ(
      model::FormatScopeText(effective.settings.service(model::ServiceType::kRemoteDesktop).scope),
      "10.61.3.2");
  EXPECT_TRUE(OpensTcp445(effective.settings));  // File and Print still opens 445
  EXPECT_EQ(effective.settings.ports.size(), 2u);

  p.services[static_cast<size_t>(model::ServiceType::kFileAndPrint)] =
      model::ServiceSetting{.enabled = false};
  effective = ComputeEffectiveProfile(local, overlay, Profile::kStandard);
  EXPECT_FALSE(effective.settings.service(model::ServiceType::kFileAndPrint).enabled);
  ASSERT_EQ(effective.settings.ports.size(), 1u);  // local 139 closed with the service
  EXPECT_EQ(effective.settings.ports[0].port, 8080);
  EXPECT_FALSE(OpensTcp445(effective.settings));
}

TEST(MergeTest, IcmpLoggingAndDontAllowExceptions) {
  model::LocalPolicy local = model::XpDefaults();
  local.profile(Profile::kStandard).icmp.Set(model::IcmpSetting::kRedirect, true);
  local.logging.max_file_size_kb = 100;
  GroupPolicyOverlay overlay;
  ProfilePolicy& p = overlay.profiles[static_cast<size_t>(Profile::kStandard)];
  model::IcmpSettings icmp;
  icmp.Set(model::IcmpSetting::kInboundEchoRequest, true);
  p.icmp = icmp;
  p.log_dropped_packets = true;
  p.exceptions_allowed = false;
  const EffectiveProfile effective = ComputeEffectiveProfile(local, overlay, Profile::kStandard);
  EXPECT_TRUE(effective.settings.icmp.Allows(model::IcmpSetting::kInboundEchoRequest));
  EXPECT_FALSE(effective.settings.icmp.Allows(model::IcmpSetting::kRedirect));
  EXPECT_TRUE(effective.logging.log_dropped_packets);
  EXPECT_EQ(effective.logging.max_file_size_kb, 100u);
  EXPECT_FALSE(effective.settings.exceptions_allowed);
  EXPECT_FALSE(
      ComputeEffectiveProfile(local, overlay, Profile::kDomain).logging.log_dropped_packets);
}

}  // namespace
}  // namespace hostwall::policy
