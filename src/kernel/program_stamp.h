// ProgramStamp: the BPF half of program exceptions (src/bpf/program_stamp.bpf.c,
// docs/program-exceptions.md), loaded for the caller's network namespace and attached to the
// root of the cgroup2 hierarchy, so that it sees every process. Thin: it loads, attaches, keeps
// the map of allowed executables and reads the listen events; what they mean is decided in the
// daemon. Detached when destroyed: the stamps already on sockets stay, and the nftables table
// keeps deciding on them.
// Not thread-safe: the daemon's event loop owns it.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "core/error.h"
#include "model/host_facts.h"

namespace hostwall::kernel {

struct ListenEvent {
  bool listening = true;  // false: a TCP listener closed
  uint8_t protocol = 0;   // 6 or 17
  bool ipv6 = false;
  uint16_t port = 0;
  uint32_t pid = 0;
  uint32_t uid = 0;
  uint32_t mark = 0;  // TCP: the socket's mark
  model::ExecutableId executable;
};

class ProgramStamp {
 public:
  // Errors: kKernel (BPF unsupported or not permitted), kIo (no cgroup2 hierarchy).
  static Result<std::unique_ptr<ProgramStamp>> Load();
  ~ProgramStamp();

  // Sockets that tasks of `executable` create from now on carry `stamp`. Errors: kKernel.
  Result<void> Allow(const model::ExecutableId& executable, uint32_t stamp);
  Result<void> Forget(const model::ExecutableId& executable);

  // What the process behind `pidfd` executed, as the exec hook saw it; nullopt for a process
  // that was running before the programs were loaded.
  std::optional<model::ExecutableId> ExecutedBy(int pidfd) const;

  // The ring buffer of listen events: readable when events wait.
  int events_fd() const;
  // Hands every waiting event to `on_event`.
  void ReadEvents(const std::function<void(const ListenEvent&)>& on_event);

  uint64_t netns_cookie() const { return netns_cookie_; }

 private:
  struct Impl;
  explicit ProgramStamp(std::unique_ptr<Impl> impl, uint64_t netns_cookie);

  std::unique_ptr<Impl> impl_;
  uint64_t netns_cookie_;
};

// The network namespace cookie of the calling thread. Errors: kIo.
Result<uint64_t> CurrentNetnsCookie();

}  // namespace hostwall::kernel
