#include "kernel/conntrack_source.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstring>

extern "C" {
#include <libnetfilter_conntrack/libnetfilter_conntrack.h>
#include <libnetfilter_conntrack/libnetfilter_conntrack_tcp.h>
}

namespace hostwall::kernel {
namespace {

using events::ConnectionEvent;

constexpr int kReceiveBuffer = 8 << 20;

IpNetwork Address(const nf_conntrack* ct, bool v6, nf_conntrack_attr v4_attr,
                  nf_conntrack_attr v6_attr) {
  IpNetwork address{.family = v6 ? IpFamily::kV6 : IpFamily::kV4,
                    .prefix_length = static_cast<uint8_t>(v6 ? 128 : 32)};
  std::memcpy(address.address.data(), nfct_get_attr(ct, v6 ? v6_attr : v4_attr), v6 ? 16 : 4);
  return address;
}

ConnectionEvent Decode(nf_conntrack_msg_type type, const nf_conntrack* ct) {
  ConnectionEvent event;
  event.kind = type == NFCT_T_NEW       ? ConnectionEvent::Kind::kNew
               : type == NFCT_T_DESTROY ? ConnectionEvent::Kind::kDestroy
                                        : ConnectionEvent::Kind::kUpdate;
  event.id = nfct_get_attr_u32(ct, ATTR_ID);
  event.protocol = nfct_get_attr_u8(ct, ATTR_ORIG_L4PROTO);
  const bool v6 = nfct_get_attr_u8(ct, ATTR_ORIG_L3PROTO) == AF_INET6;
  event.source = Address(ct, v6, ATTR_ORIG_IPV4_SRC, ATTR_ORIG_IPV6_SRC);
  event.destination = Address(ct, v6, ATTR_ORIG_IPV4_DST, ATTR_ORIG_IPV6_DST);
  if (nfct_attr_is_set(ct, ATTR_ORIG_PORT_SRC) > 0) {
    event.source_port = ntohs(nfct_get_attr_u16(ct, ATTR_ORIG_PORT_SRC));
    event.destination_port = ntohs(nfct_get_attr_u16(ct, ATTR_ORIG_PORT_DST));
  }
  if (nfct_attr_is_set(ct, ATTR_TCP_STATE) > 0) {
    event.tcp_state = static_cast<ConnectionEvent::TcpState>(nfct_get_attr_u8(ct, ATTR_TCP_STATE));
  }
  return event;
}

}  // namespace

Result<std::unique_ptr<ConntrackSource>> ConntrackSource::Open() {
  std::unique_ptr<ConntrackSource> source(new ConntrackSource());
  source->handle_ = nfct_open(CONNTRACK, NF_NETLINK_CONNTRACK_NEW | NF_NETLINK_CONNTRACK_UPDATE |
                                             NF_NETLINK_CONNTRACK_DESTROY);
  if (source->handle_ == nullptr)
    return Fail(SystemError("subscribing to conntrack events", errno));
  const int fd = nfct_fd(source->handle_);
  if (::setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &kReceiveBuffer, sizeof(kReceiveBuffer)) != 0) {
    ::setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &kReceiveBuffer, sizeof(kReceiveBuffer));
  }
  ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
  nfct_callback_register(
      source->handle_, NFCT_T_ALL,
      [](nf_conntrack_msg_type type, nf_conntrack* ct, void* self) -> int {
        (*static_cast<ConntrackSource*>(self)->on_event_)(Decode(type, ct));
        return NFCT_CB_CONTINUE;
      },
      source.get());
  return source;
}

ConntrackSource::~ConntrackSource() {
  if (handle_ != nullptr) nfct_close(handle_);
}

int ConntrackSource::fd() const { return nfct_fd(handle_); }

Result<void> ConntrackSource::Drain(
    const std::function<void(const events::ConnectionEvent&)>& on_event) {
  on_event_ = &on_event;
  while (true) {
    if (nfct_catch(handle_) >= 0) continue;
    if (errno == EINTR) continue;
    if (errno == EAGAIN || errno == EWOULDBLOCK) return Ok();
    if (errno == ENOBUFS) {
      ++overruns_;
      continue;
    }
    return Fail(SystemError("receiving conntrack events", errno));
  }
}

}  // namespace hostwall::kernel
