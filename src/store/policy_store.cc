#include "store/policy_store.h"

#include <cstdio>
#include <ctime>

#include "store/atomic_file.h"
#include "store/policy_codec.h"

namespace hostwall::store {
namespace {

std::string UtcStamp() {
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char buffer[32];
  std::strftime(buffer, sizeof(buffer), "%Y%m%dT%H%M%SZ", &utc);
  return buffer;
}

}  // namespace

Result<PolicyStore> PolicyStore::Open(const std::string& state_dir) {
  HW_TRY(MakeDirectories(state_dir, 0750));
  return PolicyStore(state_dir + "/policy.json");
}

Result<LoadedPolicy> PolicyStore::Load() const {
  auto text = ReadWholeFile(path_);
  if (!text && text.error().code() == ErrorCode::kNotFound) {
    return LoadedPolicy{.policy = model::XpDefaults()};
  }
  Result<model::LocalPolicy> policy =
      text ? DecodePolicyText(*text) : Result<model::LocalPolicy>(Fail(text.error()));
  if (policy) return LoadedPolicy{.policy = std::move(*policy)};

  const std::string aside = path_ + ".corrupt-" + UtcStamp();
  std::string problem = "the stored configuration " + path_ + " could not be loaded (" +
                        policy.error().message() + ")";
  if (std::rename(path_.c_str(), aside.c_str()) == 0) {
    problem += "; it was moved to " + aside;
  } else {
    problem += "; it could not be moved aside and will be replaced by the next change";
  }
  problem += "; the firewall started with the Windows XP SP2 defaults (firewall on)";
  return LoadedPolicy{.policy = model::XpDefaults(), .problem = std::move(problem)};
}

Result<void> PolicyStore::Save(const model::LocalPolicy& policy) const {
  return WriteFileAtomically(path_, EncodePolicyText(policy));
}

}  // namespace hostwall::store
