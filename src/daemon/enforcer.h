// Enforcer: keeps the kernel's hostwall table equal to the ruleset of the current settings.
//
// The first apply, and any apply whose table shape changed, replaces the whole table in one
// transaction: the kernel never holds an empty or partial ruleset, and established connections
// survive (their conntrack entries do not belong to the table). A change that only adds,
// removes or re-scopes port exceptions is a transaction of those map elements alone. After each
// apply the full script becomes the last known-good ruleset, which the boot-time unit loads
// before the network comes up (dist/systemd/); it is written by SaveKnownGood, off the path of
// the change itself, so that a burst of changes costs one write.
// Not thread-safe: the daemon's event loop owns it.
#pragma once

#include <optional>
#include <string>

#include "core/error.h"
#include "kernel/nft_kernel.h"
#include "ruleset/ruleset.h"

namespace hostwall::daemon {

class Enforcer {
 public:
  Enforcer(kernel::FirewallKernel& kernel, std::string last_good_path)
      : kernel_(kernel), last_good_path_(std::move(last_good_path)) {}

  // Errors: kKernel when nft refused the transaction; the kernel keeps the previous table.
  Result<void> Enforce(const policy::EffectiveProfile& effective, const model::HostFacts& facts);

  // Writes the known-good copy if the table changed since the last write. Errors: kIo.
  Result<void> SaveKnownGood();

  // Incremental transactions so far (the rest were full replacements), for benchmarks.
  size_t incremental_applies() const { return incremental_applies_; }

 private:
  kernel::FirewallKernel& kernel_;
  std::string last_good_path_;
  std::optional<ruleset::Ruleset> applied_;
  bool known_good_stale_ = false;
  size_t incremental_applies_ = 0;
};

}  // namespace hostwall::daemon
