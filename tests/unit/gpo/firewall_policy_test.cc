#include "gpo/firewall_policy.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "store/atomic_file.h"

namespace hostwall::gpo {
namespace {

using model::Profile;

constexpr const char* kDomain = "SOFTWARE\\Policies\\Microsoft\\WindowsFirewall\\DomainProfile";
constexpr const char* kStandard = "Software\\Policies\\Microsoft\\WindowsFirewall\\StandardProfile";

RegistryEntry Dword(const std::string& key, const std::string& value, uint32_t number) {
  return {.key = key,
          .value = value,
          .type = 4,
          .data = {static_cast<uint8_t>(number), static_cast<uint8_t>(number >> 8),
                   static_cast<uint8_t>(number >> 16), static_cast<uint8_t>(number >> 24)}};
}

RegistryEntry Sz(const std::string& key, const std::string& value, const std::string& text) {
  RegistryEntry entry{.key = key, .value = value, .type = 1};
  for (char c : text + '\0') {
    entry.data.push_back(static_cast<uint8_t>(c));
    entry.data.push_back(0);
  }
  return entry;
}

TEST(RegistryViewTest, SpecialValueNamesInFileOrder) {
  RegistryView view;
  view.Apply({Dword("K", "a", 1), Dword("K", "b", 2), Dword("K", "c", 3), Dword("K\\Sub", "x", 4),
              Dword("K\\Sub\\Deeper", "y", 5), Sz("K", "**del.a", " "), Sz("K", "**soft.b", "x"),
              Sz("K", "**soft.d", "new"), Sz("K", "**DeleteValues", "c; zz"),
              Sz("K", "**DeleteKeys", "Sub")},
             "first.pol");
  EXPECT_EQ(view.Lookup("K", "a"), nullptr);
  EXPECT_EQ(AsDword(view.Lookup("k", "B")->entry), 2u);  // keys and names ignore case
  EXPECT_EQ(AsString(view.Lookup("K", "d")->entry), "new");
  EXPECT_EQ(view.Lookup("K", "c"), nullptr);
  EXPECT_FALSE(view.HasKey("K\\Sub"));
  EXPECT_FALSE(view.HasKey("K\\Sub\\Deeper"));
  view.Apply({Sz("K", "**delvals.", " "), Dword("K", "e", 9), RegistryEntry{.key = "Empty"}},
             "second.pol");
  EXPECT_EQ(view.Lookup("K", "b"), nullptr);
  EXPECT_EQ(view.Lookup("K", "e")->source, "second.pol");
  EXPECT_TRUE(view.HasKey("empty"));
}

TEST(ListEntryTest, ProgramsAndPortsInTheirXpForms) {
  auto ra = ParseProgramEntry("%WINDIR%\\SYSTEM32\\Sessmgr.exe:*:Enabled:@xpsp2res.dll,-22019");
  ASSERT_TRUE(ra);
  EXPECT_EQ(ra->path, "%WINDIR%\\SYSTEM32\\Sessmgr.exe");
  EXPECT_EQ(ra->name, "Remote Assistance");
  EXPECT_EQ(ra->scope, model::Scope::All());
  auto drive =
      ParseProgramEntry("C:\\Program Files\\App\\app.exe:LocalSubnet:disabled:App: the 2nd");
  ASSERT_TRUE(drive);
  EXPECT_EQ(drive->path, "C:\\Program Files\\App\\app.exe");
  EXPECT_EQ(drive->name, "App: the 2nd");
  EXPECT_FALSE(drive->enabled);
  EXPECT_EQ(drive->scope, model::Scope::Subnet());
  auto port = ParsePortEntry("8080:TCP:10.0.0.0/8,LocalSubnet:enabled:Intranet: apps");
  ASSERT_TRUE(port);
  EXPECT_EQ(port->port, 8080);
  EXPECT_EQ(port->name, "Intranet: apps");
  EXPECT_EQ(model::FormatScopeText(port->scope), "10.0.0.0/8,LocalSubNet");
  EXPECT_EQ(ParsePortEntry("445:TCP:LocalSubNet:Enabled:@xpsp2res.dll,-22005")->name,
            "SMB over TCP");
  for (const char* bad : {"8080:TCP:*:Enabled", "99999:TCP:*:Enabled:x", "80:ICMP:*:Enabled:x",
                          "80:TCP:*:Maybe:x", "80:TCP:10.0.0.300:Enabled:x"}) {
    EXPECT_FALSE(ParsePortEntry(bad)) << bad;
  }
  EXPECT_FALSE(ParseProgramEntry("app.exe:*:Enabled"));
}

TEST(FirewallPolicyTest, EveryXpValue) {
  const std::string apps = std::string(kStandard) + "\\AuthorizedApplications";
  const std::string ports = std::string(kStandard) + "\\GloballyOpenPorts";
  RegistryView view;
  view.Apply(
      {Dword(kStandard, "EnableFirewall", 1),
       Dword(kStandard, "DoNotAllowExceptions", 0),
       Dword(kStandard, "DisableNotifications", 1),
       Dword(kStandard, "DisableUnicastResponsesToMulticastBroadcast", 1),
       Dword(apps, "Enabled", 1),
       Dword(apps, "AllowUserPrefMerge", 1),
       Sz(apps + "\\List", "/opt/ae/console", "/opt/ae/console:*:Enabled:Alter-Ego"),
       Sz(apps + "\\List", "bad", "no colons at all"),
       Dword(ports, "Enabled", 1),
       Sz(ports + "\\List", "445:TCP", "445:TCP:LocalSubnet:Enabled:File Sharing"),
       Dword(std::string(kStandard) + "\\Services\\FileAndPrint", "Enabled", 1),
       Sz(std::string(kStandard) + "\\Services\\FileAndPrint", "RemoteAddresses", "10.61.1.0/24"),
       Dword(std::string(kStandard) + "\\Services\\RemoteDesktop", "Enabled", 0),
       Sz(std::string(kStandard) + "\\Services\\UPnPFramework", "Enabled", "1"),
       Dword(std::string(kStandard) + "\\RemoteAdminSettings", "Enabled", 1),
       Dword(std::string(kStandard) + "\\IcmpSettings", "AllowInboundEchoRequest", 1),
       Dword(std::string(kStandard) + "\\Logging", "LogDroppedPackets", 1),
       Sz(std::string(kStandard) + "\\Logging", "LogFilePath", "/var/log/fw.log"),
       Dword(std::string(kStandard) + "\\Logging", "LogFileSize", 64),
       Dword(kStandard, "DefaultInboundAction", 1)},
      "site.pol");
  const FirewallPolicy policy = ReadFirewallPolicy(view);
  EXPECT_TRUE(policy.any);
  const policy::ProfilePolicy& p = policy.overlay.profile(Profile::kStandard);
  EXPECT_EQ(p.firewall_enabled, true);
  EXPECT_EQ(p.exceptions_allowed, true);
  EXPECT_EQ(p.notifications_enabled, false);
  EXPECT_EQ(p.unicast_responses_to_multicast, false);
  EXPECT_EQ(p.programs.defined, true);
  EXPECT_EQ(p.programs.allow_local, true);
  ASSERT_EQ(p.programs.entries.size(), 1u);
  EXPECT_EQ(p.programs.entries[0].name, "Alter-Ego");
  ASSERT_EQ(policy.warnings.size(), 1u);
  EXPECT_NE(policy.warnings[0].find("'no colons at all' skipped"), std::string::npos);
  EXPECT_EQ(p.ports.defined, true);
  EXPECT_FALSE(p.ports.allow_local);
  ASSERT_EQ(p.ports.entries.size(), 1u);
  const auto& fp = p.services[static_cast<size_t>(model::ServiceType::kFileAndPrint)];
  ASSERT_TRUE(fp);
  EXPECT_TRUE(fp->enabled);
  EXPECT_EQ(model::FormatScopeText(fp->scope), "10.61.1.0/24");
  EXPECT_FALSE(p.services[static_cast<size_t>(model::ServiceType::kRemoteDesktop)]->enabled);
  EXPECT_TRUE(p.services[static_cast<size_t>(model::ServiceType::kUpnp)]->enabled);  // "1" as text
  EXPECT_TRUE(p.services[static_cast<size_t>(model::ServiceType::kRemoteAdmin)]->enabled);
  ASSERT_TRUE(p.icmp);
  EXPECT_TRUE(p.icmp->Allows(model::IcmpSetting::kInboundEchoRequest));
  EXPECT_FALSE(p.icmp->Allows(model::IcmpSetting::kRedirect));
  EXPECT_EQ(p.log_dropped_packets, true);
  EXPECT_EQ(p.log_file_path, "/var/log/fw.log");
  EXPECT_EQ(p.log_file_size_kb, 128u);  // clamped to the ADM range
  EXPECT_EQ(policy.not_applicable,
            std::vector<std::string>{std::string(kStandard) + "\\DefaultInboundAction"});
  EXPECT_EQ(policy.overlay.profile(Profile::kDomain), policy::ProfilePolicy{});
}

// A real domain policy written for Vista and later: the XP values are read, the rest listed.
TEST(FirewallPolicyTest, ARealNsaPolicy) {
  const std::filesystem::path file = SHARED_DIR
      "/data/registry-pol/nsacyber_WSHB_WindowsFirewall_F6A11C86_DomainSysvol_registry.pol";
  if (!std::filesystem::exists(file)) GTEST_SKIP() << file << " is not here";
  const std::string bytes = store::ReadWholeFile(file).value();
  auto entries = ParseRegistryPol({reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()});
  ASSERT_TRUE(entries);
  RegistryView view;
  view.Apply(*entries, file.filename());
  const FirewallPolicy policy = ReadFirewallPolicy(view);
  const policy::ProfilePolicy& domain = policy.overlay.profile(Profile::kDomain);
  EXPECT_EQ(domain.firewall_enabled, true);
  EXPECT_EQ(domain.notifications_enabled, true);
  EXPECT_EQ(domain.unicast_responses_to_multicast, false);
  EXPECT_EQ(domain.log_dropped_packets, true);
  EXPECT_EQ(domain.log_successful_connections, true);
  EXPECT_EQ(domain.log_file_size_kb, 16384u);
  EXPECT_FALSE(domain.log_file_path);  // a Windows path
  EXPECT_EQ(policy.overlay.profile(Profile::kStandard), policy::ProfilePolicy{});
  // PolicyVersion, 2 Vista values of DomainProfile, 9 of PrivateProfile and 10 of PublicProfile.
  EXPECT_EQ(policy.not_applicable.size(), 22u);
  EXPECT_EQ(policy.warnings.size(), 1u);
}

}  // namespace
}  // namespace hostwall::gpo
