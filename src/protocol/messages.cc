#include "protocol/messages.h"

namespace hostwall::protocol {
namespace {

using nlohmann::json;

std::string Line(const json& message) {
  // Names typed by users may hold invalid UTF-8; replace it rather than fail the response.
  return message.dump(-1, ' ', false, json::error_handler_t::replace) + "\n";
}

Result<json> ParseJson(std::string_view line) {
  try {
    return json::parse(line);
  } catch (const json::parse_error& e) {
    return Fail(ErrorCode::kInvalidArgument,
                "the message is not valid JSON (byte " + std::to_string(e.byte) + ")");
  }
}

}  // namespace

Result<Request> ParseRequest(std::string_view line) {
  auto message = ParseJson(line);
  if (!message) return Fail(message.error());
  if (!message->is_object()) {
    return Fail(ErrorCode::kInvalidArgument, "a request must be a JSON object");
  }
  Request request;
  if (message->contains("id")) request.id = (*message)["id"];
  if (!message->contains("method") || !(*message)["method"].is_string()) {
    return Fail(ErrorCode::kInvalidArgument, "a request needs a string \"method\"");
  }
  request.method = (*message)["method"].get<std::string>();
  if (message->contains("params")) {
    if (!(*message)["params"].is_object()) {
      return Fail(ErrorCode::kInvalidArgument, "\"params\" must be an object");
    }
    request.params = std::move((*message)["params"]);
  }
  return request;
}

std::string SerializeRequest(const Request& request) {
  // Strict: a client must not send an argument it cannot encode faithfully.
  return json{{"id", request.id}, {"method", request.method}, {"params", request.params}}.dump() +
         "\n";
}

std::string SuccessLine(const json& id, const json& result) {
  return Line({{"id", id}, {"ok", true}, {"result", result}});
}

std::string ErrorLine(const json& id, const Error& error) {
  return Line({{"id", id},
               {"ok", false},
               {"error", {{"code", ErrorCodeName(error.code())}, {"message", error.message()}}}});
}

Result<json> ParseResponse(std::string_view line) {
  auto message = ParseJson(line);
  if (!message) return Fail(message.error());
  if (!message->is_object() || !message->contains("ok") || !(*message)["ok"].is_boolean()) {
    return Fail(ErrorCode::kInvalidArgument, "the daemon sent a malformed response");
  }
  if ((*message)["ok"].get<bool>()) {
    return message->contains("result") ? (*message)["result"] : json::object();
  }
  const json& error = (*message)["error"];
  if (!error.is_object() || !error.contains("message") || !error["message"].is_string()) {
    return Fail(ErrorCode::kInvalidArgument, "the daemon sent a malformed error");
  }
  const std::string code = error.value("code", "invalid_argument");
  return Fail(ErrorCodeFromName(code), error["message"].get<std::string>());
}

}  // namespace hostwall::protocol
