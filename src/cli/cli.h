// The `hostwall` command line: `netsh firewall ...`, `netsh -f FILE`, `status`, `export FILE`,
// `import FILE`, `explain` and `policy ...`, each one request to hostwalld, and `log ...`, which
// reads pfirewall.log (cli/log_command.h).
// Exit codes: 0 success; 1 the daemon refused or failed the request (the reason is printed on
// stderr and nothing changed); 2 a usage error; 3 hostwalld could not be reached.
#pragma once

namespace hostwall::cli {

int RunCli(int argc, char** argv);

}  // namespace hostwall::cli
