// DaemonLog: hostwalld's own log ("hostwalld.log" in the log directory, and stderr), one line
// per event: "2026-12-02 07:10:00 WARNING <text>". Not the pfirewall.log packet log.
// Not thread-safe: used from the event loop only.
#pragma once

#include <string>
#include <string_view>

#include "core/error.h"
#include "core/unique_fd.h"

namespace hostwall::daemon {

class DaemonLog {
 public:
  // Creates the log directory (0750) and appends to hostwalld.log in it. Errors: kIo.
  static Result<DaemonLog> Open(const std::string& log_dir);

  void Info(std::string_view text) { Write("INFO", text); }
  void Warning(std::string_view text) { Write("WARNING", text); }
  void Error(std::string_view text) { Write("ERROR", text); }

 private:
  explicit DaemonLog(UniqueFd fd) : fd_(std::move(fd)) {}
  void Write(std::string_view level, std::string_view text);

  UniqueFd fd_;
};

}  // namespace hostwall::daemon
