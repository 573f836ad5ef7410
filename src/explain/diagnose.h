// The troubleshooting steps of KB875357, automated: each socket that waits for traffic, and
// whether the current profile lets the network reach it (and by which setting), with the netsh
// command that would open each one it does not. Scopes are not weighed: a socket open to some
// computers counts as covered. Pure: no I/O.
#pragma once

#include <string>
#include <vector>

#include "model/host_facts.h"
#include "model/listening_socket.h"
#include "policy/effective.h"

namespace hostwall::explain {

enum class Coverage {
  kLocalOnly,      // bound to a loopback address: the network cannot reach it
  kNotFiltered,    // the firewall is off
  kPortException,  // a port opening
  kService,        // a predefined service's port
  kProgram,        // stamped as an enabled allowed program
  kNotCovered,
};

struct SocketDiagnosis {
  model::ListeningSocket socket;
  Coverage coverage = Coverage::kNotCovered;
  std::string covered_by;  // the exception's or service's name
  std::string suggestion;  // for kNotCovered: the netsh command that would open it
};

struct Diagnosis {
  std::vector<std::string> warnings;  // the firewall is off, or allows no exceptions
  std::vector<SocketDiagnosis> sockets;
};

Diagnosis Diagnose(const policy::EffectiveProfile& current, const model::HostFacts& facts,
                   const std::vector<model::ListeningSocket>& sockets);

}  // namespace hostwall::explain
