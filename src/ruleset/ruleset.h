// Ruleset: the nftables table that enforces one profile's effective settings on the host, and
// how to get it into the kernel in one transaction.
//
// Everything lives in one table, `inet hostwall`. The input chain drops unsolicited traffic
// silently (policy drop: no RST, no ICMP unreachable) and accepts established and related
// traffic first, so only the first packet of a flow looks further. The number of rules a packet
// meets does not grow with the number of exceptions: all port exceptions are one verdict map,
// keyed by protocol and port, whose verdict is `accept` (scope ALL), a jump to the LocalSubnet
// check, or a jump to one chain per distinct custom scope, which looks the source up in a set.
//
// With "Log dropped packets" on, every drop on the input path (the policy, invalid packets,
// ICMP a connection refuses) goes first to nfnetlink_log group kLogGroup with the prefix
// "RECEIVE", and every outbound ICMP the settings refuse with the prefix "SEND": the path field
// of its DROP line. Accepted and established traffic is never logged.
//
// The text holds only numbers, addresses we format, fixed words and kernel interface names that
// pass IsSafeInterfaceName: nothing a user typed (exception names never reach the kernel).
// Pure: no I/O, no globals, deterministic.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "model/host_facts.h"
#include "policy/effective.h"

namespace hostwall::ruleset {

inline constexpr const char* kTableName = "hostwall";
// The nfnetlink_log group of dropped packets (groups are per network namespace).
inline constexpr uint16_t kLogGroup = 2718;


using PortKey = std::pair<model::Protocol, uint16_t>;

// The objects of the table besides its two base chains, by name: what a full apply removes
// before it adds the new ones.
struct TableObjects {
  std::vector<std::string> maps;
  std::vector<std::string> chains;
  std::vector<std::string> sets;

  bool operator==(const TableObjects&) const = default;
};

struct Ruleset {
  // The table without the elements of its port maps.
  std::string definition;
  // The elements of the port maps: port → verdict ("accept", "jump scope_subnet", ...).
  std::map<PortKey, std::string> ports;
  // Program exceptions: socket stamp → verdict, and the TCP ports of stamped listeners → verdict
  // (for a SYN that meets a TIME_WAIT socket).
  std::map<uint32_t, std::string> programs;
  std::map<uint16_t, std::string> program_ports;
  // What the definition creates besides the base chains.
  TableObjects objects;
  // The input chain's policy: drop while the firewall is on.
  bool input_drops = false;
  // Connections left out because their names cannot be written safely.
  std::vector<std::string> skipped_connections;

  bool operator==(const Ruleset&) const = default;
};

// The ruleset for `effective` (the current profile's settings) on a host with `facts`.
Ruleset Compile(const policy::EffectiveProfile& effective, const model::HostFacts& facts);

// One nft script, one transaction, that turns the table holding `old` objects (or no table)
// into `ruleset`. The base chains are never deleted: their hooks stay registered and their rules
// are flushed and re-added, which the kernel switches atomically. (Deleting and re-creating a
// base chain in one transaction is not atomic for packets: the new hook is live before the
// commit, with no rules and policy accept.)
std::string ReplaceScript(const TableObjects& old, const Ruleset& ruleset);

// The boot-time script (dist/systemd/hostwall-boot.service): the same table, loaded before any
// network is up, replacing whatever table of ours a previous load left.
std::string BootScript(const Ruleset& ruleset);

// The script that turns the kernel's `old` table into `next` by adding and deleting elements of
// the verdict maps alone (ports, programs), when that is all that differs; nullopt otherwise.
std::optional<std::string> IncrementalScript(const Ruleset& old, const Ruleset& next);

// Kernel interface names are at most 15 bytes; we write only [A-Za-z0-9_.@-].
bool IsSafeInterfaceName(std::string_view name);

}  // namespace hostwall::ruleset
