#include "store/policy_store.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "netsh/lexer.h"
#include "store/atomic_file.h"
#include "support/temp_dir.h"

namespace hostwall::store {
namespace {

using testing_support::TempDir;

ChangeRecord Change(const char* line) {
  return {.commands = {*netsh::LexLine(line)},
          .facts = {.current_profile = model::Profile::kStandard, .interfaces = {"lan0"}}};
}

class PolicyStoreTest : public testing::Test {
 protected:
  // Opens the store and returns what it loaded.
  LoadedPolicy Reopen() {
    LoadedPolicy loaded;
    auto opened = PolicyStore::Open(dir_.path(), loaded);
    EXPECT_TRUE(opened) << opened.error().message();
    store_.emplace(std::move(*opened));
    return loaded;
  }

  // Records `line` against `policy` and applies it there, as the daemon does.
  void Record(const char* line, model::LocalPolicy& policy) {
    const ChangeRecord change = Change(line);
    ASSERT_TRUE(ReplayChange(change, policy));
    ASSERT_TRUE(store_->Record(change, policy));
  }

  std::string Journal() { return ReadWholeFile(dir_ / "policy.journal").value_or(""); }

  TempDir dir_;
  std::optional<PolicyStore> store_;
};

TEST_F(PolicyStoreTest, AFirstStartHasTheDefaults) {
  const LoadedPolicy loaded = Reopen();
  EXPECT_EQ(loaded.policy, model::XpDefaults());
  EXPECT_FALSE(loaded.problem);
}

TEST_F(PolicyStoreTest, RecordedChangesReplayAfterARestart) {
  model::LocalPolicy policy = Reopen().policy;
  Record("add portopening TCP 80 web", policy);
  Record("set opmode disable interface=lan0", policy);
  Record("delete portopening TCP 80", policy);
  Record("add allowedprogram /usr/bin/app App", policy);
  const LoadedPolicy loaded = Reopen();
  EXPECT_FALSE(loaded.problem);
  EXPECT_EQ(loaded.policy, policy);
}

TEST_F(PolicyStoreTest, ATornLastRecordWasNeverAcknowledgedAndIsDropped) {
  model::LocalPolicy policy = Reopen().policy;
  Record("add portopening TCP 80 web", policy);
  const model::LocalPolicy acknowledged = policy;
  std::ofstream(dir_ / "policy.journal", std::ios::app) << "0badc0de 2 {\"comm";
  const LoadedPolicy loaded = Reopen();
  EXPECT_FALSE(loaded.problem);
  EXPECT_EQ(loaded.policy, acknowledged);
  // The tail is cut, so the next record starts on a clean line.
  Record("add portopening TCP 81 web", policy);
  EXPECT_EQ(Reopen().policy, policy);
}

TEST_F(PolicyStoreTest, DamageBeforeTheEndKeepsTheStateBeforeItAndSaysSo) {
  model::LocalPolicy policy = Reopen().policy;
  Record("add portopening TCP 80 web", policy);
  const model::LocalPolicy before_damage = policy;
  Record("add portopening TCP 81 web", policy);
  Record("add portopening TCP 82 web", policy);
  std::string journal = Journal();
  journal[journal.find("w:81") + 2] = '9';  // the checksum no longer matches
  ASSERT_TRUE(WriteFileAtomically(dir_ / "policy.journal", journal));
  const LoadedPolicy loaded = Reopen();
  ASSERT_TRUE(loaded.problem);
  EXPECT_NE(loaded.problem->find("is damaged"), std::string::npos) << *loaded.problem;
  EXPECT_EQ(loaded.policy, before_damage);
  EXPECT_FALSE(Reopen().problem);  // moved aside, and the recovered state is a snapshot now
  bool moved_aside = false;
  for (const auto& entry : std::filesystem::directory_iterator(dir_.path())) {
    moved_aside |= entry.path().filename().string().rfind("policy.journal.corrupt-", 0) == 0;
  }
  EXPECT_TRUE(moved_aside);
}

TEST_F(PolicyStoreTest, CompactionFoldsTheJournalIntoTheSnapshot) {
  model::LocalPolicy policy = Reopen().policy;
  for (size_t i = 0; i < PolicyStore::kCompactAfter + 5; ++i) {
    Record(("add portopening UDP " + std::to_string(1000 + i) + " p").c_str(), policy);
  }
  const std::string journal = Journal();
  EXPECT_EQ(std::count(journal.begin(), journal.end(), '\n'), 5);
  EXPECT_EQ(Reopen().policy, policy);
}

TEST_F(PolicyStoreTest, ReplaceStartsAFreshJournal) {
  model::LocalPolicy policy = Reopen().policy;
  Record("add portopening TCP 80 web", policy);
  model::LocalPolicy imported = model::XpDefaults();
  imported.logging.max_file_size_kb = 10;
  ASSERT_TRUE(store_->Replace(imported));
  EXPECT_EQ(Journal(), "");
  Record("set logging maxfilesize=20", imported);
  EXPECT_EQ(Reopen().policy, imported);
}

TEST_F(PolicyStoreTest, ACorruptSnapshotIsMovedAsideWithItsJournal) {
  model::LocalPolicy policy = Reopen().policy;
  Record("set opmode disable", policy);
  std::ofstream(dir_ / "policy.json") << "{\"schema_version\": 1";
  const LoadedPolicy loaded = Reopen();
  ASSERT_TRUE(loaded.problem);
  EXPECT_NE(loaded.problem->find("could not be loaded (not valid JSON"), std::string::npos);
  EXPECT_NE(loaded.problem->find("firewall on"), std::string::npos);
  EXPECT_EQ(loaded.policy, model::XpDefaults());
}

TEST(ChangeRecordTest, RoundTripsThroughJson) {
  const ChangeRecord record = Change("add portopening TCP 80 name=\"a=b\" profile = domain");
  auto decoded = DecodeChangeRecord(EncodeChangeRecord(record));
  ASSERT_TRUE(decoded);
  EXPECT_EQ(decoded->commands, record.commands);
  EXPECT_EQ(decoded->facts.interfaces, record.facts.interfaces);
  EXPECT_FALSE(DecodeChangeRecord({{"commands", {{"x:bad"}}},
                                   {"current_profile", "Standard"},
                                   {"interfaces", nlohmann::json::array()}}));
}

}  // namespace
}  // namespace hostwall::store
