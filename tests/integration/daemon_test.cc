// hostwalld as a real process, driven through its socket and the hostwall CLI. Each test runs
// the daemon in a network namespace of its own (support/process.h), never in the root one.
#include <grp.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <random>
#include <set>
#include <thread>

#include "cli/control_client.h"
#include "core/unique_fd.h"
#include "store/atomic_file.h"
#include "support/daemon_process.h"

namespace hostwall {
namespace {

using nlohmann::json;
using testing_support::CommandResult;
using testing_support::DaemonProcess;
using testing_support::TempDir;
using testing_support::TestNamespace;

class DaemonTest : public testing::Test {
 protected:
  void SetUp() override {
    if (geteuid() != 0) GTEST_SKIP() << "needs root for network namespaces";
    netns_ = std::make_unique<TestNamespace>();
    daemon_ = std::make_unique<DaemonProcess>(dir_, netns_->name(), flags_);
    ASSERT_TRUE(daemon_->Start());
  }

  std::string Export() {
    const CommandResult result = daemon_->Cli({"export", "-"});
    EXPECT_EQ(result.exit_code, 0) << result.err;
    return result.out;
  }

  TempDir dir_;
  std::vector<std::string> flags_;
  std::unique_ptr<TestNamespace> netns_;
  std::unique_ptr<DaemonProcess> daemon_;
};

struct ScriptCase {
  std::vector<std::string> args;  // after `hostwall netsh firewall`
  int exit_code;
  const char* output_part;  // in stdout for success, stderr for failure
};

// Commands as admin scripts really write them (spec §1.2 and its real-script examples).
TEST_F(DaemonTest, AdminScriptsBehaveAsOnWindows) {
  const std::vector<ScriptCase> cases = {
      {{"add", "portopening", "TCP", "445", "Service Firewall", "ENABLE", "ALL"}, 0, "Ok."},
      {{"add", "portopening", "protocol", "=", "TCP", "port", "=", "3389", "name", "=", "RDP"},
       0,
       "Ok."},
      {{"ADD", "PortOpening", "protocol=udp", "port=1434", "name=SQL Browser", "MODE=Enable",
        "scope=SUBNET"},
       0,
       "Ok."},
      {{"add", "portopening", "ALL", "1270", "MOM agent"}, 0, "Ok."},
      {{"add", "portopening", "TCP", "1433", "SQL", "ENABLE", "scope=CUSTOM",
        "10.40.1.0/24,LocalSubnet"},
       0,
       "Ok."},
      {{"add", "allowedprogram", "program=/opt/alter-ego/console", "name=Alter-Ego Console",
        "mode=ENABLE"},
       0,
       "Ok."},
      {{"set", "service", "type=fileandprint", "mode=enable", "profile=all"}, 0, "Ok."},
      {{"set", "service", "remoteadmin", "enable"}, 0, "Ok."},
      {{"set", "icmpsetting", "type", "=", "8", "mode", "=", "enable", "interface", "=", "lan0"},
       0,
       "Ok."},
      {{"set", "icmpsetting", "8"}, 0, "Ok."},
      {{"set", "opmode", "mode=ENABLE", "exceptions=ENABLE"}, 0, "Ok."},
      {{"set", "logging", "droppedpackets", "=", "ENABLE"}, 0, "Ok."},
      {{"show", "conf"}, 0, "Standard profile configuration (current):"},
      {{"sho", "state"}, 0, "Firewall status:"},
      {{"add", "portopening", "TCP", "8080"}, 1, "'name' is required."},
      {{"add", "portopening", "TCP", "80", "web", "profile=PUBLIC"},
       1,
       "Invalid value 'PUBLIC' for 'profile'"},
      {{"set", "icmpsetting", "type=6"}, 1, "Invalid value '6' for 'type'"},
      {{"add", "portopening", "SCTP", "80", "web"}, 1, "Invalid value 'SCTP' for 'protocol'"},
      {{"add", "portopening", "TCP", "80", "web", "addresses=10.0.0.1"},
       1,
       "'scope' must be 'CUSTOM' to specify 'addresses'."},
      {{"delete", "portopening", "TCP", "9999"}, 1, "Port 9999/TCP is not in the port list"},
      {{"set", "opmode", "disable", "interface=Local Area Connection"},
       1,
       "The connection 'Local Area Connection' was not found. Connections: lan0, wan0."},
      {{"bogus"}, 1, "The following command was not found: firewall bogus."},
  };
  for (const ScriptCase& c : cases) {
    const std::string before = Export();
    std::vector<std::string> argv = {"netsh", "firewall"};
    argv.insert(argv.end(), c.args.begin(), c.args.end());
    const CommandResult result = daemon_->Cli(argv);
    EXPECT_EQ(result.exit_code, c.exit_code) << c.args[0] << " " << c.args[1] << "\n" << result.err;
    const std::string& text = c.exit_code == 0 ? result.out : result.err;
    EXPECT_NE(text.find(c.output_part), std::string::npos) << text;
    if (c.exit_code != 0) {
      EXPECT_EQ(Export(), before) << "a failed command changed settings";
    }
  }
  const std::string ports =
      daemon_
          ->Cli({"netsh", "firewall", "show", "portopening", "profile=standard", "verbose=enable"})
          .out;
  for (const char* row :
       {"445    TCP       Enable   Service Firewall", "1434   UDP       Enable   SQL Browser",
        "1270   TCP       Enable   MOM agent", "1270   UDP       Enable   MOM agent",
        "Scope: 10.40.1.0/24,LocalSubNet"}) {
    EXPECT_NE(ports.find(row), std::string::npos) << row << "\n" << ports;
  }
}

TEST_F(DaemonTest, ScriptModeIsAllOrNothing) {
  const std::string path = dir_ / "setup.netsh";
  std::ofstream(path) << "# Alter-Ego console\n"
                         "firewall add allowedprogram /opt/ae/console \"Alter-Ego\" ENABLE\n"
                         "firewall set service fileandprint enable\n"
                         "firewall add portopening TCP 99999 bad\n";
  const std::string before = Export();
  CommandResult bad = daemon_->Cli({"netsh", "-f", path});
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_NE(bad.err.find("line 4: 'port' must be a number from 1 to 65535"), std::string::npos)
      << bad.err;
  EXPECT_EQ(Export(), before);

  CommandResult good = daemon_->Cli({"netsh", "-f", "-"}, false, "",
                                    "firewall add allowedprogram /opt/ae/console \"Alter-Ego\" "
                                    "ENABLE\nfirewall show allowedprogram\n");
  EXPECT_EQ(good.exit_code, 0) << good.err;
  EXPECT_NE(good.out.find("Enable   Alter-Ego / /opt/ae/console"), std::string::npos) << good.out;
}

TEST_F(DaemonTest, JsonOutputForScripts) {
  CommandResult shown = daemon_->Cli({"--json", "netsh", "firewall", "show", "opmode"});
  ASSERT_EQ(shown.exit_code, 0);
  const json data = json::parse(shown.out);
  EXPECT_EQ(data["sections"][0]["fields"]["Operational mode"], "Enable");
  CommandResult trailing = daemon_->Cli({"netsh", "firewall", "show", "state", "--json"});
  ASSERT_EQ(trailing.exit_code, 0);
  EXPECT_EQ(json::parse(trailing.out)["sections"][0]["fields"]["Profile"], "Standard");
  CommandResult status = daemon_->Cli({"--json", "status"});
  ASSERT_EQ(status.exit_code, 0);
  EXPECT_EQ(json::parse(status.out)["connections"], json({"lan0", "wan0"}));
}

TEST_F(DaemonTest, AnUnprivilegedUserCanShowButNotChange) {
  const std::string before = Export();
  CommandResult shown = daemon_->Cli({"netsh", "firewall", "show", "state"}, true);
  EXPECT_EQ(shown.exit_code, 0) << shown.err;
  EXPECT_NE(shown.out.find("Operational mode                  = Enable"), std::string::npos);
  CommandResult refused = daemon_->Cli({"netsh", "firewall", "set", "opmode", "disable"}, true);
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_NE(refused.err.find("You must be root or a member of group 'hostwall'"), std::string::npos)
      << refused.err;
  const std::string exported = dir_ / "policy.json";
  ASSERT_TRUE(store::WriteFileAtomically(exported, before));
  ::chmod(exported.c_str(), 0644);
  EXPECT_EQ(daemon_->Cli({"import", exported}, true).exit_code, 1);
  EXPECT_EQ(Export(), before);
}

TEST_F(DaemonTest, MembersOfTheHostwallGroupCanChange) {
  if (getgrnam("hostwall") == nullptr) GTEST_SKIP() << "scripts/setup.sh creates group hostwall";
  CommandResult changed =
      daemon_->Cli({"netsh", "firewall", "set", "notifications", "disable"}, true, "hostwall");
  EXPECT_EQ(changed.exit_code, 0) << changed.err;
  EXPECT_NE(daemon_->Cli({"netsh", "firewall", "show", "notifications", "profile=standard"})
                .out.find("Notification mode                 = Disable"),
            std::string::npos);
}

TEST_F(DaemonTest, UnreachableDaemonExitsWithThree) {
  daemon_->Stop();
  CommandResult result = daemon_->Cli({"netsh", "firewall", "show", "state"});
  EXPECT_EQ(result.exit_code, 3);
  EXPECT_NE(result.err.find("cannot reach hostwalld"), std::string::npos) << result.err;
}

TEST_F(DaemonTest, ASecondDaemonOnTheSameStateIsRefused) {
  CommandResult second = testing_support::RunCommand(
      {"ip", "netns", "exec", netns_->name(), HOSTWALLD_BIN, "--state-dir", daemon_->state_dir(),
       "--socket", dir_ / "second.sock", "--log-dir", daemon_->log_dir()});
  EXPECT_EQ(second.exit_code, 1);
  EXPECT_NE(second.err.find("another hostwalld uses the state directory"), std::string::npos)
      << second.err;
  CommandResult same_socket = testing_support::RunCommand(
      {"ip", "netns", "exec", netns_->name(), HOSTWALLD_BIN, "--state-dir", dir_ / "other",
       "--socket", daemon_->socket(), "--log-dir", daemon_->log_dir()});
  EXPECT_EQ(same_socket.exit_code, 1);
  EXPECT_NE(same_socket.err.find("another hostwalld already serves"), std::string::npos)
      << same_socket.err;
  EXPECT_EQ(daemon_->Cli({"status"}).exit_code, 0);
}

// Import must take 100,000 exceptions in one call (the figure for its speed is in bench/).
TEST_F(DaemonTest, ImportsOneHundredThousandExceptionsAtOnce) {
  json policy = json::parse(Export());
  json& ports = policy["profiles"]["standard"]["ports"];
  for (int port = 1; port <= 50000; ++port) {
    for (const char* protocol : {"TCP", "UDP"}) {
      ports.push_back({{"protocol", protocol},
                       {"port", port},
                       {"name", "p" + std::to_string(port)},
                       {"enabled", true},
                       {"scope", "*"}});
    }
  }
  const std::string path = dir_ / "big.json";
  std::ofstream(path) << policy.dump();
  CommandResult imported = daemon_->Cli({"import", path});
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  EXPECT_NE(imported.out.find("100000 port openings"), std::string::npos) << imported.out;
  daemon_->Stop();
  ASSERT_TRUE(daemon_->Start());
  EXPECT_EQ(
      json::parse(daemon_->Cli({"--json", "status"}).out)["profiles"]["Standard"]["port_openings"],
      100000);
}

TEST_F(DaemonTest, ACorruptStoreIsReportedInStateAndLog) {
  daemon_->Stop();
  std::ofstream(daemon_->state_dir() + "/policy.json", std::ios::trunc) << "{\"schema_version\":";
  ASSERT_TRUE(daemon_->Start());
  CommandResult state = daemon_->Cli({"netsh", "firewall", "show", "state"});
  EXPECT_NE(state.out.find("WARNING: the stored configuration"), std::string::npos) << state.out;
  EXPECT_NE(state.out.find("Operational mode                  = Enable"), std::string::npos);
  const std::string log = store::ReadWholeFile(daemon_->log_dir() + "/hostwalld.log").value();
  EXPECT_NE(log.find("ERROR the stored configuration"), std::string::npos) << log;
  EXPECT_NE(daemon_->Cli({"status"}).out.find("WARNING:"), std::string::npos);
}

class DaemonLimitsTest : public DaemonTest {
 protected:
  DaemonLimitsTest() { flags_ = {"--max-clients", "2", "--idle-timeout-ms", "300"}; }

  UniqueFd Connect() {
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    daemon_->socket().copy(address.sun_path, sizeof(address.sun_path) - 1);
    UniqueFd fd(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
    EXPECT_EQ(::connect(fd.get(), reinterpret_cast<sockaddr*>(&address), sizeof(address)), 0);
    timeval tv{.tv_sec = 5, .tv_usec = 0};
    ::setsockopt(fd.get(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
    return fd;
  }

  // Everything the daemon sends until it closes the connection (or 5 s pass).
  static std::string ReadAll(int fd) {
    std::string text;
    char buffer[4096];
    ssize_t n;
    while ((n = ::read(fd, buffer, sizeof(buffer))) > 0)
      text.append(buffer, static_cast<size_t>(n));
    return text;
  }
};

TEST_F(DaemonLimitsTest, ClientsBeyondTheLimitAreToldAndClosed) {
  // Two clients the daemon has answered, so both hold their places.
  auto first = cli::ControlClient::Connect(daemon_->socket());
  auto second = cli::ControlClient::Connect(daemon_->socket());
  ASSERT_TRUE(first && second);
  ASSERT_TRUE(first->Call("status", json::object()));
  ASSERT_TRUE(second->Call("status", json::object()));
  UniqueFd third = Connect();
  const std::string refusal = ReadAll(third.get());
  EXPECT_NE(refusal.find("too many clients"), std::string::npos) << refusal;
}

TEST_F(DaemonLimitsTest, IdleClientsAreClosed) {
  UniqueFd idle = Connect();
  const auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(ReadAll(idle.get()), "");
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(4));
  // The slot is free again for a real client.
  EXPECT_EQ(daemon_->Cli({"status"}).exit_code, 0);
}

TEST_F(DaemonLimitsTest, OversizedRequestsFromReadersAreRefused) {
  const std::string big =
      "{\"method\":\"netsh\",\"params\":{\"args\":[\"" + std::string(100 * 1024, 'x') + "\"]}}\n";
  const std::vector<std::string> socat = {"socat", "-t5", "STDIO",
                                          "UNIX-CONNECT:" + daemon_->socket()};
  std::vector<std::string> as_nobody = {"setpriv", "--reuid=nobody", "--regid=nogroup",
                                        "--clear-groups", "--"};
  as_nobody.insert(as_nobody.end(), socat.begin(), socat.end());
  CommandResult reader = testing_support::RunCommand(as_nobody, {}, big);
  EXPECT_NE(reader.out.find("exceeds the limit of 65536 bytes"), std::string::npos)
      << reader.out << reader.err;
  CommandResult admin = testing_support::RunCommand(socat, {}, big);
  EXPECT_NE(admin.out.find("The following command was not found"), std::string::npos)
      << admin.out << admin.err;
}

// kill -9 at random moments during 1,000 writes: after each restart the store holds every
// acknowledged change, and nothing but the change that was in flight besides.
TEST_F(DaemonTest, KillDuringWritesNeverLosesAnAcknowledgedChange) {
  std::mt19937 random(20261202);
  std::set<int> acknowledged;
  int kills = 0;
  auto client = cli::ControlClient::Connect(daemon_->socket());
  ASSERT_TRUE(client);
  for (int port = 1; port <= 1000; ++port) {
    const bool kill_now = random() % 20 == 0;
    std::thread killer;
    if (kill_now) {
      const pid_t pid = daemon_->pid();
      const auto delay = std::chrono::microseconds(random() % 3000);
      killer = std::thread([pid, delay] {
        std::this_thread::sleep_for(delay);
        ::kill(pid, SIGKILL);
      });
    }
    auto result =
        client->Call("netsh", {{"args", {"add", "portopening", "TCP", std::to_string(port), "p"}}});
    if (result) acknowledged.insert(port);
    if (!kill_now) {
      ASSERT_TRUE(result) << result.error().message();
      continue;
    }
    killer.join();
    ++kills;
    daemon_->Kill();
    ASSERT_TRUE(daemon_->Start());
    client = cli::ControlClient::Connect(daemon_->socket());
    ASSERT_TRUE(client);
    auto status = client->Call("status", json::object());
    ASSERT_TRUE(status);
    EXPECT_TRUE((*status)["problems"].empty()) << (*status)["problems"];
    auto exported = client->Call("export", json::object());
    ASSERT_TRUE(exported);
    std::set<int> stored;
    for (const json& p : (*exported)["policy"]["profiles"]["standard"]["ports"]) {
      stored.insert(p["port"].get<int>());
    }
    for (int ack : acknowledged) ASSERT_TRUE(stored.count(ack)) << "lost port " << ack;
    for (int s : stored) ASSERT_TRUE(acknowledged.count(s) || s == port) << "phantom " << s;
    if (stored.count(port)) acknowledged.insert(port);
  }
  EXPECT_GT(kills, 20);
  EXPECT_GE(acknowledged.size(), 1000u - static_cast<size_t>(kills));
}

}  // namespace
}  // namespace hostwall
