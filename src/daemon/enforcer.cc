#include "daemon/enforcer.h"

#include "store/atomic_file.h"

namespace hostwall::daemon {

Result<void> Enforcer::Enforce(const policy::EffectiveProfile& effective,
                               const model::HostFacts& facts) {
  ruleset::Ruleset next = ruleset::Compile(effective, facts);
  if (applied_ && *applied_ == next) return Ok();
  std::optional<std::string> incremental;
  ruleset::TableObjects old;
  if (applied_) {
    incremental = ruleset::IncrementalScript(*applied_, next);
    old = applied_->objects;
  } else {
    // A new daemon: whatever an earlier one left is replaced in the same transaction.
    auto listed = kernel_.ListTable();
    if (!listed) return Fail(listed.error());
    old = std::move(*listed);
  }
  HW_TRY(kernel_.Run(incremental ? *incremental : ruleset::ReplaceScript(old, next)));
  if (incremental) ++incremental_applies_;
  applied_ = std::move(next);
  known_good_stale_ = true;
  return Ok();
}

Result<void> Enforcer::SaveKnownGood() {
  if (!known_good_stale_) return Ok();
  HW_TRY(store::WriteFileAtomically(last_good_path_, ruleset::BootScript(*applied_)));
  known_good_stale_ = false;
  return Ok();
}

}  // namespace hostwall::daemon
