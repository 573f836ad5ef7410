#include "store/change_record.h"

#include "netsh/apply.h"
#include "netsh/parser.h"

namespace hostwall::store {
namespace {

using nlohmann::json;

// A word is "w:<text>"; the `=` token is "=".
constexpr std::string_view kWordPrefix = "w:";

Error Malformed(const std::string& what) {
  return Error(ErrorCode::kInvalidArgument, "malformed journal record: " + what);
}

}  // namespace

json EncodeChangeRecord(const ChangeRecord& record) {
  json commands = json::array();
  for (const auto& tokens : record.commands) {
    json encoded = json::array();
    for (const netsh::Token& token : tokens) {
      encoded.push_back(token.kind == netsh::Token::Kind::kEquals
                            ? std::string("=")
                            : std::string(kWordPrefix) + token.text);
    }
    commands.push_back(std::move(encoded));
  }
  return {{"commands", std::move(commands)},
          {"current_profile", model::ProfileName(record.facts.current_profile)},
          {"interfaces", record.facts.interfaces}};
}

Result<ChangeRecord> DecodeChangeRecord(const json& document) {
  if (!document.is_object() || !document.contains("commands") || !document["commands"].is_array() ||
      !document.contains("current_profile") || !document.contains("interfaces") ||
      !document["interfaces"].is_array()) {
    return Fail(Malformed("missing keys"));
  }
  ChangeRecord record;
  for (const json& command : document["commands"]) {
    if (!command.is_array()) return Fail(Malformed("a command is not a list"));
    std::vector<netsh::Token> tokens;
    for (const json& token : command) {
      if (!token.is_string()) return Fail(Malformed("a token is not a string"));
      const std::string text = token.get<std::string>();
      if (text == "=") {
        tokens.push_back({.kind = netsh::Token::Kind::kEquals});
      } else if (text.rfind(kWordPrefix, 0) == 0) {
        tokens.push_back(
            {.kind = netsh::Token::Kind::kWord, .text = text.substr(kWordPrefix.size())});
      } else {
        return Fail(Malformed("unknown token '" + text + "'"));
      }
    }
    record.commands.push_back(std::move(tokens));
  }
  const json& profile = document["current_profile"];
  if (profile == "Domain") {
    record.facts.current_profile = model::Profile::kDomain;
  } else if (profile == "Standard") {
    record.facts.current_profile = model::Profile::kStandard;
  } else {
    return Fail(Malformed("unknown profile"));
  }
  for (const json& name : document["interfaces"]) {
    if (!name.is_string()) return Fail(Malformed("an interface name is not a string"));
    record.facts.interfaces.push_back(name.get<std::string>());
  }
  return record;
}

Result<void> ReplayChange(const ChangeRecord& record, model::LocalPolicy& policy) {
  for (const auto& tokens : record.commands) {
    auto command = netsh::ParseCommand(tokens);
    if (!command || !command->ChangesSettings()) {
      return Fail(ErrorCode::kCorrupt, "a journal record holds a command that does not parse");
    }
    if (auto applied = netsh::ApplyChange(*command, record.facts, policy); !applied) {
      return Fail(ErrorCode::kCorrupt,
                  "a journal record no longer applies: " + applied.error().message());
    }
  }
  return Ok();
}

}  // namespace hostwall::store
