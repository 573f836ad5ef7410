#include "netsh/grammar.h"

#include <array>
#include <optional>

#include "core/enum_table.h"
#include "core/text.h"

namespace hostwall::netsh {
namespace {

using enum Param;

struct ParamInfo {
  Param param;
  std::string_view tag;
  std::string_view values;  // as the usage shows them
};

constexpr std::array<ParamInfo, 17> kParamInfo{{
    {kProgram, "program", "path"},
    {kName, "name", "name"},
    {kMode, "mode", "ENABLE|DISABLE"},
    {kScope, "scope", "ALL|SUBNET|CUSTOM"},
    {kAddresses, "addresses", "addresses"},
    {kProfile, "profile", "CURRENT|DOMAIN|STANDARD|ALL"},
    {kProtocol, "protocol", "TCP|UDP|ALL"},
    {kPort, "port", "1-65535"},
    {kInterface, "interface", "name"},
    {kIcmpType, "type", "2|3|4|5|8|9|10|11|12|13|17|ALL"},
    {kServiceType, "type", "FILEANDPRINT|REMOTEADMIN|REMOTEDESKTOP|UPNP|ALL"},
    {kFileLocation, "filelocation", "path"},
    {kMaxFileSize, "maxfilesize", "1-32767"},
    {kDroppedPackets, "droppedpackets", "ENABLE|DISABLE"},
    {kConnections, "connections", "ENABLE|DISABLE"},
    {kExceptions, "exceptions", "ENABLE|DISABLE"},
    {kVerbose, "verbose", "ENABLE|DISABLE"},
}};

static_assert(IsIndexedBy(kParamInfo, &ParamInfo::param),
              "kParamInfo must list the parameters in enum order");

constexpr ParamSpec Req(Param p) { return {p, true}; }
constexpr ParamSpec Opt(Param p) { return {p, false}; }

constexpr std::array kAddProgram{Req(kProgram), Req(kName),      Opt(kMode),
                                 Opt(kScope),   Opt(kAddresses), Opt(kProfile)};
constexpr std::array kSetProgram{Req(kProgram), Opt(kName),      Opt(kMode),
                                 Opt(kScope),   Opt(kAddresses), Opt(kProfile)};
constexpr std::array kDeleteProgram{Req(kProgram), Opt(kProfile)};
constexpr std::array kAddPort{Req(kProtocol), Req(kPort),      Req(kName),    Opt(kMode),
                              Opt(kScope),    Opt(kAddresses), Opt(kProfile), Opt(kInterface)};
constexpr std::array kSetPort{Req(kProtocol), Req(kPort),      Opt(kName),    Opt(kMode),
                              Opt(kScope),    Opt(kAddresses), Opt(kProfile), Opt(kInterface)};
constexpr std::array kDeletePort{Req(kProtocol), Req(kPort), Opt(kProfile), Opt(kInterface)};
constexpr std::array kSetIcmp{Req(kIcmpType), Opt(kMode), Opt(kProfile), Opt(kInterface)};
constexpr std::array kSetModeProfile{Req(kMode), Opt(kProfile)};
constexpr std::array kSetLogging{Opt(kFileLocation), Opt(kMaxFileSize), Opt(kDroppedPackets),
                                 Opt(kConnections)};
constexpr std::array kSetOpmode{Req(kMode), Opt(kExceptions), Opt(kProfile), Opt(kInterface)};
constexpr std::array kSetService{Req(kServiceType), Opt(kMode), Opt(kScope), Opt(kAddresses),
                                 Opt(kProfile)};
constexpr std::array<ParamSpec, 0> kNoParams{};
constexpr std::array kShowVerbose{Opt(kVerbose)};
constexpr std::array kShowProfile{Opt(kProfile), Opt(kVerbose)};
constexpr std::array kShowProfileInterface{Opt(kProfile), Opt(kInterface), Opt(kVerbose)};

using enum Verb;
using enum Object;

constexpr std::array<CommandSpec, 24> kSpecs{{
    {kAdd, kAllowedProgram, kAddProgram, "Adds firewall allowed program configuration."},
    {kAdd, kPortOpening, kAddPort, "Adds firewall port configuration."},
    {kDelete, kAllowedProgram, kDeleteProgram, "Deletes firewall allowed program configuration."},
    {kDelete, kPortOpening, kDeletePort, "Deletes firewall port configuration."},
    {kReset, kNone, kNoParams, "Resets firewall configuration to default."},
    {kSet, kAllowedProgram, kSetProgram, "Sets firewall allowed program configuration."},
    {kSet, kIcmpSetting, kSetIcmp, "Sets firewall ICMP configuration."},
    {kSet, kLogging, kSetLogging, "Sets firewall logging configuration."},
    {kSet, kMulticastBroadcastResponse, kSetModeProfile,
     "Sets firewall multicast/broadcast response configuration."},
    {kSet, kNotifications, kSetModeProfile, "Sets firewall notification configuration."},
    {kSet, kOpmode, kSetOpmode, "Sets firewall operational configuration."},
    {kSet, kPortOpening, kSetPort, "Sets firewall port configuration."},
    {kSet, kService, kSetService, "Sets firewall service configuration."},
    {kShow, kAllowedProgram, kShowProfile, "Shows firewall allowed program configuration."},
    {kShow, kConfig, kShowVerbose, "Shows firewall configuration."},
    {kShow, kCurrentProfile, kNoParams, "Shows current firewall profile."},
    {kShow, kIcmpSetting, kShowProfileInterface, "Shows firewall ICMP configuration."},
    {kShow, kLogging, kShowVerbose, "Shows firewall logging configuration."},
    {kShow, kMulticastBroadcastResponse, kShowProfile,
     "Shows firewall multicast/broadcast response configuration."},
    {kShow, kNotifications, kShowProfile, "Shows firewall notification configuration."},
    {kShow, kOpmode, kShowProfileInterface, "Shows firewall operational configuration."},
    {kShow, kPortOpening, kShowProfile, "Shows firewall port configuration."},
    {kShow, kService, kShowProfile, "Shows firewall service configuration."},
    {kShow, kState, kShowVerbose, "Shows current firewall state."},
}};

// One line per command, optionally only those of one verb.
std::string CommandList(std::optional<Verb> verb) {
  std::string list;
  for (const CommandSpec& spec : kSpecs) {
    if (verb && spec.verb != *verb) continue;
    list += PadRight(CommandName(spec), 34) + " - " + std::string(spec.summary) + "\n";
  }
  return list;
}

}  // namespace

std::string_view VerbWord(Verb verb) {
  switch (verb) {
    case kAdd:
      return "add";
    case kSet:
      return "set";
    case kDelete:
      return "delete";
    case kShow:
      return "show";
    case kReset:
      return "reset";
  }
  return "";
}

std::string_view ObjectWord(Object object) {
  switch (object) {
    case kNone:
      return "";
    case kAllowedProgram:
      return "allowedprogram";
    case kConfig:
      return "config";
    case kCurrentProfile:
      return "currentprofile";
    case kIcmpSetting:
      return "icmpsetting";
    case kLogging:
      return "logging";
    case kMulticastBroadcastResponse:
      return "multicastbroadcastresponse";
    case kNotifications:
      return "notifications";
    case kOpmode:
      return "opmode";
    case kPortOpening:
      return "portopening";
    case kService:
      return "service";
    case kState:
      return "state";
  }
  return "";
}

std::string_view ParamTag(Param param) { return kParamInfo[static_cast<size_t>(param)].tag; }

std::span<const CommandSpec> CommandSpecs() { return kSpecs; }

const CommandSpec* FindSpec(Verb verb, Object object) {
  for (const CommandSpec& spec : kSpecs) {
    if (spec.verb == verb && spec.object == object) return &spec;
  }
  return nullptr;
}

std::string CommandName(const CommandSpec& spec) {
  std::string name(VerbWord(spec.verb));
  if (spec.object != kNone) name += " " + std::string(ObjectWord(spec.object));
  return name;
}

std::string Usage(const CommandSpec& spec) {
  std::string usage = "Usage: " + CommandName(spec) + "\n";
  for (const ParamSpec& p : spec.params) {
    const ParamInfo& info = kParamInfo[static_cast<size_t>(p.param)];
    const std::string syntax = "[ " + std::string(info.tag) + " = ] " + std::string(info.values);
    usage += "      " + (p.required ? syntax : "[ " + syntax + " ]") + "\n";
  }
  usage += "\n" + std::string(spec.summary) + "\n";
  return usage;
}

std::string ContextHelp() { return "Commands in this context:\n" + CommandList(std::nullopt); }

std::string VerbHelp(Verb verb) { return "Commands in this context:\n" + CommandList(verb); }

}  // namespace hostwall::netsh
