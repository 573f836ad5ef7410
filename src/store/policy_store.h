// PolicyStore: the durable home of the local policy in the state directory.
//
//   policy.json     a snapshot: the policy, plus the sequence number of the last journal record
//                   it includes; always replaced whole (store/atomic_file.h)
//   policy.journal  the changes made since, one record each (store/journal.h)
//
// A change costs one small append and fdatasync whatever the size of the policy; after
// kCompactAfter records the snapshot is rewritten and the journal emptied. A crash at any
// moment leaves the last acknowledged state or the one being written, never a mix.
//
// Loading never loses data silently. Missing files mean a first start: the XP defaults. A
// snapshot that cannot be read is moved aside to `policy.json.corrupt-<UTC time>` (with its
// journal), and the store starts from the XP defaults (firewall on). A journal damaged before
// its end keeps the state up to the damage, and is moved aside likewise. Either way the
// problem is returned so that the daemon reports it.
// Not thread-safe: the daemon's single event loop owns it.
#pragma once

#include <optional>
#include <string>

#include "core/error.h"
#include "model/policy.h"
#include "store/change_record.h"
#include "store/journal.h"

namespace hostwall::store {

struct LoadedPolicy {
  model::LocalPolicy policy;
  std::optional<std::string> problem;
};

class PolicyStore {
 public:
  static constexpr size_t kCompactAfter = 1000;

  // Creates the state directory (0750) when missing and loads what it holds. Errors: kIo when
  // the directory or files cannot be used at all.
  static Result<PolicyStore> Open(const std::string& state_dir, LoadedPolicy& loaded);

  // Makes `change` durable. `after` is the policy with the change applied, written as the new
  // snapshot when the journal is due for compaction. Errors: kIo; the change is then not stored.
  Result<void> Record(const ChangeRecord& change, const model::LocalPolicy& after);
  // Stores `policy` whole (an import): a new snapshot and an empty journal. Errors: kIo.
  Result<void> Replace(const model::LocalPolicy& policy);

  const std::string& path() const { return snapshot_path_; }

 private:
  PolicyStore(std::string snapshot_path, std::string journal_path, Journal journal,
              uint64_t sequence)
      : snapshot_path_(std::move(snapshot_path)),
        journal_path_(std::move(journal_path)),
        journal_(std::move(journal)),
        sequence_(sequence) {}

  std::string snapshot_path_;
  std::string journal_path_;
  Journal journal_;
  uint64_t sequence_;  // of the last durable record
  size_t journal_records_ = 0;
};

}  // namespace hostwall::store
