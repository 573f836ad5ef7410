#include "daemon/policy_source.h"

#include <algorithm>
#include <filesystem>

#include "store/atomic_file.h"

namespace hostwall::daemon {
namespace {

struct Listing {
  std::vector<std::filesystem::path> files;
  std::string fingerprint;
};

Listing List(const std::string& dir) {
  Listing listing;
  std::error_code error;
  for (const auto& item : std::filesystem::directory_iterator(dir, error)) {
    if (item.is_regular_file(error) && item.path().extension() == ".pol") {
      listing.files.push_back(item.path());
    }
  }
  std::sort(listing.files.begin(), listing.files.end());
  for (const auto& file : listing.files) {
    const auto size = std::filesystem::file_size(file, error);
    const auto time = std::filesystem::last_write_time(file, error).time_since_epoch().count();
    listing.fingerprint +=
        file.string() + ":" + std::to_string(size) + ":" + std::to_string(time) + "\n";
  }
  return listing;
}

Result<std::vector<gpo::RegistryEntry>> ParseFile(const std::filesystem::path& file) {
  auto bytes = store::ReadWholeFile(file);
  if (!bytes) return Fail(bytes.error());
  auto entries =
      gpo::ParseRegistryPol({reinterpret_cast<const uint8_t*>(bytes->data()), bytes->size()});
  if (!entries) return Fail(entries.error().WithContext(file.string()));
  return entries;
}

}  // namespace

Result<gpo::FirewallPolicy> PolicySource::PreviewWith(std::span<const uint8_t> extra,
                                                      const std::string& name) const {
  gpo::RegistryView view;
  if (!dir_.empty()) {
    for (const auto& file : List(dir_).files) {
      auto entries = ParseFile(file);
      if (!entries) return Fail(entries.error());
      view.Apply(*entries, file.filename());
    }
  }
  auto entries = gpo::ParseRegistryPol(extra);
  if (!entries) return Fail(entries.error().WithContext(name));
  view.Apply(*entries, name);
  return gpo::ReadFirewallPolicy(view);
}

bool PolicySource::Refresh(bool force) {
  Listing listing = List(dir_);
  if (!force && listing.fingerprint == fingerprint_) return false;
  fingerprint_ = listing.fingerprint;
  gpo::RegistryView view;
  std::vector<std::string> problems;
  std::vector<std::string> files;
  for (const auto& file : listing.files) {
    files.push_back(file.filename());
    auto bytes = store::ReadWholeFile(file);
    if (!bytes) {
      problems.push_back(bytes.error().message());
      continue;
    }
    auto entries =
        gpo::ParseRegistryPol({reinterpret_cast<const uint8_t*>(bytes->data()), bytes->size()});
    if (!entries) {
      problems.push_back(file.string() + ": " + entries.error().message());
      continue;
    }
    view.Apply(*entries, file.filename());
  }
  problems_ = std::move(problems);
  if (!problems_.empty()) return false;  // the previous policy stays in force
  gpo::FirewallPolicy next = gpo::ReadFirewallPolicy(view);
  files_ = std::move(files);
  const bool changed = next.overlay != policy_.overlay;
  policy_ = std::move(next);
  return changed;
}

}  // namespace hostwall::daemon
