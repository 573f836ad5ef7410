#include "model/scope.h"

#include <algorithm>

#include "core/text.h"

namespace hostwall::model {
namespace {

constexpr std::string_view kLocalSubnetToken = "LocalSubnet";
// The spelling XP writes to the registry.
constexpr std::string_view kLocalSubnetPrinted = "LocalSubNet";

Result<Scope> ParseList(std::string_view text) {
  Scope scope{.kind = ScopeKind::kCustom};
  for (const std::string& raw : Split(text, ',')) {
    const std::string_view entry = Trim(raw);
    if (entry.empty()) {
      return Fail(ErrorCode::kInvalidArgument,
                  "the address list '" + std::string(text) + "' has an empty entry");
    }
    if (entry == "*") {
      return Fail(ErrorCode::kInvalidArgument, "'*' must be the only entry of an address list");
    }
    if (EqualsIgnoreCase(entry, kLocalSubnetToken)) {
      scope.local_subnet = true;
      continue;
    }
    auto network = ParseIpNetwork(entry);
    if (!network) return Fail(network.error());
    scope.networks.push_back(*network);
  }
  std::sort(scope.networks.begin(), scope.networks.end());
  scope.networks.erase(std::unique(scope.networks.begin(), scope.networks.end()),
                       scope.networks.end());
  if (scope.networks.empty()) return Scope::Subnet();
  return scope;
}

}  // namespace

Result<Scope> ParseScopeText(std::string_view text) {
  const std::string_view trimmed = Trim(text);
  if (trimmed == "*") return Scope::All();
  return ParseList(trimmed);
}

Result<Scope> ParseCustomAddresses(std::string_view text) {
  const std::string_view trimmed = Trim(text);
  if (trimmed == "*") {
    return Fail(ErrorCode::kInvalidArgument,
                "'*' is not a custom address list; use scope=ALL for any computer");
  }
  return ParseList(trimmed);
}

std::string FormatScopeText(const Scope& scope) {
  switch (scope.kind) {
    case ScopeKind::kAll:
      return "*";
    case ScopeKind::kSubnet:
      return std::string(kLocalSubnetPrinted);
    case ScopeKind::kCustom:
      break;
  }
  std::vector<std::string> parts;
  for (const IpNetwork& network : scope.networks) parts.push_back(FormatIpNetwork(network));
  if (scope.local_subnet) parts.emplace_back(kLocalSubnetPrinted);
  return Join(parts, ",");
}

}  // namespace hostwall::model
