#include "host/profile_selection.h"

#include <gtest/gtest.h>

namespace hostwall::host {
namespace {

TEST(ProfileSelectionTest, SearchDomainsFromResolvConf) {
  EXPECT_EQ(SearchDomains("# generated\nnameserver 10.0.0.1\nsearch Corp.Example. lab.local ; x\n"
                          "domain other.example\n"),
            (std::vector<std::string>{"corp.example", "lab.local", "other.example"}));
  EXPECT_TRUE(SearchDomains("").empty());
}

TEST(ProfileSelectionTest, DomainOnlyOnTheDomainNetwork) {
  const std::vector<std::string> lan = {"eth0"};
  EXPECT_EQ(SelectProfile("", {"corp.example"}, lan), model::Profile::kStandard);
  EXPECT_EQ(SelectProfile("CORP.example.", {"corp.example"}, lan), model::Profile::kDomain);
  EXPECT_EQ(SelectProfile("corp.example", {"home.example"}, lan), model::Profile::kStandard);
  EXPECT_EQ(SelectProfile("corp.example", {}, lan), model::Profile::kStandard);
  // Only a dial-up or VPN link: not the domain network.
  EXPECT_EQ(SelectProfile("corp.example", {"corp.example"}, {"ppp0"}), model::Profile::kStandard);
  EXPECT_EQ(SelectProfile("corp.example", {"corp.example"}, {}), model::Profile::kStandard);
}

TEST(ProfileSelectionTest, TheJoinedDomainFromSssdOrKerberos) {
  EXPECT_EQ(JoinedDomain("[sssd]\ndomains = corp.example, other\n[domain/corp.example]\n"
                         "ad_domain = CORP.Example\nid_provider = ad\n",
                         ""),
            "corp.example");
  EXPECT_EQ(JoinedDomain("[sssd]\ndomains = lab.local\n", ""), "lab.local");
  EXPECT_EQ(JoinedDomain("", "[libdefaults]\n  default_realm = CORP.EXAMPLE\n"), "corp.example");
  EXPECT_EQ(JoinedDomain("", ""), "");
}

}  // namespace
}  // namespace hostwall::host
