#include "store/policy_codec.h"

#include <gtest/gtest.h>

#include "core/ip_network.h"

namespace hostwall::store {
namespace {

using model::Profile;

model::LocalPolicy RichPolicy() {
  model::LocalPolicy policy = model::XpDefaults();
  model::ProfileSettings& standard = policy.profile(Profile::kStandard);
  standard.exceptions_allowed = false;
  standard.ports.push_back({.protocol = model::Protocol::kUdp,
                            .port = 53,
                            .name = "DNS \"quoted\" ; } newline\n ünïcödé",
                            .enabled = false,
                            .scope = *model::ParseScopeText("10.0.0.0/8,fd61:1::/64,LocalSubnet")});
  standard.programs.push_back(
      {.path = "/usr/bin/app", .name = "App", .scope = model::Scope::Subnet()});
  standard.service(model::ServiceType::kUpnp).enabled = true;
  standard.icmp.Set(model::IcmpSetting::kInboundMaskRequest, true);
  policy.logging = {.file_path = "/var/log/fw.log",
                    .max_file_size_kb = 32767,
                    .log_dropped_packets = true,
                    .log_successful_connections = false};
  model::InterfaceSettings lan{.name = "lan0", .firewall_enabled = false};
  lan.ports.push_back({.protocol = model::Protocol::kTcp, .port = 22, .name = "ssh"});
  lan.icmp.values[static_cast<size_t>(model::IcmpSetting::kInboundEchoRequest)] = true;
  policy.interfaces.push_back(lan);
  return policy;
}

TEST(PolicyCodecTest, RoundTripsEverySetting) {
  const model::LocalPolicy policy = RichPolicy();
  auto decoded = DecodePolicyText(EncodePolicyText(policy));
  ASSERT_TRUE(decoded) << decoded.error().message();
  EXPECT_EQ(*decoded, policy);
  auto defaults = DecodePolicyText(EncodePolicyText(model::XpDefaults()));
  ASSERT_TRUE(defaults);
  EXPECT_EQ(*defaults, model::XpDefaults());
}

struct Corruption {
  const char* description;
  std::function<void(nlohmann::json&)> mutate;
  const char* message_part;
};

TEST(PolicyCodecTest, RefusesBadDocumentsNamingThePath) {
  const std::vector<Corruption> cases = {
      {"version", [](auto& j) { j["schema_version"] = 2; }, "/schema_version: must be 1"},
      {"missing", [](auto& j) { j.erase("logging"); }, "/: 'logging' is missing"},
      {"unknown", [](auto& j) { j["extra"] = 1; }, "/: 'extra' is not a known key"},
      {"port range", [](auto& j) { j["profiles"]["standard"]["ports"][0]["port"] = 70000; },
       "/profiles/standard/ports/0/port: must be an integer from 1 to 65535"},
      {"protocol", [](auto& j) { j["profiles"]["standard"]["ports"][0]["protocol"] = "ICMP"; },
       "/profiles/standard/ports/0/protocol: must be \"TCP\" or \"UDP\""},
      {"scope", [](auto& j) { j["profiles"]["standard"]["ports"][0]["scope"] = "10.0.0.300"; },
       "/profiles/standard/ports/0/scope: '10.0.0.300' is not a valid address"},
      {"duplicate port",
       [](auto& j) {
         auto& ports = j["profiles"]["standard"]["ports"];
         ports.push_back(ports[0]);
       },
       "/profiles/standard/ports/1: port 53/UDP is listed twice"},
      {"duplicate program",
       [](auto& j) {
         auto& programs = j["profiles"]["domain"]["programs"];
         auto copy = programs[0];
         copy["path"] = "%windir%\\SYSTEM32\\sessmgr.exe";
         programs.push_back(copy);
       },
       "/profiles/domain/programs/1: program"},
      {"bool", [](auto& j) { j["profiles"]["domain"]["firewall_enabled"] = "yes"; },
       "/profiles/domain/firewall_enabled: must be true or false"},
      {"log size", [](auto& j) { j["logging"]["max_file_size_kb"] = 0; },
       "/logging/max_file_size_kb: must be an integer from 1 to 32767"},
      {"log path", [](auto& j) { j["logging"]["file_path"] = "relative.log"; },
       "/logging/file_path: must be empty or an absolute path"},
      {"icmp", [](auto& j) { j["profiles"]["domain"]["icmp"]["AllowEverything"] = true; },
       "/profiles/domain/icmp: has unknown keys"},
      {"service", [](auto& j) { j["profiles"]["domain"]["services"].erase("upnp"); },
       "/profiles/domain/services: 'upnp' is missing"},
      {"connection port scope", [](auto& j) { j["connections"][0]["ports"][0]["scope"] = "*"; },
       "/connections/0/ports/0: 'scope' is not a known key"},
  };
  for (const Corruption& c : cases) {
    nlohmann::json document = EncodePolicy(RichPolicy());
    c.mutate(document);
    auto decoded = DecodePolicy(document);
    ASSERT_FALSE(decoded) << c.description;
    EXPECT_EQ(decoded.error().code(), ErrorCode::kInvalidArgument);
    EXPECT_NE(decoded.error().message().find(c.message_part), std::string::npos)
        << c.description << ": " << decoded.error().message();
  }
}

TEST(PolicyCodecTest, RefusesTextThatIsNotJson) {
  auto decoded = DecodePolicyText("{\"schema_version\": 1, ");
  ASSERT_FALSE(decoded);
  EXPECT_NE(decoded.error().message().find("not valid JSON at byte"), std::string::npos);
  EXPECT_FALSE(DecodePolicyText(""));
  EXPECT_FALSE(DecodePolicyText("[]"));
}

}  // namespace
}  // namespace hostwall::store
