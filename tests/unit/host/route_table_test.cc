#include "host/route_table.h"

#include <gtest/gtest.h>

namespace hostwall::host {
namespace {

std::vector<std::string> Formatted(const std::vector<IpNetwork>& networks) {
  std::vector<std::string> out;
  for (const IpNetwork& n : networks) out.push_back(FormatIpNetwork(n));
  return out;
}

// The lab host's tables, as the kernel printed them.
TEST(RouteTableTest, OnLinkIPv4RoutesWithoutDefaultOrGateway) {
  const char* table =
      "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\n"
      "wan0\t00000000\t02023D0A\t0003\t0\t0\t0\t00000000\t0\t0\t0\n"
      "lan0\t00013D0A\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0\n"
      "wan0\t00023D0A\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0\n"
      "ppp0\t00000000\t00000000\t0001\t0\t0\t0\t00000000\t0\t0\t0\n"
      "wan0\t00033D0A\t01023D0A\t0003\t0\t0\t0\t00FFFFFF\t0\t0\t0\n"
      "garbage line\n";
  EXPECT_EQ(Formatted(OnLinkNetworksV4(table)),
            (std::vector<std::string>{"10.61.1.0/24", "10.61.2.0/24"}));
}

TEST(RouteTableTest, OnLinkIPv6RoutesWithoutHostMulticastOrLoopback) {
  const char* table =
      "fd610001000000000000000000000000 40 00000000000000000000000000000000 00 "
      "00000000000000000000000000000000 00000100 00000003 00000000 00000001     lan0\n"
      "fe800000000000000000000000000000 40 00000000000000000000000000000000 00 "
      "00000000000000000000000000000000 00000100 00000001 00000000 00000001     lan0\n"
      "00000000000000000000000000000000 00 00000000000000000000000000000000 00 "
      "fe800000000000000000000000000001 00000400 00000001 00000000 00000003     wan0\n"
      "fd610001000000000000000000000001 80 00000000000000000000000000000000 00 "
      "00000000000000000000000000000000 00000000 00000004 00000000 80200001     lan0\n"
      "ff000000000000000000000000000000 08 00000000000000000000000000000000 00 "
      "00000000000000000000000000000000 00000100 00000002 00000000 00000001     lan0\n"
      "00000000000000000000000000000001 80 00000000000000000000000000000000 00 "
      "00000000000000000000000000000000 00000000 00000002 00000000 80200001       lo\n";
  EXPECT_EQ(Formatted(OnLinkNetworksV6(table)),
            (std::vector<std::string>{"fd61:1::/64", "fe80::/64"}));
}

}  // namespace
}  // namespace hostwall::host
