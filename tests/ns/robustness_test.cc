// Applies under load and under crashes: the kernel never holds a partial table, no apply opens
// a window or drops a connection, and a daemon killed mid-apply leaves a complete ruleset.
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <fstream>
#include <random>
#include <regex>
#include <thread>

#include "cli/control_client.h"
#include "support/daemon_process.h"
#include "support/lab.h"

namespace hostwall {
namespace {

using nlohmann::json;
using testing_support::CommandResult;

class RobustnessTest : public testing::Test {
 protected:
  void SetUp() override {
    if (geteuid() != 0) GTEST_SKIP() << "needs root for network namespaces";
    lab_ = std::make_unique<testing_support::Lab>();
    for (int port : {8080, 9090, 7000}) lab_->Serve("host", port);
    daemon_ = std::make_unique<testing_support::DaemonProcess>(dir_, lab_->Namespace("host"));
    ASSERT_TRUE(daemon_->Start());
  }

  Result<json> Netsh(cli::ControlClient& client, const std::string& script) {
    return client.Call("netsh_script", {{"script", script}});
  }

  testing_support::TempDir dir_;
  std::unique_ptr<testing_support::Lab> lab_;
  std::unique_ptr<testing_support::DaemonProcess> daemon_;
};

long Count(const std::string& report, const std::string& key) {
  std::smatch match;
  if (!std::regex_search(report, match, std::regex(key + "=(\\d+)"))) return -1;
  return std::stol(match[1]);
}

// 500 full replacements (a custom scope comes and goes: a new chain each time) and 500
// incremental changes (a port opening comes and goes), while lan keeps connecting: to 8080,
// open in every policy, and to 9090, closed in every one, over a connection kept all along.
TEST_F(RobustnessTest, NoApplyOpensAWindowOrDropsAConnection) {
  auto client = cli::ControlClient::Connect(daemon_->socket());
  ASSERT_TRUE(client);
  ASSERT_TRUE(Netsh(*client, "firewall add portopening TCP 8080 always"));
  const std::string stop = dir_ / "stop";
  std::string report;
  std::thread watcher([&] {
    report = lab_->Exec("lan", {HW_PROBE_BIN, "watch", "10.61.1.1", "8080", "9090", stop}).out;
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  int full = 0, incremental = 0;
  for (int i = 0; i < 500; ++i) {
    ASSERT_TRUE(Netsh(*client, "firewall add portopening TCP 7000 scoped ENABLE CUSTOM 10.61.3." +
                                   std::to_string(i % 250 + 1)));
    ASSERT_TRUE(Netsh(*client, "firewall delete portopening TCP 7000"));
    full += 2;
    ASSERT_TRUE(Netsh(*client, "firewall add portopening UDP 7000 toggled"));
    ASSERT_TRUE(Netsh(*client, "firewall delete portopening UDP 7000"));
    incremental += 2;
  }
  std::ofstream(stop).flush();
  watcher.join();
  EXPECT_EQ(full + incremental, 2000);
  EXPECT_EQ(Count(report, "open_failed"), 0) << report;
  EXPECT_EQ(Count(report, "closed_ok"), 0) << report;
  EXPECT_EQ(Count(report, "kept_failed"), 0) << report;
  // Enough traffic met the applies to mean something.
  EXPECT_GE(Count(report, "open_ok"), 50) << report;
  EXPECT_GE(Count(report, "kept_ok"), 5) << report;
}

// kill -9 at random moments while changes stream in: the kernel's table is always whole (it
// lists, and it still drops and admits what both the old and the new policy agree on), and a
// restarted daemon reconciles it with the store.
TEST_F(RobustnessTest, AKilledDaemonLeavesACompleteTable) {
  std::mt19937 random(7);
  {
    auto client = cli::ControlClient::Connect(daemon_->socket());
    ASSERT_TRUE(client);
    ASSERT_TRUE(Netsh(*client, "firewall add portopening TCP 8080 always"));
  }
  for (int round = 0; round < 25; ++round) {
    std::atomic<bool> stop{false};
    std::thread writer([&] {
      auto client = cli::ControlClient::Connect(daemon_->socket());
      for (int i = 0; client && !stop; ++i) {
        const std::string scope = i % 2 ? "ALL" : "CUSTOM 10.61.3." + std::to_string(i % 200 + 1);
        if (!Netsh(*client, "firewall add portopening TCP 7000 x ENABLE " + scope)) break;
      }
    });
    std::this_thread::sleep_for(std::chrono::microseconds(random() % 30000));
    daemon_->Kill();
    stop = true;
    writer.join();
    const CommandResult table = lab_->Exec("host", {"nft", "list", "table", "inet", "hostwall"});
    ASSERT_EQ(table.exit_code, 0) << table.err;
    EXPECT_NE(table.out.find("policy drop"), std::string::npos);
    EXPECT_NE(table.out.find("8080 : accept"), std::string::npos) << table.out;
    EXPECT_TRUE(lab_->Tcp("lan", "10.61.1.1", 8080));
    EXPECT_FALSE(lab_->Tcp("lan", "10.61.1.1", 9090));
    ASSERT_TRUE(daemon_->Start());
  }
}

}  // namespace
}  // namespace hostwall
