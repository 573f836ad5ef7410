// The grammar of the `netsh firewall` context (spec §1.1-1.4): which commands exist, which
// parameters each takes, in which positional order, and which are required.
// Pure: no I/O, no globals beyond the constant tables, deterministic.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "netsh/command.h"

namespace hostwall::netsh {

enum class Param : uint8_t {
  kProgram,
  kName,
  kMode,
  kScope,
  kAddresses,
  kProfile,
  kProtocol,
  kPort,
  kInterface,
  kIcmpType,
  kServiceType,
  kFileLocation,
  kMaxFileSize,
  kDroppedPackets,
  kConnections,
  kExceptions,
  kVerbose,
};

struct ParamSpec {
  Param param;
  bool required;
};

struct CommandSpec {
  Verb verb;
  Object object;
  std::span<const ParamSpec> params;  // in positional order
  std::string_view summary;           // one line, as in netsh help
};

std::string_view VerbWord(Verb verb);        // "add"
std::string_view ObjectWord(Object object);  // "portopening"; "" for kNone
// The tag a parameter is named by on the command line ("protocol", "type", ...).
std::string_view ParamTag(Param param);

// Every command of the context, in help order.
std::span<const CommandSpec> CommandSpecs();
const CommandSpec* FindSpec(Verb verb, Object object);

// "add portopening" style name of a command.
std::string CommandName(const CommandSpec& spec);
// The netsh usage block for a command: its syntax, one parameter per line.
std::string Usage(const CommandSpec& spec);
// The help of the context, or of one verb: a list of commands with their summaries.
std::string ContextHelp();
std::string VerbHelp(Verb verb);

}  // namespace hostwall::netsh
