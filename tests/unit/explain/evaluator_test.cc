#include "explain/evaluator.h"

#include <gtest/gtest.h>

namespace hostwall::explain {
namespace {

using model::Profile;

class ExplainTest : public testing::Test {
 protected:
  Verdict Run(Flow::Kind kind, const char* source, int port_or_type, const char* interface) {
    Flow flow{.kind = kind, .source = *ParseIpNetwork(source), .interface = interface};
    if (kind == Flow::Kind::kIcmp) {
      flow.icmp_type = static_cast<uint8_t>(port_or_type);
    } else {
      flow.port = static_cast<uint16_t>(port_or_type);
    }
    return Explain(policy::ComputeEffectiveProfile(local_, {}, Profile::kStandard), facts_, flow);
  }

  model::ProfileSettings& standard() { return local_.profile(Profile::kStandard); }

  model::LocalPolicy local_ = model::XpDefaults();
  model::HostFacts facts_{.interfaces = {"lan0", "wan0"},
                          .local_subnets = {*ParseIpNetwork("10.61.1.0/24")}};
};

TEST_F(ExplainTest, NamesTheSettingResponsible) {
  standard().ports.push_back({.protocol = model::Protocol::kTcp,
                              .port = 445,
                              .name = "File and Print",
                              .scope = model::Scope::Subnet()});
  const Verdict allowed = Run(Flow::Kind::kTcp, "10.61.1.2", 445, "lan0");
  EXPECT_TRUE(allowed.allowed);
  EXPECT_EQ(
      allowed.reason,
      "allowed by port opening 445/TCP 'File and Print', scope LocalSubNet, Standard profile");
  const Verdict far = Run(Flow::Kind::kTcp, "10.61.3.2", 445, "wan0");
  EXPECT_FALSE(far.allowed);
  EXPECT_EQ(far.reason,
            "dropped: port opening 445/TCP 'File and Print' admits only LocalSubNet, and "
            "10.61.3.2 is not in it (Standard profile)");
  const Verdict echo = Run(Flow::Kind::kIcmp, "10.61.3.2", 8, "wan0");
  EXPECT_TRUE(echo.allowed);
  EXPECT_NE(echo.reason.find("forced on because TCP 445 is open"), std::string::npos);
}

TEST_F(ExplainTest, ServicesConnectionsAndModes) {
  standard().service(model::ServiceType::kRemoteDesktop).enabled = true;
  EXPECT_EQ(Run(Flow::Kind::kTcp, "10.61.3.2", 3389, "wan0").reason,
            "allowed by Remote Desktop (3389/TCP 'Remote Desktop'), scope *, Standard profile");
  EXPECT_EQ(Run(Flow::Kind::kUdp, "10.61.3.2", 53, "wan0").reason,
            "dropped: no exception opens 53/UDP in the Standard profile; unsolicited inbound "
            "traffic is dropped silently");
  local_.interfaces.push_back({.name = "lan0", .firewall_enabled = false});
  EXPECT_TRUE(Run(Flow::Kind::kUdp, "10.61.1.2", 53, "lan0").allowed);
  standard().exceptions_allowed = false;
  const Verdict shielded = Run(Flow::Kind::kTcp, "10.61.3.2", 3389, "wan0");
  EXPECT_FALSE(shielded.allowed);
  EXPECT_NE(shielded.reason.find("'Don't allow exceptions' is on"), std::string::npos);
  EXPECT_FALSE(Run(Flow::Kind::kUdp, "10.61.1.2", 53, "lan0").allowed);  // §8.2, last row
  standard().firewall_enabled = false;
  EXPECT_EQ(Run(Flow::Kind::kTcp, "10.61.3.2", 1, "wan0").reason,
            "allowed: Windows Firewall is off in the Standard profile");
}

TEST_F(ExplainTest, IcmpSettingsAndOverrides) {
  EXPECT_FALSE(Run(Flow::Kind::kIcmp, "10.61.1.2", 8, "lan0").allowed);
  EXPECT_TRUE(Run(Flow::Kind::kIcmp, "fd61:1::2", 135, "lan0").allowed);  // neighbour discovery
  model::InterfaceSettings wan{.name = "wan0"};
  wan.icmp.values[static_cast<size_t>(model::IcmpSetting::kInboundEchoRequest)] = true;
  local_.interfaces.push_back(wan);
  EXPECT_EQ(Run(Flow::Kind::kIcmp, "10.61.3.2", 8, "wan0").reason,
            "allowed by ICMP setting 8 'Allow inbound echo request' of connection 'wan0'");
  EXPECT_TRUE(Run(Flow::Kind::kIcmp, "fd61:3::2", 128, "wan0").allowed);
  EXPECT_FALSE(Run(Flow::Kind::kIcmp, "10.61.3.2", 0, "wan0").allowed);
}

}  // namespace
}  // namespace hostwall::explain
