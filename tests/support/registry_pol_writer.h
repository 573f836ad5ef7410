// Writes Registry.pol files for tests: the PReg format of src/gpo/registry_pol.h, from ASCII.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace hostwall::testing_support {

struct PolValue {
  std::string key;
  std::string value;
  uint32_t type;  // 1 REG_SZ (`text`), 4 REG_DWORD (`number`)
  uint32_t number = 0;
  std::string text;
};

inline std::string Utf16Le(const std::string& ascii) {
  std::string out;
  for (char c : ascii) {
    out += c;
    out += '\0';
  }
  return out;
}

inline std::string RegistryPolFile(const std::vector<PolValue>& values) {
  auto dword = [](uint32_t v) {
    return std::string{static_cast<char>(v), static_cast<char>(v >> 8), static_cast<char>(v >> 16),
                       static_cast<char>(v >> 24)};
  };
  std::string file("PReg\x01\0\0\0", 8);
  for (const PolValue& v : values) {
    const std::string data = v.type == 4 ? dword(v.number) : Utf16Le(v.text) + std::string(2, '\0');
    file += Utf16Le("[") + Utf16Le(v.key) + std::string(2, '\0') + Utf16Le(";") + Utf16Le(v.value) +
            std::string(2, '\0') + Utf16Le(";") + dword(v.type) + Utf16Le(";") +
            dword(static_cast<uint32_t>(data.size())) + Utf16Le(";") + data + Utf16Le("]");
  }
  return file;
}

}  // namespace hostwall::testing_support
