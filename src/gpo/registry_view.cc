#include "gpo/registry_view.h"

#include "core/text.h"

namespace hostwall::gpo {
namespace {

// Names listed in a **DeleteValues / **DeleteKeys string, separated by ';'.
std::vector<std::string> Listed(const RegistryEntry& entry) {
  std::vector<std::string> names;
  for (const std::string& name : Split(AsString(entry).value_or(""), ';')) {
    const std::string trimmed(Trim(name));
    if (!trimmed.empty()) names.push_back(ToLower(trimmed));
  }
  return names;
}

bool StartsWith(const std::string& text, std::string_view prefix) {
  return text.size() >= prefix.size() && EqualsIgnoreCase(text.substr(0, prefix.size()), prefix);
}

}  // namespace

void RegistryView::Apply(const std::vector<RegistryEntry>& entries, const std::string& source) {
  for (const RegistryEntry& entry : entries) {
    const std::string key = ToLower(entry.key);
    auto& values = keys_[key];  // every instruction names a key, which exists from now on
    const std::string& name = entry.value;
    if (name.empty() || EqualsIgnoreCase(name, "**SecureKey")) continue;
    if (StartsWith(name, "**del.")) {
      values.erase(ToLower(name.substr(6)));
    } else if (EqualsIgnoreCase(name, "**delvals") || EqualsIgnoreCase(name, "**delvals.")) {
      values.clear();
    } else if (EqualsIgnoreCase(name, "**DeleteValues")) {
      for (const std::string& victim : Listed(entry)) values.erase(victim);
    } else if (EqualsIgnoreCase(name, "**DeleteKeys")) {
      for (const std::string& victim : Listed(entry)) {
        const std::string prefix = key + "\\" + victim;
        for (auto it = keys_.begin(); it != keys_.end();) {
          const bool under = it->first == prefix || StartsWith(it->first, prefix + "\\");
          it = under ? keys_.erase(it) : std::next(it);
        }
      }
    } else if (StartsWith(name, "**soft.")) {
      RegistryEntry value = entry;
      value.value = name.substr(7);
      values.try_emplace(ToLower(value.value), Value{value, source});
    } else {
      values.insert_or_assign(ToLower(name), Value{entry, source});
    }
  }
}

const RegistryView::Value* RegistryView::Lookup(const std::string& key,
                                                const std::string& value) const {
  auto k = keys_.find(ToLower(key));
  if (k == keys_.end()) return nullptr;
  auto v = k->second.find(ToLower(value));
  return v == k->second.end() ? nullptr : &v->second;
}

std::vector<const RegistryView::Value*> RegistryView::Values(const std::string& key) const {
  std::vector<const Value*> out;
  auto k = keys_.find(ToLower(key));
  if (k == keys_.end()) return out;
  for (const auto& [name, value] : k->second) out.push_back(&value);
  return out;
}

bool RegistryView::HasKey(const std::string& key) const { return keys_.count(ToLower(key)) > 0; }

}  // namespace hostwall::gpo

namespace hostwall::gpo {

std::vector<std::string> RegistryView::KeysUnder(const std::string& key) const {
  const std::string prefix = ToLower(key);
  std::vector<std::string> keys;
  for (auto it = keys_.lower_bound(prefix); it != keys_.end(); ++it) {
    if (it->first != prefix && it->first.rfind(prefix + "\\", 0) != 0) break;
    keys.push_back(it->first);
  }
  return keys;
}

}  // namespace hostwall::gpo
