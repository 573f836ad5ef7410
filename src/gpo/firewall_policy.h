// The Windows Firewall policy of XP SP2 (spec §6.2-6.3), read from a RegistryView into the
// overlay that policy/effective.h merges with the local settings.
//
// Read for DomainProfile and StandardProfile under SOFTWARE\Policies\Microsoft\WindowsFirewall:
// EnableFirewall, DoNotAllowExceptions, DisableNotifications,
// DisableUnicastResponsesToMulticastBroadcast; AuthorizedApplications and GloballyOpenPorts
// (Enabled, AllowUserPrefMerge, List); Services\{FileAndPrint,RemoteDesktop,UPnPFramework} and
// RemoteAdminSettings (Enabled, RemoteAddresses); IcmpSettings; Logging. List entries are
// "path:scope:status:name" and "port:transport:scope:status:name"; as on Windows, a malformed
// entry is skipped with a warning, not refused. Values of later Windows versions (the Private
// and Public profiles, FirewallRules, ...) are listed as not applicable.
// Pure: no I/O, no globals, deterministic.
#pragma once

#include <array>
#include <map>
#include <string>
#include <vector>

#include "gpo/registry_view.h"
#include "policy/effective.h"

namespace hostwall::gpo {

struct FirewallPolicy {
  policy::GroupPolicyOverlay overlay;
  // Per profile: the file that set each XP value, by lowercased "subkey\\value" relative to
  // the profile's key ("\\enablefirewall", "\\services\\fileandprint\\enabled").
  std::array<std::map<std::string, std::string>, 2> sources;
  std::vector<std::string> warnings;        // malformed entries, with what was wrong
  std::vector<std::string> not_applicable;  // "key\value" of values XP SP2 does not have
  bool any = false;                         // some XP SP2 firewall value is configured
};

FirewallPolicy ReadFirewallPolicy(const RegistryView& view);

// One list entry. Errors (kInvalidArgument) say what is malformed.
Result<model::AllowedProgram> ParseProgramEntry(std::string_view text);
Result<model::PortOpening> ParsePortEntry(std::string_view text);

// "@xpsp2res.dll,-22019" → "Remote Assistance" for the names XP SP2 ships; others unchanged.
std::string ResolveName(std::string_view name);

}  // namespace hostwall::gpo
