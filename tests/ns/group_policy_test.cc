// Group Policy with real packets: policy files in hostwalld's --policy-dir change what the lab
// host admits, win over local settings, and stop netsh from changing what they control.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "support/daemon_process.h"
#include "support/lab.h"
#include "support/registry_pol_writer.h"

namespace hostwall {
namespace {

using testing_support::CommandResult;
using testing_support::PolValue;

const std::string kStandard = "SOFTWARE\\Policies\\Microsoft\\WindowsFirewall\\StandardProfile";

class GroupPolicyTest : public testing::Test {
 protected:
  void SetUp() override {
    if (geteuid() != 0) GTEST_SKIP() << "needs root for network namespaces";
    lab_ = std::make_unique<testing_support::Lab>();
    for (int port : {139, 445, 8080, 9090}) lab_->Serve("host", port);
    std::filesystem::create_directories(policy_dir_);
    daemon_ = std::make_unique<testing_support::DaemonProcess>(
        dir_, lab_->Namespace("host"), std::vector<std::string>{"--policy-dir", policy_dir_});
    ASSERT_TRUE(daemon_->Start());
  }

  void WritePolicy(const std::string& name, const std::vector<PolValue>& values) {
    std::ofstream(policy_dir_ + "/" + name, std::ios::binary)
        << testing_support::RegistryPolFile(values);
    Refresh();
  }

  void Refresh() {
    const CommandResult refreshed = daemon_->Cli({"policy", "refresh"});
    ASSERT_EQ(refreshed.exit_code, 0) << refreshed.out << refreshed.err;
  }

  CommandResult Netsh(const std::string& command) {
    return daemon_->Cli({"netsh", "-f", "-"}, false, "", "firewall " + command + "\n");
  }

  bool Lan(int port) { return lab_->Tcp("lan", "10.61.1.1", port); }

  testing_support::TempDir dir_;
  std::string policy_dir_ = dir_ / "policy";
  std::unique_ptr<testing_support::Lab> lab_;
  std::unique_ptr<testing_support::DaemonProcess> daemon_;
};

TEST_F(GroupPolicyTest, APolicyOpensAPortAndRemovingItClosesIt) {
  EXPECT_FALSE(Lan(8080));
  WritePolicy("10-domain.pol", {{kStandard + "\\GloballyOpenPorts", "Enabled", 4, 1},
                                {kStandard + "\\GloballyOpenPorts\\List", "8080:TCP", 1, 0,
                                 "8080:TCP:*:Enabled:web"}});
  EXPECT_TRUE(Lan(8080));
  EXPECT_NE(daemon_->Cli({"netsh", "firewall", "show", "state"})
                .out.find("Group policy version              = Windows Firewall"),
            std::string::npos);
  std::filesystem::remove(policy_dir_ + "/10-domain.pol");
  Refresh();
  EXPECT_FALSE(Lan(8080));
}

TEST_F(GroupPolicyTest, APolicyListWithoutLocalMergeClosesLocalExceptionsAndNetshCannotAdd) {
  ASSERT_EQ(Netsh("add portopening TCP 9090 local").exit_code, 0);
  EXPECT_TRUE(Lan(9090));
  WritePolicy("10-domain.pol", {{kStandard + "\\GloballyOpenPorts", "Enabled", 4, 1},
                                {kStandard + "\\GloballyOpenPorts\\List", "8080:TCP", 1, 0,
                                 "8080:TCP:*:Enabled:web"}});
  EXPECT_FALSE(Lan(9090));
  EXPECT_TRUE(Lan(8080));
  const std::string rsop = daemon_->Cli({"policy", "show"}).out;
  EXPECT_NE(rsop.find("Port exceptions: defined by Group Policy (10-domain.pol); local entries "
                      "ignored"),
            std::string::npos)
      << rsop;
  EXPECT_NE(rsop.find("9090/TCP local, scope *  (local, ignored)"), std::string::npos) << rsop;
  const CommandResult refused = Netsh("add portopening TCP 445 more");
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_NE(refused.err.find("port exception list of the Standard profile is controlled by Group "
                             "Policy"),
            std::string::npos)
      << refused.err;
  // Allowing local exceptions brings the local one back.
  WritePolicy("20-site.pol", {{kStandard + "\\GloballyOpenPorts", "AllowUserPrefMerge", 4, 1}});
  EXPECT_TRUE(Lan(9090));
  EXPECT_TRUE(Lan(8080));
}

TEST_F(GroupPolicyTest, DontAllowExceptionsFromPolicyWins) {
  ASSERT_EQ(Netsh("add portopening TCP 8080 local").exit_code, 0);
  WritePolicy("10-domain.pol", {{kStandard, "DoNotAllowExceptions", 4, 1}});
  EXPECT_FALSE(Lan(8080));
  const CommandResult refused = Netsh("set opmode enable enable");
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_NE(refused.err.find("operational mode of the Standard profile is controlled"),
            std::string::npos);
}

// The seeds' warning: a domain policy that disables File and Print Sharing cuts the console off.
TEST_F(GroupPolicyTest, APolicyThatDisablesFileAndPrintClosesItsPorts) {
  ASSERT_EQ(Netsh("set service fileandprint enable").exit_code, 0);
  ASSERT_EQ(Netsh("add portopening TCP 139 my-netbios").exit_code, 0);
  EXPECT_TRUE(Lan(445));
  EXPECT_TRUE(Lan(139));
  WritePolicy("10-domain.pol", {{kStandard + "\\Services\\FileAndPrint", "Enabled", 4, 0}});
  EXPECT_FALSE(Lan(445));
  EXPECT_FALSE(Lan(139));  // the local exception for a service port closes too
  EXPECT_FALSE(lab_->Ping("lan", "10.61.1.1"));
}

TEST_F(GroupPolicyTest, APreviewWarnsBeforeAndChangesNothing) {
  ASSERT_EQ(Netsh("set service fileandprint enable").exit_code, 0);
  const std::string candidate = dir_ / "domain.pol";
  std::ofstream(candidate, std::ios::binary) << testing_support::RegistryPolFile(
      {{kStandard + "\\Services\\FileAndPrint", "Enabled", 4, 0}});
  const CommandResult preview = daemon_->Cli({"policy", "preview", candidate});
  ASSERT_EQ(preview.exit_code, 0) << preview.err;
  EXPECT_NE(preview.out.find("Standard profile (current):\n  WARNING: File and Printer Sharing "
                             "would be cut off"),
            std::string::npos)
      << preview.out;
  EXPECT_NE(preview.out.find("Domain profile:\n  No change."), std::string::npos) << preview.out;
  EXPECT_TRUE(Lan(445));
}

TEST_F(GroupPolicyTest, AMalformedFileIsReportedAndNeverHalfApplied) {
  WritePolicy("10-domain.pol", {{kStandard + "\\GloballyOpenPorts", "Enabled", 4, 1},
                                {kStandard + "\\GloballyOpenPorts\\List", "8080:TCP", 1, 0,
                                 "8080:TCP:*:Enabled:web"}});
  std::string broken = testing_support::RegistryPolFile({{kStandard, "EnableFirewall", 4, 0}});
  broken.resize(broken.size() - 3);
  std::ofstream(policy_dir_ + "/20-broken.pol", std::ios::binary) << broken;
  const CommandResult refreshed = daemon_->Cli({"policy", "refresh"});
  EXPECT_EQ(refreshed.exit_code, 1);
  EXPECT_NE(refreshed.out.find("20-broken.pol: byte"), std::string::npos) << refreshed.out;
  EXPECT_TRUE(Lan(8080));  // the previous policy stays: the firewall was not turned off
}

}  // namespace
}  // namespace hostwall
