#include "events/log_summary.h"

#include <gtest/gtest.h>

namespace hostwall::events {
namespace {

std::vector<LogEntry> Entries(const std::vector<std::string>& lines) {
  std::vector<LogEntry> entries;
  for (const std::string& line : lines) entries.push_back(ParseLogLine(line).value());
  return entries;
}

const std::vector<std::string> kLog = {
    "2026-12-02 09:00:00 DROP TCP 10.61.1.2 10.61.1.1 40001 9999 40 S 1 0 512 - - - RECEIVE",
    "2026-12-02 09:00:01 DROP TCP 10.61.1.3 10.61.1.1 40002 9999 40 S 1 0 512 - - - RECEIVE",
    "2026-12-02 09:00:02 DROP TCP 10.61.1.2 10.61.1.1 40003 9999 40 S 1 0 512 - - - RECEIVE",
    "2026-12-02 09:00:03 DROP UDP 10.61.1.2 10.61.1.1 40004 5555 33 - - - - - - - RECEIVE",
    "2026-12-02 09:00:04 DROP UDP 10.61.1.9 224.0.0.251 5353 5353 73 - - - - - - - RECEIVE",
    "2026-12-02 09:00:05 DROP ICMP 10.61.1.2 10.61.1.1 - - 84 - - - - 8 0 - RECEIVE",
    "2026-12-02 09:00:06 DROP ICMP 10.61.1.1 10.61.1.2 - - 61 - - - - 3 3 - SEND",
    "2026-12-02 09:00:07 OPEN-INBOUND TCP 10.61.1.2 10.61.1.1 40005 8080 - - - - - - - - -",
    "2026-12-02 09:00:08 CLOSE TCP 10.61.1.2 10.61.1.1 40005 8080 - - - - - - - - -",
    "2026-12-02 09:00:09 INFO-EVENTS-LOST - - - - - - - - - - - - 59 -",
};

TEST(LogSummaryTest, CountsAndTopTallies) {
  const LogSummary s = Summarize(Entries(kLog), "", 2);
  EXPECT_EQ(s.first, "2026-12-02 09:00:00");
  EXPECT_EQ(s.last, "2026-12-02 09:00:09");
  EXPECT_EQ(s.entries, 10u);
  EXPECT_EQ(s.drops, 7u);
  EXPECT_EQ(s.opens, 1u);
  EXPECT_EQ(s.closes, 1u);
  EXPECT_EQ(s.events_lost, 59u);
  EXPECT_EQ(s.top_ports, (std::vector<Tally>{{"TCP 9999", 3}, {"UDP 5353", 1}}));
  EXPECT_EQ(s.top_sources, (std::vector<Tally>{{"10.61.1.2", 4}, {"10.61.1.1", 1}}));
  EXPECT_EQ(s.top_protocols, (std::vector<Tally>{{"TCP", 3}, {"ICMP", 2}}));
  // Multicast is not a connection attempt to the host.
  ASSERT_EQ(s.dropped_ports.size(), 2u);
  EXPECT_EQ(s.dropped_ports[0].port, 9999);
  EXPECT_EQ(s.dropped_ports[0].sources.size(), 2u);
  EXPECT_EQ(s.dropped_ports[1].port, 5555);
  EXPECT_EQ(s.dropped_echo_requests, 1u);
}

TEST(LogSummaryTest, TheWindowStartsAtSince) {
  const LogSummary s = Summarize(Entries(kLog), "2026-12-02 09:00:05", 10);
  EXPECT_EQ(s.entries, 5u);
  EXPECT_EQ(s.drops, 2u);
  EXPECT_TRUE(s.dropped_ports.empty());
}

TEST(LogSummaryTest, SuggestsOneCommandPerDroppedPortAndTheEchoSetting) {
  const std::vector<Suggestion> suggestions = SuggestCommands(Summarize(Entries(kLog), "", 10), 10);
  ASSERT_EQ(suggestions.size(), 3u);
  EXPECT_EQ(suggestions[0].reason, "3 packet(s) to TCP port 9999 dropped, from 2 source(s)");
  EXPECT_EQ(suggestions[0].command,
            "netsh firewall add portopening protocol=TCP port=9999 name=\"TCP 9999\" mode=ENABLE "
            "scope=CUSTOM addresses=10.61.1.2,10.61.1.3");
  EXPECT_EQ(suggestions[1].command,
            "netsh firewall add portopening protocol=UDP port=5555 name=\"UDP 5555\" mode=ENABLE "
            "scope=CUSTOM addresses=10.61.1.2");
  EXPECT_EQ(suggestions[2].command, "netsh firewall set icmpsetting type=8 mode=ENABLE");
  EXPECT_EQ(SuggestCommands(Summarize(Entries(kLog), "", 10), 1).size(), 2u);
}

TEST(LogSummaryTest, ManySourcesAreSuggestedForEveryComputer) {
  std::vector<std::string> lines;
  for (int i = 0; i < 6; ++i) {
    lines.push_back("2026-12-02 09:00:00 DROP TCP 10.0.0." + std::to_string(i + 1) +
                    " 10.61.1.1 40001 445 40 S 1 0 512 - - - RECEIVE");
  }
  const std::vector<Suggestion> suggestions =
      SuggestCommands(Summarize(Entries(lines), "", 10), 10);
  ASSERT_EQ(suggestions.size(), 1u);
  EXPECT_NE(suggestions[0].command.find("port=445 name=\"TCP 445\" mode=ENABLE scope=ALL"),
            std::string::npos);
}

}  // namespace
}  // namespace hostwall::events
