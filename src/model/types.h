// The small vocabulary shared by the whole model: profiles and transport protocols.
// Pure: no I/O, no globals, deterministic.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

namespace hostwall::model {

// XP SP2 has exactly two profiles (spec §8.3).
enum class Profile : uint8_t { kDomain, kStandard };
inline constexpr std::array<Profile, 2> kProfiles = {Profile::kDomain, Profile::kStandard};

// "Domain" / "Standard", as netsh prints them.
std::string_view ProfileName(Profile profile);

enum class Protocol : uint8_t { kTcp, kUdp };

// "TCP" / "UDP".
std::string_view ProtocolName(Protocol protocol);

}  // namespace hostwall::model
