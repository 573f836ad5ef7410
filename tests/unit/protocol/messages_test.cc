#include "protocol/messages.h"

#include <gtest/gtest.h>

namespace hostwall::protocol {
namespace {

TEST(MessagesTest, RequestsRoundTrip) {
  const Request request{.id = 7, .method = "netsh", .params = {{"args", {"show", "state"}}}};
  auto parsed = ParseRequest(SerializeRequest(request));
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->id, 7);
  EXPECT_EQ(parsed->method, "netsh");
  EXPECT_EQ(parsed->params, request.params);
}

TEST(MessagesTest, MalformedRequestsAreNamed) {
  EXPECT_NE(ParseRequest("{").error().message().find("not valid JSON"), std::string::npos);
  EXPECT_NE(ParseRequest("[1]").error().message().find("JSON object"), std::string::npos);
  EXPECT_NE(ParseRequest("{\"id\":1}").error().message().find("\"method\""), std::string::npos);
  EXPECT_NE(ParseRequest("{\"method\":\"x\",\"params\":3}").error().message().find("\"params\""),
            std::string::npos);
}

TEST(MessagesTest, ResponsesCarryResultsAndErrors) {
  auto ok = ParseResponse(SuccessLine(1, {{"output", "Ok."}}));
  ASSERT_TRUE(ok);
  EXPECT_EQ((*ok)["output"], "Ok.");
  auto error = ParseResponse(ErrorLine(1, Error(ErrorCode::kPermissionDenied, "no")));
  ASSERT_FALSE(error);
  EXPECT_EQ(error.error().code(), ErrorCode::kPermissionDenied);
  EXPECT_EQ(error.error().message(), "no");
}

TEST(MessagesTest, InvalidUtf8InAResultIsReplacedNotFatal) {
  const std::string line = SuccessLine(nullptr, {{"output", std::string("bad \xff byte")}});
  EXPECT_EQ(line.back(), '\n');
  EXPECT_TRUE(ParseResponse(line));
}

}  // namespace
}  // namespace hostwall::protocol
