// Small text helpers shared by the parsers and printers.
// Pure: no I/O, no globals, deterministic. ASCII case rules only, as netsh uses.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace hostwall {

bool EqualsIgnoreCase(std::string_view a, std::string_view b);
// True when `prefix` is a non-empty, case-insensitive prefix of `word`.
bool IsPrefixIgnoreCase(std::string_view prefix, std::string_view word);
std::string ToLower(std::string_view s);
std::string ToUpper(std::string_view s);
std::string_view Trim(std::string_view s);
// Splits on every `sep`; "a,,b" gives {"a", "", "b"} and "" gives {""}.
std::vector<std::string> Split(std::string_view s, char sep);
std::string Join(const std::vector<std::string>& parts, std::string_view sep);
// A decimal number of at most 10 digits, no sign, no spaces. nullopt otherwise.
std::optional<uint32_t> ParseDecimal(std::string_view s);
// Lowercase hex of `bytes`, two digits a byte.
std::string EncodeHex(std::span<const uint8_t> bytes);
// The bytes `hex` spells (either case), or nullopt when it is not whole bytes of hex digits.
std::optional<std::vector<uint8_t>> DecodeHex(std::string_view hex);

// `text` left-justified in a field of `width` columns (never truncated).
std::string PadRight(std::string_view text, size_t width);

}  // namespace hostwall
