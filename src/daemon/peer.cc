#include "daemon/peer.h"

#include <grp.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>

namespace hostwall::daemon {

Result<Peer> IdentifyPeer(int fd, std::optional<gid_t> admin_group) {
  ucred credentials{};
  socklen_t length = sizeof(credentials);
  if (::getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &credentials, &length) != 0) {
    return Fail(SystemError("SO_PEERCRED", errno));
  }
  Peer peer{.pid = credentials.pid, .uid = credentials.uid, .gid = credentials.gid};
  std::vector<gid_t> groups(64);
  socklen_t groups_length = static_cast<socklen_t>(groups.size() * sizeof(gid_t));
  if (::getsockopt(fd, SOL_SOCKET, SO_PEERGROUPS, groups.data(), &groups_length) != 0) {
    if (errno != ERANGE) return Fail(SystemError("SO_PEERGROUPS", errno));
    groups.resize(groups_length / sizeof(gid_t));
    if (::getsockopt(fd, SOL_SOCKET, SO_PEERGROUPS, groups.data(), &groups_length) != 0) {
      return Fail(SystemError("SO_PEERGROUPS", errno));
    }
  }
  groups.resize(groups_length / sizeof(gid_t));
  peer.groups = std::move(groups);
  const bool in_admin_group =
      admin_group && (peer.gid == *admin_group || std::find(peer.groups.begin(), peer.groups.end(),
                                                            *admin_group) != peer.groups.end());
  peer.may_change = peer.uid == 0 || in_admin_group;
  return peer;
}

std::optional<gid_t> LookUpGroup(const char* name) {
  group entry{};
  group* found = nullptr;
  std::vector<char> buffer(16384);
  if (::getgrnam_r(name, &entry, buffer.data(), buffer.size(), &found) != 0 || found == nullptr) {
    return std::nullopt;
  }
  return found->gr_gid;
}

}  // namespace hostwall::daemon
