#include "kernel/socket_table.h"

#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/sock_diag.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstring>
#include <map>
#include <string>

#include "core/unique_fd.h"
#include "kernel/process_sockets.h"

namespace hostwall::kernel {
namespace {

constexpr uint32_t kTcpListen = 10;  // TCP_LISTEN
constexpr uint32_t kUdpClose = 7;    // an unconnected UDP socket is in TCP_CLOSE

struct DumpedSocket {
  model::ListeningSocket socket;
  uint32_t inode = 0;
};

Result<void> Dump(int fd, uint8_t family, uint8_t protocol, std::vector<DumpedSocket>& out) {
  struct {
    nlmsghdr header;
    inet_diag_req_v2 request;
  } message{};
  message.header.nlmsg_len = sizeof(message);
  message.header.nlmsg_type = SOCK_DIAG_BY_FAMILY;
  message.header.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
  message.request.sdiag_family = family;
  message.request.sdiag_protocol = protocol;
  message.request.idiag_states = 1u << (protocol == IPPROTO_TCP ? kTcpListen : kUdpClose);
  if (::send(fd, &message, sizeof(message), 0) < 0) {
    return Fail(SystemError("sock_diag request", errno));
  }
  alignas(nlmsghdr) char buffer[1 << 16];
  while (true) {
    const ssize_t n = ::recv(fd, buffer, sizeof(buffer), 0);
    if (n < 0) {
      if (errno == EINTR) continue;
      return Fail(SystemError("sock_diag reply", errno));
    }
    int length = static_cast<int>(n);
    for (auto* header = reinterpret_cast<nlmsghdr*>(buffer); NLMSG_OK(header, length);
         header = NLMSG_NEXT(header, length)) {
      if (header->nlmsg_type == NLMSG_DONE) return Ok();
      if (header->nlmsg_type == NLMSG_ERROR) return Fail(ErrorCode::kIo, "sock_diag refused");
      const auto* diag = static_cast<const inet_diag_msg*>(NLMSG_DATA(header));
      if (protocol == IPPROTO_UDP && diag->id.idiag_sport == 0) continue;  // not bound
      DumpedSocket dumped;
      model::ListeningSocket& s = dumped.socket;
      s.protocol = protocol == IPPROTO_TCP ? model::Protocol::kTcp : model::Protocol::kUdp;
      s.port = ntohs(diag->id.idiag_sport);
      s.address.family = family == AF_INET6 ? IpFamily::kV6 : IpFamily::kV4;
      s.address.prefix_length = family == AF_INET6 ? 128 : 32;
      std::memcpy(s.address.address.data(), diag->id.idiag_src, family == AF_INET6 ? 16 : 4);
      dumped.inode = diag->idiag_inode;
      // Attributes after the message: the mark, when we may see it.
      int attributes = static_cast<int>(header->nlmsg_len - NLMSG_LENGTH(sizeof(*diag)));
      for (auto* rta = reinterpret_cast<rtattr*>(const_cast<inet_diag_msg*>(diag) + 1);
           RTA_OK(rta, attributes); rta = RTA_NEXT(rta, attributes)) {
        if (rta->rta_type == INET_DIAG_MARK) std::memcpy(&s.mark, RTA_DATA(rta), sizeof(s.mark));
      }
      out.push_back(std::move(dumped));
    }
  }
}

// socket inode → the processes holding it.
std::map<uint64_t, std::vector<model::SocketOwner>> SocketOwners() {
  std::map<uint64_t, std::vector<model::SocketOwner>> owners;
  ForEachProcess([&](int pid) {
    char exe[PATH_MAX] = {};
    const std::string link = "/proc/" + std::to_string(pid) + "/exe";
    const bool named = ::readlink(link.c_str(), exe, sizeof(exe) - 1) > 0;
    ForEachSocketOf(pid, [&](int, uint64_t inode) {
      auto& list = owners[inode];
      const model::SocketOwner owner{.pid = static_cast<uint32_t>(pid),
                                     .program = named ? exe : ""};
      if (list.empty() || !(list.back() == owner)) list.push_back(owner);
    });
  });
  return owners;
}

}  // namespace

Result<std::vector<model::ListeningSocket>> ListListeningSockets() {
  UniqueFd fd(::socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_SOCK_DIAG));
  if (!fd.valid()) return Fail(SystemError("sock_diag socket", errno));
  std::vector<DumpedSocket> dumped;
  for (uint8_t protocol : {IPPROTO_TCP, IPPROTO_UDP}) {
    for (uint8_t family : {AF_INET, AF_INET6}) HW_TRY(Dump(fd.get(), family, protocol, dumped));
  }
  const auto owners = SocketOwners();
  std::vector<model::ListeningSocket> sockets;
  for (DumpedSocket& d : dumped) {
    if (auto it = owners.find(d.inode); it != owners.end()) d.socket.owners = it->second;
    sockets.push_back(std::move(d.socket));
  }
  return sockets;
}

}  // namespace hostwall::kernel
