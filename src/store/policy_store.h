// PolicyStore: the durable home of the local policy, `<state dir>/policy.json`.
//
// Loading never loses data silently. A missing file means a first start: the XP defaults. A
// file that cannot be read or decoded is moved aside to `policy.json.corrupt-<UTC time>` and the
// store starts from the XP defaults (firewall on); the problem is returned so that the daemon
// reports it. Saving is atomic (store/atomic_file.h).
// Not thread-safe: the daemon's single event loop owns it.
#pragma once

#include <optional>
#include <string>

#include "core/error.h"
#include "model/policy.h"

namespace hostwall::store {

struct LoadedPolicy {
  model::LocalPolicy policy;
  std::optional<std::string> problem;  // set when the stored file had to be moved aside
};

class PolicyStore {
 public:
  // Creates the state directory (0750) when missing. Errors: kIo.
  static Result<PolicyStore> Open(const std::string& state_dir);

  Result<LoadedPolicy> Load() const;
  Result<void> Save(const model::LocalPolicy& policy) const;

  const std::string& path() const { return path_; }

 private:
  explicit PolicyStore(std::string path) : path_(std::move(path)) {}
  std::string path_;
};

}  // namespace hostwall::store
