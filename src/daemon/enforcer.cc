#include "daemon/enforcer.h"

#include "store/atomic_file.h"

namespace hostwall::daemon {

Result<void> Enforcer::Enforce(const policy::EffectiveProfile& effective,
                               const model::HostFacts& facts) {
  ruleset::Ruleset next = ruleset::Compile(effective, facts);
  if (applied_ && *applied_ == next) return Ok();
  std::optional<std::string> incremental;
  if (applied_) incremental = ruleset::IncrementalScript(*applied_, next);
  HW_TRY(kernel_.Run(incremental ? *incremental : ruleset::ReplaceScript(next)));
  ++(incremental ? incremental_applies_ : full_applies_);
  applied_ = std::move(next);
  known_good_stale_ = true;
  return Ok();
}

Result<void> Enforcer::SaveKnownGood() {
  if (!known_good_stale_) return Ok();
  HW_TRY(store::WriteFileAtomically(last_good_path_, ruleset::ReplaceScript(*applied_)));
  known_good_stale_ = false;
  return Ok();
}

}  // namespace hostwall::daemon
