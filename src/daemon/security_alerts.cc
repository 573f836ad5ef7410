#include "daemon/security_alerts.h"

#include <algorithm>

namespace hostwall::daemon {

nlohmann::json ToJson(const SecurityAlert& alert) {
  nlohmann::json ports = nlohmann::json::array();
  for (const auto& [protocol, port] : alert.ports) {
    ports.push_back({{"protocol", protocol == 6 ? "TCP" : "UDP"}, {"port", port}});
  }
  return {{"id", alert.id},           {"program", alert.path},    {"name", alert.name},
          {"pid", alert.pid},         {"uid", alert.uid},         {"user", alert.user},
          {"profile", alert.profile}, {"ports", std::move(ports)}};
}

const SecurityAlert* SecurityAlerts::Raise(SecurityAlert alert, uint8_t protocol, uint16_t port) {
  const std::pair<uint8_t, uint16_t> opened{protocol, port};
  for (auto& [id, waiting] : alerts_) {
    if (waiting.executable != alert.executable) continue;
    if (std::find(waiting.ports.begin(), waiting.ports.end(), opened) != waiting.ports.end()) {
      return nullptr;
    }
    waiting.ports.push_back(opened);
    return &waiting;
  }
  alert.id = next_id_++;
  alert.ports = {opened};
  return &(alerts_[alert.id] = std::move(alert));
}

const SecurityAlert* SecurityAlerts::Find(uint64_t id) const {
  auto it = alerts_.find(id);
  return it == alerts_.end() ? nullptr : &it->second;
}

std::optional<SecurityAlert> SecurityAlerts::Take(uint64_t id) {
  auto it = alerts_.find(id);
  if (it == alerts_.end()) return std::nullopt;
  SecurityAlert alert = std::move(it->second);
  alerts_.erase(it);
  return alert;
}

void SecurityAlerts::DropExecutable(const model::ExecutableId& executable) {
  std::erase_if(alerts_, [&](const auto& entry) { return entry.second.executable == executable; });
}

std::vector<SecurityAlert> SecurityAlerts::pending() const {
  std::vector<SecurityAlert> list;
  for (const auto& [id, alert] : alerts_) list.push_back(alert);
  return list;
}

}  // namespace hostwall::daemon
