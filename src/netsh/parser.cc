#include "netsh/parser.h"

#include <array>
#include <span>

#include "core/text.h"
#include "model/policy.h"
#include "netsh/grammar.h"

namespace hostwall::netsh {
namespace {

constexpr std::string_view kSyntaxSentence =
    "The syntax supplied for this command is not valid. Check help for the correct syntax.";

template <typename T>
struct Keyword {
  std::string_view word;
  T value;
};

// Matches `text` against `keywords` by case-insensitive unique prefix; an exact match wins
// over prefixes. Returns the value, or an error naming `what` and the choices.
template <typename T>
Result<T> MatchKeyword(std::string_view text, std::span<const Keyword<T>> keywords,
                       std::string_view what) {
  const Keyword<T>* found = nullptr;
  int prefix_matches = 0;
  std::vector<std::string> choices;
  for (const Keyword<T>& keyword : keywords) {
    choices.emplace_back(keyword.word);
    if (EqualsIgnoreCase(text, keyword.word)) return keyword.value;
    if (IsPrefixIgnoreCase(text, keyword.word)) {
      found = &keyword;
      ++prefix_matches;
    }
  }
  if (prefix_matches == 1) return found->value;
  const std::string quoted = "'" + std::string(text) + "'";
  if (prefix_matches > 1) {
    return Fail(ErrorCode::kInvalidArgument, quoted + " is ambiguous for '" + std::string(what) +
                                                 "'. Valid values: " + Join(choices, ", ") + ".");
  }
  return Fail(ErrorCode::kInvalidArgument, "Invalid value " + quoted + " for '" +
                                               std::string(what) +
                                               "'. Valid values: " + Join(choices, ", ") + ".");
}

template <typename T, size_t N>
Result<T> MatchKeyword(std::string_view text, const std::array<Keyword<T>, N>& keywords,
                       std::string_view what) {
  return MatchKeyword(text, std::span<const Keyword<T>>(keywords), what);
}

constexpr std::array<Keyword<Verb>, 5> kVerbs{{{"add", Verb::kAdd},
                                               {"set", Verb::kSet},
                                               {"delete", Verb::kDelete},
                                               {"show", Verb::kShow},
                                               {"reset", Verb::kReset}}};
constexpr std::array<Keyword<bool>, 2> kEnableDisable{{{"ENABLE", true}, {"DISABLE", false}}};
constexpr std::array<Keyword<model::ScopeKind>, 3> kScopes{{{"ALL", model::ScopeKind::kAll},
                                                            {"SUBNET", model::ScopeKind::kSubnet},
                                                            {"CUSTOM", model::ScopeKind::kCustom}}};
constexpr std::array<Keyword<ProfileChoice>, 4> kProfileChoices{
    {{"CURRENT", ProfileChoice::kCurrent},
     {"DOMAIN", ProfileChoice::kDomain},
     {"STANDARD", ProfileChoice::kStandard},
     {"ALL", ProfileChoice::kAll}}};
constexpr std::array<Keyword<ProtocolChoice>, 3> kProtocolChoices{
    {{"TCP", ProtocolChoice::kTcp}, {"UDP", ProtocolChoice::kUdp}, {"ALL", ProtocolChoice::kAll}}};
constexpr std::array<Keyword<std::optional<model::ServiceType>>, 5> kServiceChoices{
    {{"FILEANDPRINT", model::ServiceType::kFileAndPrint},
     {"REMOTEADMIN", model::ServiceType::kRemoteAdmin},
     {"REMOTEDESKTOP", model::ServiceType::kRemoteDesktop},
     {"UPNP", model::ServiceType::kUpnp},
     {"ALL", std::nullopt}}};

Result<uint32_t> ParseNumber(std::string_view text, std::string_view what, uint32_t min,
                             uint32_t max) {
  const auto value = ParseDecimal(text);
  if (!value || *value < min || *value > max) {
    return Fail(ErrorCode::kInvalidArgument,
                "'" + std::string(what) + "' must be a number from " + std::to_string(min) +
                    " to " + std::to_string(max) + ", not '" + std::string(text) + "'.");
  }
  return *value;
}

Result<std::optional<model::IcmpSetting>> ParseIcmpType(std::string_view text) {
  if (IsPrefixIgnoreCase(text, "ALL")) return std::optional<model::IcmpSetting>();
  if (const auto number = ParseDecimal(text)) {
    if (const auto setting = model::IcmpSettingFromNetshType(*number)) return setting;
  }
  return Fail(ErrorCode::kInvalidArgument,
              "Invalid value '" + std::string(text) +
                  "' for 'type'. Valid values: 2, 3, 4, 5, 8, 9, 10, 11, 12, 13, 17, ALL.");
}

Result<std::string> ParseText(std::string_view text, std::string_view what) {
  if (text.empty()) {
    return Fail(ErrorCode::kInvalidArgument, "'" + std::string(what) + "' must not be empty.");
  }
  return std::string(text);
}

Result<std::string> ParseLogPath(std::string_view text) {
  if (text.empty() || text.front() != '/') {
    return Fail(ErrorCode::kInvalidArgument,
                "'filelocation' must be an absolute Linux path such as "
                "/var/log/hostwall/pfirewall.log, not '" +
                    std::string(text) + "'.");
  }
  return std::string(text);
}

template <typename T>
Result<void> Store(Result<T> parsed, std::optional<T>& slot) {
  if (!parsed) return Fail(parsed.error());
  slot = std::move(*parsed);
  return Ok();
}

Result<void> SetArgument(Param param, std::string_view value, NetshArgs& args) {
  const std::string_view tag = ParamTag(param);
  switch (param) {
    case Param::kProgram:
      return Store(ParseText(value, tag), args.program);
    case Param::kName:
      return Store(ParseText(value, tag), args.name);
    case Param::kInterface:
      return Store(ParseText(value, tag), args.interface_name);
    case Param::kMode:
      return Store(MatchKeyword(value, kEnableDisable, tag), args.mode);
    case Param::kExceptions:
      return Store(MatchKeyword(value, kEnableDisable, tag), args.exceptions);
    case Param::kDroppedPackets:
      return Store(MatchKeyword(value, kEnableDisable, tag), args.dropped_packets);
    case Param::kConnections:
      return Store(MatchKeyword(value, kEnableDisable, tag), args.connections);
    case Param::kVerbose:
      return Store(MatchKeyword(value, kEnableDisable, tag), args.verbose);
    case Param::kScope:
      return Store(MatchKeyword(value, kScopes, tag), args.scope);
    case Param::kAddresses: {
      auto scope = model::ParseCustomAddresses(value);
      if (!scope) return Fail(ErrorCode::kInvalidArgument, scope.error().message() + ".");
      args.addresses = std::move(*scope);
      return Ok();
    }
    case Param::kProfile:
      return Store(MatchKeyword(value, kProfileChoices, tag), args.profile);
    case Param::kProtocol:
      return Store(MatchKeyword(value, kProtocolChoices, tag), args.protocol);
    case Param::kPort: {
      auto port = ParseNumber(value, tag, 1, 65535);
      if (!port) return Fail(port.error());
      args.port = static_cast<uint16_t>(*port);
      return Ok();
    }
    case Param::kIcmpType:
      return Store(ParseIcmpType(value), args.icmp_type);
    case Param::kServiceType:
      return Store(MatchKeyword(value, kServiceChoices, tag), args.service_type);
    case Param::kFileLocation:
      return Store(ParseLogPath(value), args.file_location);
    case Param::kMaxFileSize:
      return Store(ParseNumber(value, tag, model::kMinLogFileSizeKb, model::kMaxLogFileSizeKb),
                   args.max_file_size_kb);
  }
  return Ok();
}

// The remarks of the help texts: rules between parameters.
Result<void> CheckRemarks(const CommandSpec& spec, const NetshArgs& args) {
  auto fail = [](const char* text) { return Fail(ErrorCode::kInvalidArgument, text); };
  if (args.addresses && args.scope != model::ScopeKind::kCustom) {
    return fail("'scope' must be 'CUSTOM' to specify 'addresses'.");
  }
  if (args.scope == model::ScopeKind::kCustom && !args.addresses) {
    return fail("'addresses' must be specified when 'scope' is 'CUSTOM'.");
  }
  if (args.interface_name && args.profile && spec.verb != Verb::kShow) {
    return fail("'profile' and 'interface' may not be specified together.");
  }
  if (args.interface_name && args.scope) {
    return fail("'scope' and 'interface' may not be specified together.");
  }
  if (args.interface_name && args.exceptions) {
    return fail("'exceptions' and 'interface' may not be specified together.");
  }
  if (spec.verb == Verb::kSet && spec.object == Object::kLogging && !args.file_location &&
      !args.max_file_size_kb && !args.dropped_packets && !args.connections) {
    return fail("At least one parameter must be specified.");
  }
  return Ok();
}

struct RawArgument {
  std::optional<std::string> tag;  // nullopt for a positional argument
  std::string value;
};

Result<std::vector<RawArgument>> GroupArguments(const std::vector<Token>& tokens, size_t first) {
  std::vector<RawArgument> arguments;
  for (size_t i = first; i < tokens.size(); ++i) {
    const Token& token = tokens[i];
    if (token.kind == Token::Kind::kEquals) {
      return Fail(ErrorCode::kInvalidArgument, "'=' must follow a parameter name.");
    }
    const bool named = i + 1 < tokens.size() && tokens[i + 1].kind == Token::Kind::kEquals;
    if (!named) {
      arguments.push_back({.tag = std::nullopt, .value = token.text});
      continue;
    }
    if (i + 2 >= tokens.size() || tokens[i + 2].kind != Token::Kind::kWord) {
      return Fail(ErrorCode::kInvalidArgument, "'" + token.text + "' has no value after '='.");
    }
    arguments.push_back({.tag = token.text, .value = tokens[i + 2].text});
    i += 2;
  }
  return arguments;
}

Result<size_t> MatchTag(const CommandSpec& spec, std::string_view tag) {
  std::optional<size_t> found;
  int matches = 0;
  for (size_t i = 0; i < spec.params.size(); ++i) {
    const std::string_view candidate = ParamTag(spec.params[i].param);
    if (EqualsIgnoreCase(tag, candidate)) return i;
    if (IsPrefixIgnoreCase(tag, candidate)) {
      found = i;
      ++matches;
    }
  }
  if (matches == 1) return *found;
  return Fail(ErrorCode::kInvalidArgument, "'" + std::string(tag) + "' is " +
                                               (matches > 1 ? "an ambiguous" : "not a") +
                                               " parameter of '" + CommandName(spec) + "'.");
}

Result<NetshArgs> ParseArguments(const CommandSpec& spec, const std::vector<Token>& tokens,
                                 size_t first) {
  auto arguments = GroupArguments(tokens, first);
  if (!arguments) return Fail(arguments.error());
  std::vector<bool> filled(spec.params.size(), false);
  std::vector<std::string> values(spec.params.size());
  // A positional argument takes the first free parameter after the one the previous argument
  // took, so `scope=CUSTOM 10.0.0.1` gives the addresses, as admins write it.
  size_t next = 0;
  for (const RawArgument& argument : *arguments) {
    size_t index = next;
    if (argument.tag) {
      auto matched = MatchTag(spec, *argument.tag);
      if (!matched) return Fail(matched.error());
      index = *matched;
    } else {
      while (index < filled.size() && filled[index]) ++index;
      if (index == filled.size()) {
        return Fail(ErrorCode::kInvalidArgument,
                    "Too many arguments: '" + argument.value + "' has no parameter left to fill.");
      }
    }
    if (filled[index]) {
      return Fail(ErrorCode::kInvalidArgument,
                  "'" + std::string(ParamTag(spec.params[index].param)) + "' is given twice.");
    }
    filled[index] = true;
    values[index] = argument.value;
    next = index + 1;
  }
  NetshArgs args;
  for (size_t i = 0; i < spec.params.size(); ++i) {
    if (!filled[i]) {
      if (spec.params[i].required) {
        return Fail(ErrorCode::kInvalidArgument,
                    "'" + std::string(ParamTag(spec.params[i].param)) + "' is required.");
      }
      continue;
    }
    HW_TRY(SetArgument(spec.params[i].param, values[i], args));
  }
  HW_TRY(CheckRemarks(spec, args));
  return args;
}

std::string NotFound(const std::vector<Token>& tokens, size_t words) {
  std::string text = "The following command was not found: firewall";
  for (size_t i = 0; i < words && i < tokens.size(); ++i) text += " " + tokens[i].text;
  return text + ".";
}

Result<Verb> MatchVerb(const Token& token) {
  if (token.kind != Token::Kind::kWord) return Fail(ErrorCode::kNotFound, "");
  return MatchKeyword(token.text, kVerbs, "command");
}

const CommandSpec* MatchObject(Verb verb, const Token& token) {
  if (token.kind != Token::Kind::kWord) return nullptr;
  std::vector<Keyword<const CommandSpec*>> objects;
  for (const CommandSpec& spec : CommandSpecs()) {
    if (spec.verb == verb) objects.push_back({ObjectWord(spec.object), &spec});
  }
  auto spec =
      MatchKeyword(token.text, std::span<const Keyword<const CommandSpec*>>(objects), "command");
  return spec ? *spec : nullptr;
}

bool IsHelpWord(const Token& token) {
  return token.kind == Token::Kind::kWord &&
         (token.text == "?" || token.text == "/?" || token.text == "-?" ||
          EqualsIgnoreCase(token.text, "help"));
}

}  // namespace

Result<NetshCommand> ParseCommand(const std::vector<Token>& tokens) {
  if (tokens.empty()) return Fail(ErrorCode::kNotFound, NotFound(tokens, 0));
  auto verb = MatchVerb(tokens[0]);
  if (!verb) return Fail(ErrorCode::kNotFound, NotFound(tokens, 1));
  const CommandSpec* spec = nullptr;
  size_t first_argument = 1;
  if (*verb == Verb::kReset) {
    spec = FindSpec(Verb::kReset, Object::kNone);
  } else {
    if (tokens.size() < 2) return Fail(ErrorCode::kNotFound, NotFound(tokens, 1));
    spec = MatchObject(*verb, tokens[1]);
    if (spec == nullptr) return Fail(ErrorCode::kNotFound, NotFound(tokens, 2));
    first_argument = 2;
  }
  auto args = ParseArguments(*spec, tokens, first_argument);
  if (!args) {
    return Fail(
        ErrorCode::kInvalidArgument,
        args.error().message() + "\n\n" + std::string(kSyntaxSentence) + "\n\n" + Usage(*spec));
  }
  return NetshCommand{.verb = spec->verb, .object = spec->object, .args = std::move(*args)};
}

std::optional<std::string> HelpRequest(const std::vector<Token>& tokens) {
  if (tokens.empty() || IsHelpWord(tokens[0])) return ContextHelp();
  auto verb = MatchVerb(tokens[0]);
  if (!verb) return std::nullopt;
  if (*verb != Verb::kReset && (tokens.size() == 1 || IsHelpWord(tokens[1]))) {
    return VerbHelp(*verb);
  }
  if (IsHelpWord(tokens.back())) {
    const CommandSpec* spec = *verb == Verb::kReset ? FindSpec(Verb::kReset, Object::kNone)
                                                    : MatchObject(*verb, tokens[1]);
    if (spec != nullptr) return Usage(*spec);
  }
  return std::nullopt;
}

}  // namespace hostwall::netsh
