#include "netsh/lexer.h"

#include <gtest/gtest.h>

namespace hostwall::netsh {
namespace {

Token W(const char* text) { return {.kind = Token::Kind::kWord, .text = text}; }
Token Eq() { return {.kind = Token::Kind::kEquals}; }

TEST(LexLineTest, EqualsJoinsWithOrWithoutSpaces) {
  const std::vector<Token> expected = {W("name"), Eq(), W("My App"), W("mode"), Eq(), W("ENABLE")};
  for (const char* line : {R"(name="My App" mode=ENABLE)", R"(name = "My App" mode = ENABLE)",
                           R"(name= "My App"   mode =ENABLE)", "name=\"My App\"\tmode=ENABLE\r"}) {
    auto tokens = LexLine(line);
    ASSERT_TRUE(tokens) << line;
    EXPECT_EQ(*tokens, expected) << line;
  }
}

TEST(LexLineTest, QuotesProtectBlanksAndEquals) {
  auto tokens = LexLine(R"(add portopening TCP 445 "a=b c" "")");
  ASSERT_TRUE(tokens);
  EXPECT_EQ(*tokens, (std::vector<Token>{W("add"), W("portopening"), W("TCP"), W("445"), W("a=b c"),
                                         W("")}));
}

TEST(LexLineTest, UnterminatedQuoteIsAnError) {
  auto tokens = LexLine(R"(add allowedprogram "C:\x.exe)");
  ASSERT_FALSE(tokens);
  EXPECT_NE(tokens.error().message().find("unterminated quote"), std::string::npos);
}

TEST(LexArgvTest, SplitsAtTheFirstEqualsOnly) {
  EXPECT_EQ(LexArgv({"name=a=b"}), (std::vector<Token>{W("name"), Eq(), W("a=b")}));
  EXPECT_EQ(LexArgv({"name", "=", "x y"}), (std::vector<Token>{W("name"), Eq(), W("x y")}));
  EXPECT_EQ(LexArgv({"name=", "x"}), (std::vector<Token>{W("name"), Eq(), W("x")}));
  EXPECT_EQ(LexArgv({"name", "=x"}), (std::vector<Token>{W("name"), Eq(), W("x")}));
  EXPECT_EQ(LexArgv({"C:\\My App\\a.exe"}), (std::vector<Token>{W("C:\\My App\\a.exe")}));
}

}  // namespace
}  // namespace hostwall::netsh
