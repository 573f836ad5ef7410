// A socket that waits for traffic from the network: a TCP listener or a bound UDP socket, with
// the processes that hold it (netstat -ano joined with tasklist, as KB875357 does it).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/ip_network.h"
#include "model/types.h"

namespace hostwall::model {

struct SocketOwner {
  uint32_t pid = 0;
  std::string program;  // the executable's path; empty when it could not be read
  bool operator==(const SocketOwner&) const = default;
};

struct ListeningSocket {
  Protocol protocol = Protocol::kTcp;
  IpNetwork address;  // local address; all zeros for any
  uint16_t port = 0;
  uint32_t mark = 0;
  std::vector<SocketOwner> owners;
  bool operator==(const ListeningSocket&) const = default;
};

}  // namespace hostwall::model
