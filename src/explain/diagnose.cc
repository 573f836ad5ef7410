#include "explain/diagnose.h"

#include "model/services.h"

namespace hostwall::explain {
namespace {

bool IsLoopback(const IpNetwork& address) {
  if (address.family == IpFamily::kV4) return address.address[0] == 127;
  for (size_t i = 0; i < 15; ++i) {
    if (address.address[i] != 0) return false;
  }
  return address.address[15] == 1;
}

std::string Quoted(const std::string& text) {
  return text.find(' ') == std::string::npos ? text : "\"" + text + "\"";
}

std::string Suggestion(const model::ListeningSocket& socket) {
  for (const model::SocketOwner& owner : socket.owners) {
    if (owner.program.empty() || owner.program.front() != '/') continue;
    const std::string name = owner.program.substr(owner.program.rfind('/') + 1);
    return "netsh firewall add allowedprogram program=" + Quoted(owner.program) +
           " name=" + Quoted(name) + " mode=ENABLE";
  }
  const std::string protocol(model::ProtocolName(socket.protocol));
  const std::string port = std::to_string(socket.port);
  return "netsh firewall add portopening protocol=" + protocol + " port=" + port + " name=\"" +
         protocol + " " + port + "\" mode=ENABLE";
}

}  // namespace

Diagnosis Diagnose(const policy::EffectiveProfile& current, const model::HostFacts& facts,
                   const std::vector<model::ListeningSocket>& sockets) {
  const model::ProfileSettings& s = current.settings;
  Diagnosis diagnosis;
  if (!s.firewall_enabled) {
    diagnosis.warnings.push_back(
        "The firewall is off: every port below is reachable. "
        "To turn it on: netsh firewall set opmode mode=ENABLE");
  } else if (!s.exceptions_allowed) {
    diagnosis.warnings.push_back(
        "The firewall allows no exceptions (\"Don't allow exceptions\"): nothing below is "
        "reachable. To allow them: netsh firewall set opmode mode=ENABLE exceptions=ENABLE");
  }
  for (const model::ListeningSocket& socket : sockets) {
    SocketDiagnosis d{.socket = socket};
    if (IsLoopback(socket.address)) {
      d.coverage = Coverage::kLocalOnly;
    } else if (!s.firewall_enabled) {
      d.coverage = Coverage::kNotFiltered;
    } else if (s.exceptions_allowed) {
      if (const model::PortOpening* port = model::FindPort(s.ports, socket.protocol, socket.port);
          port != nullptr && port->enabled) {
        d.coverage = Coverage::kPortException;
        d.covered_by = port->name;
      }
      for (const model::ServiceInfo& info : model::ServiceTable()) {
        if (d.coverage != Coverage::kNotCovered || !s.service(info.type).enabled) continue;
        for (const model::ServicePort& port : info.ports) {
          if (port.protocol == socket.protocol && port.port == socket.port) {
            d.coverage = Coverage::kService;
            d.covered_by = std::string(info.display_name);
          }
        }
      }
      if (d.coverage == Coverage::kNotCovered) {
        if (const model::AllowedProgram* program =
                policy::ProgramOfMark(current, facts, socket.mark)) {
          d.coverage = Coverage::kProgram;
          d.covered_by = program->name;
        }
      }
    }
    if (d.coverage == Coverage::kNotCovered) d.suggestion = Suggestion(socket);
    diagnosis.sockets.push_back(std::move(d));
  }
  return diagnosis;
}

}  // namespace hostwall::explain
