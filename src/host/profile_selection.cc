#include "host/profile_selection.h"

#include <algorithm>
#include <sstream>

#include "core/text.h"

namespace hostwall::host {
namespace {

std::string Normalized(std::string_view name) {
  std::string out = ToLower(Trim(name));
  while (!out.empty() && out.back() == '.') out.pop_back();
  return out;
}

}  // namespace

std::vector<std::string> SearchDomains(std::string_view resolv_conf) {
  std::vector<std::string> domains;
  std::istringstream lines{std::string(resolv_conf)};
  std::string line;
  while (std::getline(lines, line)) {
    std::istringstream words(line);
    std::string keyword;
    if (!(words >> keyword) || (keyword != "search" && keyword != "domain")) continue;
    std::string domain;
    while (words >> domain) {
      if (domain.front() == '#' || domain.front() == ';') break;
      domains.push_back(Normalized(domain));
    }
  }
  return domains;
}

model::Profile SelectProfile(std::string_view domain, const std::vector<std::string>& search) {
  const std::string wanted = Normalized(domain);
  if (wanted.empty()) return model::Profile::kStandard;
  return std::find(search.begin(), search.end(), wanted) != search.end()
             ? model::Profile::kDomain
             : model::Profile::kStandard;
}

}  // namespace hostwall::host
