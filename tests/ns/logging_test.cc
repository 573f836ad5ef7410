// pfirewall.log with real packets: hostwalld protects the lab's host and the lan peer sends
// packets whose every field is known; each test reads the file the daemon wrote.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "core/text.h"
#include "events/pfirewall_log.h"
#include "store/atomic_file.h"
#include "support/daemon_process.h"
#include "support/lab.h"
#include "support/proc_stats.h"

namespace hostwall {
namespace {

using testing_support::CommandResult;
using testing_support::DaemonProcess;
using testing_support::Ipv4Received;
using testing_support::Lab;
using testing_support::ResidentKb;
using testing_support::RunCommand;
using testing_support::TempDir;

constexpr const char* kHost4 = "10.61.1.1";
constexpr const char* kLan4 = "10.61.1.2";
constexpr const char* kHost6 = "fd61:1::1";
constexpr const char* kLan6 = "fd61:1::2";

// The file's text; empty while it does not exist.
std::string ReadFile(const std::string& path) { return store::ReadWholeFile(path).value_or(""); }

// The lines after the header, without the date and time: what the packets decide.
std::vector<std::string> Entries(const std::string& path) {
  std::vector<std::string> entries;
  for (const std::string& line : Split(ReadFile(path), '\n')) {
    if (line.empty() || line.front() == '#') continue;
    const size_t after_time = line.find(' ', line.find(' ') + 1);
    entries.push_back(line.substr(after_time + 1));
  }
  return entries;
}

size_t Count(const std::vector<std::string>& entries, const std::string& entry) {
  return static_cast<size_t>(std::count(entries.begin(), entries.end(), entry));
}

class LoggingTest : public testing::Test {
 protected:
  void SetUp() override {
    if (geteuid() != 0) GTEST_SKIP() << "needs root for network namespaces";
    lab_ = std::make_unique<Lab>();
    daemon_ = std::make_unique<DaemonProcess>(dir_, lab_->Namespace("host"));
    ASSERT_TRUE(daemon_->Start());
    log_ = daemon_->log_dir() + "/pfirewall.log";
  }

  CommandResult Netsh(const std::string& command) {
    return daemon_->Cli({"netsh", "-f", "-"}, false, "", "firewall " + command + "\n");
  }
  void NetshOk(const std::string& command) {
    const CommandResult result = Netsh(command);
    ASSERT_EQ(result.exit_code, 0) << command << "\n" << result.err;
  }

  // Waits (at most 5 s) until the log holds `count` entries; returns them.
  std::vector<std::string> WaitForEntries(size_t count, const std::string& path = "") {
    const std::string file = path.empty() ? log_ : path;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (Entries(file).size() < count && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    // Anything more would arrive right behind.
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    return Entries(file);
  }

  void Segment(int source_port, int port, const char* flags, const char* seq, const char* ack,
               const char* window) {
    ASSERT_EQ(
        lab_->Exec("lan", {HW_PROBE_BIN, "segment", kLan4, kHost4, std::to_string(source_port),
                           std::to_string(port), flags, seq, ack, window})
            .exit_code,
        0);
  }

  void UdpFrom(int source_port, const char* to, int port, const std::string& payload) {
    const std::string address = std::string(to).find(':') != std::string::npos
                                    ? "UDP6-SENDTO:[" + std::string(to) + "]"
                                    : "UDP4-SENDTO:" + std::string(to);
    ASSERT_EQ(RunCommand({"ip", "netns", "exec", lab_->Namespace("lan"), "socat", "-u", "STDIN",
                          address + ":" + std::to_string(port) +
                              ",sourceport=" + std::to_string(source_port)},
                         {}, payload)
                  .exit_code,
              0);
  }

  TempDir dir_;
  std::unique_ptr<Lab> lab_;
  std::unique_ptr<DaemonProcess> daemon_;
  std::string log_;
};

TEST_F(LoggingTest, EachDroppedPacketIsOneLineWithTheFieldsThatWereSent) {
  lab_->Exec("lan", {"ping", "-q", "-c1", "-W2", kHost6});  // resolve the IPv6 neighbour
  NetshOk("set logging droppedpackets=ENABLE");
  lab_->Exec("lan", {"ping", "-q", "-c1", "-s", "56", "-W0.3", kHost4});
  Segment(40001, 9999, "S", "1000", "0", "29200");
  Segment(40002, 9999, "A", "123456789", "987654321", "12345");
  UdpFrom(40003, kHost4, 5555, "hello");
  lab_->Exec("lan", {"ping", "-q", "-c1", "-s", "56", "-W0.3", kHost6});

  const std::vector<std::string> entries = WaitForEntries(5);
  EXPECT_EQ(entries.size(), 5u) << Join(entries, "\n");
  EXPECT_EQ(Count(entries, "DROP ICMP 10.61.1.2 10.61.1.1 - - 84 - - - - 8 0 - RECEIVE"), 1u);
  EXPECT_EQ(Count(entries,
                  "DROP TCP 10.61.1.2 10.61.1.1 40001 9999 40 S 1000 0 29200 - - - "
                  "RECEIVE"),
            1u);
  EXPECT_EQ(Count(entries,
                  "DROP TCP 10.61.1.2 10.61.1.1 40002 9999 40 A 123456789 987654321 "
                  "12345 - - - RECEIVE"),
            1u);
  EXPECT_EQ(Count(entries, "DROP UDP 10.61.1.2 10.61.1.1 40003 5555 33 - - - - - - - RECEIVE"), 1u);
  EXPECT_EQ(Count(entries, "DROP ICMP fd61:1::2 fd61:1::1 - - 104 - - - - 128 0 - RECEIVE"), 1u);

  // Date and time are the local clock, in the format of spec §5.2.
  const std::string text = ReadFile(log_);
  const std::string first = text.substr(std::string(events::LogHeader()).size());
  auto entry = events::ParseLogLine(first.substr(0, first.find('\n')));
  ASSERT_TRUE(entry) << entry.error().message();
  const time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  char today[16];
  std::strftime(today, sizeof(today), "%Y-%m-%d", &local);
  EXPECT_EQ(entry->date, today);
  EXPECT_EQ(entry->time.size(), 8u);
}

TEST_F(LoggingTest, RefusedOutboundIcmpIsLoggedOnTheSendPath) {
  // An open UDP port with no listener: the host's port unreachable is an outbound ICMP error,
  // which the XP defaults refuse.
  NetshOk("add portopening UDP 7777 nobody-listens");
  NetshOk("set logging droppedpackets=ENABLE");
  UdpFrom(40004, kHost4, 7777, "hello");
  const std::vector<std::string> entries = WaitForEntries(1);
  // 20 (IP) + 8 (ICMP) + the 33 bytes of the datagram it quotes.
  EXPECT_EQ(entries, std::vector<std::string>{"DROP ICMP 10.61.1.1 10.61.1.2 - - 61 - - - - 3 3 "
                                              "- SEND"});
}

TEST_F(LoggingTest, ConnectionsAreLoggedOpenAndClose) {
  lab_->Serve("host", 8080);
  lab_->Serve("lan", 7070);
  NetshOk("add portopening TCP 8080 web");
  NetshOk("set logging connections=ENABLE");
  ASSERT_TRUE(lab_->Tcp("lan", kHost4, 8080));
  ASSERT_TRUE(lab_->Tcp("host", kLan4, 7070));
  ASSERT_TRUE(lab_->Tcp("lan", kHost6, 8080));

  const std::vector<std::string> entries = WaitForEntries(6);
  ASSERT_EQ(entries.size(), 6u) << Join(entries, "\n");
  // Each connection: one open line, then one CLOSE with the same addresses and ports.
  struct Expected {
    std::string action, source, destination, port_field;
  };
  for (const Expected& expected :
       {Expected{"OPEN-INBOUND", kLan4, kHost4, "8080"}, Expected{"OPEN", kHost4, kLan4, "7070"},
        Expected{"OPEN-INBOUND", kLan6, kHost6, "8080"}}) {
    const std::string head =
        expected.action + " TCP " + expected.source + " " + expected.destination + " ";
    auto open = std::find_if(entries.begin(), entries.end(),
                             [&](const std::string& e) { return e.rfind(head, 0) == 0; });
    ASSERT_NE(open, entries.end()) << head << "\n" << Join(entries, "\n");
    const std::vector<std::string> fields = Split(*open, ' ');
    EXPECT_EQ(fields[5], expected.port_field);
    EXPECT_EQ(Join(std::vector<std::string>(fields.begin() + 6, fields.end()), " "),
              "- - - - - - - - -");  // size to icmpcode, info and path
    const std::string close = "CLOSE" + open->substr(open->find(' '));
    EXPECT_EQ(Count(entries, close), 1u) << Join(entries, "\n");
    EXPECT_GT(std::find(entries.begin(), entries.end(), close), open);
  }
}

TEST_F(LoggingTest, RotatesToOldAtTheConfiguredSize) {
  NetshOk("set logging maxfilesize=1 droppedpackets=ENABLE");
  constexpr int kPackets = 20;
  for (int i = 0; i < kPackets; ++i) Segment(41000 + i, 9999, "S", "1", "0", "512");
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  const std::string last = "41019 9999";
  while (ReadFile(log_).find(last) == std::string::npos &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  const std::string current = ReadFile(log_), old = ReadFile(log_ + ".old");
  const std::string header(events::LogHeader());
  EXPECT_EQ(current.rfind(header, 0), 0u);
  EXPECT_EQ(old.rfind(header, 0), 0u);
  EXPECT_LE(current.size(), 1024u);
  EXPECT_LE(old.size(), 1024u);
  EXPECT_GT(old.size() + 100, 1024u) << "a rotated file is full";
  // The two generations hold the last packets, in order, none missing.
  std::vector<std::string> both = Entries(log_ + ".old");
  for (const std::string& e : Entries(log_)) both.push_back(e);
  ASSERT_FALSE(both.empty());
  const int first = kPackets - static_cast<int>(both.size());
  for (size_t i = 0; i < both.size(); ++i) {
    EXPECT_NE(both[i].find(" " + std::to_string(41000 + first + static_cast<int>(i)) + " 9999 "),
              std::string::npos)
        << both[i];
  }
}

TEST_F(LoggingTest, NothingIsWrittenWhileLoggingIsOff) {
  lab_->Serve("host", 8080);
  NetshOk("add portopening TCP 8080 web");
  Segment(40001, 9999, "S", "1", "0", "512");
  lab_->Ping("lan", kHost4);
  ASSERT_TRUE(lab_->Tcp("lan", kHost4, 8080));
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_FALSE(std::filesystem::exists(log_));

  // Turned off again, the file stays as it was.
  NetshOk("set logging droppedpackets=ENABLE");
  Segment(40002, 9999, "S", "1", "0", "512");
  ASSERT_EQ(WaitForEntries(1).size(), 1u);
  NetshOk("set logging droppedpackets=DISABLE");
  const std::string before = ReadFile(log_);
  Segment(40003, 9999, "S", "1", "0", "512");
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_EQ(ReadFile(log_), before);
}

TEST_F(LoggingTest, ABadPathIsRefusedAndTheOldSettingStays) {
  NetshOk("set logging droppedpackets=ENABLE");
  const CommandResult relative = Netsh("set logging filelocation=pfirewall.log");
  EXPECT_EQ(relative.exit_code, 1);
  EXPECT_NE(relative.err.find("absolute"), std::string::npos) << relative.err;
  const CommandResult unwritable = Netsh("set logging filelocation=/proc/hostwall/pfirewall.log");
  EXPECT_EQ(unwritable.exit_code, 1);
  EXPECT_NE(unwritable.err.find("/proc/hostwall"), std::string::npos) << unwritable.err;
  const std::string link = dir_ / "link.log";
  std::filesystem::create_symlink(dir_ / "target.log", link);
  const CommandResult linked = Netsh("set logging filelocation=" + link);
  EXPECT_EQ(linked.exit_code, 1);
  EXPECT_FALSE(std::filesystem::exists(dir_ / "target.log"));
  EXPECT_NE(daemon_->Cli({"netsh", "firewall", "show", "logging"}).out.find(log_),
            std::string::npos);

  // A good path takes effect at once.
  const std::string moved = dir_ / "moved/pfirewall.log";
  NetshOk("set logging filelocation=" + moved);
  Segment(40001, 9999, "S", "1", "0", "512");
  EXPECT_EQ(WaitForEntries(1, moved).size(), 1u);
  struct stat st {};
  ASSERT_EQ(::stat((dir_ / "moved").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0750u);
  ASSERT_EQ(::stat(moved.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0640u);
}

TEST_F(LoggingTest, SuggestOpensTheMostDroppedPort) {
  NetshOk("set logging droppedpackets=ENABLE");
  for (int i = 0; i < 3; ++i) Segment(40001 + i, 9999, "S", "1", "0", "512");
  Segment(40010, 8888, "S", "1", "0", "512");
  ASSERT_EQ(WaitForEntries(4).size(), 4u);
  const CommandResult suggest = daemon_->Cli({"log", "suggest", "--top", "1"});
  EXPECT_EQ(suggest.exit_code, 0) << suggest.err;
  EXPECT_EQ(suggest.out,
            "# 3 packet(s) to TCP port 9999 dropped, from 1 source(s)\n"
            "netsh firewall add portopening protocol=TCP port=9999 name=\"TCP 9999\" "
            "mode=ENABLE scope=CUSTOM addresses=10.61.1.2\n");
  // The suggestion is a script hostwall runs, and then the port is open.
  lab_->Serve("host", 9999);
  EXPECT_EQ(daemon_->Cli({"netsh", "-f", "-"}, false, "", suggest.out).exit_code, 0);
  EXPECT_TRUE(lab_->Tcp("lan", kHost4, 9999));
}

TEST_F(LoggingTest, FollowPrintsLinesAsTheyAreWrittenAcrossARotation) {
  NetshOk("set logging maxfilesize=1 droppedpackets=ENABLE");
  Segment(40000, 9999, "S", "1", "0", "512");  // before follow starts: not printed
  ASSERT_EQ(WaitForEntries(1).size(), 1u);
  CommandResult followed;
  std::thread follow([&] {
    followed =
        RunCommand({"timeout", "3", HOSTWALL_BIN, "--socket", daemon_->socket(), "log", "follow"});
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  for (int i = 1; i <= 15; ++i) Segment(40000 + i, 9999, "S", "1", "0", "512");  // rotates
  follow.join();
  std::vector<std::string> printed;
  for (const std::string& line : Split(followed.out, '\n')) {
    if (line.find(" DROP ") != std::string::npos) printed.push_back(Split(line, ' ')[6]);
  }
  std::vector<std::string> expected;
  for (int i = 1; i <= 15; ++i) expected.push_back(std::to_string(40000 + i));
  EXPECT_EQ(printed, expected) << followed.out;
  EXPECT_TRUE(std::filesystem::exists(log_ + ".old"));
}

struct FloodCount {
  uint64_t received = 0;  // IPv4 packets that reached the host
  uint64_t lines = 0;     // their DROP lines
  uint64_t lost = 0;      // the sum of the INFO-EVENTS-LOST counts
  uint64_t lost_lines = 0;
};

class LogFloodTest : public LoggingTest, public testing::WithParamInterface<bool> {
 protected:
  // Floods a dropped port with 100,000 datagrams, with the daemon frozen (SIGSTOP) meanwhile
  // when `frozen`, so that the kernel must drop messages; then counts what the log says.
  FloodCount Flood(bool frozen, uint64_t& rss_growth_kb) {
    NetshOk("set logging droppedpackets=ENABLE maxfilesize=32767");
    FloodCount count;
    const uint64_t received_before = Ipv4Received(*lab_, "host");
    const uint64_t rss_before = ResidentKb(daemon_->pid());
    if (frozen) ::kill(daemon_->pid(), SIGSTOP);
    const CommandResult flood =
        lab_->Exec("lan", {HW_PROBE_BIN, "flood", kHost4, "6666", "100000", "0"});
    if (frozen) ::kill(daemon_->pid(), SIGCONT);
    EXPECT_EQ(flood.exit_code, 0);
    // Loss is known when the next message arrives: send markers until one is logged.
    for (int i = 0; i < 50 && ReadFile(log_).find(" 6667 ") == std::string::npos; ++i) {
      UdpFrom(40000 + i, kHost4, 6667, "marker");
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    size_t size = 0;
    while (std::filesystem::file_size(log_) != size) {
      size = std::filesystem::file_size(log_);
      std::this_thread::sleep_for(std::chrono::milliseconds(300));
    }
    count.received = Ipv4Received(*lab_, "host") - received_before;
    rss_growth_kb = ResidentKb(daemon_->pid()) - rss_before;
    for (const std::string& line : Split(ReadFile(log_), '\n')) {
      if (line.empty() || line.front() == '#') continue;
      auto entry = events::ParseLogLine(line);
      EXPECT_TRUE(entry) << line;
      if (!entry) continue;
      if (entry->record.action == events::LogAction::kInfoEventsLost) {
        count.lost += *entry->record.info;
        ++count.lost_lines;
      } else if (entry->record.source && entry->record.source->family == IpFamily::kV4) {
        ++count.lines;
      }
    }
    std::printf(
        "%s: sent %s, received %llu, DROP lines %llu, lost %llu in %llu "
        "INFO-EVENTS-LOST lines, resident +%llu kB\n",
        frozen ? "daemon frozen" : "daemon running", std::string(Trim(flood.out)).c_str(),
        static_cast<unsigned long long>(count.received),
        static_cast<unsigned long long>(count.lines), static_cast<unsigned long long>(count.lost),
        static_cast<unsigned long long>(count.lost_lines),
        static_cast<unsigned long long>(rss_growth_kb));
    return count;
  }
};

TEST_P(LogFloodTest, EveryPacketIsALineOrCountedAsLost) {
  const bool frozen = GetParam();
  uint64_t rss_growth_kb = 0;
  const FloodCount count = Flood(frozen, rss_growth_kb);
  EXPECT_GE(count.received, 100000u);
  EXPECT_EQ(count.lines + count.lost, count.received);
  // A frozen daemon cannot take 100,000 messages into its socket buffer: the kernel drops some,
  // and the log says how many.
  if (frozen) {
    EXPECT_GT(count.lost_lines, 0u);
  }
  EXPECT_LT(rss_growth_kb, 32u * 1024);
}

INSTANTIATE_TEST_SUITE_P(Daemon, LogFloodTest, testing::Bool(),
                         [](const auto& test) { return test.param ? "Frozen" : "Running"; });

}  // namespace
}  // namespace hostwall
