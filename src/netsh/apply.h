// Applies a netsh change command (add/set/delete/reset) to the local policy.
//
// Choices where the spec is UNCONFIRMED (docs/netsh.md lists them):
//   - `add` of an entry that exists replaces it, as a registry value write would;
//   - `set` and `delete` need the entry in at least one chosen profile, and act where it is;
//   - `set` leaves unnamed fields as they are (`set service ... enable` keeps the scope);
//   - `set opmode` without `exceptions` allows exceptions, the documented default.
// Pure: no I/O, no globals, deterministic.
#pragma once

#include <vector>

#include "core/error.h"
#include "model/host_facts.h"
#include "model/policy.h"
#include "netsh/command.h"

namespace hostwall::netsh {

// The profiles a change command acts on: the one `profile=` names, both for ALL, and the
// current one when it names none.
std::vector<model::Profile> ChosenProfiles(const NetshArgs& args, const model::HostFacts& facts);

// Applies `command` to `policy`. On error `policy` may be half-changed: callers apply to a copy
// and keep it only on success. Errors: kNotFound for a missing entry or connection.
Result<void> ApplyChange(const NetshCommand& command, const model::HostFacts& facts,
                         model::LocalPolicy& policy);

}  // namespace hostwall::netsh
