// The pfirewall.log format of Windows XP SP2 (spec §5): the four header lines, and one line of
// 17 space-separated fields per event, "-" for a field that does not apply.
//
//   date time action protocol src-ip dst-ip src-port dst-port size tcpflags tcpsyn tcpack tcpwin
//   icmptype icmpcode info path
//
// Also the decoder that turns a dropped packet, as nfnetlink_log hands it over (the IP header
// first), into the fields of its DROP line, and the parser that reads a line back (ours, XP's,
// or a later Windows's).
// Pure: no I/O, no globals, deterministic.
#pragma once

#include <cstdint>
#include <ctime>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "core/error.h"
#include "core/ip_network.h"

namespace hostwall::events {

// kAllow appears in the logs of Windows Vista and later; hostwall reads it but never writes it.
enum class LogAction : uint8_t { kOpen, kOpenInbound, kClose, kDrop, kInfoEventsLost, kAllow };
enum class LogPath : uint8_t { kNone, kReceive, kSend };

struct LogRecord {
  LogAction action = LogAction::kDrop;
  uint8_t protocol = 0;  // IP protocol number; ICMPv6 prints as ICMP, as Windows does
  std::optional<IpNetwork> source;
  std::optional<IpNetwork> destination;
  std::optional<uint16_t> source_port;
  std::optional<uint16_t> destination_port;
  std::optional<uint32_t> size;  // bytes of the IP packet (DROP lines)
  std::string tcp_flags;         // letters, e.g. "S", "AP", "FA"
  std::optional<uint32_t> tcp_syn;
  std::optional<uint32_t> tcp_ack;
  std::optional<uint16_t> tcp_window;
  std::optional<uint8_t> icmp_type;
  std::optional<uint8_t> icmp_code;
  std::optional<uint64_t> info;  // INFO-EVENTS-LOST: how many events were not recorded
  LogPath path = LogPath::kNone;
};

// The protocol field: TCP, UDP, ICMP (ICMPv6 too), else the protocol number.
std::string LogProtocolName(uint8_t protocol);

// The header a new log file starts with. Lines end in LF, as in every real pfirewall.log of
// shared/data (the spec guesses CRLF for XP; parsers accept both).
std::string_view LogHeader();

// One line, LF-terminated. `local_time` is the event's wall-clock time in local time.
std::string FormatLogLine(const LogRecord& record, const std::tm& local_time);

// The fields of a packet's DROP line. Errors (kInvalidArgument) for bytes that are not an IPv4
// or IPv6 packet; a transport header cut short leaves its fields unset.
Result<LogRecord> DecodeDroppedPacket(std::span<const uint8_t> packet, LogPath path);

// A line read back: its date and time as written, and its fields.
struct LogEntry {
  std::string date;  // YYYY-MM-DD
  std::string time;  // HH:MM:SS
  LogRecord record;
};

// Parses one line (without its line end; a CR before it is ignored). Header lines ("#...") and
// blank lines are not entries: the caller skips them. Errors (kInvalidArgument) name the field
// that is wrong.
Result<LogEntry> ParseLogLine(std::string_view line);

}  // namespace hostwall::events
