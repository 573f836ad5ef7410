// The JSON form of a LocalPolicy: the store file, and the `hostwall export`/`import` format.
//
//   {"schema_version": 1,
//    "profiles": {"domain": PROFILE, "standard": PROFILE},
//    "logging": {"file_path": "", "max_file_size_kb": 4096, "log_dropped_packets": false,
//                "log_successful_connections": false},
//    "connections": [{"name": "lan0", "firewall_enabled": true, "ports": [PORT...],
//                     "icmp": {"AllowInboundEchoRequest": true, ...only the overrides}}]}
//   PROFILE = {"firewall_enabled", "exceptions_allowed", "notifications_enabled",
//              "unicast_responses_to_multicast": bool,
//              "programs": [{"path", "name", "enabled", "scope"}],
//              "ports": [{"protocol": "TCP"|"UDP", "port", "name", "enabled", "scope"}],
//              "services": {"fileandprint"|"remoteadmin"|"remotedesktop"|"upnp":
//                           {"enabled", "scope"}},
//              "icmp": {"AllowOutboundPacketTooBig": bool, ... all ten}}
//   Scopes use the registry form: "*", "LocalSubNet" or "10.0.0.0/8,LocalSubNet".
//   Connection ports have no "scope": XP's per-connection ports have none.
//
// Decoding is strict: every key is required, unknown keys are refused, and the model's
// invariants (no duplicate port or program, ranges) are checked. An error names the JSON
// path of the first problem ("/profiles/standard/ports/3/port: ...").
// Pure: no I/O, no globals, deterministic.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "core/error.h"
#include "model/policy.h"

namespace hostwall::store {

inline constexpr int kSchemaVersion = 1;

nlohmann::json EncodePolicy(const model::LocalPolicy& policy);
// Errors: kInvalidArgument naming the path and the problem.
Result<model::LocalPolicy> DecodePolicy(const nlohmann::json& document);

// Text forms. EncodePolicyText never fails: invalid UTF-8 in a name is replaced.
std::string EncodePolicyText(const model::LocalPolicy& policy);
// Errors: kInvalidArgument for text that is not JSON (with the byte offset) or not a policy.
Result<model::LocalPolicy> DecodePolicyText(std::string_view text);

}  // namespace hostwall::store
