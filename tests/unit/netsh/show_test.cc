#include "netsh/show.h"

#include <gtest/gtest.h>

#include "netsh/apply.h"
#include "netsh/parser.h"

namespace hostwall::netsh {
namespace {

using model::Profile;

class ShowTest : public testing::Test {
 protected:
  void Apply(const char* line) {
    auto command = ParseCommand(*LexLine(line));
    ASSERT_TRUE(command) << command.error().message();
    ASSERT_TRUE(ApplyChange(*command, facts_, policy_));
  }

  Report Build(const char* line) {
    ShowContext context{.facts = facts_,
                        .default_log_path = "/var/log/hostwall/pfirewall.log",
                        .overlay = overlay_};
    for (Profile p : model::kProfiles) {
      context.profiles[static_cast<size_t>(p)] =
          policy::ComputeEffectiveProfile(policy_, overlay_, p);
    }
    context.warnings = warnings_;
    auto command = ParseCommand(*LexLine(line));
    EXPECT_TRUE(command) << command.error().message();
    return BuildShowReport(*command, context);
  }

  std::string Show(const char* line) { return FormatText(Build(line)); }

  model::HostFacts facts_{.current_profile = Profile::kStandard, .interfaces = {"lan0"}};
  model::LocalPolicy policy_ = model::XpDefaults();
  policy::GroupPolicyOverlay overlay_;
  std::vector<std::string> warnings_;
};

// The real XP SP2 `show opmode` layout (spec §1.6.1), with a Linux connection name.
TEST_F(ShowTest, OpmodeMatchesTheXpLayout) {
  EXPECT_EQ(Show("show opmode"),
            "\n"
            "Domain profile configuration:\n"
            "-------------------------------------------------------------------\n"
            "Operational mode                  = Enable\n"
            "Exception mode                    = Enable\n"
            "\n"
            "Standard profile configuration (current):\n"
            "-------------------------------------------------------------------\n"
            "Operational mode                  = Enable\n"
            "Exception mode                    = Enable\n"
            "\n"
            "lan0 firewall configuration:\n"
            "-------------------------------------------------------------------\n"
            "Operational mode                  = Enable\n"
            "\n");
}

// The real XP SP2 transcript of §1.6.2: the user's entry first, then the service's rows.
TEST_F(ShowTest, PortOpeningMatchesTheXpTranscript) {
  Apply("set service fileandprint enable profile=all");
  Apply("add portopening TCP 445 \"Service Firewall\" ENABLE ALL");
  const std::string text = Show("show portopening profile=standard");
  EXPECT_EQ(text,
            "\n"
            "Port configuration for Standard profile (current):\n"
            "Port   Protocol  Mode     Name\n"
            "-------------------------------------------------------------------\n"
            "445    TCP       Enable   Service Firewall\n"
            "139    TCP       Enable   NetBIOS Session Service\n"
            "445    TCP       Enable   SMB over TCP\n"
            "137    UDP       Enable   NetBIOS Name Service\n"
            "138    UDP       Enable   NetBIOS Datagram Service\n"
            "3389   TCP       Disable  Remote Desktop\n"
            "1900   UDP       Disable  SSDP Component of UPnP Framework\n"
            "2869   TCP       Disable  UPnP Framework TCP\n"
            "\n");
}

TEST_F(ShowTest, StateListsOpenPortsOnceAndTheRemoteAdminScope) {
  EXPECT_EQ(Show("show state"),
            "\n"
            "Firewall status:\n"
            "-------------------------------------------------------------------\n"
            "Profile                           = Standard\n"
            "Operational mode                  = Enable\n"
            "Exception mode                    = Enable\n"
            "Multicast/broadcast response mode = Enable\n"
            "Notification mode                 = Enable\n"
            "Group policy version              = None\n"
            "Remote admin mode                 = Disable\n"
            "\n"
            "Ports currently open on all network interfaces:\n"
            "Port   Protocol  Version  Program\n"
            "-------------------------------------------------------------------\n"
            "No ports are currently open on all network interfaces.\n"
            "\n");
  Apply("add portopening TCP 445 smb");
  Apply("set service remoteadmin enable");
  const std::string verbose = Show("show state verbose=enable");
  EXPECT_NE(verbose.find("Remote admin mode                 = Enable\nScope: *\n"),
            std::string::npos);
  EXPECT_NE(verbose.find("445    TCP       Any      (null)\n"
                         "135    TCP       Any      (null)\n\n"),
            std::string::npos)
      << verbose;
}

TEST_F(ShowTest, StateOpensNothingInNoExceptionsMode) {
  Apply("add portopening TCP 80 web");
  Apply("set opmode enable disable");
  EXPECT_NE(Show("show state").find("No ports are currently open"), std::string::npos);
}

TEST_F(ShowTest, StateReportsWarningsFirst) {
  warnings_ = {"the stored configuration could not be loaded"};
  EXPECT_EQ(Show("show state")
                .rfind("\nWARNING: the stored configuration could not be loaded\n\n"
                       "Firewall status:\n",
                       0),
            0u);
}

TEST_F(ShowTest, AllowedProgramsAndVerboseScopes) {
  Apply("add allowedprogram /usr/bin/app App ENABLE SUBNET");
  EXPECT_EQ(Show("show allowedprogram profile=current verbose=enable"),
            "\n"
            "Allowed programs configuration for Standard profile (current):\n"
            "Mode     Name / Program\n"
            "-------------------------------------------------------------------\n"
            "Enable   Remote Assistance / %WINDIR%\\system32\\sessmgr.exe\n"
            "         Scope: *\n"
            "Enable   App / /usr/bin/app\n"
            "         Scope: LocalSubNet\n"
            "\n");
}

TEST_F(ShowTest, LoggingAndCurrentProfile) {
  EXPECT_EQ(Show("show logging"),
            "\n"
            "Log configuration:\n"
            "-------------------------------------------------------------------\n"
            "File location   = /var/log/hostwall/pfirewall.log\n"
            "Max file size   = 4096 KB\n"
            "Dropped packets = Disable\n"
            "Connections     = Disable\n"
            "\n");
  EXPECT_EQ(Show("show currentprofile"), "\nCurrent profile                   = Standard\n\n");
}

TEST_F(ShowTest, ServiceIcmpNotificationsMulticast) {
  Apply("set service remotedesktop enable profile=domain");
  EXPECT_EQ(Show("show service profile=domain"),
            "\n"
            "Service configuration for Domain profile:\n"
            "Mode     Customized  Name\n"
            "-------------------------------------------------------------------\n"
            "Disable  No          File and Printer Sharing\n"
            "Enable   No          Remote Desktop\n"
            "Disable  No          UPnP Framework\n"
            "\n");
  Apply("set icmpsetting 8 enable interface=lan0");
  const std::string icmp = Show("show icmpsetting interface=lan0");
  EXPECT_NE(icmp.find("ICMP configuration for lan0:\nMode     Type  Description\n"),
            std::string::npos);
  EXPECT_NE(icmp.find("Enable   8     Allow inbound echo request\n"), std::string::npos);
  EXPECT_NE(Show("show icmpsetting profile=standard").find("Disable  8     Allow inbound echo"),
            std::string::npos);
  Apply("set notifications disable");
  EXPECT_NE(Show("show notifications")
                .find("Standard profile configuration (current):\n"
                      "-------------------------------------------------------------------\n"
                      "Notification mode                 = Disable\n"),
            std::string::npos);
  EXPECT_NE(Show("show multicastbroadcastresponse profile=domain")
                .find("Multicast/broadcast response mode = Enable\n"),
            std::string::npos);
}

// XP checks "Allow incoming echo request" while File and Printer Sharing is on (spec §2).
TEST_F(ShowTest, Tcp445ForcesEchoInTheEffectiveSettings) {
  Apply("set service fileandprint enable");
  EXPECT_NE(Show("show icmpsetting profile=standard").find("Enable   8     Allow inbound echo"),
            std::string::npos);
  EXPECT_NE(Show("show icmpsetting profile=domain").find("Disable  8     Allow inbound echo"),
            std::string::npos);
}

TEST_F(ShowTest, ConfigHasEverySectionInOrder) {
  Apply("add portopening TCP 22 ssh interface=lan0");
  const std::string text = Show("show config");
  size_t at = 0;
  for (const char* title :
       {"Domain profile configuration:", "Service configuration for Domain profile:",
        "Allowed programs configuration for Domain profile:",
        "Port configuration for Domain profile:", "ICMP configuration for Domain profile:",
        "Standard profile configuration (current):",
        "ICMP configuration for Standard profile (current):", "Log configuration:",
        "lan0 firewall configuration:", "Port configuration for lan0:"}) {
    const size_t found = text.find(title, at);
    ASSERT_NE(found, std::string::npos) << title << "\n" << text;
    at = found;
  }
}

TEST_F(ShowTest, ControlCharactersInNamesDoNotBreakTheLayout) {
  Apply("add portopening TCP 80 x");
  policy_.profile(Profile::kStandard).ports[0].name = "evil\nname\t}";
  EXPECT_NE(
      Show("show portopening profile=standard").find("80     TCP       Enable   evil?name?}\n"),
      std::string::npos);
}

TEST_F(ShowTest, SettingsGroupPolicyControlsAreMarked) {
  policy::ProfilePolicy& p = overlay_.profiles[static_cast<size_t>(Profile::kStandard)];
  p.exceptions_allowed = true;
  p.services[static_cast<size_t>(model::ServiceType::kFileAndPrint)] =
      model::ServiceSetting{.enabled = true, .scope = model::Scope::Subnet()};
  p.ports = {.defined = true,
             .entries = {{.protocol = model::Protocol::kTcp, .port = 8080, .name = "web"}}};
  const std::string state = Show("show state");
  EXPECT_NE(state.find("Operational mode                  = Enable\n"), std::string::npos);
  EXPECT_NE(state.find("Exception mode                    = Enable (Group Policy)\n"),
            std::string::npos);
  EXPECT_NE(state.find("Group policy version              = Windows Firewall\n"),
            std::string::npos);
  const std::string ports = Show("show portopening profile=standard");
  EXPECT_NE(ports.find("8080   TCP       Enable   web (Group Policy)\n"), std::string::npos)
      << ports;
  EXPECT_NE(ports.find("445    TCP       Enable   SMB over TCP (Group Policy)\n"),
            std::string::npos);
  EXPECT_NE(Show("show service profile=standard")
                .find("Enable   No          File and Printer Sharing (Group Policy)\n"),
            std::string::npos);
  EXPECT_EQ(Show("show service profile=domain").find("(Group Policy)"), std::string::npos);
}

TEST_F(ShowTest, JsonCarriesTheSameRowsWithScopes) {
  Apply("add portopening UDP 53 DNS ENABLE SUBNET");
  const nlohmann::json json = FormatJson(Build("show portopening profile=standard"));
  ASSERT_EQ(json["sections"].size(), 1u);
  const auto& section = json["sections"][0];
  EXPECT_EQ(section["profile"], "Standard");
  EXPECT_EQ(section["current"], true);
  EXPECT_EQ(section["rows"][0]["Port"], "53");
  EXPECT_EQ(section["rows"][0]["Protocol"], "UDP");
  EXPECT_EQ(section["rows"][0]["Mode"], "Enable");
  EXPECT_EQ(section["rows"][0]["Name"], "DNS");
  EXPECT_EQ(section["rows"][0]["Scope"], "LocalSubNet");
}

}  // namespace
}  // namespace hostwall::netsh
