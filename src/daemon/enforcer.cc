#include "daemon/enforcer.h"

#include "store/atomic_file.h"

namespace hostwall::daemon {

Result<void> Enforcer::Enforce(const policy::EffectiveProfile& effective,
                               const model::HostFacts& facts) {
  ruleset::Ruleset next = ruleset::Compile(effective, facts);
  if (applied_ && *applied_ == next) return Ok();
  const std::string full = ruleset::ReplaceScript(next);
  std::optional<std::string> incremental;
  if (applied_) incremental = ruleset::IncrementalScript(*applied_, next);
  HW_TRY(kernel_.Run(incremental ? *incremental : full));
  ++(incremental ? incremental_applies_ : full_applies_);
  applied_ = std::move(next);
  return store::WriteFileAtomically(last_good_path_, full);
}

}  // namespace hostwall::daemon
