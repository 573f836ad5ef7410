// Lab: the namespaces of tests/lab/lab.sh for one test (prefix "hw-l-<pid>-<n>"), with the
// probes that send real packets between them. Removed when the object goes.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

#include "support/process.h"

namespace hostwall::testing_support {

class Lab {
 public:
  Lab();
  ~Lab();
  Lab(const Lab&) = delete;
  Lab& operator=(const Lab&) = delete;

  // The namespace of a role: "host", "lan", "router" or "far".
  std::string Namespace(const std::string& role) const { return prefix_ + "-" + role; }
  CommandResult Exec(const std::string& role, std::vector<std::string> argv) const;

  // A server answering on TCP and UDP `port` in `role`, for the lifetime of the lab.
  void Serve(const std::string& role, int port);

  // True when `role` gets an answer from `address`: a TCP connection, a UDP reply, or an
  // echo reply. A dropped packet times out after a fraction of a second.
  bool Tcp(const std::string& role, const std::string& address, int port) const;
  bool Udp(const std::string& role, const std::string& address, int port) const;
  bool Ping(const std::string& role, const std::string& address) const;

 private:
  std::string prefix_;
  std::vector<pid_t> servers_;
};

}  // namespace hostwall::testing_support
