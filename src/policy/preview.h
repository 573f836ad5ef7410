// What would change if a Group Policy were applied: exceptions gained and lost, services and
// ports that would close, programs that would lose their exception, in words an administrator
// reads before the domain join (the seeds' warning: a policy can silently cut File and Printer
// Sharing, and with it the migration console).
// Pure: no I/O, no globals, deterministic.
#pragma once

#include <string>
#include <vector>

#include "policy/effective.h"

namespace hostwall::policy {

// One line per change between the settings of one profile before and after; empty when none.
// Lines that cut File and Printer Sharing or remote access start with "WARNING: ".
std::vector<std::string> DescribeChanges(const EffectiveProfile& before,
                                         const EffectiveProfile& after);

}  // namespace hostwall::policy
