// RegistryView: the registry as a sequence of Registry.pol files leaves it, with Group Policy's
// special value names applied in file order (spec §6.5-6.6):
//   **del.NAME        delete one value          **delvals. / **DelVals   delete all values of the
//   key
//   **DeleteValues    delete the listed values  **DeleteKeys             delete the listed subkeys
//   **soft.NAME       set NAME only if absent   **SecureKey              (ACLs: ignored)
// Keys and value names compare without case, as in the Windows registry.
// Pure: no I/O, no globals, deterministic.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "gpo/registry_pol.h"

namespace hostwall::gpo {

class RegistryView {
 public:
  // Applies one file's entries, in order. `source` names the file for Lookup's answers.
  void Apply(const std::vector<RegistryEntry>& entries, const std::string& source);

  struct Value {
    RegistryEntry entry;
    std::string source;  // the file that set it
  };
  // The value, or nullptr.
  const Value* Lookup(const std::string& key, const std::string& value) const;
  // Every value of `key`, in name order.
  std::vector<const Value*> Values(const std::string& key) const;
  bool HasKey(const std::string& key) const;
  // The keys at or below `key`, lowercased, in order.
  std::vector<std::string> KeysUnder(const std::string& key) const;

 private:
  // Lowercased key → lowercased value name → value.
  std::map<std::string, std::map<std::string, Value>> keys_;
};

}  // namespace hostwall::gpo
