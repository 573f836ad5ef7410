#include "kernel/nft_kernel.h"

#include <nftables/libnftables.h>

#include <nlohmann/json.hpp>
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

Result<ruleset::TableObjects> NftKernel::ListTable() {
  // Terse JSON: names and hooks, without the elements of large sets.
  const unsigned flags = nft_ctx_output_get_flags(context_);
  nft_ctx_output_set_flags(context_, flags | NFT_CTX_OUTPUT_JSON | NFT_CTX_OUTPUT_TERSE);
  const std::string command = std::string("list table inet ") + ruleset::kTableName;
  const int rc = nft_run_cmd_from_buffer(context_, command.c_str());
  nft_ctx_output_set_flags(context_, flags);
  ruleset::TableObjects objects;
  if (rc != 0) {
    nft_ctx_get_error_buffer(context_);  // reading it empties it for the next command
    return objects;                      // no table yet
  }
  try {
    const auto listing = nlohmann::json::parse(nft_ctx_get_output_buffer(context_));
    for (const auto& item : listing.at("nftables")) {
      if (item.contains("chain") && !item["chain"].contains("hook")) {
        objects.chains.push_back(item["chain"].at("name").get<std::string>());
      } else if (item.contains("set")) {
        objects.sets.push_back(item["set"].at("name").get<std::string>());
      } else if (item.contains("map")) {
        objects.maps.push_back(item["map"].at("name").get<std::string>());
      }
    }
  } catch (const nlohmann::json::exception& e) {
    return Fail(ErrorCode::kKernel, std::string("cannot read the nft listing: ") + e.what());
  }
  return objects;
}

}  // namespace hostwall::kernel
