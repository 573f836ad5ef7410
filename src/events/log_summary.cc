#include "events/log_summary.h"

#include <algorithm>
#include <map>

namespace hostwall::events {
namespace {

constexpr uint8_t kTcp = 6, kUdp = 17, kIcmp = 1;
// A port dropped for more sources than this is suggested for every computer.
constexpr size_t kMaxCustomSources = 5;

// Multicast and broadcast drops (mDNS, NetBIOS announcements) are not connections to the host.
// An IPv4 address ending in .255 is taken for a subnet broadcast: the log does not say the
// prefix, and such a host address is rare.
bool IsUnicast(const IpNetwork& address) {
  if (address.family == IpFamily::kV6) return address.address[0] != 0xff;
  return address.address[0] < 224 && address.address[3] != 255;
}

std::vector<Tally> Top(const std::map<std::string, uint64_t>& counts, size_t top) {
  std::vector<Tally> tallies;
  for (const auto& [key, count] : counts) tallies.push_back({key, count});
  std::stable_sort(tallies.begin(), tallies.end(),
                   [](const Tally& a, const Tally& b) { return a.count > b.count; });
  if (tallies.size() > top) tallies.resize(top);
  return tallies;
}

}  // namespace

LogSummary Summarize(const std::vector<LogEntry>& entries, const std::string& since, size_t top) {
  LogSummary summary;
  std::map<std::string, uint64_t> ports, sources, protocols;
  std::map<std::pair<uint8_t, uint16_t>, DroppedPort> dropped;
  for (const LogEntry& entry : entries) {
    const std::string stamp = entry.date + " " + entry.time;
    if (stamp < since) continue;
    if (summary.first.empty()) summary.first = stamp;
    summary.last = stamp;
    ++summary.entries;
    const LogRecord& r = entry.record;
    switch (r.action) {
      case LogAction::kOpen:
      case LogAction::kOpenInbound:
        ++summary.opens;
        continue;
      case LogAction::kClose:
        ++summary.closes;
        continue;
      case LogAction::kInfoEventsLost:
        summary.events_lost += r.info.value_or(0);
        continue;
      case LogAction::kAllow:
        continue;
      case LogAction::kDrop:
        break;
    }
    ++summary.drops;
    ++protocols[LogProtocolName(r.protocol)];
    if (r.source) ++sources[FormatIpAddress(*r.source)];
    if (r.path != LogPath::kReceive) continue;
    if (r.destination_port)
      ++ports[LogProtocolName(r.protocol) + " " + std::to_string(*r.destination_port)];
    if (r.protocol == kIcmp && r.icmp_type == 8) ++summary.dropped_echo_requests;
    const bool to_host = r.destination && IsUnicast(*r.destination);
    if ((r.protocol == kTcp || r.protocol == kUdp) && r.destination_port && to_host) {
      DroppedPort& port = dropped[{r.protocol, *r.destination_port}];
      port.protocol = r.protocol;
      port.port = *r.destination_port;
      ++port.count;
      if (r.source &&
          std::find(port.sources.begin(), port.sources.end(), *r.source) == port.sources.end()) {
        port.sources.push_back(*r.source);
      }
    }
  }
  summary.top_ports = Top(ports, top);
  summary.top_sources = Top(sources, top);
  summary.top_protocols = Top(protocols, top);
  for (auto& [key, port] : dropped) summary.dropped_ports.push_back(std::move(port));
  std::stable_sort(summary.dropped_ports.begin(), summary.dropped_ports.end(),
                   [](const DroppedPort& a, const DroppedPort& b) { return a.count > b.count; });
  return summary;
}

std::vector<Suggestion> SuggestCommands(const LogSummary& summary, size_t top) {
  std::vector<Suggestion> suggestions;
  for (size_t i = 0; i < summary.dropped_ports.size() && i < top; ++i) {
    const DroppedPort& port = summary.dropped_ports[i];
    const std::string protocol = LogProtocolName(port.protocol);
    const std::string number = std::to_string(port.port);
    std::string scope = "scope=ALL";
    if (port.sources.size() <= kMaxCustomSources) {
      scope = "scope=CUSTOM addresses=";
      for (size_t s = 0; s < port.sources.size(); ++s) {
        scope += (s ? "," : "") + FormatIpAddress(port.sources[s]);
      }
    }
    suggestions.push_back(
        {.reason = std::to_string(port.count) + " packet(s) to " + protocol + " port " + number +
                   " dropped, from " + std::to_string(port.sources.size()) + " source(s)",
         .command = "netsh firewall add portopening protocol=" + protocol + " port=" + number +
                    " name=\"" + protocol + " " + number + "\" mode=ENABLE " + scope});
  }
  if (summary.dropped_echo_requests > 0) {
    suggestions.push_back(
        {.reason = std::to_string(summary.dropped_echo_requests) + " echo request(s) dropped",
         .command = "netsh firewall set icmpsetting type=8 mode=ENABLE"});
  }
  return suggestions;
}

}  // namespace hostwall::events
