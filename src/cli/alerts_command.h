// `hostwall alerts`: waits for Security Alerts and asks the question of spec §7.3 in the
// terminal: Keep Blocking, Unblock or Ask Me Later. A user who may not change settings sees the
// alert for information, and may only keep the program blocked. With --notify, each alert also
// goes to the desktop through the freedesktop notification interface (gdbus) when a session bus
// exists.
#pragma once

#include <string>

namespace hostwall::cli {

struct AlertsOptions {
  std::string answer;  // unblock, keep_blocking, ask_later: answer every alert so, unasked
  int count = 0;       // stop after this many alerts; 0: never
  bool notify = false;
};

int RunAlerts(const std::string& socket, const AlertsOptions& options);

}  // namespace hostwall::cli
