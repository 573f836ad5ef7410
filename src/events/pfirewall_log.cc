#include "events/pfirewall_log.h"

#include <array>
#include <cstdio>

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
  }
  return "-";
}

std::string ProtocolName(const LogRecord& record) {
  if (record.action == LogAction::kInfoEventsLost) return "-";
  switch (record.protocol) {
    case kTcp:
      return "TCP";
    case kUdp:
      return "UDP";
    case kIcmp:
    case kIcmpV6:
      return "ICMP";
    default:
      return std::to_string(record.protocol);
  }
}

template <typename T>
std::string Field(const std::optional<T>& value) {
  return value ? std::to_string(*value) : "-";
}

std::string Address(const std::optional<IpNetwork>& address) {
  return address ? FormatIpAddress(*address) : "-";
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

}  // namespace

std::string_view LogHeader() {
  return "#Version: 1.5\n"
         "#Software: Microsoft Windows Firewall\n"
         "#Time Format: Local\n"
         "#Fields: date time action protocol src-ip dst-ip src-port dst-port size tcpflags "
         "tcpsyn tcpack tcpwin icmptype icmpcode info path\n";
}

std::string FormatLogLine(const LogRecord& r, const std::tm& t) {
  char stamp[64];
  std::snprintf(stamp, sizeof(stamp), "%04d-%02d-%02d %02d:%02d:%02d", t.tm_year + 1900,
                t.tm_mon + 1, t.tm_mday, t.tm_hour, t.tm_min, t.tm_sec);
  const char* path = r.path == LogPath::kReceive ? "RECEIVE"
                     : r.path == LogPath::kSend  ? "SEND"
                                                 : "-";
  return std::string(stamp) + " " + ActionName(r.action) + " " + ProtocolName(r) + " " +
         Address(r.source) + " " + Address(r.destination) + " " + Field(r.source_port) + " " +
         Field(r.destination_port) + " " + Field(r.size) + " " +
         (r.tcp_flags.empty() ? "-" : r.tcp_flags) + " " + Field(r.tcp_syn) + " " +
         Field(r.tcp_ack) + " " + Field(r.tcp_window) + " " + Field(r.icmp_type) + " " +
         Field(r.icmp_code) + " " + Field(r.info) + " " + path + "\n";
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

}  // namespace hostwall::events
