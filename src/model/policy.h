// LocalPolicy: every setting an administrator can make on one host, as XP SP2 keeps it in its
// local store (spec §1-4, §8.2). Group Policy is a separate overlay (policy/effective.h).
//
// Invariants kept by every writer (netsh apply, the store codec):
//   - a profile holds at most one PortOpening per (protocol, port) and one AllowedProgram per
//     ProgramKey(path);
//   - an interface's port openings have scope ALL (XP's per-connection ports have no scope).
// Pure: no I/O, no globals, deterministic.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "model/icmp.h"
#include "model/scope.h"
#include "model/services.h"
#include "model/types.h"

namespace hostwall::model {

struct PortOpening {
  Protocol protocol = Protocol::kTcp;
  uint16_t port = 0;
  std::string name;
  bool enabled = true;
  Scope scope;

  bool operator==(const PortOpening&) const = default;
};

struct AllowedProgram {
  // As the administrator wrote it: a Linux path, or a Windows path kept for fidelity
  // (docs/netsh.md explains how each kind matches running programs).
  std::string path;
  std::string name;
  bool enabled = true;
  Scope scope;

  bool operator==(const AllowedProgram&) const = default;
};

struct ServiceSetting {
  bool enabled = false;
  Scope scope;

  bool operator==(const ServiceSetting&) const = default;
};

struct ProfileSettings {
  bool firewall_enabled = true;    // opmode
  bool exceptions_allowed = true;  // false = "Don't allow exceptions"
  bool notifications_enabled = true;
  bool unicast_responses_to_multicast = true;  // multicastbroadcastresponse
  std::vector<AllowedProgram> programs;
  std::vector<PortOpening> ports;
  std::array<ServiceSetting, kServiceCount> services;
  IcmpSettings icmp;

  ServiceSetting& service(ServiceType type) { return services[static_cast<size_t>(type)]; }
  const ServiceSetting& service(ServiceType type) const {
    return services[static_cast<size_t>(type)];
  }
  bool operator==(const ProfileSettings&) const = default;
};

struct LoggingSettings {
  std::string file_path;  // empty: the daemon's default, <log dir>/pfirewall.log
  uint32_t max_file_size_kb = 4096;
  bool log_dropped_packets = false;
  bool log_successful_connections = false;

  bool operator==(const LoggingSettings&) const = default;
};

inline constexpr uint32_t kMinLogFileSizeKb = 1;
inline constexpr uint32_t kMaxLogFileSizeKb = 32767;

// Settings of one network connection (a Linux interface, named as the kernel names it).
struct InterfaceSettings {
  std::string name;
  bool firewall_enabled = true;
  std::vector<PortOpening> ports;
  IcmpOverrides icmp;

  // True when the settings equal those of a connection nobody configured.
  bool IsDefault() const { return firewall_enabled && ports.empty() && icmp.Empty(); }
  bool operator==(const InterfaceSettings&) const = default;
};

struct LocalPolicy {
  std::array<ProfileSettings, 2> profiles;
  LoggingSettings logging;
  std::vector<InterfaceSettings> interfaces;  // only connections with non-default settings

  ProfileSettings& profile(Profile p) { return profiles[static_cast<size_t>(p)]; }
  const ProfileSettings& profile(Profile p) const { return profiles[static_cast<size_t>(p)]; }
  bool operator==(const LocalPolicy&) const = default;
};

// The identity under which a program is listed. Windows paths (a drive letter, a backslash or
// a %VAR%) compare without case, as on Windows; Linux paths compare exactly.
std::string ProgramKey(std::string_view path);

// Lookups by identity; nullptr when absent.
PortOpening* FindPort(std::vector<PortOpening>& ports, Protocol protocol, uint16_t port);
const PortOpening* FindPort(const std::vector<PortOpening>& ports, Protocol protocol,
                            uint16_t port);
AllowedProgram* FindProgram(std::vector<AllowedProgram>& programs, std::string_view path);
const AllowedProgram* FindProgram(const std::vector<AllowedProgram>& programs,
                                  std::string_view path);
const InterfaceSettings* FindInterface(const std::vector<InterfaceSettings>& interfaces,
                                       std::string_view name);

// The XP SP2 installed state (spec §4), which `reset` restores.
LocalPolicy XpDefaults();

}  // namespace hostwall::model
