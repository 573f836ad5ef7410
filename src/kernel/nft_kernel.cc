#include "kernel/nft_kernel.h"

#include <nftables/libnftables.h>

#include <string_view>

namespace hostwall::kernel {

Result<std::unique_ptr<NftKernel>> NftKernel::Create() {
  nft_ctx* context = nft_ctx_new(NFT_CTX_DEFAULT);
  if (context == nullptr) return Fail(ErrorCode::kKernel, "libnftables: cannot create a context");
  nft_ctx_buffer_output(context);
  nft_ctx_buffer_error(context);
  return std::unique_ptr<NftKernel>(new NftKernel(context));
}

NftKernel::~NftKernel() { nft_ctx_free(context_); }

Result<void> NftKernel::Run(const std::string& script) {
  if (nft_run_cmd_from_buffer(context_, script.c_str()) == 0) return Ok();
  std::string_view error = nft_ctx_get_error_buffer(context_);
  while (!error.empty() && error.back() == '\n') error.remove_suffix(1);
  return Fail(ErrorCode::kKernel, "nftables refused the ruleset: " + std::string(error));
}

}  // namespace hostwall::kernel
