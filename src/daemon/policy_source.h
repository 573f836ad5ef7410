// PolicySource: the Group Policy files of hostwalld's --policy-dir. Every `*.pol` file there
// applies, in name order, the later winning (name the local policy "00-local.pol" and domain
// policies after it). Removing a file removes its effect.
//
// A file that cannot be read or parsed leaves the whole previous policy in force (a policy is
// never half applied) and is reported until it is fixed.
// Not thread-safe: the daemon's event loop owns it.
#pragma once

#include <string>
#include <vector>

#include "gpo/firewall_policy.h"

namespace hostwall::daemon {

class PolicySource {
 public:
  explicit PolicySource(std::string dir) : dir_(std::move(dir)) {}

  // Reads the directory again when a file was added, removed or changed (or always, with
  // `force`). Returns true when the effective policy changed.
  bool Refresh(bool force);

  const gpo::FirewallPolicy& policy() const { return policy_; }

  // The policy the directory would give with one more file, applied last. Errors: a file that
  // cannot be read or parsed, with its byte offset.
  Result<gpo::FirewallPolicy> PreviewWith(std::span<const uint8_t> extra,
                                          const std::string& name) const;
  const std::vector<std::string>& files() const { return files_; }
  // Problems of the last read; empty when every file was applied.
  const std::vector<std::string>& problems() const { return problems_; }

 private:
  std::string dir_;
  std::string fingerprint_;  // names, sizes and modification times of the files last read
  std::vector<std::string> files_;
  gpo::FirewallPolicy policy_;
  std::vector<std::string> problems_;
};

}  // namespace hostwall::daemon
