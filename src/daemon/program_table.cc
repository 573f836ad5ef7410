#include "daemon/program_table.h"

#include "bpf/program_stamp.h"
#include "kernel/socket_stamper.h"
#include "ruleset/ruleset.h"

namespace hostwall::daemon {

std::map<std::string, uint16_t> ProgramTable::Resolve(const std::vector<std::string>& paths,
                                                      std::vector<std::string>& problems) {
  std::map<model::ExecutableId, uint16_t> next;
  std::map<std::string, uint16_t> by_path;
  std::set<uint16_t> used;
  for (const auto& [executable, id] : ids_) used.insert(id);
  std::map<model::ExecutableId, uint32_t> added;
  for (const std::string& path : paths) {
    if (path.empty() || path.front() != '/') continue;  // a Windows path: nothing to run here
    const std::optional<model::ExecutableId> executable = kernel::IdentifyExecutable(path);
    if (!executable) continue;
    auto known = next.find(*executable);
    if (known == next.end()) {
      uint16_t id = 0;
      if (auto kept = ids_.find(*executable); kept != ids_.end()) {
        id = kept->second;
      } else {
        if (used.size() >= HW_MAX_PROGRAMS) {
          problems.push_back("more than " + std::to_string(HW_MAX_PROGRAMS) +
                             " allowed programs; " + path + " is not enforced");
          continue;
        }
        // Ids go round rather than back to the lowest free one: a socket keeps the stamp of a
        // program removed long ago, which must not become another program's.
        while (used.count(next_id_) != 0) next_id_ = next_id_ % HW_MAX_PROGRAMS + 1;
        id = next_id_;
        next_id_ = next_id_ % HW_MAX_PROGRAMS + 1;
        used.insert(id);
        if (auto allowed = stamp_.Allow(*executable, model::StampOf(id)); !allowed) {
          problems.push_back(allowed.error().message());
          continue;
        }
        added[*executable] = model::StampOf(id);
      }
      known = next.emplace(*executable, id).first;
    }
    by_path[path] = known->second;
  }
  for (const auto& [executable, id] : ids_) {
    if (next.count(executable) == 0) (void)stamp_.Forget(executable);
  }
  ids_ = std::move(next);
  // Programs that already run hold sockets made before they were allowed.
  kernel::StampRunningSockets(added, stamp_.netns_cookie(),
                              [this](int pidfd, int pid) { return Identify(pidfd, pid); });
  return by_path;
}

std::optional<model::ExecutableId> ProgramTable::Identify(int pidfd, int pid) const {
  if (auto executed = stamp_.ExecutedBy(pidfd)) return executed;
  return kernel::IdentifyExecutable("/proc/" + std::to_string(pid) + "/exe");
}

std::optional<uint16_t> ProgramTable::IdOf(const model::ExecutableId& executable) const {
  for (const auto& [listed, id] : ids_) {
    if (kernel::SameExecutable(executable, listed)) return id;
  }
  return std::nullopt;
}

bool ProgramTable::OnListenEvent(const kernel::ListenEvent& event) {
  if (event.protocol != 6) return false;
  const auto before = program_listeners();
  if (event.listening) {
    tcp_listeners_[event.port].insert(event.executable);
  } else if (auto port = tcp_listeners_.find(event.port); port != tcp_listeners_.end()) {
    // The task that closes a listener is not always the one that opened it.
    auto it = port->second.find(event.executable);
    port->second.erase(it != port->second.end() ? it : port->second.begin());
    if (port->second.empty()) tcp_listeners_.erase(port);
  }
  return program_listeners() != before;
}

std::map<uint16_t, std::set<uint16_t>> ProgramTable::program_listeners() const {
  std::map<uint16_t, std::set<uint16_t>> listeners;
  for (const auto& [port, executables] : tcp_listeners_) {
    for (const model::ExecutableId& executable : executables) {
      if (auto id = IdOf(executable)) listeners[port].insert(*id);
    }
  }
  return listeners;
}

}  // namespace hostwall::daemon
