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
  EXPECT_EQ(SelectProfile("", {"corp.example"}), model::Profile::kStandard);
  EXPECT_EQ(SelectProfile("CORP.example.", {"corp.example"}), model::Profile::kDomain);
  EXPECT_EQ(SelectProfile("corp.example", {"home.example"}), model::Profile::kStandard);
  EXPECT_EQ(SelectProfile("corp.example", {}), model::Profile::kStandard);
}

}  // namespace
}  // namespace hostwall::host
