#include "gpo/rsop.h"

#include <gtest/gtest.h>

namespace hostwall::gpo {
namespace {

using model::Profile;

TEST(RsopTest, EachSettingWithItsSourceAndWhatItOverrode) {
  model::LocalPolicy local = model::XpDefaults();
  local.profile(Profile::kStandard).firewall_enabled = false;
  local.profile(Profile::kStandard)
      .ports.push_back({.protocol = model::Protocol::kTcp, .port = 9090, .name = "mine"});
  FirewallPolicy policy;
  policy::ProfilePolicy& p = policy.overlay.profiles[static_cast<size_t>(Profile::kStandard)];
  p.firewall_enabled = true;
  p.ports = {.defined = true,
             .entries = {{.protocol = model::Protocol::kTcp, .port = 8080, .name = "web"}}};
  policy.sources[1] = {{"\\enablefirewall", "10-domain.pol"},
                       {"\\globallyopenports\\enabled", "20-site.pol"}};
  const std::vector<std::string> lines = ResultantSetOfPolicy(local, policy, Profile::kStandard);
  auto has = [&](const std::string& wanted) {
    return std::find(lines.begin(), lines.end(), wanted) != lines.end();
  };
  EXPECT_TRUE(
      has("Operational mode                  = Enable  (Group Policy: 10-domain.pol); "
          "local Disable overridden"));
  EXPECT_TRUE(has("Exception mode                    = Enable  (local)"));
  EXPECT_TRUE(has("Port exceptions: defined by Group Policy (20-site.pol); local entries ignored"));
  EXPECT_TRUE(has("  Enable  8080/TCP web, scope *  (Group Policy)"));
  EXPECT_TRUE(has("  Enable  9090/TCP mine, scope *  (local, ignored)"));
  EXPECT_TRUE(has("Allowed programs: the local list (policy not configured)"));
  EXPECT_TRUE(has("File and Printer Sharing          = Disable, scope LocalSubNet  (local)"));
}

}  // namespace
}  // namespace hostwall::gpo
