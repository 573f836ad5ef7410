// Peer: who is on the other end of a control-socket connection, from the kernel's SO_PEERCRED
// and SO_PEERGROUPS (not from anything the client says), and what that allows.
// Root and members of the admin group (normally "hostwall") may change settings; anyone who can
// reach the socket may read them.
#pragma once

#include <sys/types.h>

#include <optional>
#include <vector>

#include "core/error.h"

namespace hostwall::daemon {

struct Peer {
  pid_t pid = 0;
  uid_t uid = 0;
  gid_t gid = 0;
  std::vector<gid_t> groups;  // supplementary groups at connect time
  bool may_change = false;
};

// Errors: kIo when the kernel does not report the credentials.
Result<Peer> IdentifyPeer(int fd, std::optional<gid_t> admin_group);

// The gid of group `name`, or nullopt when the group does not exist.
std::optional<gid_t> LookUpGroup(const char* name);

}  // namespace hostwall::daemon
