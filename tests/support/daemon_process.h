// DaemonProcess: a real hostwalld for one test, in the test's own network namespace, with its
// own state directory, socket and log directory under a TempDir.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

#include "support/process.h"
#include "support/temp_dir.h"

namespace hostwall::testing_support {

class DaemonProcess {
 public:
  DaemonProcess(const TempDir& dir, std::string netns, std::vector<std::string> extra_flags = {});
  ~DaemonProcess();
  DaemonProcess(const DaemonProcess&) = delete;
  DaemonProcess& operator=(const DaemonProcess&) = delete;

  // Starts the daemon and waits until its socket accepts connections. Returns false if it did
  // not come up within 10 s.
  bool Start();
  // SIGKILL, as a crash would.
  void Kill();
  // SIGTERM, then waits for the exit.
  void Stop();

  std::string socket() const { return socket_; }
  std::string state_dir() const { return state_dir_; }
  std::string log_dir() const { return log_dir_; }
  pid_t pid() const { return pid_; }

  // Runs `hostwall <args>` against this daemon; as uid nobody when `as_nobody`, with
  // `extra_groups` (setpriv --groups syntax) when given.
  CommandResult Cli(const std::vector<std::string>& args, bool as_nobody = false,
                    const std::string& extra_groups = "", const std::string& input = "") const;

 private:
  std::string netns_;
  std::string socket_;
  std::string state_dir_;
  std::string log_dir_;
  std::vector<std::string> extra_flags_;
  pid_t pid_ = -1;
};

}  // namespace hostwall::testing_support
