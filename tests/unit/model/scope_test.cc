#include "model/scope.h"

#include <gtest/gtest.h>

namespace hostwall::model {
namespace {

TEST(ScopeTest, RegistryFormsRoundTrip) {
  for (const char* text : {"*", "LocalSubNet", "10.0.0.0/8", "10.0.0.0/8,192.168.1.7,LocalSubNet",
                           "10.0.0.1,fd61:1::/64"}) {
    auto scope = ParseScopeText(text);
    ASSERT_TRUE(scope) << text << ": " << scope.error().message();
    EXPECT_EQ(FormatScopeText(*scope), text);
  }
}

TEST(ScopeTest, LocalSubnetIsCaseInsensitiveAndAloneMeansSubnet) {
  EXPECT_EQ(ParseScopeText("localsubnet")->kind, ScopeKind::kSubnet);
  EXPECT_EQ(ParseScopeText("LOCALSUBNET,LocalSubnet")->kind, ScopeKind::kSubnet);
  EXPECT_EQ(ParseScopeText("*")->kind, ScopeKind::kAll);
}

TEST(ScopeTest, CustomListsAreSortedAndDeduplicated) {
  auto scope = ParseScopeText(" 10.0.0.2 ,10.0.0.1,10.0.0.2,LocalSubnet");
  ASSERT_TRUE(scope);
  EXPECT_EQ(scope->kind, ScopeKind::kCustom);
  EXPECT_TRUE(scope->local_subnet);
  EXPECT_EQ(FormatScopeText(*scope), "10.0.0.1,10.0.0.2,LocalSubNet");
}

TEST(ScopeTest, TheXpHelpExampleParses) {
  auto scope = ParseCustomAddresses("157.60.0.1,172.16.0.0/16,10.0.0.0/255.0.0.0,LocalSubnet");
  ASSERT_TRUE(scope);
  EXPECT_EQ(FormatScopeText(*scope), "10.0.0.0/8,157.60.0.1,172.16.0.0/16,LocalSubNet");
}

TEST(ScopeTest, BadListsNameTheProblem) {
  struct Case {
    const char* text;
    const char* message_part;
  };
  for (const Case& c :
       {Case{"10.0.0.1,,10.0.0.2", "empty entry"}, Case{"10.0.0.1,*", "'*' must be the only entry"},
        Case{"10.0.0.1,bogus", "'bogus'"}, Case{"", "empty entry"}}) {
    auto scope = ParseScopeText(c.text);
    ASSERT_FALSE(scope) << c.text;
    EXPECT_NE(scope.error().message().find(c.message_part), std::string::npos)
        << scope.error().message();
  }
  auto star = ParseCustomAddresses("*");
  ASSERT_FALSE(star);
  EXPECT_NE(star.error().message().find("scope=ALL"), std::string::npos);
}

}  // namespace
}  // namespace hostwall::model
