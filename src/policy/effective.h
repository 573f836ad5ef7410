// The effective settings of a profile: the local settings with Group Policy laid on top
// (spec §6.4), plus the rules XP derives from the settings themselves (§2's TCP 445 echo rule,
// §8.2's table).
// Pure: no I/O, no globals, deterministic.
#pragma once

#include <array>
#include <optional>

#include "model/host_facts.h"
#include "model/policy.h"

namespace hostwall::policy {

// A Group Policy exception list ("Define program/port exceptions" and "Allow local ...
// exceptions").
template <typename Entry>
struct ListPolicy {
  std::optional<bool> defined;      // nullopt: Not Configured; true: Enabled; false: Disabled
  std::optional<bool> allow_local;  // AllowUserPrefMerge
  std::vector<Entry> entries;       // the policy's list, when defined is true

  bool operator==(const ListPolicy&) const = default;
};

// What Group Policy configures for one profile; nullopt is "Not Configured".
struct ProfilePolicy {
  std::optional<bool> firewall_enabled;
  std::optional<bool> exceptions_allowed;
  std::optional<bool> notifications_enabled;
  std::optional<bool> unicast_responses_to_multicast;
  ListPolicy<model::AllowedProgram> programs;
  ListPolicy<model::PortOpening> ports;
  std::array<std::optional<model::ServiceSetting>, model::kServiceCount> services;
  std::optional<model::IcmpSettings> icmp;
  std::optional<bool> log_dropped_packets;
  std::optional<bool> log_successful_connections;
  std::optional<std::string> log_file_path;
  std::optional<uint32_t> log_file_size_kb;

  bool operator==(const ProfilePolicy&) const = default;
};

struct GroupPolicyOverlay {
  std::array<ProfilePolicy, 2> profiles;

  const ProfilePolicy& profile(model::Profile p) const { return profiles[static_cast<size_t>(p)]; }
  bool Empty() const { return *this == GroupPolicyOverlay{}; }
  bool operator==(const GroupPolicyOverlay&) const = default;
};

struct EffectiveProfile {
  model::Profile profile = model::Profile::kStandard;
  model::ProfileSettings settings;
  model::LoggingSettings logging;
  std::vector<model::InterfaceSettings> interfaces;
};

// The settings that govern traffic while `profile` is current, by the merge rules of spec §6.4:
// a configured policy wins; a defined policy list replaces the local one unless local entries
// are allowed too; of several entries for one program or port, a disabled one wins and the
// scopes are united; a service disabled by policy also closes local port exceptions of its
// ports; "Don't allow exceptions" overrides every exception.
EffectiveProfile ComputeEffectiveProfile(const model::LocalPolicy& local,
                                         const GroupPolicyOverlay& overlay, model::Profile profile);

// True when an enabled service or port opening of the profile opens TCP 445; XP then admits
// inbound echo requests whatever the ICMP setting says (spec §2).
bool OpensTcp445(const model::ProfileSettings& settings);

// Whether the firewall protects a connection (spec §8.2): off when the profile is off; on in
// "Don't allow exceptions" mode whatever the connection says; otherwise the connection's flag.
// `connection` is nullptr for a connection with default settings.
bool ConnectionProtected(const model::ProfileSettings& settings,
                         const model::InterfaceSettings* connection);

// The enabled allowed program of `effective` whose stamp a socket's `mark` carries, if any
// (docs/program-exceptions.md).
const model::AllowedProgram* ProgramOfMark(const EffectiveProfile& effective,
                                           const model::HostFacts& facts, uint32_t mark);

}  // namespace hostwall::policy
