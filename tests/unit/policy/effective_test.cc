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
