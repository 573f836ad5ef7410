// EventLoop: hostwalld's single thread. It waits on file descriptors with epoll and calls the
// callback registered for each ready one; a tick callback runs about every 200 ms, for
// timeouts. Everything the daemon owns is touched from this thread only.
#pragma once

#include <sys/epoll.h>

#include <chrono>
#include <functional>
#include <memory>
#include <unordered_map>

#include "core/error.h"
#include "core/unique_fd.h"

namespace hostwall::daemon {

class EventLoop {
 public:
  using Callback = std::function<void(uint32_t events)>;

  static Result<EventLoop> Create();

  Result<void> Add(int fd, uint32_t events, Callback callback);
  Result<void> Modify(int fd, uint32_t events);
  void Remove(int fd);
  void SetTick(std::function<void()> tick) { tick_ = std::move(tick); }

  // Runs until Stop() is called. Errors: kIo when epoll itself fails.
  Result<void> Run();
  void Stop() { running_ = false; }

 private:
  explicit EventLoop(UniqueFd epoll) : epoll_(std::move(epoll)) {}

  UniqueFd epoll_;
  // Callbacks are held by shared_ptr so that one may remove itself while it runs.
  std::unordered_map<int, std::shared_ptr<Callback>> callbacks_;
  std::function<void()> tick_;
  bool running_ = false;
};

}  // namespace hostwall::daemon
