// ConntrackSource: conntrack's NEW, UPDATE and DESTROY events for the caller's network
// namespace, reduced to events::ConnectionEvent. While one is open the kernel builds an event
// for each change of each connection; the daemon opens one only while connections are logged.
// Not thread-safe: one receive thread owns it.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>

#include "core/error.h"
#include "events/connection_log.h"

struct nfct_handle;

namespace hostwall::kernel {

class ConntrackSource {
 public:
  // Errors: kKernel.
  static Result<std::unique_ptr<ConntrackSource>> Open();
  ~ConntrackSource();

  int fd() const;
  // Reads every event queued on the socket without blocking. A full socket buffer (ENOBUFS:
  // the kernel dropped events, how many it does not say) is counted. Errors: kIo.
  Result<void> Drain(const std::function<void(const events::ConnectionEvent&)>& on_event);
  uint64_t overruns() const { return overruns_; }

 private:
  ConntrackSource() = default;

  nfct_handle* handle_ = nullptr;
  const std::function<void(const events::ConnectionEvent&)>* on_event_ = nullptr;
  uint64_t overruns_ = 0;
};

}  // namespace hostwall::kernel
