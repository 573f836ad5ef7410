#include "gpo/registry_pol.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>

#include "core/text.h"
#include "store/atomic_file.h"

namespace hostwall::gpo {
namespace {

// The shared/ folder beside the repository holds real files with text dumps.
const std::filesystem::path kRealFiles = SHARED_DIR "/data/registry-pol";

std::vector<uint8_t> Bytes(const std::string& text) { return {text.begin(), text.end()}; }

// The dump's rendering of an entry: key, value, type, size, data.
std::string DumpLine(const RegistryEntry& entry) {
  std::string data;
  if (auto dword = AsDword(entry);
      dword && entry.type == static_cast<uint32_t>(RegistryType::kDword)) {
    data = std::to_string(*dword);
  } else if (auto text = AsString(entry)) {
    data = *text;
  } else if (auto strings = AsMultiString(entry)) {
    data = Join(*strings, "|");
  } else {
    data = EncodeHex(entry.data);
  }
  return entry.key + "\t" + entry.value + "\t" + TypeName(entry.type) + "\t" +
         std::to_string(entry.data.size()) + "\t" + data;
}

// A little-endian UTF-16 instruction, for hand-made files.
std::string Utf16(const std::string& ascii) {
  std::string out;
  for (char c : ascii) {
    out += c;
    out += '\0';
  }
  return out;
}

std::string Instruction(const std::string& key, const std::string& value, uint32_t type,
                        const std::string& data) {
  auto dword = [](uint32_t v) {
    return std::string{static_cast<char>(v), static_cast<char>(v >> 8), static_cast<char>(v >> 16),
                       static_cast<char>(v >> 24)};
  };
  return Utf16("[") + Utf16(key) + std::string(2, '\0') + Utf16(";") + Utf16(value) +
         std::string(2, '\0') + Utf16(";") + dword(type) + Utf16(";") +
         dword(static_cast<uint32_t>(data.size())) + Utf16(";") + data + Utf16("]");
}

const std::string kHeader = std::string("PReg\x01\0\0\0", 8);

TEST(RegistryPolTest, EveryRealFileParsesAndMatchesItsDump) {
  if (!std::filesystem::exists(kRealFiles)) GTEST_SKIP() << kRealFiles << " is not here";
  int files = 0;
  for (const auto& item : std::filesystem::directory_iterator(kRealFiles)) {
    if (item.path().extension() != ".pol") continue;
    ++files;
    const std::string bytes = store::ReadWholeFile(item.path()).value();
    auto entries = ParseRegistryPol(Bytes(bytes));
    ASSERT_TRUE(entries) << item.path() << ": " << entries.error().message();
    const std::string dump = store::ReadWholeFile(item.path().string() + ".txt").value();
    std::vector<std::string> lines = Split(dump, '\n');
    while (!lines.empty() && lines.back().empty()) lines.pop_back();
    ASSERT_EQ(lines.front(), "# PReg version 1");
    ASSERT_EQ(lines.size() - 1, entries->size()) << item.path();
    for (size_t i = 0; i < entries->size(); ++i) {
      EXPECT_EQ(DumpLine((*entries)[i]), lines[i + 1]) << item.path() << " entry " << i;
    }
  }
  EXPECT_EQ(files, 7);
}

TEST(RegistryPolTest, ReadsEveryValueType) {
  const std::string file =
      kHeader + Instruction("K", "sz", 1, Utf16("hello") + std::string(2, '\0')) +
      Instruction("K", "expand", 2, Utf16("%WINDIR%") + std::string(2, '\0')) +
      Instruction("K", "bin", 3, "\x01\xff") +
      Instruction("K", "dw", 4, std::string("\x39\x05\0\0", 4)) +
      Instruction("K", "dwbe", 5, std::string("\0\0\x05\x39", 4)) +
      Instruction("K", "multi", 7,
                  Utf16("a") + std::string(2, '\0') + Utf16("b") + std::string(4, '\0')) +
      Instruction("K", "qw", 11, std::string(8, '\x01')) + Instruction("Key\\Only", "", 0, "");
  auto entries = ParseRegistryPol(Bytes(file));
  ASSERT_TRUE(entries) << entries.error().message();
  ASSERT_EQ(entries->size(), 8u);
  EXPECT_EQ(AsString((*entries)[0]), "hello");
  EXPECT_EQ(AsString((*entries)[1]), "%WINDIR%");
  EXPECT_EQ((*entries)[2].data, (std::vector<uint8_t>{0x01, 0xff}));
  EXPECT_EQ(AsDword((*entries)[3]), 1337u);
  EXPECT_EQ(AsDword((*entries)[4]), 1337u);
  EXPECT_EQ(AsMultiString((*entries)[5]), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(TypeName((*entries)[6].type), "REG_QWORD");
  EXPECT_EQ((*entries)[7].key, "Key\\Only");
  EXPECT_EQ((*entries)[7].value, "");
  EXPECT_EQ(AsNumber((*entries)[3]), 1337u);
}

TEST(RegistryPolTest, NumbersMayBeStrings) {
  auto entries = ParseRegistryPol(
      Bytes(kHeader + Instruction("K", "v", 1, Utf16("0") + std::string(2, '\0'))));
  ASSERT_TRUE(entries);
  EXPECT_EQ(AsNumber((*entries)[0]), 0u);
  EXPECT_FALSE(AsDword((*entries)[0]));
}

TEST(RegistryPolTest, Utf16SurrogatesAndStrays) {
  const std::string pair("\x3d\xd8\x00\xde", 4);  // U+1F600
  EXPECT_EQ(Utf16ToUtf8(Bytes(pair)), "\xf0\x9f\x98\x80");
  EXPECT_EQ(Utf16ToUtf8(Bytes(std::string("\x3d\xd8", 2))), "\xef\xbf\xbd");
  EXPECT_EQ(Utf16ToUtf8(Bytes(std::string("\xe9\x00", 2))), "\xc3\xa9");
}

TEST(RegistryPolTest, MalformedFilesNameTheOffsetAndYieldNothing) {
  struct Case {
    std::string file;
    std::string message;
  };
  const std::string good = Instruction("K", "v", 4, std::string(4, '\0'));
  const std::vector<Case> cases = {
      {"", "byte 0: not a Registry.pol file"},
      {std::string("PReg\x02\0\0\0", 8), "byte 4: version 2 is not supported"},
      {kHeader + "x", "byte 8: the file ends where '[' belongs"},
      {kHeader + good + Utf16("{"), "byte " + std::to_string(8 + good.size()) + ": expected '['"},
      {kHeader + good.substr(0, 4), "byte 10: the key has no terminating NUL"},
      {kHeader + good.substr(0, good.size() - 1), "the file ends where ']' belongs"},
      {kHeader + Instruction("K", "v", 4, std::string(4, '\0')).replace(20, 4, "\xff\xff\0\0", 4),
       "but the file has"},
  };
  for (const Case& c : cases) {
    auto entries = ParseRegistryPol(Bytes(c.file));
    ASSERT_FALSE(entries) << c.message;
    EXPECT_NE(entries.error().message().find(c.message), std::string::npos)
        << entries.error().message();
  }
}

// A bounded fuzz run under ctest: mutations of the real files never crash the reader, and an
// error always names an offset inside the file. (tests/fuzz/ has the libFuzzer target.)
TEST(RegistryPolTest, MutatedFilesNeverCrashTheReader) {
  if (!std::filesystem::exists(kRealFiles)) GTEST_SKIP() << kRealFiles << " is not here";
  std::mt19937 random(42);
  for (const auto& item : std::filesystem::directory_iterator(kRealFiles)) {
    if (item.path().extension() != ".pol") continue;
    const std::string original = store::ReadWholeFile(item.path()).value();
    for (int round = 0; round < 300; ++round) {
      std::string bytes = original;
      const int edits = 1 + static_cast<int>(random() % 8);
      for (int e = 0; e < edits && !bytes.empty(); ++e) {
        const size_t at = random() % bytes.size();
        switch (random() % 3) {
          case 0:
            bytes[at] = static_cast<char>(random());
            break;
          case 1:
            bytes.erase(at, 1 + random() % 16);
            break;
          default:
            bytes.resize(at);
        }
      }
      auto entries = ParseRegistryPol(Bytes(bytes));
      if (!entries) {
        const std::string& message = entries.error().message();
        ASSERT_EQ(message.rfind("byte ", 0), 0u) << message;
        EXPECT_LE(std::stoul(message.substr(5)), bytes.size()) << message;
      }
    }
  }
}

}  // namespace
}  // namespace hostwall::gpo
