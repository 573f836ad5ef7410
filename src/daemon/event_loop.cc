#include "daemon/event_loop.h"

#include <cerrno>

namespace hostwall::daemon {

Result<EventLoop> EventLoop::Create() {
  UniqueFd epoll(::epoll_create1(EPOLL_CLOEXEC));
  if (!epoll.valid()) return Fail(SystemError("epoll_create1", errno));
  return EventLoop(std::move(epoll));
}

Result<void> EventLoop::Add(int fd, uint32_t events, Callback callback) {
  epoll_event event{.events = events, .data = {.fd = fd}};
  if (::epoll_ctl(epoll_.get(), EPOLL_CTL_ADD, fd, &event) != 0) {
    return Fail(SystemError("epoll_ctl add", errno));
  }
  callbacks_[fd] = std::make_shared<Callback>(std::move(callback));
  return Ok();
}

Result<void> EventLoop::Modify(int fd, uint32_t events) {
  epoll_event event{.events = events, .data = {.fd = fd}};
  if (::epoll_ctl(epoll_.get(), EPOLL_CTL_MOD, fd, &event) != 0) {
    return Fail(SystemError("epoll_ctl mod", errno));
  }
  return Ok();
}

void EventLoop::Remove(int fd) {
  ::epoll_ctl(epoll_.get(), EPOLL_CTL_DEL, fd, nullptr);
  callbacks_.erase(fd);
}

Result<void> EventLoop::Run() {
  running_ = true;
  auto next_tick = std::chrono::steady_clock::now();
  epoll_event events[64];
  while (running_) {
    const int n = ::epoll_wait(epoll_.get(), events, 64, 200);
    if (n < 0 && errno != EINTR) return Fail(SystemError("epoll_wait", errno));
    for (int i = 0; i < n && running_; ++i) {
      auto it = callbacks_.find(events[i].data.fd);
      if (it == callbacks_.end()) continue;
      std::shared_ptr<Callback> callback = it->second;
      (*callback)(events[i].events);
    }
    const auto now = std::chrono::steady_clock::now();
    if (tick_ && now >= next_tick) {
      tick_();
      next_tick = now + std::chrono::milliseconds(200);
    }
  }
  return Ok();
}

}  // namespace hostwall::daemon
