// The control-socket protocol shared by hostwalld and its clients (docs/control-protocol.md).
//
// Each message is one line of UTF-8 JSON ending in "\n". A client sends requests
//   {"id": ANY, "method": "netsh", "params": {...}}
// and reads one response per request, in order:
//   {"id": ANY, "ok": true, "result": {...}}
//   {"id": ANY, "ok": false, "error": {"code": "invalid_argument", "message": "..."}}
// Pure: no I/O, no globals, deterministic.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "core/error.h"

namespace hostwall::protocol {

struct Request {
  nlohmann::json id;  // echoed back; null when absent
  std::string method;
  nlohmann::json params = nlohmann::json::object();
};

// Errors: kInvalidArgument for a line that is not a request.
Result<Request> ParseRequest(std::string_view line);
std::string SerializeRequest(const Request& request);

// A response line (with its "\n") for a result or an error.
std::string SuccessLine(const nlohmann::json& id, const nlohmann::json& result);
std::string ErrorLine(const nlohmann::json& id, const Error& error);

// Parses a response line: its result, or the Error it carries.
// Errors: kInvalidArgument for a line that is not a response.
Result<nlohmann::json> ParseResponse(std::string_view line);

}  // namespace hostwall::protocol
