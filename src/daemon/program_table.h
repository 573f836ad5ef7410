// ProgramTable: the allowed programs as the kernel knows them. It resolves each listed path to
// its executable, gives each executable a stable program id (its socket stamp), keeps the BPF
// map of allowed executables equal to the list, stamps the sockets of programs already running
// when they are added, and follows TCP listeners from the listen events (for the TIME_WAIT
// fallback of the ruleset). Its output is two host facts: program_ids and program_listeners.
// Not thread-safe: the daemon's event loop owns it.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "kernel/program_stamp.h"
#include "model/host_facts.h"

namespace hostwall::daemon {

class ProgramTable {
 public:
  explicit ProgramTable(kernel::ProgramStamp& stamp) : stamp_(stamp) {}

  // Makes `paths` (every program listed in any profile) the allowed executables; returns the
  // program id of each path that names an executable here. Windows paths and missing files get
  // none. Problems (a full BPF map) are added to `problems`.
  std::map<std::string, uint16_t> Resolve(const std::vector<std::string>& paths,
                                          std::vector<std::string>& problems);

  // Follows a listen event; true when program_listeners() changed.
  bool OnListenEvent(const kernel::ListenEvent& event);
  std::map<uint16_t, std::set<uint16_t>> program_listeners() const;

  // The id of an allowed executable, when `executable` is one.
  std::optional<uint16_t> IdOf(const model::ExecutableId& executable) const;
  // What the process behind `pidfd` (pid `pid`) executed: the exec hook's record, else
  // /proc/PID/exe for processes that started before hostwalld.
  std::optional<model::ExecutableId> Identify(int pidfd, int pid) const;

 private:
  kernel::ProgramStamp& stamp_;
  std::map<model::ExecutableId, uint16_t> ids_;
  uint16_t next_id_ = 1;
  // TCP listening ports → the executables listening there.
  std::map<uint16_t, std::multiset<model::ExecutableId>> tcp_listeners_;
};

}  // namespace hostwall::daemon
