#include "store/policy_store.h"

#include <cstdio>
#include <ctime>

#include "store/atomic_file.h"
#include "store/policy_codec.h"

namespace hostwall::store {
namespace {

using nlohmann::json;

constexpr const char* kSequenceKey = "journal_sequence";

std::string UtcStamp() {
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char buffer[32];
  std::strftime(buffer, sizeof(buffer), "%Y%m%dT%H%M%SZ", &utc);
  return buffer;
}

// Renames `path` out of the way; returns a sentence saying where it went.
std::string MoveAside(const std::string& path) {
  const std::string aside = path + ".corrupt-" + UtcStamp();
  if (std::rename(path.c_str(), aside.c_str()) == 0) return "it was moved to " + aside;
  return "it could not be moved aside and will be replaced";
}

struct Snapshot {
  model::LocalPolicy policy;
  uint64_t sequence = 0;
};

Result<Snapshot> ReadSnapshot(const std::string& path) {
  auto text = ReadWholeFile(path);
  if (!text) {
    if (text.error().code() == ErrorCode::kNotFound) return Snapshot{.policy = model::XpDefaults()};
    return Fail(text.error());
  }
  json document;
  try {
    document = json::parse(*text);
  } catch (const json::parse_error& e) {
    return Fail(ErrorCode::kCorrupt, "not valid JSON at byte " + std::to_string(e.byte));
  }
  Snapshot snapshot;
  if (document.is_object() && document.contains(kSequenceKey)) {
    if (!document[kSequenceKey].is_number_unsigned()) {
      return Fail(ErrorCode::kCorrupt, std::string(kSequenceKey) + " is not a number");
    }
    snapshot.sequence = document[kSequenceKey].get<uint64_t>();
    document.erase(kSequenceKey);
  }
  auto policy = DecodePolicy(document);
  if (!policy) return Fail(ErrorCode::kCorrupt, policy.error().message());
  snapshot.policy = std::move(*policy);
  return snapshot;
}

Result<void> WriteSnapshot(const std::string& path, const model::LocalPolicy& policy,
                           uint64_t sequence) {
  json document = EncodePolicy(policy);
  document[kSequenceKey] = sequence;
  return WriteFileAtomically(path,
                             document.dump(1, ' ', false, json::error_handler_t::replace) + "\n");
}

// Replays the journal's records newer than the snapshot. Returns a problem sentence when a
// record is damaged or does not apply; `snapshot` then holds the state before it.
std::optional<std::string> Replay(const JournalContents& journal, Snapshot& snapshot) {
  for (const JournalEntry& entry : journal.entries) {
    if (entry.sequence <= snapshot.sequence) continue;  // already in the snapshot
    if (entry.sequence != snapshot.sequence + 1) {
      return "the journal skips from record " + std::to_string(snapshot.sequence) + " to " +
             std::to_string(entry.sequence);
    }
    auto record = DecodeChangeRecord(entry.record);
    model::LocalPolicy next = snapshot.policy;
    Result<void> replayed = record ? ReplayChange(*record, next) : Fail(record.error());
    if (!replayed)
      return "record " + std::to_string(entry.sequence) + ": " + replayed.error().message();
    snapshot.policy = std::move(next);
    snapshot.sequence = entry.sequence;
  }
  return journal.corruption;
}

}  // namespace

Result<PolicyStore> PolicyStore::Open(const std::string& state_dir, LoadedPolicy& loaded) {
  HW_TRY(MakeDirectories(state_dir, 0750));
  const std::string snapshot_path = state_dir + "/policy.json";
  const std::string journal_path = state_dir + "/policy.journal";

  auto snapshot = ReadSnapshot(snapshot_path);
  if (!snapshot) {
    loaded.problem = "the stored configuration " + snapshot_path + " could not be loaded (" +
                     snapshot.error().message() + "); " + MoveAside(snapshot_path) +
                     "; the firewall started with the Windows XP SP2 defaults (firewall on)";
    (void)MoveAside(journal_path);  // its records belong to the lost snapshot
    snapshot = Snapshot{.policy = model::XpDefaults()};
  }
  auto journal = Journal::Read(journal_path);
  if (!journal) return Fail(journal.error());
  size_t keep_bytes = journal->intact_bytes;
  if (auto damage = Replay(*journal, *snapshot)) {
    loaded.problem = "the change journal " + journal_path + " is damaged (" + *damage +
                     "); the settings before the damage were kept; " + MoveAside(journal_path);
    HW_TRY(WriteSnapshot(snapshot_path, snapshot->policy, snapshot->sequence));
    keep_bytes = 0;
  }
  auto appender = Journal::OpenForAppend(journal_path, keep_bytes);
  if (!appender) return Fail(appender.error());
  PolicyStore store(snapshot_path, journal_path, std::move(*appender), snapshot->sequence);
  store.journal_records_ = journal->entries.size();
  loaded.policy = std::move(snapshot->policy);
  return store;
}

Result<void> PolicyStore::Record(const ChangeRecord& change, const model::LocalPolicy& after) {
  HW_TRY(journal_.Append(sequence_ + 1, EncodeChangeRecord(change)));
  ++sequence_;
  if (++journal_records_ >= kCompactAfter) {
    // The change is already durable; a failed compaction only postpones the next one.
    if (WriteSnapshot(snapshot_path_, after, sequence_) && journal_.Clear()) journal_records_ = 0;
  }
  return Ok();
}

Result<void> PolicyStore::Replace(const model::LocalPolicy& policy) {
  HW_TRY(WriteSnapshot(snapshot_path_, policy, sequence_));
  HW_TRY(journal_.Clear());
  journal_records_ = 0;
  return Ok();
}

}  // namespace hostwall::store
