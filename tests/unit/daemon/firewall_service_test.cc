#include "daemon/firewall_service.h"

#include <gtest/gtest.h>

#include <fstream>

#include "store/atomic_file.h"
#include "support/temp_dir.h"

namespace hostwall::daemon {
namespace {

using nlohmann::json;
using testing_support::TempDir;

// Records every transaction; refuses them while `refuse` is set.
class FakeKernel : public kernel::FirewallKernel {
 public:
  Result<void> Run(const std::string& script) override {
    if (refuse) return Fail(ErrorCode::kKernel, "nftables refused the ruleset: test");
    scripts.push_back(script);
    return Ok();
  }
  Result<ruleset::TableObjects> ListTable() override { return ruleset::TableObjects{}; }
  std::vector<std::string> scripts;
  bool refuse = false;
};

const Peer kAdmin{.pid = 1, .uid = 0, .gid = 0, .may_change = true};
const Peer kReader{.pid = 2, .uid = 65534, .gid = 65534, .may_change = false};

class FirewallServiceTest : public testing::Test {
 protected:
  FirewallServiceTest() { Restart(); }

  void Restart() {
    service_.reset();
    store::LoadedPolicy loaded;
    auto store = store::PolicyStore::Open(dir_ / "state", loaded);
    ASSERT_TRUE(store);
    ServiceOptions options{.default_log_path = "/var/log/hostwall/pfirewall.log"};
    if (loaded.problem) options.startup_problems.push_back(*loaded.problem);
    enforcer_ = std::make_unique<Enforcer>(kernel_, dir_ / "state/ruleset.nft");
    service_ = std::make_unique<FirewallService>(
        std::move(*store), std::move(loaded.policy), options,
        [] { return model::HostFacts{.interfaces = {"lan0"}}; }, *enforcer_, log_);
    ASSERT_TRUE(service_->Start());
  }

  // Sends one request; returns the parsed response object.
  json Call(const std::string& method, const json& params, const Peer& peer = kAdmin) {
    const std::string line =
        service_->HandleLine(json{{"id", 1}, {"method", method}, {"params", params}}.dump(), peer);
    EXPECT_EQ(line.back(), '\n');
    return json::parse(line);
  }

  json Netsh(const std::vector<std::string>& args, const Peer& peer = kAdmin) {
    return Call("netsh", {{"args", args}}, peer);
  }

  // Everything the store holds: the snapshot and the journal.
  std::string StoredText() {
    std::string text;
    for (const char* file : {"state/policy.json", "state/policy.journal"}) {
      auto contents = store::ReadWholeFile(dir_ / file);
      text += contents ? *contents : "(none)";
    }
    return text;
  }

  TempDir dir_;
  DaemonLog log_ = *DaemonLog::Open(dir_ / "log");
  FakeKernel kernel_;
  std::unique_ptr<Enforcer> enforcer_;
  std::unique_ptr<FirewallService> service_;
};

TEST_F(FirewallServiceTest, ChangesArePersistedAndSurviveARestart) {
  json response = Netsh({"add", "portopening", "TCP", "8080", "web"});
  ASSERT_TRUE(response["ok"]) << response;
  EXPECT_EQ(response["result"]["output"], "Ok.\n\n");
  Restart();
  response = Netsh({"show", "portopening", "profile=standard"});
  EXPECT_NE(response["result"]["output"].get<std::string>().find("8080   TCP       Enable   web"),
            std::string::npos);
}

TEST_F(FirewallServiceTest, ChangesReachTheKernelFirstInSmallTransactions) {
  ASSERT_EQ(kernel_.scripts.size(), 1u);  // Start: the whole table
  EXPECT_NE(kernel_.scripts[0].find("flush chain inet hostwall input"), std::string::npos);
  ASSERT_TRUE(Netsh({"add", "portopening", "TCP", "8080", "web"})["ok"]);
  ASSERT_EQ(kernel_.scripts.size(), 2u);
  EXPECT_EQ(kernel_.scripts[1], "add element inet hostwall tcp_ports { 8080 : accept }\n");
  ASSERT_TRUE(Netsh({"show", "state"})["ok"]);
  EXPECT_EQ(kernel_.scripts.size(), 2u);
  service_->SaveKnownGood();
  const std::string known_good = *store::ReadWholeFile(dir_ / "state/ruleset.nft");
  EXPECT_NE(known_good.find("tcp_ports { 8080 : accept }"), std::string::npos);
}

TEST_F(FirewallServiceTest, ARefusedRulesetChangesNothing) {
  const std::string before = StoredText();
  kernel_.refuse = true;
  json refused = Netsh({"add", "portopening", "TCP", "8080", "web"});
  ASSERT_FALSE(refused["ok"]);
  EXPECT_EQ(refused["error"]["code"], "kernel");
  EXPECT_EQ(StoredText(), before);
  kernel_.refuse = false;
  EXPECT_EQ(Netsh({"show", "portopening", "profile=standard"})["result"]["output"]
                .get<std::string>()
                .find("8080"),
            std::string::npos);
}

TEST_F(FirewallServiceTest, ReadersMayShowButNotChange) {
  json shown = Netsh({"show", "state"}, kReader);
  EXPECT_TRUE(shown["ok"]);
  json refused = Netsh({"set", "opmode", "disable"}, kReader);
  ASSERT_FALSE(refused["ok"]);
  EXPECT_EQ(refused["error"]["code"], "permission_denied");
  EXPECT_NE(refused["error"]["message"].get<std::string>().find("group 'hostwall'"),
            std::string::npos);
  EXPECT_FALSE(Call("import", {{"policy", Call("export", json::object())["result"]["policy"]}},
                    kReader)["ok"]);
  EXPECT_FALSE(Call("netsh_script", {{"script", "firewall set opmode disable"}}, kReader)["ok"]);
  EXPECT_TRUE(Call("netsh_script", {{"script", "firewall show opmode"}}, kReader)["ok"]);
}

TEST_F(FirewallServiceTest, ABadCommandChangesNothing) {
  ASSERT_TRUE(Netsh({"add", "portopening", "TCP", "80", "web"})["ok"]);
  const std::string before = StoredText();
  for (const auto& args :
       std::vector<std::vector<std::string>>{{"add", "portopening", "TCP", "80"},
                                             {"set", "opmode", "disable", "profile=BOGUS"},
                                             {"set", "portopening", "TCP", "81", "mode=disable"},
                                             {"set", "opmode", "disable", "interface=eth7"},
                                             {"frobnicate"}}) {
    json response = Netsh(args);
    EXPECT_FALSE(response["ok"]) << args[0];
  }
  EXPECT_EQ(StoredText(), before);
}

TEST_F(FirewallServiceTest, ScriptsAreAllOrNothing) {
  const std::string before = StoredText();
  json bad = Call("netsh_script", {{"script",
                                    "# a comment\n"
                                    "firewall add portopening TCP 80 web\n"
                                    "\n"
                                    "firewall add portopening TCP 81\n"
                                    "netsh set opmode disable\n"}});
  ASSERT_FALSE(bad["ok"]);
  const std::string message = bad["error"]["message"];
  EXPECT_NE(message.find("The script was not run; nothing changed."), std::string::npos);
  EXPECT_NE(message.find("line 4: 'name' is required."), std::string::npos);
  EXPECT_NE(message.find("line 5: a command must start with 'firewall'"), std::string::npos);
  json semantic = Call("netsh_script", {{"script",
                                         "firewall add portopening TCP 80 web\n"
                                         "firewall delete portopening TCP 99\n"}});
  ASSERT_FALSE(semantic["ok"]);
  EXPECT_NE(semantic["error"]["message"].get<std::string>().find("line 2: Port 99/TCP"),
            std::string::npos);
  EXPECT_EQ(StoredText(), before);

  json good = Call("netsh_script", {{"script",
                                     "FIREWALL add portopening TCP 80 web\n"
                                     "firewall show portopening profile=standard\n"}});
  ASSERT_TRUE(good["ok"]) << good;
  EXPECT_NE(good["result"]["output"].get<std::string>().find("Ok.\n\n\nPort configuration"),
            std::string::npos);
}

TEST_F(FirewallServiceTest, ExportImportRoundTripAndRefusal) {
  ASSERT_TRUE(Netsh({"add", "allowedprogram", "/usr/bin/app", "App"})["ok"]);
  const json exported = Call("export", json::object())["result"]["policy"];
  ASSERT_TRUE(Netsh({"reset"})["ok"]);
  json bad = exported;
  bad["profiles"]["standard"]["ports"] = {{{"protocol", "TCP"}, {"port", 0}}};
  const std::string before = StoredText();
  json refused = Call("import", {{"policy", bad}});
  ASSERT_FALSE(refused["ok"]);
  EXPECT_NE(refused["error"]["message"].get<std::string>().find(
                "the import was refused; nothing changed: /profiles/standard/ports/0"),
            std::string::npos);
  EXPECT_EQ(StoredText(), before);
  json imported = Call("import", {{"policy", exported}});
  ASSERT_TRUE(imported["ok"]);
  EXPECT_EQ(imported["result"]["programs"], 3);
  EXPECT_EQ(Call("export", json::object())["result"]["policy"], exported);
}

TEST_F(FirewallServiceTest, JsonShowAndStatus) {
  json shown = Call("netsh", {{"args", {"show", "opmode"}}, {"json", true}});
  ASSERT_TRUE(shown["ok"]);
  EXPECT_EQ(shown["result"]["data"]["sections"][0]["fields"]["Operational mode"], "Enable");
  json status = Call("status", json::object());
  ASSERT_TRUE(status["ok"]);
  EXPECT_EQ(status["result"]["current_profile"], "Standard");
  EXPECT_EQ(status["result"]["profiles"]["Standard"]["allowed_programs"], 1);
}

TEST_F(FirewallServiceTest, MalformedRequestsGetErrors) {
  EXPECT_FALSE(json::parse(service_->HandleLine("not json", kAdmin))["ok"]);
  EXPECT_EQ(Call("bogus", json::object())["error"]["message"], "unknown method 'bogus'");
  EXPECT_FALSE(Call("netsh", {{"args", "show state"}})["ok"]);
  EXPECT_FALSE(Call("netsh", {{"args", {1, 2}}})["ok"]);
  EXPECT_FALSE(Call("netsh", {{"args", {"show", "state"}}, {"json", "yes"}})["ok"]);
}

TEST_F(FirewallServiceTest, ACorruptStoreIsMovedAsideAndReported) {
  ASSERT_TRUE(Netsh({"set", "opmode", "disable"})["ok"]);
  {
    std::ofstream out(dir_ / "state/policy.json", std::ios::trunc);
    out << "{\"schema_version\": 1, \"profiles\": ";
  }
  Restart();
  const std::string state = Netsh({"show", "state"})["result"]["output"];
  EXPECT_NE(state.find("WARNING: the stored configuration"), std::string::npos);
  EXPECT_NE(state.find("could not be loaded (not valid JSON"), std::string::npos);
  EXPECT_NE(state.find("Operational mode                  = Enable"), std::string::npos);
  bool moved_aside = false;
  for (const auto& entry : std::filesystem::directory_iterator(dir_ / "state")) {
    moved_aside |= entry.path().filename().string().rfind("policy.json.corrupt-", 0) == 0;
  }
  EXPECT_TRUE(moved_aside);
}

}  // namespace
}  // namespace hostwall::daemon
