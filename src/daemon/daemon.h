// Daemon: hostwalld put together. It takes the state directory lock, loads the store, serves
// the control socket and runs the event loop until SIGTERM or SIGINT.
#pragma once

#include <string>

#include "core/error.h"
#include "daemon/control_server.h"

namespace hostwall::daemon {

struct DaemonOptions {
  std::string state_dir = "/var/lib/hostwall";
  std::string socket_path = "/run/hostwall/hostwalld.sock";
  std::string log_dir = "/var/log/hostwall";
  std::string admin_group = "hostwall";
  // The Windows domain the computer is joined to; empty when it is not (Standard profile).
  std::string domain;
  std::string resolv_conf = "/etc/resolv.conf";
  // Group Policy files (*.pol), applied in name order; empty: none.
  std::string policy_dir;
  ServerLimits limits;
};

// Returns when the daemon is told to stop. Errors: what kept it from starting or running.
Result<void> RunDaemon(const DaemonOptions& options);

}  // namespace hostwall::daemon
