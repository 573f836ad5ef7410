// The listening sockets of the caller's network namespace: TCP sockets in LISTEN and bound UDP
// sockets, IPv4 and IPv6, from sock_diag (with their marks, which needs CAP_NET_ADMIN), and the
// processes holding each one, from /proc/*/fd.
#pragma once

#include <vector>

#include "core/error.h"
#include "model/listening_socket.h"

namespace hostwall::kernel {

// Errors: kIo when sock_diag cannot be queried.
Result<std::vector<model::ListeningSocket>> ListListeningSockets();

}  // namespace hostwall::kernel
