// Enforcement with real packets: hostwalld protects the lab's host namespace, and the lan peer
// (same link) and the far peer (behind a router) try TCP, UDP and ping. Each test checks one
// setting both ways: what it admits, and what stays dropped.
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <thread>

#include "support/daemon_process.h"
#include "support/lab.h"

namespace hostwall {
namespace {

using testing_support::CommandResult;
using testing_support::DaemonProcess;
using testing_support::Lab;
using testing_support::TempDir;

constexpr const char* kHost4 = "10.61.1.1";  // host's lan0, as lan sees it
constexpr const char* kHost6 = "fd61:1::1";
constexpr const char* kHostWan = "10.61.2.1";  // host's wan0, as far sees it

class EnforcementTest : public testing::Test {
 protected:
  void SetUp() override {
    if (geteuid() != 0) GTEST_SKIP() << "needs root for network namespaces";
    lab_ = std::make_unique<Lab>();
    for (int port : {135, 137, 139, 445, 1900, 2869, 3389, 8080, 9090}) lab_->Serve("host", port);
    daemon_ = std::make_unique<DaemonProcess>(dir_, lab_->Namespace("host"));
    ASSERT_TRUE(daemon_->Start());
  }

  void Netsh(const std::string& command) {
    std::vector<std::string> argv = {"netsh", "-f", "-"};
    const CommandResult result = daemon_->Cli(argv, false, "", "firewall " + command + "\n");
    ASSERT_EQ(result.exit_code, 0) << command << "\n" << result.err;
  }

  TempDir dir_;
  std::unique_ptr<Lab> lab_;
  std::unique_ptr<DaemonProcess> daemon_;
};

TEST_F(EnforcementTest, UnsolicitedTrafficIsDroppedByDefault) {
  EXPECT_FALSE(lab_->Tcp("lan", kHost4, 8080));
  EXPECT_FALSE(lab_->Udp("lan", kHost4, 8080));
  EXPECT_FALSE(lab_->Tcp("lan", kHost6, 8080));
  EXPECT_FALSE(lab_->Udp("lan", kHost6, 8080));
  EXPECT_FALSE(lab_->Ping("lan", kHost4));
  EXPECT_FALSE(lab_->Ping("lan", kHost6));
  EXPECT_FALSE(lab_->Tcp("far", kHostWan, 8080));
  // Silently: a closed port answers no RST, so the probe times out rather than being refused.
  const auto start = std::chrono::steady_clock::now();
  EXPECT_FALSE(lab_->Tcp("lan", kHost4, 8081));
  EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(300));
}

TEST_F(EnforcementTest, PortOpeningWithScopeAll) {
  Netsh("add portopening TCP 8080 web");
  EXPECT_TRUE(lab_->Tcp("lan", kHost4, 8080));
  EXPECT_TRUE(lab_->Tcp("lan", kHost6, 8080));
  EXPECT_TRUE(lab_->Tcp("far", kHostWan, 8080));
  EXPECT_FALSE(lab_->Udp("lan", kHost4, 8080));
  EXPECT_FALSE(lab_->Tcp("lan", kHost4, 9090));
  Netsh("set portopening TCP 8080 mode=DISABLE");
  EXPECT_FALSE(lab_->Tcp("lan", kHost4, 8080));
  Netsh("set portopening TCP 8080 mode=ENABLE");
  EXPECT_TRUE(lab_->Tcp("lan", kHost4, 8080));
  Netsh("delete portopening TCP 8080");
  EXPECT_FALSE(lab_->Tcp("lan", kHost4, 8080));
}

TEST_F(EnforcementTest, UdpPortOpeningGetsItsReply) {
  Netsh("add portopening UDP 9090 dns-like");
  EXPECT_TRUE(lab_->Udp("lan", kHost4, 9090));
  EXPECT_TRUE(lab_->Udp("lan", kHost6, 9090));
  EXPECT_FALSE(lab_->Tcp("lan", kHost4, 9090));
  Netsh("add portopening ALL 8080 both");
  EXPECT_TRUE(lab_->Tcp("lan", kHost4, 8080));
  EXPECT_TRUE(lab_->Udp("lan", kHost4, 8080));
}

TEST_F(EnforcementTest, ScopeSubnetAdmitsTheLinkButNotTheFarPeer) {
  Netsh("add portopening TCP 8080 web ENABLE SUBNET");
  EXPECT_TRUE(lab_->Tcp("lan", kHost4, 8080));
  EXPECT_TRUE(lab_->Tcp("lan", kHost6, 8080));
  EXPECT_FALSE(lab_->Tcp("far", kHostWan, 8080));
}

TEST_F(EnforcementTest, CustomScopeAdmitsOnlyItsAddresses) {
  Netsh("add portopening TCP 8080 web ENABLE CUSTOM 10.61.3.2");
  EXPECT_TRUE(lab_->Tcp("far", kHostWan, 8080));
  EXPECT_FALSE(lab_->Tcp("lan", kHost4, 8080));
  EXPECT_FALSE(lab_->Tcp("lan", kHost6, 8080));
  Netsh("set portopening TCP 8080 scope=CUSTOM addresses=10.61.3.0/24,LocalSubnet");
  EXPECT_TRUE(lab_->Tcp("far", kHostWan, 8080));
  EXPECT_TRUE(lab_->Tcp("lan", kHost4, 8080));
  Netsh("set portopening TCP 8080 scope=CUSTOM addresses=fd61:1::2");
  EXPECT_TRUE(lab_->Tcp("lan", kHost6, 8080));
  EXPECT_FALSE(lab_->Tcp("lan", kHost4, 8080));
  EXPECT_FALSE(lab_->Tcp("far", kHostWan, 8080));
}

TEST_F(EnforcementTest, ScopesOfOnePortAreUnited) {
  Netsh("add portopening TCP 445 mine ENABLE CUSTOM 10.61.3.2");
  Netsh("set service fileandprint enable");  // 445 for the local subnet as well
  EXPECT_TRUE(lab_->Tcp("far", kHostWan, 445));
  EXPECT_TRUE(lab_->Tcp("lan", kHost4, 445));
}

TEST_F(EnforcementTest, FileAndPrintSharingOpensItsPortsToTheSubnetAndEcho) {
  EXPECT_FALSE(lab_->Ping("lan", kHost4));
  Netsh("set service fileandprint enable");
  EXPECT_TRUE(lab_->Tcp("lan", kHost4, 445));
  EXPECT_TRUE(lab_->Tcp("lan", kHost4, 139));
  EXPECT_TRUE(lab_->Udp("lan", kHost4, 137));
  EXPECT_FALSE(lab_->Tcp("far", kHostWan, 445));
  // TCP 445 open: inbound echo is allowed whatever the ICMP setting (spec §2).
  EXPECT_TRUE(lab_->Ping("lan", kHost4));
  EXPECT_TRUE(lab_->Ping("lan", kHost6));
}

TEST_F(EnforcementTest, RemoteDesktopRemoteAdminAndUpnp) {
  Netsh("set service remotedesktop enable");
  EXPECT_TRUE(lab_->Tcp("far", kHostWan, 3389));
  EXPECT_FALSE(lab_->Tcp("far", kHostWan, 135));
  Netsh("set service remoteadmin enable");
  EXPECT_TRUE(lab_->Tcp("far", kHostWan, 135));
  EXPECT_TRUE(lab_->Tcp("far", kHostWan, 445));
  Netsh("set service upnp enable");
  EXPECT_TRUE(lab_->Tcp("lan", kHost4, 2869));
  EXPECT_TRUE(lab_->Udp("lan", kHost4, 1900));
  EXPECT_FALSE(lab_->Tcp("far", kHostWan, 2869));
}

TEST_F(EnforcementTest, IcmpEchoSetting) {
  Netsh("set icmpsetting 8");
  EXPECT_TRUE(lab_->Ping("lan", kHost4));
  EXPECT_TRUE(lab_->Ping("lan", kHost6));
  EXPECT_TRUE(lab_->Ping("far", kHostWan));
  Netsh("set icmpsetting 8 disable");
  EXPECT_FALSE(lab_->Ping("lan", kHost4));
  EXPECT_FALSE(lab_->Ping("lan", kHost6));
}

TEST_F(EnforcementTest, OpmodeOffAdmitsEverything) {
  Netsh("set opmode disable");
  EXPECT_TRUE(lab_->Tcp("lan", kHost4, 8080));
  EXPECT_TRUE(lab_->Ping("far", kHostWan));
  Netsh("set opmode enable");
  EXPECT_FALSE(lab_->Tcp("lan", kHost4, 8080));
}

TEST_F(EnforcementTest, DontAllowExceptionsClosesEveryException) {
  Netsh("add portopening TCP 8080 web");
  Netsh("set service fileandprint enable");
  Netsh("set opmode enable disable");
  EXPECT_FALSE(lab_->Tcp("lan", kHost4, 8080));
  EXPECT_FALSE(lab_->Tcp("lan", kHost4, 445));
  EXPECT_FALSE(lab_->Ping("lan", kHost4));  // no TCP 445 open, so no forced echo
  Netsh("set opmode enable enable");
  EXPECT_TRUE(lab_->Tcp("lan", kHost4, 8080));
}

TEST_F(EnforcementTest, PerConnectionSettingsFollowTheTable) {
  Netsh("set opmode disable interface=lan0");
  EXPECT_TRUE(lab_->Tcp("lan", kHost4, 8080));  // lan0 unprotected
  EXPECT_FALSE(lab_->Tcp("far", kHostWan, 8080));
  Netsh("set opmode enable disable");  // no exceptions: lan0 protected again (§8.2)
  EXPECT_FALSE(lab_->Tcp("lan", kHost4, 8080));
  Netsh("set opmode enable enable");
  Netsh("set opmode enable interface=lan0");
  Netsh("add portopening TCP 9090 lan-only interface=lan0");
  EXPECT_TRUE(lab_->Tcp("lan", kHost4, 9090));
  EXPECT_FALSE(lab_->Tcp("far", kHostWan, 9090));
  Netsh("set icmpsetting 8 enable interface=wan0");
  EXPECT_TRUE(lab_->Ping("far", kHostWan));
  EXPECT_FALSE(lab_->Ping("lan", kHost4));
}

TEST_F(EnforcementTest, RepliesToConnectionsTheHostOpensPass) {
  lab_->Serve("far", 7000);
  lab_->Serve("lan", 7000);
  EXPECT_TRUE(lab_->Tcp("host", "10.61.3.2", 7000));
  EXPECT_TRUE(lab_->Udp("host", "10.61.3.2", 7000));
  // A fresh veth can lose the first neighbor solicitation, and the kernel resends it only a
  // second later; resolve the neighbor first, with time for that.
  lab_->Exec("host", {"ping", "-q", "-c1", "-W2", "fd61:1::2"});
  EXPECT_TRUE(lab_->Tcp("host", "fd61:1::2", 7000));
  EXPECT_TRUE(lab_->Ping("host", "10.61.3.2"));
  EXPECT_FALSE(lab_->Tcp("far", kHostWan, 8080));
}

TEST_F(EnforcementTest, UnicastRepliesToABroadcastPassForThreeSeconds) {
  lab_->Serve("lan", 7001);
  // hw_probe sends to the broadcast address; lan answers by unicast from its own address.
  EXPECT_TRUE(lab_->Udp("host", "10.61.1.255", 7001));
  Netsh("set multicastbroadcastresponse disable");
  EXPECT_FALSE(lab_->Udp("host", "10.61.1.255", 7001));
}

TEST_F(EnforcementTest, TheTableOutlivesTheDaemon) {
  Netsh("add portopening TCP 8080 web");
  daemon_->Kill();
  EXPECT_TRUE(lab_->Tcp("lan", kHost4, 8080));
  EXPECT_FALSE(lab_->Tcp("lan", kHost4, 9090));
  ASSERT_TRUE(daemon_->Start());
  EXPECT_TRUE(lab_->Tcp("lan", kHost4, 8080));
  EXPECT_FALSE(lab_->Tcp("lan", kHost4, 9090));
}

// The Domain/Standard switch (spec §8.3): the domain network is recognized by its DNS search
// domain, and the current profile's settings apply.
TEST_F(EnforcementTest, TheCurrentProfileFollowsTheDomainNetwork) {
  const std::string resolv = dir_ / "resolv.conf";
  std::ofstream(resolv) << "nameserver 10.61.2.2\nsearch home.example\n";
  daemon_->Stop();
  daemon_ = std::make_unique<DaemonProcess>(
      dir_, lab_->Namespace("host"),
      std::vector<std::string>{"--domain", "corp.example", "--resolv-conf", resolv});
  ASSERT_TRUE(daemon_->Start());
  Netsh("add portopening TCP 8080 domain-only profile=DOMAIN");
  Netsh("add portopening TCP 9090 standard-only profile=STANDARD");
  EXPECT_NE(daemon_->Cli({"netsh", "firewall", "show", "currentprofile"}).out.find("Standard"),
            std::string::npos);
  EXPECT_FALSE(lab_->Tcp("lan", kHost4, 8080));
  EXPECT_TRUE(lab_->Tcp("lan", kHost4, 9090));

  std::ofstream(resolv) << "nameserver 10.61.2.2\nsearch corp.example\n";
  // The daemon looks again within a second; wait for it to say so.
  for (int i = 0; i < 40; ++i) {
    if (daemon_->Cli({"netsh", "firewall", "show", "currentprofile"}).out.find("Domain") !=
        std::string::npos) {
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_NE(daemon_->Cli({"netsh", "firewall", "show", "currentprofile"}).out.find("Domain"),
            std::string::npos);
  EXPECT_TRUE(lab_->Tcp("lan", kHost4, 8080));
  EXPECT_FALSE(lab_->Tcp("lan", kHost4, 9090));
}

// SUBNET follows the routing table: a new on-link route reaches the kernel's set at once.
TEST_F(EnforcementTest, LocalSubnetFollowsRouteChanges) {
  auto subnet = [&] {
    return lab_->Exec("host", {"nft", "list", "set", "inet", "hostwall", "subnet_v4"}).out;
  };
  EXPECT_EQ(subnet().find("10.61.9.0/24"), std::string::npos);
  ASSERT_EQ(lab_->Exec("host", {"ip", "addr", "add", "10.61.9.1/24", "dev", "wan0"}).exit_code, 0);
  for (int i = 0; i < 40 && subnet().find("10.61.9.0/24") == std::string::npos; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_NE(subnet().find("10.61.9.0/24"), std::string::npos) << subnet();
}

TEST_F(EnforcementTest, NamesWithNftSyntaxChangeNothingButTheName) {
  const CommandResult added = daemon_->Cli(
      {"netsh", "firewall", "add", "portopening", "TCP", "8080",
       "x\"; flush ruleset; add rule inet hostwall input accept\n}\xc3\xa9\xe2\x9c\x93"});
  ASSERT_EQ(added.exit_code, 0) << added.err;
  const std::string after = lab_->Exec("host", {"nft", "list", "table", "inet", "hostwall"}).out;
  EXPECT_EQ(after.find("flush"), std::string::npos);
  EXPECT_NE(after.find("policy drop"), std::string::npos);
  EXPECT_TRUE(lab_->Tcp("lan", kHost4, 8080));
  EXPECT_FALSE(lab_->Tcp("lan", kHost4, 9090));
  EXPECT_NE(daemon_->Cli({"netsh", "firewall", "show", "portopening", "profile=standard"})
                .out.find("add rule inet hostwall input accept?}\xc3\xa9\xe2\x9c\x93"),
            std::string::npos);
}

// What dist/systemd/hostwall-boot.service does at boot, before hostwalld runs.
TEST_F(EnforcementTest, TheKnownGoodRulesetProtectsBeforeTheDaemonStarts) {
  Netsh("add portopening TCP 8080 web ENABLE SUBNET");
  daemon_->Stop();
  ASSERT_EQ(lab_->Exec("host", {"nft", "delete", "table", "inet", "hostwall"}).exit_code, 0);
  EXPECT_TRUE(lab_->Tcp("lan", kHost4, 9090));  // "before boot": nothing filters
  const CommandResult loaded =
      lab_->Exec("host", {"nft", "-f", daemon_->state_dir() + "/ruleset.nft"});
  ASSERT_EQ(loaded.exit_code, 0) << loaded.err;
  EXPECT_TRUE(lab_->Tcp("lan", kHost4, 8080));
  EXPECT_FALSE(lab_->Tcp("far", kHostWan, 8080));
  EXPECT_FALSE(lab_->Tcp("lan", kHost4, 9090));
}

}  // namespace
}  // namespace hostwall
