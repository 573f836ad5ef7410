#include "core/ip_network.h"

#include <gtest/gtest.h>

namespace hostwall {
namespace {

struct Case {
  const char* input;
  const char* formatted;  // nullptr: the input must be refused
};

class ParseIpNetworkTest : public testing::TestWithParam<Case> {};

TEST_P(ParseIpNetworkTest, ParsesOrRefuses) {
  const Case& c = GetParam();
  auto network = ParseIpNetwork(c.input);
  if (c.formatted == nullptr) {
    ASSERT_FALSE(network) << c.input;
    EXPECT_EQ(network.error().code(), ErrorCode::kInvalidArgument);
    EXPECT_NE(network.error().message().find(c.input), std::string::npos);
    return;
  }
  ASSERT_TRUE(network) << network.error().message();
  EXPECT_EQ(FormatIpNetwork(*network), c.formatted);
}

INSTANTIATE_TEST_SUITE_P(
    All, ParseIpNetworkTest,
    testing::Values(Case{"157.60.0.1", "157.60.0.1"}, Case{"172.16.0.0/16", "172.16.0.0/16"},
                    Case{"10.0.0.0/255.0.0.0", "10.0.0.0/8"}, Case{"10.1.2.3/8", "10.0.0.0/8"},
                    Case{"10.1.2.3/32", "10.1.2.3"}, Case{"0.0.0.0/0", "0.0.0.0/0"},
                    Case{"10.0.0.0/255.255.255.255", "10.0.0.0"}, Case{"fd61:1::1", "fd61:1::1"},
                    Case{"fd61:1::1/64", "fd61:1::/64"}, Case{"FD61:1:0:0::2", "fd61:1::2"},
                    Case{"10.0.0.0/33", nullptr}, Case{"10.0.0.0/255.0.255.0", nullptr},
                    Case{"fd61::/129", nullptr}, Case{"fd61::/255.0.0.0", nullptr},
                    Case{"10.0.0", nullptr}, Case{"host.example", nullptr}, Case{"", nullptr},
                    Case{"10.0.0.1/", nullptr}, Case{"10.0.0.1/-1", nullptr}));

TEST(IpNetworkTest, ContainsChecksFamilyAndPrefix) {
  const IpNetwork block = *ParseIpNetwork("10.61.0.0/16");
  EXPECT_TRUE(block.Contains(*ParseIpNetwork("10.61.1.2")));
  EXPECT_TRUE(block.Contains(*ParseIpNetwork("10.61.1.0/24")));
  EXPECT_FALSE(block.Contains(*ParseIpNetwork("10.0.0.0/8")));
  EXPECT_FALSE(block.Contains(*ParseIpNetwork("10.62.0.1")));
  EXPECT_FALSE(block.Contains(*ParseIpNetwork("fd61::1")));
}

}  // namespace
}  // namespace hostwall
