#include "events/log_writer.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>

#include "events/pfirewall_log.h"
#include "store/atomic_file.h"
#include "support/temp_dir.h"

namespace hostwall::events {
namespace {

using testing_support::TempDir;

std::string Read(const std::string& path) { return store::ReadWholeFile(path).value_or("(none)"); }

TEST(LogWriterTest, StartsWithTheHeaderInPrivateModes) {
  TempDir dir;
  const std::string path = dir / "log/sub/pfirewall.log";
  auto writer = LogWriter::Open(path, 4096);
  ASSERT_TRUE(writer) << writer.error().message();
  ASSERT_TRUE(writer->Append("a line\n"));
  EXPECT_EQ(Read(path), std::string(LogHeader()));  // buffered until flushed
  ASSERT_TRUE(writer->Flush());
  EXPECT_EQ(Read(path), std::string(LogHeader()) + "a line\n");
  struct stat st {};
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0640u);
  // Reopening appends; the header is not written twice.
  auto again = LogWriter::Open(path, 4096);
  ASSERT_TRUE(again);
  ASSERT_TRUE(again->Append("b\n"));
  ASSERT_TRUE(again->Flush());
  EXPECT_EQ(Read(path), std::string(LogHeader()) + "a line\nb\n");
}

TEST(LogWriterTest, RotatesToOldAtTheMaximumSize) {
  TempDir dir;
  const std::string path = dir / "pfirewall.log";
  auto writer = LogWriter::Open(path, 1);
  ASSERT_TRUE(writer);
  const std::string line(100, 'x');
  std::string written = std::string(LogHeader());
  while (written.size() + line.size() + 1 <= 1024) {
    ASSERT_TRUE(writer->Append(line + "\n"));
    written += line + "\n";
  }
  ASSERT_TRUE(writer->Flush());
  EXPECT_EQ(Read(path), written);
  ASSERT_TRUE(writer->Append("first of the new file\n"));
  ASSERT_TRUE(writer->Flush());
  EXPECT_EQ(Read(path + ".old"), written);
  EXPECT_EQ(Read(path), std::string(LogHeader()) + "first of the new file\n");
  // The next rotation replaces the earlier .old.
  for (int i = 0; i < 12; ++i) ASSERT_TRUE(writer->Append(line + "\n"));
  ASSERT_TRUE(writer->Flush());
  EXPECT_EQ(Read(path + ".old").rfind(std::string(LogHeader()) + "first of the new file\n", 0), 0u);
  EXPECT_LE(std::filesystem::file_size(path), 1024u);
}

TEST(LogWriterTest, RefusesRelativePathsAndLinks) {
  auto relative = LogWriter::Open("pfirewall.log", 4096);
  ASSERT_FALSE(relative);
  EXPECT_NE(relative.error().message().find("must be an absolute path"), std::string::npos);
  TempDir dir;
  const std::string target = dir / "elsewhere";
  ASSERT_TRUE(store::WriteFileAtomically(target, "secret\n"));
  std::filesystem::create_symlink(target, dir / "pfirewall.log");
  auto linked = LogWriter::Open(dir / "pfirewall.log", 4096);
  ASSERT_FALSE(linked);
  EXPECT_EQ(linked.error().code(), ErrorCode::kIo);
  EXPECT_EQ(Read(target), "secret\n");
}

}  // namespace
}  // namespace hostwall::events
