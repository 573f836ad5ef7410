// Group Policy wins over local settings, and netsh cannot change what policy controls
// (spec §6.4): such a command gets a clear error and changes nothing.
// Pure: no I/O, no globals, deterministic.
#pragma once

#include "core/error.h"
#include "model/host_facts.h"
#include "netsh/command.h"
#include "policy/effective.h"

namespace hostwall::netsh {

// Errors: kPermissionDenied naming the setting and the profile when policy controls it.
Result<void> CheckNotControlledByPolicy(const NetshCommand& command, const model::HostFacts& facts,
                                        const policy::GroupPolicyOverlay& overlay);

}  // namespace hostwall::netsh
