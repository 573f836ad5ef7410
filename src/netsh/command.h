// NetshCommand: one parsed and validated `netsh firewall` command (spec §1).
// The parser fills only the arguments the command takes; everything is already checked for
// syntax, range and the cross-parameter remarks, so that apply and show only ask for meaning.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "model/icmp.h"
#include "model/scope.h"
#include "model/services.h"
#include "model/types.h"

namespace hostwall::netsh {

enum class Verb : uint8_t { kAdd, kSet, kDelete, kShow, kReset };

enum class Object : uint8_t {
  kNone,  // `reset` takes no object
  kAllowedProgram,
  kConfig,
  kCurrentProfile,
  kIcmpSetting,
  kLogging,
  kMulticastBroadcastResponse,
  kNotifications,
  kOpmode,
  kPortOpening,
  kService,
  kState,
};

// profile=CURRENT|DOMAIN|STANDARD|ALL
enum class ProfileChoice : uint8_t { kCurrent, kDomain, kStandard, kAll };
// protocol=TCP|UDP|ALL
enum class ProtocolChoice : uint8_t { kTcp, kUdp, kAll };

struct NetshArgs {
  std::optional<std::string> program;
  std::optional<std::string> name;
  std::optional<bool> mode;  // ENABLE = true
  std::optional<model::ScopeKind> scope;
  std::optional<model::Scope> addresses;  // a parsed custom list
  std::optional<ProfileChoice> profile;
  std::optional<ProtocolChoice> protocol;
  std::optional<uint16_t> port;
  std::optional<std::string> interface_name;
  // type= of icmpsetting: a setting, or nullopt inside for ALL.
  std::optional<std::optional<model::IcmpSetting>> icmp_type;
  // type= of service: a service, or nullopt inside for ALL.
  std::optional<std::optional<model::ServiceType>> service_type;
  std::optional<std::string> file_location;
  std::optional<uint32_t> max_file_size_kb;
  std::optional<bool> dropped_packets;
  std::optional<bool> connections;
  std::optional<bool> exceptions;
  std::optional<bool> verbose;

  bool operator==(const NetshArgs&) const = default;
};

struct NetshCommand {
  Verb verb = Verb::kShow;
  Object object = Object::kNone;
  NetshArgs args;

  // True for add/set/delete/reset: the commands that change settings.
  bool ChangesSettings() const { return verb != Verb::kShow; }
};

}  // namespace hostwall::netsh
