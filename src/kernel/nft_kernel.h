// NftKernel: runs nft scripts in the kernel of the calling thread's network namespace through
// libnftables. Each Run is one netlink batch, so the kernel applies all of it or none of it.
// Not thread-safe.
#pragma once

#include <memory>
#include <string>

#include "core/error.h"
#include "ruleset/ruleset.h"

struct nft_ctx;

namespace hostwall::kernel {

// The seam between the daemon and the kernel, so that daemon logic is tested without one.
class FirewallKernel {
 public:
  virtual ~FirewallKernel() = default;
  // Runs one transaction. Errors: kKernel with what nft reported; nothing was applied.
  virtual Result<void> Run(const std::string& script) = 0;
  // The objects of our table now in the kernel (none when there is no table), so that the
  // first apply of a new daemon can replace what an earlier one left. Errors: kKernel.
  virtual Result<ruleset::TableObjects> ListTable() = 0;
};

class NftKernel : public FirewallKernel {
 public:
  // Errors: kKernel when libnftables cannot make a context.
  static Result<std::unique_ptr<NftKernel>> Create();
  ~NftKernel() override;

  Result<void> Run(const std::string& script) override;
  Result<ruleset::TableObjects> ListTable() override;

 private:
  explicit NftKernel(nft_ctx* context) : context_(context) {}
  nft_ctx* context_;
};

}  // namespace hostwall::kernel
