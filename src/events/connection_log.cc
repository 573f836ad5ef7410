#include "events/connection_log.h"

namespace hostwall::events {
namespace {

using TcpState = ConnectionEvent::TcpState;

bool Ending(std::optional<TcpState> state) {
  if (!state) return false;
  switch (*state) {
    case TcpState::kFinWait:
    case TcpState::kCloseWait:
    case TcpState::kLastAck:
    case TcpState::kTimeWait:
    case TcpState::kClose:
      return true;
    default:
      return false;
  }
}

LogRecord Line(LogAction action, const ConnectionEvent& event) {
  return {.action = action,
          .protocol = event.protocol,
          .source = event.source,
          .destination = event.destination,
          .source_port = event.source_port,
          .destination_port = event.destination_port};
}

}  // namespace

std::optional<LogRecord> ConnectionLog::OnEvent(const ConnectionEvent& event) {
  constexpr uint8_t kTcp = 6, kUdp = 17;
  if (event.protocol != kTcp && event.protocol != kUdp) return std::nullopt;
  switch (event.kind) {
    case ConnectionEvent::Kind::kNew: {
      const bool from_host = is_local_(event.source);
      const bool to_host = is_local_(event.destination);
      if (from_host == to_host) return std::nullopt;  // loopback, or not the host's
      if (open_.size() < max_tracked_) open_.insert(event.id);
      return Line(from_host ? LogAction::kOpen : LogAction::kOpenInbound, event);
    }
    case ConnectionEvent::Kind::kUpdate:
      if (!Ending(event.tcp_state) || open_.erase(event.id) == 0) return std::nullopt;
      return Line(LogAction::kClose, event);
    case ConnectionEvent::Kind::kDestroy:
      if (open_.erase(event.id) == 0) return std::nullopt;
      return Line(LogAction::kClose, event);
  }
  return std::nullopt;
}

}  // namespace hostwall::events
