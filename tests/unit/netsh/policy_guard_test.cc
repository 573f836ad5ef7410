#include "netsh/policy_guard.h"

#include <gtest/gtest.h>

#include "netsh/parser.h"

namespace hostwall::netsh {
namespace {

using model::Profile;

Result<void> Check(const char* line, const policy::GroupPolicyOverlay& overlay) {
  return CheckNotControlledByPolicy(*ParseCommand(*LexLine(line)),
                                    {.current_profile = Profile::kStandard}, overlay);
}

TEST(PolicyGuardTest, RefusesWhatPolicyControlsInTheChosenProfile) {
  policy::GroupPolicyOverlay overlay;
  policy::ProfilePolicy& domain = overlay.profiles[static_cast<size_t>(Profile::kDomain)];
  domain.firewall_enabled = true;
  domain.ports.defined = true;
  domain.services[static_cast<size_t>(model::ServiceType::kRemoteDesktop)] =
      model::ServiceSetting{.enabled = true};
  domain.icmp = model::IcmpSettings{};
  domain.log_dropped_packets = true;

  auto refused = Check("set opmode disable profile=domain", overlay);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code(), ErrorCode::kPermissionDenied);
  EXPECT_EQ(refused.error().message(),
            "The operational mode of the Domain profile is controlled by Group Policy and cannot "
            "be changed here.");
  EXPECT_FALSE(Check("set opmode disable profile=all", overlay));
  EXPECT_TRUE(Check("set opmode disable", overlay));  // the current profile is Standard
  EXPECT_TRUE(Check("set opmode disable interface=lan0", overlay));
  EXPECT_FALSE(Check("add portopening TCP 80 web profile=domain", overlay));
  EXPECT_FALSE(Check("set service type=all profile=domain", overlay));
  EXPECT_TRUE(Check("set service fileandprint enable profile=domain", overlay));
  EXPECT_FALSE(Check("set icmpsetting 8 profile=domain", overlay));
  EXPECT_TRUE(Check("show state", overlay));
  EXPECT_TRUE(Check("reset", overlay));
  domain.ports.allow_local = true;  // "Allow local port exceptions"
  EXPECT_TRUE(Check("add portopening TCP 80 web profile=domain", overlay));

  policy::GroupPolicyOverlay standard;
  standard.profiles[static_cast<size_t>(Profile::kStandard)].log_dropped_packets = true;
  EXPECT_FALSE(Check("set logging droppedpackets=enable", standard));
  EXPECT_TRUE(Check("set logging maxfilesize=100", standard));
}

}  // namespace
}  // namespace hostwall::netsh
