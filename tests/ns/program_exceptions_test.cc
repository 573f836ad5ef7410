// Program exceptions and the Security Alert with real packets: copies of the probe tool are the
// programs (an "allowed" one and an "other" one, different files), the lab's host runs them, and
// the lan and far peers try to reach them.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <thread>

#include "core/text.h"
#include "support/daemon_process.h"
#include "support/lab.h"

namespace hostwall {
namespace {

using testing_support::CommandResult;
using testing_support::DaemonProcess;
using testing_support::Lab;
using testing_support::RunCommand;
using testing_support::SpawnInNamespace;
using testing_support::TempDir;

constexpr const char* kHost4 = "10.61.1.1";
constexpr const char* kHost6 = "fd61:1::1";
constexpr const char* kHostWan = "10.61.2.1";

class ProgramExceptionsTest : public testing::Test {
 protected:
  void SetUp() override {
    if (geteuid() != 0) GTEST_SKIP() << "needs root for network namespaces and BPF";
    for (const char* name : {"allowed", "other"}) {
      std::filesystem::copy_file(HW_PROBE_BIN, dir_ / name);
    }
    allowed_ = dir_ / "allowed";
    other_ = dir_ / "other";
    lab_ = std::make_unique<Lab>();
    daemon_ = std::make_unique<DaemonProcess>(dir_, lab_->Namespace("host"));
    ASSERT_TRUE(daemon_->Start());
  }

  void TearDown() override {
    for (pid_t pid : servers_) {
      ::kill(pid, SIGKILL);
      ::waitpid(pid, nullptr, 0);
    }
  }

  CommandResult Netsh(const std::string& command) {
    return daemon_->Cli({"netsh", "-f", "-"}, false, "", "firewall " + command + "\n");
  }
  void NetshOk(const std::string& command) {
    const CommandResult result = Netsh(command);
    ASSERT_EQ(result.exit_code, 0) << command << "\n" << result.err;
  }

  // `program` serving TCP and UDP `port` in the host namespace; returns once it listens.
  pid_t Serve(const std::string& program, int port) {
    const pid_t pid =
        SpawnInNamespace(lab_->Namespace("host"), {program, "serve", std::to_string(port), "60"});
    servers_.push_back(pid);
    const std::string needle = ":" + std::to_string(port) + " ";
    for (int i = 0; i < 200; ++i) {
      const std::string listening = lab_->Exec("host", {"ss", "-Htuln"}).out;
      size_t found = 0;
      for (size_t at = listening.find(needle); at != std::string::npos;
           at = listening.find(needle, at + 1)) {
        ++found;
      }
      if (found >= 2) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return pid;
  }

  // `program` races the lan peer, which waits `ms` for each answer: "ok=N fail=M".
  std::string Race(const std::string& program, const std::string& mode, int rounds, int port,
                   int ms = 500) {
    const std::string address = mode.back() == '6' ? kHost6 : kHost4;
    const CommandResult result = lab_->Exec(
        "host", {program, "race", "/var/run/netns/" + lab_->Namespace("lan"), mode, address,
                 std::to_string(rounds), std::to_string(port), std::to_string(ms)});
    EXPECT_EQ(result.exit_code, 0) << result.err;
    return std::string(result.out.substr(0, result.out.find('\n')));
  }

  // `hostwall alerts --answer ANSWER --count 1` while `start` makes a program listen; what the
  // command printed (it gives up after `seconds`).
  CommandResult AnswerNextAlert(const std::string& answer, const std::function<void()>& start,
                                const char* seconds = "5", bool as_nobody = false) {
    CommandResult result;
    std::vector<std::string> argv = {"timeout", seconds};
    if (as_nobody) {
      for (const char* word : {"setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"}) {
        argv.push_back(word);
      }
    }
    for (const std::string& word :
         {std::string(HOSTWALL_BIN), std::string("--socket"), daemon_->socket(),
          std::string("alerts"), std::string("--answer"), answer, std::string("--count"),
          std::string("1")}) {
      argv.push_back(word);
    }
    std::thread waiting([&] { result = RunCommand(argv); });
    std::this_thread::sleep_for(std::chrono::milliseconds(300));  // subscribed by then
    start();
    waiting.join();
    return result;
  }

  nlohmann::json Programs() {
    return nlohmann::json::parse(
        daemon_->Cli({"export", "-"}).out)["profiles"]["standard"]["programs"];
  }

  TempDir dir_;
  std::string allowed_, other_;
  std::unique_ptr<Lab> lab_;
  std::unique_ptr<DaemonProcess> daemon_;
  std::vector<pid_t> servers_;
};

TEST_F(ProgramExceptionsTest, TheFirstPacketAfterListenPassesEveryTime) {
  NetshOk("add allowedprogram program=" + allowed_ + " name=allowed");
  EXPECT_EQ(Race(allowed_, "tcp4", 1000, 20000), "ok=1000 fail=0");
  EXPECT_EQ(Race(allowed_, "tcp6", 1000, 21000), "ok=1000 fail=0");
  EXPECT_EQ(Race(allowed_, "udp4", 1000, 22000), "ok=1000 fail=0");
  EXPECT_EQ(Race(allowed_, "udp6", 1000, 23000), "ok=1000 fail=0");
  // Another program on the same ports is not reachable through the exception (a drop is a
  // timeout: 100 ms is plenty on a veth, where an answer takes well under a millisecond).
  for (const char* mode : {"tcp4", "tcp6", "udp4", "udp6"}) {
    EXPECT_EQ(Race(other_, mode, 25, 20000, 100), "ok=0 fail=25") << mode;
  }
}

TEST_F(ProgramExceptionsTest, OnlyTheAllowedProgramIsReachableAndOnlyWhileItRuns) {
  NetshOk("add allowedprogram program=" + allowed_ + " name=allowed");
  const pid_t server = Serve(allowed_, 7000);
  Serve(other_, 7001);
  EXPECT_TRUE(lab_->Tcp("lan", kHost4, 7000));
  EXPECT_TRUE(lab_->Udp("lan", kHost4, 7000));
  EXPECT_TRUE(lab_->Tcp("lan", kHost6, 7000));
  EXPECT_TRUE(lab_->Udp("lan", kHost6, 7000));
  EXPECT_TRUE(lab_->Tcp("far", kHostWan, 7000));  // scope ALL
  EXPECT_FALSE(lab_->Tcp("lan", kHost4, 7001));
  EXPECT_FALSE(lab_->Udp("lan", kHost4, 7001));
  // The process exits: nothing stays open, not even for another program on that port.
  ::kill(server, SIGKILL);
  ::waitpid(server, nullptr, 0);
  EXPECT_FALSE(lab_->Tcp("lan", kHost4, 7000));
  Serve(other_, 7000);
  EXPECT_FALSE(lab_->Tcp("lan", kHost4, 7000));
  EXPECT_FALSE(lab_->Udp("lan", kHost4, 7000));
}

TEST_F(ProgramExceptionsTest, ScopeSubnetKeepsTheFarPeerOut) {
  NetshOk("add allowedprogram program=" + allowed_ + " name=allowed scope=SUBNET");
  Serve(allowed_, 7000);
  EXPECT_TRUE(lab_->Tcp("lan", kHost4, 7000));
  EXPECT_FALSE(lab_->Tcp("far", kHostWan, 7000));
  EXPECT_FALSE(lab_->Udp("far", kHostWan, 7000));
}

TEST_F(ProgramExceptionsTest, RunningProgramsAreCoveredAtOnceAndRemovalBlocksAtOnce) {
  Serve(allowed_, 7000);  // listening before it is allowed
  EXPECT_FALSE(lab_->Tcp("lan", kHost4, 7000));
  NetshOk("add allowedprogram program=" + allowed_ + " name=allowed");
  EXPECT_TRUE(lab_->Tcp("lan", kHost4, 7000));
  EXPECT_TRUE(lab_->Udp("lan", kHost4, 7000));
  EXPECT_TRUE(lab_->Udp("lan", kHost6, 7000));
  NetshOk("set allowedprogram program=" + allowed_ + " mode=DISABLE");
  EXPECT_FALSE(lab_->Tcp("lan", kHost4, 7000));
  EXPECT_FALSE(lab_->Udp("lan", kHost4, 7000));
  NetshOk("set allowedprogram program=" + allowed_ + " mode=ENABLE");
  EXPECT_TRUE(lab_->Tcp("lan", kHost4, 7000));
  NetshOk("delete allowedprogram program=" + allowed_);
  EXPECT_FALSE(lab_->Tcp("lan", kHost4, 7000));
  EXPECT_FALSE(lab_->Udp("lan", kHost4, 7000));
}

TEST_F(ProgramExceptionsTest, AConnectionThatReusesATimeWaitFourTuplePasses) {
  NetshOk("add allowedprogram program=" + allowed_ + " name=allowed");
  servers_.push_back(
      SpawnInNamespace(lab_->Namespace("host"), {allowed_, "closing-server", "7002", "30"}));
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  const CommandResult reconnected =
      lab_->Exec("lan", {HW_PROBE_BIN, "reconnect", kHost4, "7002", "41234", "3"});
  EXPECT_EQ(reconnected.out, "ok=3 fail=0\n") << reconnected.err;
  // The server side holds the 4-tuple in TIME_WAIT meanwhile.
  EXPECT_NE(lab_->Exec("host", {"ss", "-Htn", "state", "time-wait"}).out.find("41234"),
            std::string::npos);
}

TEST_F(ProgramExceptionsTest, UnblockStoresAnEnabledEntryAndOpensAtOnce) {
  const CommandResult alerts = AnswerNextAlert("unblock", [&] { Serve(other_, 7003); });
  EXPECT_EQ(alerts.exit_code, 0) << alerts.out << alerts.err;
  EXPECT_NE(alerts.out.find("Windows Security Alert"), std::string::npos);
  EXPECT_NE(alerts.out.find("Name:      other"), std::string::npos) << alerts.out;
  EXPECT_NE(alerts.out.find("Path:      " + other_), std::string::npos);
  EXPECT_NE(alerts.out.find("7003"), std::string::npos);
  EXPECT_NE(alerts.out.find("Answered: unblock"), std::string::npos);
  const nlohmann::json programs = Programs();
  ASSERT_EQ(programs.size(), 2u) << programs.dump();  // Remote Assistance, and this one
  EXPECT_EQ(programs[1]["path"], other_);
  EXPECT_EQ(programs[1]["name"], "other");
  EXPECT_EQ(programs[1]["enabled"], true);
  EXPECT_TRUE(lab_->Tcp("lan", kHost4, 7003));
  EXPECT_TRUE(lab_->Udp("lan", kHost4, 7003));
}

TEST_F(ProgramExceptionsTest, KeepBlockingStoresADisabledEntryAndNoFurtherAlert) {
  const CommandResult alerts = AnswerNextAlert("keep_blocking", [&] { Serve(other_, 7004); });
  EXPECT_NE(alerts.out.find("Answered: keep_blocking"), std::string::npos) << alerts.out;
  const nlohmann::json programs = Programs();
  ASSERT_EQ(programs.size(), 2u);
  EXPECT_EQ(programs[1]["enabled"], false);
  EXPECT_FALSE(lab_->Tcp("lan", kHost4, 7004));
  const CommandResult again = AnswerNextAlert(
      "unblock", [&] { Serve(other_, 7005); }, "1.5");
  EXPECT_EQ(again.exit_code, 124) << "no alert, so the command waits until it is stopped";
  EXPECT_EQ(again.out.find("Windows Security Alert"), std::string::npos) << again.out;
  EXPECT_FALSE(lab_->Tcp("lan", kHost4, 7005));
}

TEST_F(ProgramExceptionsTest, AskMeLaterStoresNothingAndAlertsAgain) {
  const CommandResult alerts = AnswerNextAlert("ask_later", [&] { Serve(other_, 7006); });
  EXPECT_NE(alerts.out.find("Answered: ask_later"), std::string::npos) << alerts.out;
  EXPECT_EQ(Programs().size(), 1u);
  EXPECT_FALSE(lab_->Tcp("lan", kHost4, 7006));
  const CommandResult again = AnswerNextAlert("ask_later", [&] { Serve(other_, 7007); });
  EXPECT_NE(again.out.find("7007"), std::string::npos) << again.out;
}

TEST_F(ProgramExceptionsTest, ADisabledEntryBlocksAndDoesNotAlert) {
  NetshOk("add allowedprogram program=" + other_ + " name=other mode=DISABLE");
  const CommandResult alerts = AnswerNextAlert(
      "unblock", [&] { Serve(other_, 7008); }, "1.5");
  EXPECT_EQ(alerts.exit_code, 124);
  EXPECT_EQ(alerts.out.find("Windows Security Alert"), std::string::npos);
  EXPECT_FALSE(lab_->Tcp("lan", kHost4, 7008));
}

TEST_F(ProgramExceptionsTest, ANonAdministratorIsOnlyInformed) {
  const CommandResult alerts = AnswerNextAlert(
      "unblock", [&] { Serve(other_, 7009); }, "5", /*as_nobody=*/true);
  EXPECT_NE(alerts.out.find("Only an administrator"), std::string::npos) << alerts.out;
  EXPECT_EQ(alerts.exit_code, 1);
  EXPECT_NE(alerts.err.find("You must be root"), std::string::npos) << alerts.err;
  EXPECT_EQ(Programs().size(), 1u);
  EXPECT_FALSE(lab_->Tcp("lan", kHost4, 7009));
}

// The desktop notification goes out on the session bus: a private bus for the test, watched.
TEST_F(ProgramExceptionsTest, AnAlertIsAlsoADesktopNotification) {
  const CommandResult bus = RunCommand({"dbus-daemon", "--session", "--fork", "--print-address=1",
                                        "--print-pid=1", "--address=unix:path=" + dir_ / "bus"});
  ASSERT_EQ(bus.exit_code, 0) << bus.err;
  const std::vector<std::string> started = Split(bus.out, '\n');
  const std::string address = "DBUS_SESSION_BUS_ADDRESS=" + started.at(0);
  const pid_t bus_pid = std::stoi(started.at(1));
  CommandResult monitored;
  std::thread monitor([&] {
    monitored = RunCommand(
        {"timeout", "2.5", "dbus-monitor", "interface='org.freedesktop.Notifications'"}, {address});
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  CommandResult alerts;
  std::thread waiting([&] {
    alerts = RunCommand({"timeout", "5", HOSTWALL_BIN, "--socket", daemon_->socket(), "alerts",
                         "--notify", "--answer", "ask_later", "--count", "1"},
                        {address});
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  Serve(other_, 7012);
  waiting.join();
  monitor.join();
  ::kill(bus_pid, SIGTERM);
  EXPECT_NE(alerts.out.find("Answered: ask_later"), std::string::npos) << alerts.out << alerts.err;
  EXPECT_NE(monitored.out.find("member=Notify"), std::string::npos) << monitored.out;
  EXPECT_NE(monitored.out.find("\"Windows Security Alert\""), std::string::npos);
  EXPECT_NE(monitored.out.find("Windows Firewall has blocked other (UDP 7012"), std::string::npos)
      << monitored.out;
}

TEST_F(ProgramExceptionsTest, NoAlertWhileNotificationsAreOffOrExceptionsAreNot) {
  NetshOk("set notifications mode=DISABLE");
  CommandResult alerts = AnswerNextAlert(
      "unblock", [&] { Serve(other_, 7010); }, "1.5");
  EXPECT_EQ(alerts.exit_code, 124) << alerts.out;
  NetshOk("set notifications mode=ENABLE");
  NetshOk("set opmode mode=ENABLE exceptions=DISABLE");
  alerts = AnswerNextAlert(
      "unblock", [&] { Serve(other_, 7011); }, "1.5");
  EXPECT_EQ(alerts.exit_code, 124) << alerts.out;
}

TEST_F(ProgramExceptionsTest, ShowStateAndDiagnoseNameThePrograms) {
  NetshOk("add allowedprogram program=" + allowed_ + " name=allowed");
  const pid_t allowed = Serve(allowed_, 7000);
  const pid_t other = Serve(other_, 7001);
  const std::string state = daemon_->Cli({"netsh", "firewall", "show", "state"}).out;
  EXPECT_NE(state.find("7000   TCP       IPv6     " + allowed_), std::string::npos) << state;
  EXPECT_NE(state.find("7000   UDP       IPv6     " + allowed_), std::string::npos) << state;
  EXPECT_EQ(state.find("7001"), std::string::npos) << state;

  const CommandResult diagnosed = daemon_->Cli({"diagnose"});
  ASSERT_EQ(diagnosed.exit_code, 0) << diagnosed.err;
  const std::string& out = diagnosed.out;
  auto row = [&](const char* protocol, int port, pid_t pid) {
    const std::string head = std::string(protocol) + "   ::";
    for (const std::string& line : Split(out, '\n')) {
      if (line.rfind(head, 0) == 0 &&
          line.find(" " + std::to_string(port) + " ") != std::string::npos &&
          line.find(" " + std::to_string(pid) + " ") != std::string::npos) {
        return line;
      }
    }
    return std::string("(no row)");
  };
  EXPECT_NE(row("TCP", 7000, allowed).find("program (allowed)"), std::string::npos) << out;
  EXPECT_NE(row("UDP", 7000, allowed).find("program (allowed)"), std::string::npos) << out;
  EXPECT_NE(row("TCP", 7001, other).find("NOT COVERED"), std::string::npos) << out;
  EXPECT_NE(out.find("netsh firewall add allowedprogram program=" + other_ +
                     " name=other "
                     "mode=ENABLE"),
            std::string::npos)
      << out;
  // The suggestion works as it is printed.
  NetshOk("add allowedprogram program=" + other_ + " name=other mode=ENABLE");
  EXPECT_TRUE(lab_->Tcp("lan", kHost4, 7001));
  NetshOk("set opmode mode=ENABLE exceptions=DISABLE");
  EXPECT_NE(daemon_->Cli({"diagnose"}).out.find("WARNING: The firewall allows no exceptions"),
            std::string::npos);
}

}  // namespace
}  // namespace hostwall
