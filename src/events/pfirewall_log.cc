#include "events/pfirewall_log.h"

#include <array>
#include <cstdio>
#include <limits>

#include "core/text.h"

namespace hostwall::events {
namespace {

constexpr uint8_t kTcp = 6;
constexpr uint8_t kUdp = 17;
constexpr uint8_t kIcmp = 1;
constexpr uint8_t kIcmpV6 = 58;

const char* ActionName(LogAction action) {
  switch (action) {
    case LogAction::kOpen:
      return "OPEN";
    case LogAction::kOpenInbound:
      return "OPEN-INBOUND";
    case LogAction::kClose:
      return "CLOSE";
    case LogAction::kDrop:
      return "DROP";
    case LogAction::kInfoEventsLost:
      return "INFO-EVENTS-LOST";
    case LogAction::kAllow:
      return "ALLOW";
  }
  return "-";
}

constexpr std::array kActions{LogAction::kOpen, LogAction::kOpenInbound,    LogAction::kClose,
                              LogAction::kDrop, LogAction::kInfoEventsLost, LogAction::kAllow};

std::string ProtocolName(const LogRecord& record) {
  return record.action == LogAction::kInfoEventsLost ? "-" : LogProtocolName(record.protocol);
}

// " value" or " -": each field after the first, appended in place (a line is written for
// every logged packet, so it is built without temporaries).
template <typename T>
void AppendField(std::string& line, const std::optional<T>& value) {
  line += ' ';
  if (!value) {
    line += '-';
    return;
  }
  char digits[24];
  const int n =
      std::snprintf(digits, sizeof(digits), "%llu", static_cast<unsigned long long>(*value));
  line.append(digits, static_cast<size_t>(n));
}

void AppendAddress(std::string& line, const std::optional<IpNetwork>& address) {
  line += ' ';
  line += address ? FormatIpAddress(*address) : "-";
}

uint16_t Read16(std::span<const uint8_t> bytes, size_t at) {
  return static_cast<uint16_t>(bytes[at] << 8 | bytes[at + 1]);
}

uint32_t Read32(std::span<const uint8_t> bytes, size_t at) {
  return static_cast<uint32_t>(bytes[at]) << 24 | static_cast<uint32_t>(bytes[at + 1]) << 16 |
         static_cast<uint32_t>(bytes[at + 2]) << 8 | bytes[at + 3];
}

// The TCP flag letters in the order Windows prints them ("FA", "AP").
std::string FlagLetters(uint8_t flags) {
  constexpr std::array<std::pair<uint8_t, char>, 6> kOrder{
      {{0x01, 'F'}, {0x02, 'S'}, {0x04, 'R'}, {0x10, 'A'}, {0x08, 'P'}, {0x20, 'U'}}};
  std::string letters;
  for (const auto& [bit, letter] : kOrder) {
    if (flags & bit) letters += letter;
  }
  return letters;
}

void DecodeTransport(std::span<const uint8_t> segment, LogRecord& record) {
  switch (record.protocol) {
    case kTcp:
      if (segment.size() < 20) return;
      record.source_port = Read16(segment, 0);
      record.destination_port = Read16(segment, 2);
      record.tcp_syn = Read32(segment, 4);
      record.tcp_ack = Read32(segment, 8);
      record.tcp_flags = FlagLetters(segment[13]);
      record.tcp_window = Read16(segment, 14);
      return;
    case kUdp:
      if (segment.size() < 8) return;
      record.source_port = Read16(segment, 0);
      record.destination_port = Read16(segment, 2);
      return;
    case kIcmp:
    case kIcmpV6:
      if (segment.size() < 2) return;
      record.icmp_type = segment[0];
      record.icmp_code = segment[1];
      return;
    default:
      return;
  }
}

// A field of a parsed line: "-" is absent.
template <typename T>
Result<void> ParseField(std::string_view text, std::string_view name, std::optional<T>& out) {
  if (text == "-") return Ok();
  const std::optional<uint32_t> value = ParseDecimal(text);
  if (!value || *value > std::numeric_limits<T>::max()) {
    return Fail(ErrorCode::kInvalidArgument,
                "field '" + std::string(name) + "' is not a number: '" + std::string(text) + "'");
  }
  out = static_cast<T>(*value);
  return Ok();
}

Result<void> ParseAddress(std::string_view text, std::string_view name,
                          std::optional<IpNetwork>& out) {
  if (text == "-") return Ok();
  auto address = ParseIpNetwork(text);
  if (!address || text.find('/') != std::string_view::npos) {
    return Fail(ErrorCode::kInvalidArgument,
                "field '" + std::string(name) + "' is not an address: '" + std::string(text) + "'");
  }
  out = *address;
  return Ok();
}

Result<uint8_t> ParseProtocol(std::string_view text) {
  if (text == "TCP") return kTcp;
  if (text == "UDP") return kUdp;
  if (text == "ICMP") return kIcmp;
  if (text == "-") return uint8_t{0};
  const std::optional<uint32_t> number = ParseDecimal(text);
  if (!number || *number > 255) {
    return Fail(ErrorCode::kInvalidArgument,
                "field 'protocol' is not a protocol: '" + std::string(text) + "'");
  }
  return static_cast<uint8_t>(*number);
}

}  // namespace

std::string LogProtocolName(uint8_t protocol) {
  switch (protocol) {
    case kTcp:
      return "TCP";
    case kUdp:
      return "UDP";
    case kIcmp:
    case kIcmpV6:
      return "ICMP";
    default:
      return std::to_string(protocol);
  }
}

std::string_view LogHeader() {
  return "#Version: 1.5\n"
         "#Software: Microsoft Windows Firewall\n"
         "#Time Format: Local\n"
         "#Fields: date time action protocol src-ip dst-ip src-port dst-port size tcpflags "
         "tcpsyn tcpack tcpwin icmptype icmpcode info path\n";
}

std::string FormatLogLine(const LogRecord& r, const std::tm& t) {
  std::string line;
  line.reserve(160);
  char stamp[64];
  const int n =
      std::snprintf(stamp, sizeof(stamp), "%04d-%02d-%02d %02d:%02d:%02d ", t.tm_year + 1900,
                    t.tm_mon + 1, t.tm_mday, t.tm_hour, t.tm_min, t.tm_sec);
  line.append(stamp, static_cast<size_t>(n));
  line += ActionName(r.action);
  line += ' ';
  line += ProtocolName(r);
  AppendAddress(line, r.source);
  AppendAddress(line, r.destination);
  AppendField(line, r.source_port);
  AppendField(line, r.destination_port);
  AppendField(line, r.size);
  line += ' ';
  line += r.tcp_flags.empty() ? "-" : r.tcp_flags;
  AppendField(line, r.tcp_syn);
  AppendField(line, r.tcp_ack);
  AppendField(line, r.tcp_window);
  AppendField(line, r.icmp_type);
  AppendField(line, r.icmp_code);
  AppendField(line, r.info);
  line += ' ';
  line += r.path == LogPath::kReceive ? "RECEIVE" : r.path == LogPath::kSend ? "SEND" : "-";
  line += '\n';
  return line;
}

Result<LogRecord> DecodeDroppedPacket(std::span<const uint8_t> packet, LogPath path) {
  LogRecord record{.action = LogAction::kDrop, .path = path};
  if (packet.empty()) return Fail(ErrorCode::kInvalidArgument, "an empty packet");
  const int version = packet[0] >> 4;
  IpNetwork source, destination;
  size_t header = 0;
  if (version == 4 && packet.size() >= 20) {
    header = static_cast<size_t>(packet[0] & 0x0f) * 4;
    if (header < 20 || header > packet.size()) {
      return Fail(ErrorCode::kInvalidArgument, "an IPv4 header of a bad length");
    }
    record.protocol = packet[9];
    record.size = Read16(packet, 2);
    source = {.family = IpFamily::kV4, .prefix_length = 32};
    destination = source;
    std::copy_n(packet.begin() + 12, 4, source.address.begin());
    std::copy_n(packet.begin() + 16, 4, destination.address.begin());
  } else if (version == 6 && packet.size() >= 40) {
    header = 40;
    record.protocol = packet[6];  // extension headers are not followed
    record.size = static_cast<uint32_t>(Read16(packet, 4)) + 40;
    source = {.family = IpFamily::kV6, .prefix_length = 128};
    destination = source;
    std::copy_n(packet.begin() + 8, 16, source.address.begin());
    std::copy_n(packet.begin() + 24, 16, destination.address.begin());
  } else {
    return Fail(ErrorCode::kInvalidArgument, "not an IPv4 or IPv6 packet");
  }
  record.source = source;
  record.destination = destination;
  DecodeTransport(packet.subspan(header), record);
  return record;
}

Result<LogEntry> ParseLogLine(std::string_view line) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  const std::vector<std::string> f = Split(line, ' ');
  if (f.size() != 17) {
    return Fail(ErrorCode::kInvalidArgument,
                "a line has 17 fields, this one " + std::to_string(f.size()));
  }
  LogEntry entry{.date = f[0], .time = f[1]};
  LogRecord& r = entry.record;
  const auto action = std::find_if(kActions.begin(), kActions.end(),
                                   [&](LogAction a) { return f[2] == ActionName(a); });
  if (action == kActions.end()) {
    return Fail(ErrorCode::kInvalidArgument, "field 'action' is unknown: '" + f[2] + "'");
  }
  r.action = *action;
  HW_ASSIGN_OR_RETURN(r.protocol, ParseProtocol(f[3]));
  HW_TRY(ParseAddress(f[4], "src-ip", r.source));
  HW_TRY(ParseAddress(f[5], "dst-ip", r.destination));
  HW_TRY(ParseField(f[6], "src-port", r.source_port));
  HW_TRY(ParseField(f[7], "dst-port", r.destination_port));
  HW_TRY(ParseField(f[8], "size", r.size));
  if (f[9] != "-") r.tcp_flags = f[9];
  HW_TRY(ParseField(f[10], "tcpsyn", r.tcp_syn));
  HW_TRY(ParseField(f[11], "tcpack", r.tcp_ack));
  HW_TRY(ParseField(f[12], "tcpwin", r.tcp_window));
  HW_TRY(ParseField(f[13], "icmptype", r.icmp_type));
  HW_TRY(ParseField(f[14], "icmpcode", r.icmp_code));
  HW_TRY(ParseField(f[15], "info", r.info));
  if (f[16] == "RECEIVE") {
    r.path = LogPath::kReceive;
  } else if (f[16] == "SEND") {
    r.path = LogPath::kSend;
  } else if (f[16] != "-") {
    return Fail(ErrorCode::kInvalidArgument, "field 'path' is unknown: '" + f[16] + "'");
  }
  return entry;
}

}  // namespace hostwall::events
