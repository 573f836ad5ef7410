// The exit statuses of `hostwall` (cli/cli.h): 0 success, 2 a usage error (CLI11's own).
#pragma once

namespace hostwall::cli {

// The daemon refused or failed the request, or the input was wrong; nothing changed.
inline constexpr int kExitFailed = 1;
// hostwalld could not be reached.
inline constexpr int kExitUnreachable = 3;

}  // namespace hostwall::cli
