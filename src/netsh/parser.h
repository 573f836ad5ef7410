// Parser for the `netsh firewall` context: tokens → a validated NetshCommand.
//
// The rules of spec §1.2, as netsh applies them:
//   - keywords, tags and enumerated values match case-insensitively and by unique prefix
//     (`show conf`, `del`, `prof=dom`);
//   - an argument is named (`tag=value`, `tag = value`) or positional; a positional one takes
//     the first free parameter, in the documented order, after the one the previous argument
//     took, so both forms mix freely (`add portopening TCP 80 web scope=CUSTOM 10.0.0.1`);
//   - the remarks of the help text hold ('scope' must be 'CUSTOM' to specify 'addresses', ...).
// Errors read like netsh's: the problem first, then the generic netsh sentence and the usage.
// Pure: no I/O, no globals, deterministic.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/error.h"
#include "netsh/command.h"
#include "netsh/lexer.h"

namespace hostwall::netsh {

// Parses the tokens that follow `firewall`. Fails with kNotFound when no command matches the
// words, and with kInvalidArgument for a bad argument; the message is what netsh prints.
Result<NetshCommand> ParseCommand(const std::vector<Token>& tokens);

// When the tokens ask for help (nothing, `help`, `?`, or a verb followed by `?`/nothing),
// returns the help text; otherwise nullopt.
std::optional<std::string> HelpRequest(const std::vector<Token>& tokens);

}  // namespace hostwall::netsh
