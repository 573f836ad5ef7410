#include "model/policy.h"

#include <algorithm>

#include "core/text.h"

namespace hostwall::model {
namespace {

bool IsWindowsPath(std::string_view path) {
  const bool drive = path.size() >= 2 && path[1] == ':';
  return drive || path.find('\\') != std::string_view::npos ||
         path.find('%') != std::string_view::npos;
}

template <typename Vector>
auto FindPortIn(Vector& ports, Protocol protocol, uint16_t port) {
  auto it = std::find_if(ports.begin(), ports.end(),
                         [&](const auto& p) { return p.protocol == protocol && p.port == port; });
  return it == ports.end() ? nullptr : &*it;
}

template <typename Vector>
auto FindProgramIn(Vector& programs, std::string_view path) {
  const std::string key = ProgramKey(path);
  auto it = std::find_if(programs.begin(), programs.end(),
                         [&](const auto& p) { return ProgramKey(p.path) == key; });
  return it == programs.end() ? nullptr : &*it;
}

}  // namespace

std::string ProgramKey(std::string_view path) {
  return IsWindowsPath(path) ? ToLower(path) : std::string(path);
}

PortOpening* FindPort(std::vector<PortOpening>& ports, Protocol protocol, uint16_t port) {
  return FindPortIn(ports, protocol, port);
}
const PortOpening* FindPort(const std::vector<PortOpening>& ports, Protocol protocol,
                            uint16_t port) {
  return FindPortIn(ports, protocol, port);
}
AllowedProgram* FindProgram(std::vector<AllowedProgram>& programs, std::string_view path) {
  return FindProgramIn(programs, path);
}
const AllowedProgram* FindProgram(const std::vector<AllowedProgram>& programs,
                                  std::string_view path) {
  return FindProgramIn(programs, path);
}

const InterfaceSettings* FindInterface(const std::vector<InterfaceSettings>& interfaces,
                                       std::string_view name) {
  auto it = std::find_if(interfaces.begin(), interfaces.end(),
                         [&](const InterfaceSettings& i) { return i.name == name; });
  return it == interfaces.end() ? nullptr : &*it;
}

LocalPolicy XpDefaults() {
  LocalPolicy policy;
  for (ProfileSettings& profile : policy.profiles) {
    // The only program exception XP SP2 installs (spec §4). The Windows path never matches a
    // Linux executable; it is kept so that the lists read as on XP.
    profile.programs.push_back({.path = "%WINDIR%\\system32\\sessmgr.exe",
                                .name = "Remote Assistance",
                                .enabled = true,
                                .scope = Scope::All()});
    for (const ServiceInfo& info : ServiceTable()) {
      profile.service(info.type) = {.enabled = false, .scope = {.kind = info.default_scope}};
    }
  }
  return policy;
}

}  // namespace hostwall::model
