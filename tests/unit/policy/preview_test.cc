#include "policy/preview.h"

#include <gtest/gtest.h>

namespace hostwall::policy {
namespace {

using model::Profile;

EffectiveProfile Effective(const model::LocalPolicy& local,
                           const GroupPolicyOverlay& overlay = {}) {
  return ComputeEffectiveProfile(local, overlay, Profile::kStandard);
}

TEST(PreviewTest, SaysPlainlyWhenFileAndPrintOrRemoteAccessWouldBeCut) {
  model::LocalPolicy local = model::XpDefaults();
  auto& s = local.profile(Profile::kStandard);
  s.service(model::ServiceType::kFileAndPrint).enabled = true;
  s.service(model::ServiceType::kRemoteDesktop).enabled = true;
  s.programs.push_back({.path = "/opt/ae/console", .name = "Alter-Ego"});
  GroupPolicyOverlay overlay;
  ProfilePolicy& p = overlay.profiles[static_cast<size_t>(Profile::kStandard)];
  p.services[static_cast<size_t>(model::ServiceType::kFileAndPrint)] =
      model::ServiceSetting{.enabled = false};
  p.services[static_cast<size_t>(model::ServiceType::kRemoteDesktop)] =
      model::ServiceSetting{.enabled = false};
  p.programs.defined = true;  // a policy list without local merge
  p.ports = {.defined = true,
             .entries = {{.protocol = model::Protocol::kTcp, .port = 8080, .name = "web"}}};
  const std::vector<std::string> lines =
      DescribeChanges(Effective(local), Effective(local, overlay));
  const std::vector<std::string> expected = {
      "WARNING: File and Printer Sharing would be cut off (TCP 139, 445; UDP 137, 138): computers "
      "that use this host's shares, such as a migration console, lose them.",
      "Port 139/TCP would close (was open by File and Printer Sharing, scope LocalSubNet).",
      "Port 445/TCP would close (was open by File and Printer Sharing, scope LocalSubNet).",
      "WARNING: remote access port 3389/TCP would close (was open by Remote Desktop, scope *).",
      "Port 137/UDP would close (was open by File and Printer Sharing, scope LocalSubNet).",
      "Port 138/UDP would close (was open by File and Printer Sharing, scope LocalSubNet).",
      "Port 8080/TCP would open (port opening 'web', scope *).",
      "Program 'Remote Assistance' (%WINDIR%\\system32\\sessmgr.exe) would lose its exception.",
      "Program 'Alter-Ego' (/opt/ae/console) would lose its exception."};
  EXPECT_EQ(lines, expected);
}

TEST(PreviewTest, NoChangeAndModeChanges) {
  const model::LocalPolicy local = model::XpDefaults();
  EXPECT_TRUE(DescribeChanges(Effective(local), Effective(local)).empty());
  GroupPolicyOverlay overlay;
  overlay.profiles[static_cast<size_t>(Profile::kStandard)].exceptions_allowed = false;
  const auto lines = DescribeChanges(Effective(local), Effective(local, overlay));
  ASSERT_FALSE(lines.empty());
  EXPECT_NE(lines[0].find("\"Don't allow exceptions\" would be on"), std::string::npos);
}

}  // namespace
}  // namespace hostwall::policy
