// ConnectionLog: turns conntrack events into the OPEN, OPEN-INBOUND and CLOSE lines of
// "Log successful connections" (spec §5.2).
//
// A connection is logged when its conntrack entry is created (NEW): OPEN when the host is the
// original source, OPEN-INBOUND when it is the original destination. Its CLOSE comes with the
// first event that shows it ending: a TCP state of FIN_WAIT, CLOSE_WAIT, LAST_ACK, TIME_WAIT or
// CLOSE (prompt), or else its DESTROY (for UDP, and whenever conntrack sees no FIN or RST; the
// kernel delivers it up to a GC interval late). Only TCP and UDP sessions are logged, as on XP;
// traffic between two local addresses is loopback, which the firewall does not filter, and is
// not logged.
// Pure: no I/O. Memory is bounded: at most `max_tracked` open connections are remembered; a
// connection opened beyond that is logged as OPEN and never as CLOSE.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <unordered_set>

#include "core/ip_network.h"
#include "events/pfirewall_log.h"

namespace hostwall::events {

// The fields of one conntrack event that the log needs, in the original direction.
struct ConnectionEvent {
  enum class Kind : uint8_t { kNew, kUpdate, kDestroy };
  // The kernel's TCP conntrack states (enum tcp_conntrack).
  enum class TcpState : uint8_t {
    kNone,
    kSynSent,
    kSynRecv,
    kEstablished,
    kFinWait,
    kCloseWait,
    kLastAck,
    kTimeWait,
    kClose,
    kSynSent2,
  };
  Kind kind = Kind::kNew;
  uint32_t id = 0;  // conntrack id
  uint8_t protocol = 0;
  IpNetwork source;
  IpNetwork destination;
  uint16_t source_port = 0;
  uint16_t destination_port = 0;
  std::optional<TcpState> tcp_state;
};

class ConnectionLog {
 public:
  using IsLocalAddress = std::function<bool(const IpNetwork&)>;

  ConnectionLog(IsLocalAddress is_local, size_t max_tracked)
      : is_local_(std::move(is_local)), max_tracked_(max_tracked) {}

  // The line this event adds to the log, if any.
  std::optional<LogRecord> OnEvent(const ConnectionEvent& event);

  size_t tracked() const { return open_.size(); }

 private:
  IsLocalAddress is_local_;
  size_t max_tracked_;
  std::unordered_set<uint32_t> open_;
};

}  // namespace hostwall::events
