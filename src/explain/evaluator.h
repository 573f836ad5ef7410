// The explain evaluator: which verdict the ruleset gives a new inbound flow, and the setting
// responsible, computed from the same effective settings the ruleset compiler reads. It follows
// the order of the input chain (ruleset/ruleset.h): firewall off, unprotected connection, port
// exceptions and services, the connection's ports, ICMP settings, then the silent drop.
// Established traffic, and replies in the unicast-response window, are not new flows and are
// not explained.
// Pure: no I/O, no globals, deterministic.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/ip_network.h"
#include "model/host_facts.h"
#include "policy/effective.h"

namespace hostwall::explain {

struct Flow {
  enum class Kind : uint8_t { kTcp, kUdp, kIcmp };
  Kind kind = Kind::kTcp;
  IpNetwork source;       // a host address; its family picks ICMP or ICMPv6
  uint16_t port = 0;      // TCP/UDP destination port
  uint8_t icmp_type = 0;  // the wire type, ICMP or ICMPv6 as the source's family says
  std::string interface;  // where the flow comes in
};

struct Verdict {
  bool allowed = false;
  std::string reason;  // "allowed by port opening 445/TCP 'File Sharing', scope LocalSubNet, ..."
};

Verdict Explain(const policy::EffectiveProfile& effective, const model::HostFacts& facts,
                const Flow& flow);

// True when `source` is local subnet under `facts` (spec §8.1).
bool IsLocalSubnet(const model::HostFacts& facts, const IpNetwork& source);

}  // namespace hostwall::explain
