#include "events/pfirewall_log.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <vector>

#include "core/text.h"
#include "store/atomic_file.h"

namespace hostwall::events {
namespace {

std::tm At(int hour, int minute, int second) {
  return {.tm_sec = second,
          .tm_min = minute,
          .tm_hour = hour,
          .tm_mday = 11,
          .tm_mon = 3,
          .tm_year = 105};
}

IpNetwork Ip(const char* text) { return *ParseIpNetwork(text); }

TEST(PfirewallLogTest, TheHeaderOfSpecSection51) {
  EXPECT_EQ(LogHeader(),
            "#Version: 1.5\n#Software: Microsoft Windows Firewall\n#Time Format: Local\n"
            "#Fields: date time action protocol src-ip dst-ip src-port dst-port size tcpflags "
            "tcpsyn tcpack tcpwin icmptype icmpcode info path\n");
}

// The sample lines of spec §5.3, from records.
TEST(PfirewallLogTest, ReproducesTheXpSampleLines) {
  EXPECT_EQ(FormatLogLine({.action = LogAction::kDrop,
                           .protocol = 17,
                           .source = Ip("123.45.78.90"),
                           .destination = Ip("123.156.78.255"),
                           .source_port = 137,
                           .destination_port = 137,
                           .size = 78,
                           .path = LogPath::kReceive},
                          At(8, 5, 57)),
            "2005-04-11 08:05:57 DROP UDP 123.45.78.90 123.156.78.255 137 137 78 - - - - - - - "
            "RECEIVE\n");
  EXPECT_EQ(FormatLogLine({.action = LogAction::kOpen,
                           .protocol = 17,
                           .source = Ip("123.45.78.90"),
                           .destination = Ip("123.156.78.90"),
                           .source_port = 500,
                           .destination_port = 500},
                          At(8, 5, 58)),
            "2005-04-11 08:05:58 OPEN UDP 123.45.78.90 123.156.78.90 500 500 - - - - - - - - -\n");
  EXPECT_EQ(FormatLogLine({.action = LogAction::kDrop,
                           .protocol = 6,
                           .source = Ip("123.45.78.90"),
                           .destination = Ip("123.156.78.90"),
                           .source_port = 80,
                           .destination_port = 1693,
                           .size = 40,
                           .tcp_flags = "FA",
                           .tcp_syn = 2351482979u,
                           .tcp_ack = 694744025u,
                           .tcp_window = 64675,
                           .path = LogPath::kReceive},
                          At(8, 48, 46)),
            "2005-04-11 08:48:46 DROP TCP 123.45.78.90 123.156.78.90 80 1693 40 FA 2351482979 "
            "694744025 64675 - - - RECEIVE\n");
  // The published ICMP sample prints "7 7" as ports; the field rules say "-" (spec §5.3).
  EXPECT_EQ(FormatLogLine({.action = LogAction::kDrop,
                           .protocol = 1,
                           .source = Ip("123.45.78.90"),
                           .destination = Ip("123.156.78.90"),
                           .size = 78,
                           .icmp_type = 8,
                           .icmp_code = 0,
                           .path = LogPath::kReceive},
                          At(8, 8, 58)),
            "2005-04-11 08:08:58 DROP ICMP 123.45.78.90 123.156.78.90 - - 78 - - - - 8 0 - "
            "RECEIVE\n");
  EXPECT_EQ(FormatLogLine({.action = LogAction::kInfoEventsLost, .info = 59}, At(8, 52, 26)),
            "2005-04-11 08:52:26 INFO-EVENTS-LOST - - - - - - - - - - - - 59 -\n");
}

std::vector<uint8_t> Ipv4Tcp() {
  return {0x45, 0,    0,    40,   0, 1, 0, 0,  64, 6, 0, 0, 10,   61,   1,    2,    10, 61, 1, 1,
          0x9c, 0x40, 0x1f, 0x90, 0, 0, 0, 42, 0,  0, 0, 7, 0x50, 0x12, 0xfa, 0xf0, 0,  0,  0, 0};
}

TEST(PfirewallLogTest, DecodesAnIpv4TcpPacket) {
  auto record = DecodeDroppedPacket(Ipv4Tcp(), LogPath::kReceive);
  ASSERT_TRUE(record);
  EXPECT_EQ(FormatLogLine(*record, At(0, 0, 0)),
            "2005-04-11 00:00:00 DROP TCP 10.61.1.2 10.61.1.1 40000 8080 40 SA 42 7 64240 - - - "
            "RECEIVE\n");
}

TEST(PfirewallLogTest, DecodesAnIcmpV6Echo) {
  std::vector<uint8_t> packet(48, 0);
  packet[0] = 0x60;
  packet[5] = 8;   // payload length
  packet[6] = 58;  // ICMPv6
  packet[8] = 0xfd, packet[9] = 0x61, packet[11] = 1, packet[23] = 2;
  packet[24] = 0xfd, packet[25] = 0x61, packet[27] = 1, packet[39] = 1;
  packet[40] = 128;
  auto record = DecodeDroppedPacket(packet, LogPath::kReceive);
  ASSERT_TRUE(record);
  EXPECT_EQ(FormatLogLine(*record, At(0, 0, 0)),
            "2005-04-11 00:00:00 DROP ICMP fd61:1::2 fd61:1::1 - - 48 - - - - 128 0 - RECEIVE\n");
  EXPECT_FALSE(DecodeDroppedPacket(std::vector<uint8_t>{0x45, 0}, LogPath::kReceive));
  EXPECT_FALSE(DecodeDroppedPacket({}, LogPath::kReceive));
}

// Our lines have exactly the fields the header names, as the real files' lines do.
TEST(PfirewallLogTest, LinesHaveTheFieldsOfTheRealFiles) {
  const std::vector<std::string> header_fields =
      Split(std::string(Trim(Split(std::string(LogHeader()), '\n')[3].substr(9))), ' ');
  ASSERT_EQ(header_fields.size(), 17u);
  auto record = DecodeDroppedPacket(Ipv4Tcp(), LogPath::kReceive);
  const std::string ours(Trim(FormatLogLine(*record, At(1, 2, 3))));
  EXPECT_EQ(Split(ours, ' ').size(), 17u);
  const std::filesystem::path logs = SHARED_DIR "/data/pfirewall-logs";
  if (!std::filesystem::exists(logs)) GTEST_SKIP() << logs << " is not here";
  for (const auto& file : std::filesystem::directory_iterator(logs)) {
    const std::string text = store::ReadWholeFile(file.path()).value();
    EXPECT_EQ(text.rfind(std::string(LogHeader()).substr(0, 40), 0), 0u) << file.path();
    for (const std::string& line : Split(text, '\n')) {
      if (line.empty() || line[0] == '#') continue;
      EXPECT_EQ(Split(std::string(Trim(line)), ' ').size(), 17u) << file.path() << ": " << line;
      break;
    }
  }
}

TEST(PfirewallLogTest, ParsesWhatItWrites) {
  auto record = DecodeDroppedPacket(Ipv4Tcp(), LogPath::kReceive);
  ASSERT_TRUE(record);
  const std::string line = FormatLogLine(*record, At(8, 6, 26));
  auto entry = ParseLogLine(std::string_view(line).substr(0, line.size() - 1));
  ASSERT_TRUE(entry) << entry.error().message();
  EXPECT_EQ(entry->date, "2005-04-11");
  EXPECT_EQ(entry->time, "08:06:26");
  EXPECT_EQ(FormatLogLine(entry->record, At(8, 6, 26)), line);
  // The XP sample lines of spec §5.3, CRLF-terminated as Windows writes them.
  for (const char* sample :
       {"2005-04-11 08:52:26 INFO-EVENTS-LOST - - - - - - - - - - - - 59 -\r",
        "2005-04-11 08:48:46 DROP TCP 123.45.78.90 123.156.78.90 80 1693 40 FA 2351482979 "
        "694744025 64675 - - - RECEIVE\r",
        "2005-04-11 08:05:58 OPEN UDP 123.45.78.90 123.156.78.90 500 500 - - - - - - - - -"}) {
    auto parsed = ParseLogLine(sample);
    ASSERT_TRUE(parsed) << sample << ": " << parsed.error().message();
    std::string again = FormatLogLine(parsed->record, At(0, 0, 0)).substr(20);
    again.pop_back();
    EXPECT_EQ(again, std::string(sample).substr(20, again.size())) << sample;
  }
}

TEST(PfirewallLogTest, ParseErrorsNameTheField) {
  auto message = [](std::string_view line) {
    auto entry = ParseLogLine(line);
    return entry ? std::string("(parsed)") : entry.error().message();
  };
  EXPECT_EQ(message("2005-04-11 08:52:26 DROP TCP"), "a line has 17 fields, this one 4");
  EXPECT_EQ(message("2005-04-11 08:52:26 REJECT - - - - - - - - - - - - - -"),
            "field 'action' is unknown: 'REJECT'");
  EXPECT_EQ(message("2005-04-11 08:52:26 DROP TCP 10.0.0.300 - - - - - - - - - - - -"),
            "field 'src-ip' is not an address: '10.0.0.300'");
  EXPECT_EQ(message("2005-04-11 08:52:26 DROP TCP - - 70000 - - - - - - - - - -"),
            "field 'src-port' is not a number: '70000'");
  EXPECT_EQ(message("2005-04-11 08:52:26 DROP TCP - - - - - - - - - - - - FORWARD"),
            "field 'path' is unknown: 'FORWARD'");
}

// Every line of the real Windows logs in shared/data parses (our reader, and `hostwall log`,
// take what parsers of pfirewall.log take), except the 17 lines whose address one source
// mangled while anonymising it ("192.168.1.10055"), which are refused by name.
TEST(PfirewallLogTest, EveryLineOfTheRealFilesParses) {
  const std::filesystem::path logs = SHARED_DIR "/data/pfirewall-logs";
  if (!std::filesystem::exists(logs)) GTEST_SKIP() << logs << " is not here";
  size_t parsed = 0, refused = 0, lost_lines = 0;
  for (const auto& file : std::filesystem::directory_iterator(logs)) {
    for (const std::string& line : Split(store::ReadWholeFile(file.path()).value(), '\n')) {
      if (Trim(line).empty() || line[0] == '#') continue;
      auto entry = ParseLogLine(line);
      if (!entry) {
        EXPECT_EQ(entry.error().message(), "field 'dst-ip' is not an address: '192.168.1.10055'");
        ++refused;
        continue;
      }
      ++parsed;
      // Windows's own INFO-EVENTS-LOST lines are the ones we write.
      if (entry->record.action == LogAction::kInfoEventsLost) {
        ++lost_lines;
        EXPECT_EQ(FormatLogLine(entry->record, At(0, 0, 0)).substr(20),
                  std::string(Trim(line)).substr(20) + "\n");
      }
    }
  }
  EXPECT_GT(parsed, 60000u);
  EXPECT_EQ(refused, 17u);
  EXPECT_EQ(lost_lines, 3u);
}

}  // namespace
}  // namespace hostwall::events
