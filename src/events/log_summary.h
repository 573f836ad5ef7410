// The troubleshooting flow of KB875357 over a pfirewall.log: what was dropped, from where, and
// the netsh command that would let the most dropped inbound traffic in.
// Pure: no I/O.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "events/pfirewall_log.h"

namespace hostwall::events {

struct Tally {
  std::string key;  // "TCP 445", "10.61.1.2", "UDP"
  uint64_t count = 0;
  bool operator==(const Tally&) const = default;
};

struct DroppedPort {
  uint8_t protocol = 0;  // 6 or 17
  uint16_t port = 0;
  uint64_t count = 0;
  std::vector<IpNetwork> sources;  // distinct, in order of first drop
};

struct LogSummary {
  std::string first;  // "YYYY-MM-DD HH:MM:SS" of the first entry counted; empty when none
  std::string last;
  uint64_t entries = 0;
  uint64_t drops = 0;
  uint64_t opens = 0;  // OPEN and OPEN-INBOUND
  uint64_t closes = 0;
  uint64_t events_lost = 0;      // the sum of INFO-EVENTS-LOST counts
  std::vector<Tally> top_ports;  // dropped inbound, "TCP 445"
  std::vector<Tally> top_sources;
  std::vector<Tally> top_protocols;
  // Dropped inbound TCP/UDP to a unicast address, most dropped first: what an exception for a
  // program or port could be missing.
  std::vector<DroppedPort> dropped_ports;
  uint64_t dropped_echo_requests = 0;
};

// Summarizes the entries at or after `since` ("YYYY-MM-DD HH:MM:SS"; empty: all), keeping the
// `top` most frequent of each tally.
LogSummary Summarize(const std::vector<LogEntry>& entries, const std::string& since, size_t top);

struct Suggestion {
  std::string reason;   // "12 packet(s) to TCP port 9999 dropped, from 1 source(s)"
  std::string command;  // "netsh firewall add portopening ..."
};

// One netsh command for each of the `top` most dropped inbound ports (scope CUSTOM with the
// sources when they are few, else ALL), and the ICMP setting when echo requests were dropped.
std::vector<Suggestion> SuggestCommands(const LogSummary& summary, size_t top);

}  // namespace hostwall::events
