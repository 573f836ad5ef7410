// Policies of a given size for the benchmarks.
#pragma once

#include "model/policy.h"

namespace hostwall::bench {

// `count` port exceptions in the Standard profile, open to all, alternately TCP and UDP from
// `first_port` up (two per port number).
inline model::LocalPolicy PolicyWithPorts(int count, int first_port = 1) {
  model::LocalPolicy policy = model::XpDefaults();
  auto& ports = policy.profile(model::Profile::kStandard).ports;
  for (int i = 0; i < count; ++i) {
    ports.push_back({.protocol = i % 2 ? model::Protocol::kUdp : model::Protocol::kTcp,
                     .port = static_cast<uint16_t>(first_port + i / 2),
                     .name = "exception " + std::to_string(i)});
  }
  return policy;
}

// A custom scope of `count` single IPv4 addresses, 10.100.0.0 up.
inline model::Scope ScopeOfAddresses(int count) {
  model::Scope scope{.kind = model::ScopeKind::kCustom};
  for (int i = 0; i < count; ++i) {
    IpNetwork host{.family = IpFamily::kV4, .prefix_length = 32};
    host.address = {10, static_cast<uint8_t>(100 + i / 65536), static_cast<uint8_t>(i / 256 % 256),
                    static_cast<uint8_t>(i % 256)};
    scope.networks.push_back(host);
  }
  return scope;
}

}  // namespace hostwall::bench
