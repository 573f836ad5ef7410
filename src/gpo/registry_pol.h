// The Registry.pol (PReg) file format of Group Policy (spec §6.5; [MS-GPREG] §2.2.1).
//
//   "PReg" + DWORD 1, then instructions "[key;value;type;size;data]", where the brackets and
//   semicolons are UTF-16LE characters, key and value are NUL-terminated UTF-16LE strings,
//   type and size are little-endian DWORDs and data is `size` raw bytes.
//
// The reader is strict: anything else is an error naming the byte offset, and a file with an
// error yields no entries at all, so that a policy is never half applied.
// Pure: no I/O, no globals, deterministic.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/error.h"

namespace hostwall::gpo {

// Value types MS-GPREG allows, plus REG_NONE for key-only entries.
enum class RegistryType : uint32_t {
  kNone = 0,
  kSz = 1,
  kExpandSz = 2,
  kBinary = 3,
  kDword = 4,
  kDwordBigEndian = 5,
  kMultiSz = 7,
  kQword = 11,
};

struct RegistryEntry {
  std::string key;    // UTF-8, as written (no hive prefix; HKLM for Machine policy)
  std::string value;  // UTF-8; empty for a key-only entry; may be a special "**" name
  uint32_t type = 0;  // a RegistryType, or another number the file holds
  std::vector<uint8_t> data;
  size_t offset = 0;  // of the entry's '[' in the file
};

// Errors: kInvalidArgument "byte N: ..." for the first problem.
Result<std::vector<RegistryEntry>> ParseRegistryPol(std::span<const uint8_t> bytes);

// Readers of the data. Each fails (nullopt) when the type or size does not fit.
std::optional<uint32_t> AsDword(const RegistryEntry& entry);  // DWORD (either order)
// REG_SZ, REG_EXPAND_SZ: the string without its terminating NUL. A DWORD-like policy may be
// written as a numeric string (spec §6.2), which AsNumber accepts too.
std::optional<std::string> AsString(const RegistryEntry& entry);
std::optional<uint32_t> AsNumber(const RegistryEntry& entry);
std::optional<std::vector<std::string>> AsMultiString(const RegistryEntry& entry);

// The name of a type ("REG_DWORD"), or its number.
std::string TypeName(uint32_t type);

// UTF-16LE bytes to UTF-8; unpaired surrogates become U+FFFD.
std::string Utf16ToUtf8(std::span<const uint8_t> bytes);

}  // namespace hostwall::gpo
