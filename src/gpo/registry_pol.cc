#include "gpo/registry_pol.h"

#include <optional>

namespace hostwall::gpo {
namespace {

constexpr uint8_t kSignature[] = {'P', 'R', 'e', 'g'};

class Reader {
 public:
  explicit Reader(std::span<const uint8_t> bytes) : bytes_(bytes) {}

  size_t offset() const { return offset_; }
  bool AtEnd() const { return offset_ == bytes_.size(); }

  Error Problem(const std::string& what) const {
    return Error(ErrorCode::kInvalidArgument, "byte " + std::to_string(offset_) + ": " + what);
  }

  Result<uint32_t> Dword(const char* what) {
    if (bytes_.size() - offset_ < 4)
      return Fail(Problem(std::string("the file ends inside ") + what));
    const uint32_t value = static_cast<uint32_t>(bytes_[offset_]) |
                           static_cast<uint32_t>(bytes_[offset_ + 1]) << 8 |
                           static_cast<uint32_t>(bytes_[offset_ + 2]) << 16 |
                           static_cast<uint32_t>(bytes_[offset_ + 3]) << 24;
    offset_ += 4;
    return value;
  }

  Result<void> Char(char16_t expected) {
    if (bytes_.size() - offset_ < 2) {
      return Fail(Problem(std::string("the file ends where '") + static_cast<char>(expected) +
                          "' belongs"));
    }
    const char16_t found = static_cast<char16_t>(bytes_[offset_] | bytes_[offset_ + 1] << 8);
    if (found != expected) {
      return Fail(Problem(std::string("expected '") + static_cast<char>(expected) + "'"));
    }
    offset_ += 2;
    return Ok();
  }

  // A NUL-terminated UTF-16LE string.
  Result<std::string> String(const char* what) {
    const size_t start = offset_;
    while (true) {
      if (bytes_.size() - offset_ < 2) {
        offset_ = start;
        return Fail(Problem(std::string("the ") + what + " has no terminating NUL"));
      }
      const bool nul = bytes_[offset_] == 0 && bytes_[offset_ + 1] == 0;
      offset_ += 2;
      if (nul) return Utf16ToUtf8(bytes_.subspan(start, offset_ - 2 - start));
    }
  }

  Result<std::vector<uint8_t>> Bytes(uint32_t size) {
    if (bytes_.size() - offset_ < size) {
      return Fail(Problem("the data is " + std::to_string(size) + " bytes but the file has " +
                          std::to_string(bytes_.size() - offset_) + " left"));
    }
    std::vector<uint8_t> data(bytes_.begin() + static_cast<long>(offset_),
                              bytes_.begin() + static_cast<long>(offset_ + size));
    offset_ += size;
    return data;
  }

 private:
  std::span<const uint8_t> bytes_;
  size_t offset_ = 0;
};

void AppendUtf8(std::string& out, uint32_t code) {
  if (code < 0x80) {
    out += static_cast<char>(code);
  } else if (code < 0x800) {
    out += static_cast<char>(0xc0 | code >> 6);
    out += static_cast<char>(0x80 | (code & 0x3f));
  } else if (code < 0x10000) {
    out += static_cast<char>(0xe0 | code >> 12);
    out += static_cast<char>(0x80 | (code >> 6 & 0x3f));
    out += static_cast<char>(0x80 | (code & 0x3f));
  } else {
    out += static_cast<char>(0xf0 | code >> 18);
    out += static_cast<char>(0x80 | (code >> 12 & 0x3f));
    out += static_cast<char>(0x80 | (code >> 6 & 0x3f));
    out += static_cast<char>(0x80 | (code & 0x3f));
  }
}

bool IsStringType(uint32_t type) {
  return type == static_cast<uint32_t>(RegistryType::kSz) ||
         type == static_cast<uint32_t>(RegistryType::kExpandSz);
}

}  // namespace

std::string Utf16ToUtf8(std::span<const uint8_t> bytes) {
  std::string out;
  for (size_t i = 0; i + 1 < bytes.size(); i += 2) {
    uint32_t unit = static_cast<uint32_t>(bytes[i] | bytes[i + 1] << 8);
    if (unit >= 0xd800 && unit < 0xdc00 && i + 3 < bytes.size()) {
      const uint32_t low = static_cast<uint32_t>(bytes[i + 2] | bytes[i + 3] << 8);
      if (low >= 0xdc00 && low < 0xe000) {
        AppendUtf8(out, 0x10000 + ((unit - 0xd800) << 10) + (low - 0xdc00));
        i += 2;
        continue;
      }
    }
    if (unit >= 0xd800 && unit < 0xe000) unit = 0xfffd;
    AppendUtf8(out, unit);
  }
  return out;
}

Result<std::vector<RegistryEntry>> ParseRegistryPol(std::span<const uint8_t> bytes) {
  Reader reader(bytes);
  if (bytes.size() < 8 ||
      !std::equal(std::begin(kSignature), std::end(kSignature), bytes.begin())) {
    return Fail(reader.Problem("not a Registry.pol file (no \"PReg\" signature)"));
  }
  (void)reader.Bytes(4);
  auto version = reader.Dword("the version");
  if (!version) return Fail(version.error());
  if (*version != 1) {
    return Fail(ErrorCode::kInvalidArgument,
                "byte 4: version " + std::to_string(*version) + " is not supported (only 1)");
  }
  std::vector<RegistryEntry> entries;
  while (!reader.AtEnd()) {
    RegistryEntry entry{.offset = reader.offset()};
    HW_TRY(reader.Char(u'['));
    HW_ASSIGN_OR_RETURN(entry.key, reader.String("key"));
    HW_TRY(reader.Char(u';'));
    HW_ASSIGN_OR_RETURN(entry.value, reader.String("value name"));
    HW_TRY(reader.Char(u';'));
    HW_ASSIGN_OR_RETURN(entry.type, reader.Dword("the type"));
    HW_TRY(reader.Char(u';'));
    uint32_t size = 0;
    HW_ASSIGN_OR_RETURN(size, reader.Dword("the size"));
    HW_TRY(reader.Char(u';'));
    HW_ASSIGN_OR_RETURN(entry.data, reader.Bytes(size));
    HW_TRY(reader.Char(u']'));
    entries.push_back(std::move(entry));
  }
  return entries;
}

std::optional<uint32_t> AsDword(const RegistryEntry& entry) {
  if (entry.data.size() != 4) return std::nullopt;
  const auto& d = entry.data;
  if (entry.type == static_cast<uint32_t>(RegistryType::kDword)) {
    return static_cast<uint32_t>(d[0] | d[1] << 8 | d[2] << 16 | static_cast<uint32_t>(d[3]) << 24);
  }
  if (entry.type == static_cast<uint32_t>(RegistryType::kDwordBigEndian)) {
    return static_cast<uint32_t>(d[3] | d[2] << 8 | d[1] << 16 | static_cast<uint32_t>(d[0]) << 24);
  }
  return std::nullopt;
}

std::optional<std::string> AsString(const RegistryEntry& entry) {
  if (!IsStringType(entry.type)) return std::nullopt;
  std::string text = Utf16ToUtf8(entry.data);
  while (!text.empty() && text.back() == '\0') text.pop_back();
  return text;
}

std::optional<uint32_t> AsNumber(const RegistryEntry& entry) {
  if (auto dword = AsDword(entry)) return dword;
  const auto text = AsString(entry);
  if (!text || text->empty() || text->size() > 10) return std::nullopt;
  uint64_t value = 0;
  for (char c : *text) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + static_cast<uint64_t>(c - '0');
  }
  if (value > UINT32_MAX) return std::nullopt;
  return static_cast<uint32_t>(value);
}

std::optional<std::vector<std::string>> AsMultiString(const RegistryEntry& entry) {
  if (entry.type != static_cast<uint32_t>(RegistryType::kMultiSz)) return std::nullopt;
  std::vector<std::string> strings;
  std::string current;
  const std::string text = Utf16ToUtf8(entry.data);
  for (char c : text) {
    if (c != '\0') {
      current += c;
      continue;
    }
    if (!current.empty()) strings.push_back(std::move(current));
    current.clear();
  }
  if (!current.empty()) strings.push_back(std::move(current));
  return strings;
}

std::string TypeName(uint32_t type) {
  switch (static_cast<RegistryType>(type)) {
    case RegistryType::kNone:
      return "REG_NONE";
    case RegistryType::kSz:
      return "REG_SZ";
    case RegistryType::kExpandSz:
      return "REG_EXPAND_SZ";
    case RegistryType::kBinary:
      return "REG_BINARY";
    case RegistryType::kDword:
      return "REG_DWORD";
    case RegistryType::kDwordBigEndian:
      return "REG_DWORD_BIG_ENDIAN";
    case RegistryType::kMultiSz:
      return "REG_MULTI_SZ";
    case RegistryType::kQword:
      return "REG_QWORD";
  }
  return std::to_string(type);
}

}  // namespace hostwall::gpo
