// NetworkWatcher: tells the daemon when links, addresses or routes of its network namespace
// change (rtnetlink multicast groups), so that LocalSubnet and the connection list follow.
// Runs on the daemon's EventLoop; not thread-safe.
#pragma once

#include <functional>
#include <memory>

#include "core/error.h"
#include "core/unique_fd.h"
#include "daemon/event_loop.h"

namespace hostwall::daemon {

class NetworkWatcher {
 public:
  // Errors: kIo when the netlink socket cannot be opened.
  static Result<std::unique_ptr<NetworkWatcher>> Start(EventLoop& loop,
                                                       std::function<void()> on_change);
  ~NetworkWatcher();

 private:
  NetworkWatcher(UniqueFd fd, EventLoop& loop, std::function<void()> on_change)
      : fd_(std::move(fd)), loop_(loop), on_change_(std::move(on_change)) {}
  void Drain();

  UniqueFd fd_;
  EventLoop& loop_;
  std::function<void()> on_change_;
};

}  // namespace hostwall::daemon
