// SecurityAlerts: the Security Alerts waiting for an answer (spec §7.2-7.4). One alert per
// program: a program that opens more ports while its alert waits adds them to that alert.
// Answering (or Ask Me Later) takes the alert away; the daemon stores what the answer means.
// Pure bookkeeping: the daemon decides when to raise one and what to publish.
#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "model/host_facts.h"

namespace hostwall::daemon {

struct SecurityAlert {
  uint64_t id = 0;
  model::ExecutableId executable;
  std::string path;  // the program's executable
  std::string name;  // its file name: the name of the exception Unblock creates
  uint32_t pid = 0;
  uint32_t uid = 0;
  std::string user;
  std::string profile;
  std::vector<std::pair<uint8_t, uint16_t>> ports;  // protocol (6, 17), port
};

nlohmann::json ToJson(const SecurityAlert& alert);

class SecurityAlerts {
 public:
  // Raises an alert for `alert.executable` listening on `port`, or adds the port to the one
  // that waits. Returns the alert to publish; nullptr when nothing is new.
  const SecurityAlert* Raise(SecurityAlert alert, uint8_t protocol, uint16_t port);
  // The alert `id`, while it waits; nullptr otherwise.
  const SecurityAlert* Find(uint64_t id) const;
  // Takes the alert `id` away; nullopt when no such alert waits.
  std::optional<SecurityAlert> Take(uint64_t id);
  // Alerts whose program now has an entry are answered: taken away.
  void DropExecutable(const model::ExecutableId& executable);

  std::vector<SecurityAlert> pending() const;

 private:
  uint64_t next_id_ = 1;
  std::map<uint64_t, SecurityAlert> alerts_;
};

}  // namespace hostwall::daemon
