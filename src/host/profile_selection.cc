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

std::string JoinedDomain(std::string_view sssd_conf, std::string_view krb5_conf) {
  std::string ad_domain;
  std::string first_domain;
  std::istringstream sssd{std::string(sssd_conf)};
  std::string line;
  while (std::getline(sssd, line)) {
    const size_t equals = line.find('=');
    if (equals == std::string::npos) continue;
    const std::string key = ToLower(Trim(std::string_view(line).substr(0, equals)));
    const std::string value(Trim(std::string_view(line).substr(equals + 1)));
    if (key == "ad_domain" && ad_domain.empty()) ad_domain = value;
    if (key == "domains" && first_domain.empty()) first_domain = Split(value, ',').front();
  }
  if (!ad_domain.empty()) return Normalized(ad_domain);
  if (!Normalized(first_domain).empty()) return Normalized(first_domain);
  std::istringstream krb5{std::string(krb5_conf)};
  while (std::getline(krb5, line)) {
    const size_t equals = line.find('=');
    if (equals == std::string::npos) continue;
    if (ToLower(Trim(std::string_view(line).substr(0, equals))) == "default_realm") {
      return Normalized(std::string_view(line).substr(equals + 1));
    }
  }
  return "";
}

model::Profile SelectProfile(std::string_view domain, const std::vector<std::string>& search,
                             const std::vector<std::string>& connections) {
  const std::string wanted = Normalized(domain);
  const bool on_a_network =
      std::any_of(connections.begin(), connections.end(),
                  [](const std::string& c) { return c.rfind("ppp", 0) != 0; });
  if (wanted.empty() || !on_a_network) return model::Profile::kStandard;
  return std::find(search.begin(), search.end(), wanted) != search.end()
             ? model::Profile::kDomain
             : model::Profile::kStandard;
}

}  // namespace hostwall::host
