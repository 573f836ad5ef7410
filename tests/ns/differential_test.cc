// The differential test: for generated (policy, packet) cases, `hostwall explain` must give the
// verdict the kernel actually gives a real packet in the lab. Four shards of 60 cases each.
#include <gtest/gtest.h>
#include <unistd.h>

#include <random>

#include "cli/control_client.h"
#include "support/daemon_process.h"
#include "support/lab.h"

namespace hostwall {
namespace {

using nlohmann::json;
using testing_support::CommandResult;

struct Packet {
  const char* role;       // lan or far
  const char* source;     // the role's address
  const char* target;     // the host's address it sends to
  const char* interface;  // where it reaches the host
  const char* kind;       // tcp, udp or ping
  int port;
};

constexpr Packet kPackets[] = {
    {"lan", "10.61.1.2", "10.61.1.1", "lan0", "tcp", 8080},
    {"lan", "10.61.1.2", "10.61.1.1", "lan0", "udp", 9090},
    {"lan", "10.61.1.2", "10.61.1.1", "lan0", "tcp", 445},
    {"lan", "10.61.1.2", "10.61.1.1", "lan0", "tcp", 3389},
    {"lan", "10.61.1.2", "10.61.1.1", "lan0", "ping", 0},
    {"lan", "fd61:1::2", "fd61:1::1", "lan0", "tcp", 9090},
    {"lan", "fd61:1::2", "fd61:1::1", "lan0", "udp", 8080},
    {"lan", "fd61:1::2", "fd61:1::1", "lan0", "ping", 0},
    {"far", "10.61.3.2", "10.61.2.1", "wan0", "tcp", 8080},
    {"far", "10.61.3.2", "10.61.2.1", "wan0", "tcp", 9090},
    {"far", "10.61.3.2", "10.61.2.1", "wan0", "udp", 8080},
    {"far", "10.61.3.2", "10.61.2.1", "wan0", "tcp", 445},
    {"far", "10.61.3.2", "10.61.2.1", "wan0", "ping", 0},
};

template <typename T, size_t N>
const T& Pick(std::mt19937& random, const T (&choices)[N]) {
  return choices[random() % N];
}

bool Chance(std::mt19937& random, int percent) {
  return static_cast<int>(random() % 100) < percent;
}

// A random netsh script over the settings the packets can meet.
std::string RandomPolicy(std::mt19937& random) {
  const char* scopes[] = {"ALL",
                          "SUBNET",
                          "CUSTOM 10.61.3.2",
                          "CUSTOM 10.61.1.2",
                          "CUSTOM fd61:1::2",
                          "CUSTOM 10.61.3.0/24,LocalSubnet"};
  const char* protocols[] = {"TCP", "UDP", "ALL"};
  std::string script = "firewall reset\n";
  for (int port : {8080, 9090}) {
    if (!Chance(random, 70)) continue;
    script += "firewall add portopening " + std::string(Pick(random, protocols)) + " " +
              std::to_string(port) + " p" + std::to_string(port) + " " +
              (Chance(random, 85) ? "ENABLE " : "DISABLE ") + Pick(random, scopes) + "\n";
  }
  if (Chance(random, 30)) {
    script += std::string("firewall set service fileandprint enable ") +
              (Chance(random, 50) ? "ALL" : "SUBNET") + "\n";
  }
  if (Chance(random, 30)) script += "firewall set service remotedesktop enable\n";
  if (Chance(random, 40)) script += "firewall set icmpsetting 8\n";
  if (Chance(random, 15)) script += "firewall set opmode disable interface=lan0\n";
  if (Chance(random, 15)) script += "firewall add portopening TCP 9090 wan-only interface=wan0\n";
  if (Chance(random, 15)) {
    script += std::string("firewall set icmpsetting 8 ") +
              (Chance(random, 50) ? "enable" : "disable") + " interface=wan0\n";
  }
  if (Chance(random, 15)) script += "firewall set opmode enable disable\n";
  if (Chance(random, 10)) script += "firewall set opmode disable\n";
  return script;
}

class DifferentialTest : public testing::TestWithParam<int> {};

TEST_P(DifferentialTest, ExplainAgreesWithTheKernel) {
  if (geteuid() != 0) GTEST_SKIP() << "needs root for network namespaces";
  testing_support::TempDir dir;
  testing_support::Lab lab;
  for (int port : {445, 3389, 8080, 9090}) lab.Serve("host", port);
  testing_support::DaemonProcess daemon(dir, lab.Namespace("host"));
  ASSERT_TRUE(daemon.Start());
  auto client = cli::ControlClient::Connect(daemon.socket());
  ASSERT_TRUE(client);
  lab.Exec("host", {"ping", "-q", "-c1", "-W2", "fd61:1::2"});  // resolve the IPv6 neighbour

  std::mt19937 random(static_cast<unsigned>(1000 + GetParam()));
  int cases = 0;
  for (int policy = 0; policy < 6; ++policy) {
    const std::string script = RandomPolicy(random);
    auto applied = client->Call("netsh_script", {{"script", script}});
    ASSERT_TRUE(applied) << script << applied.error().message();
    for (int i = 0; i < 10; ++i, ++cases) {
      const Packet& packet = Pick(random, kPackets);
      const bool ping = std::string(packet.kind) == "ping";
      json params = {{"source", packet.source},
                     {"protocol", ping ? "icmp" : packet.kind},
                     {"interface", packet.interface}};
      if (ping) {
        params["icmp_type"] = std::string(packet.source).find(':') == std::string::npos ? 8 : 128;
      } else {
        params["port"] = packet.port;
      }
      auto verdict = client->Call("explain", params);
      ASSERT_TRUE(verdict) << verdict.error().message();
      const bool observed = ping ? lab.Ping(packet.role, packet.target)
                            : std::string(packet.kind) == "tcp"
                                ? lab.Tcp(packet.role, packet.target, packet.port)
                                : lab.Udp(packet.role, packet.target, packet.port);
      EXPECT_EQ((*verdict)["allowed"].get<bool>(), observed)
          << "policy:\n"
          << script << "packet: " << packet.role << " " << packet.kind << " " << packet.target
          << " " << packet.port << "\nexplain: " << (*verdict)["reason"];
    }
  }
  EXPECT_EQ(cases, 60);
}

INSTANTIATE_TEST_SUITE_P(Shards, DifferentialTest, testing::Values(0, 1, 2, 3));

}  // namespace
}  // namespace hostwall
