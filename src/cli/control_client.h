// ControlClient: one connection to hostwalld's control socket, for the `hostwall` CLI and for
// tests and benchmarks. Calls are synchronous: one request, then its response. A client that
// subscribed to events (alerts_subscribe) reads them with NextEvent; events that arrive while a
// call waits for its response are kept for it.
#pragma once

#include <chrono>
#include <deque>
#include <nlohmann/json.hpp>
#include <string>

#include "core/error.h"
#include "core/unique_fd.h"

namespace hostwall::cli {

// Where clients look for the daemon: $HOSTWALL_SOCKET, else the default path.
std::string DefaultSocketPath();

class ControlClient {
 public:
  // Errors: kIo when nothing answers at `socket_path`. A zero timeout waits for ever.
  static Result<ControlClient> Connect(const std::string& socket_path,
                                       std::chrono::seconds timeout = std::chrono::seconds(300));

  // Sends one request and returns its result, or the error the daemon reported
  // (with the daemon's code), or kIo when the connection fails.
  Result<nlohmann::json> Call(const std::string& method, const nlohmann::json& params);
  // The next published event ({"event": ...}). Errors: kIo.
  Result<nlohmann::json> NextEvent();

 private:
  explicit ControlClient(UniqueFd fd) : fd_(std::move(fd)) {}
  Result<std::string> ReadLine();

  UniqueFd fd_;
  std::string buffer_;
  std::deque<nlohmann::json> events_;
  uint64_t next_id_ = 1;
};

}  // namespace hostwall::cli
