// Builds the Report of a netsh `show` command from the effective settings (spec §1.4-1.6).
//
// Layout choices where the spec is UNCONFIRMED (docs/netsh.md lists them): every ICMP type is
// listed with its mode; `show portopening` lists the user's entries, then the ports of the
// listed services; `show config` lists services in their own section and only the user's ports
// in the port section; connections are listed by their Linux interface names; a setting Group
// Policy controls is marked " (Group Policy)" after its value or name.
// Pure: no I/O, no globals, deterministic.
#pragma once

#include <array>
#include <string>
#include <vector>

#include "model/host_facts.h"
#include "model/listening_socket.h"
#include "netsh/command.h"
#include "netsh/report.h"
#include "policy/effective.h"

namespace hostwall::netsh {

// Everything a show command may display.
struct ShowContext {
  std::array<policy::EffectiveProfile, 2> profiles;  // indexed by model::Profile
  model::HostFacts facts;
  std::string default_log_path;  // shown when the logging file is not set
  // Group Policy; settings it controls are shown with " (Group Policy)" after their value.
  policy::GroupPolicyOverlay overlay;
  std::vector<std::string> warnings;  // problems the daemon must not let go unnoticed
  // The sockets listening now (show state only): those of allowed programs are open ports.
  std::vector<model::ListeningSocket> listening;

  const policy::EffectiveProfile& profile(model::Profile p) const {
    return profiles[static_cast<size_t>(p)];
  }
};

Report BuildShowReport(const NetshCommand& command, const ShowContext& context);

}  // namespace hostwall::netsh
