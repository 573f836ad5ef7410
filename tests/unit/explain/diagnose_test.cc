#include "explain/diagnose.h"

#include <gtest/gtest.h>

namespace hostwall::explain {
namespace {

using model::Protocol;

model::ListeningSocket Socket(Protocol protocol, const char* address, uint16_t port,
                              const char* program, uint32_t mark = 0) {
  return {.protocol = protocol,
          .address = *ParseIpNetwork(address),
          .port = port,
          .mark = mark,
          .owners = {{.pid = 42, .program = program}}};
}

struct Fixture {
  model::LocalPolicy local = model::XpDefaults();
  model::HostFacts facts;

  Fixture() {
    auto& standard = local.profile(model::Profile::kStandard);
    standard.ports.push_back({.protocol = Protocol::kTcp, .port = 8080, .name = "web"});
    standard.programs.push_back({.path = "/opt/allowed", .name = "allowed"});
    standard.service(model::ServiceType::kFileAndPrint).enabled = true;
    facts.program_ids = {{"/opt/allowed", 7}};
  }
  Diagnosis Run(const std::vector<model::ListeningSocket>& sockets) const {
    return Diagnose(policy::ComputeEffectiveProfile(local, {}, model::Profile::kStandard), facts,
                    sockets);
  }
};

TEST(DiagnoseTest, NamesWhatOpensEachSocketAndSuggestsTheRest) {
  Fixture f;
  const Diagnosis d = f.Run({
      Socket(Protocol::kTcp, "127.0.0.1", 9000, "/usr/bin/socat"),
      Socket(Protocol::kTcp, "0.0.0.0", 8080, "/usr/sbin/nginx"),
      Socket(Protocol::kTcp, "::", 445, "/usr/sbin/smbd"),
      Socket(Protocol::kUdp, "::", 7000, "/opt/allowed", model::StampOf(7) | 0x12),
      Socket(Protocol::kUdp, "0.0.0.0", 5353, "/usr/sbin/avahi daemon"),
      Socket(Protocol::kTcp, "10.61.1.1", 6000, ""),
  });
  EXPECT_TRUE(d.warnings.empty());
  ASSERT_EQ(d.sockets.size(), 6u);
  EXPECT_EQ(d.sockets[0].coverage, Coverage::kLocalOnly);
  EXPECT_EQ(d.sockets[1].coverage, Coverage::kPortException);
  EXPECT_EQ(d.sockets[1].covered_by, "web");
  EXPECT_EQ(d.sockets[2].coverage, Coverage::kService);
  EXPECT_EQ(d.sockets[2].covered_by, "File and Printer Sharing");
  EXPECT_EQ(d.sockets[3].coverage, Coverage::kProgram);
  EXPECT_EQ(d.sockets[3].covered_by, "allowed");
  EXPECT_EQ(d.sockets[4].coverage, Coverage::kNotCovered);
  EXPECT_EQ(d.sockets[4].suggestion,
            "netsh firewall add allowedprogram program=\"/usr/sbin/avahi daemon\" "
            "name=\"avahi daemon\" mode=ENABLE");
  EXPECT_EQ(d.sockets[5].suggestion,
            "netsh firewall add portopening protocol=TCP port=6000 name=\"TCP 6000\" mode=ENABLE");
}

TEST(DiagnoseTest, AStampIsCoveredOnlyWhileItsProgramIsEnabled) {
  Fixture f;
  f.local.profile(model::Profile::kStandard).programs.back().enabled = false;
  const Diagnosis d =
      f.Run({Socket(Protocol::kTcp, "::", 7000, "/opt/allowed", model::StampOf(7))});
  EXPECT_EQ(d.sockets[0].coverage, Coverage::kNotCovered);
  // Another program's stamp is not this one's.
  Fixture g;
  EXPECT_EQ(
      g.Run({Socket(Protocol::kTcp, "::", 7000, "/opt/x", model::StampOf(8))}).sockets[0].coverage,
      Coverage::kNotCovered);
}

TEST(DiagnoseTest, FlagsAFirewallThatIsOffOrAllowsNoExceptions) {
  Fixture f;
  auto& standard = f.local.profile(model::Profile::kStandard);
  standard.exceptions_allowed = false;
  Diagnosis d = f.Run({Socket(Protocol::kTcp, "0.0.0.0", 8080, "/usr/sbin/nginx")});
  ASSERT_EQ(d.warnings.size(), 1u);
  EXPECT_NE(d.warnings[0].find("exceptions=ENABLE"), std::string::npos);
  EXPECT_EQ(d.sockets[0].coverage, Coverage::kNotCovered);
  standard.firewall_enabled = false;
  d = f.Run({Socket(Protocol::kTcp, "0.0.0.0", 8080, "/usr/sbin/nginx")});
  EXPECT_NE(d.warnings[0].find("The firewall is off"), std::string::npos);
  EXPECT_EQ(d.sockets[0].coverage, Coverage::kNotFiltered);
  EXPECT_TRUE(d.sockets[0].suggestion.empty());
}

}  // namespace
}  // namespace hostwall::explain
