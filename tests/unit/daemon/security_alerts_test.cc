#include "daemon/security_alerts.h"

#include <gtest/gtest.h>

namespace hostwall::daemon {
namespace {

SecurityAlert For(uint64_t inode, const char* path) {
  return {.executable = {.device = 1, .inode = inode}, .path = path, .name = "x", .pid = 42};
}

TEST(SecurityAlertsTest, OneAlertPerProgramGatheringItsPorts) {
  SecurityAlerts alerts;
  const SecurityAlert* first = alerts.Raise(For(7, "/opt/a"), 6, 8080);
  ASSERT_NE(first, nullptr);
  const uint64_t id = first->id;
  const SecurityAlert* more = alerts.Raise(For(7, "/opt/a"), 17, 8080);
  ASSERT_NE(more, nullptr);
  EXPECT_EQ(more->id, id);
  EXPECT_EQ(more->ports, (std::vector<std::pair<uint8_t, uint16_t>>{{6, 8080}, {17, 8080}}));
  EXPECT_EQ(alerts.Raise(For(7, "/opt/a"), 6, 8080), nullptr);  // nothing new
  const SecurityAlert* other = alerts.Raise(For(8, "/opt/b"), 6, 9090);
  ASSERT_NE(other, nullptr);
  EXPECT_NE(other->id, id);
  EXPECT_EQ(alerts.pending().size(), 2u);

  const nlohmann::json json = ToJson(alerts.pending()[0]);
  EXPECT_EQ(json["program"], "/opt/a");
  EXPECT_EQ(json["ports"][1]["protocol"], "UDP");

  ASSERT_NE(alerts.Find(id), nullptr);
  EXPECT_EQ(alerts.Find(id)->path, "/opt/a");
  ASSERT_TRUE(alerts.Take(id));
  EXPECT_EQ(alerts.Find(id), nullptr);
  EXPECT_FALSE(alerts.Take(id));
  // Taken (answered, or Ask Me Later): the next listen alerts again, with a new id.
  const SecurityAlert* again = alerts.Raise(For(7, "/opt/a"), 6, 8080);
  ASSERT_NE(again, nullptr);
  EXPECT_GT(again->id, other->id);
  alerts.DropExecutable({.device = 1, .inode = 7});
  EXPECT_EQ(alerts.pending().size(), 1u);
}

}  // namespace
}  // namespace hostwall::daemon
