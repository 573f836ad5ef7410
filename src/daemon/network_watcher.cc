#include "daemon/network_watcher.h"

#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <sys/socket.h>

#include <cerrno>

namespace hostwall::daemon {

Result<std::unique_ptr<NetworkWatcher>> NetworkWatcher::Start(EventLoop& loop,
                                                              std::function<void()> on_change) {
  UniqueFd fd(::socket(AF_NETLINK, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, NETLINK_ROUTE));
  if (!fd.valid()) return Fail(SystemError("netlink socket", errno));
  sockaddr_nl address{.nl_family = AF_NETLINK,
                      .nl_groups = RTMGRP_LINK | RTMGRP_IPV4_IFADDR | RTMGRP_IPV4_ROUTE |
                                   RTMGRP_IPV6_IFADDR | RTMGRP_IPV6_ROUTE};
  if (::bind(fd.get(), reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0) {
    return Fail(SystemError("bind rtnetlink groups", errno));
  }
  const int raw = fd.get();
  std::unique_ptr<NetworkWatcher> watcher(
      new NetworkWatcher(std::move(fd), loop, std::move(on_change)));
  NetworkWatcher* self = watcher.get();
  HW_TRY(loop.Add(raw, EPOLLIN, [self](uint32_t) { self->Drain(); }));
  return watcher;
}

NetworkWatcher::~NetworkWatcher() { loop_.Remove(fd_.get()); }

void NetworkWatcher::Drain() {
  // The messages only say that something changed; the facts are read afresh, once per burst.
  char buffer[16384];
  while (::recv(fd_.get(), buffer, sizeof(buffer), MSG_DONTWAIT) > 0 || errno == ENOBUFS) {
  }
  on_change_();
}

}  // namespace hostwall::daemon
