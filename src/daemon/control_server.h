// ControlServer: the Unix stream socket through which clients talk to hostwalld
// (docs/control-protocol.md). It frames requests as lines, identifies each peer, and keeps one
// client from hurting the others:
//   - a request line may not exceed a size limit, smaller for readers than for administrators
//     (an import of 100,000 exceptions is one large line);
//   - at most `max_clients` connections at once; the next one is told so and closed;
//   - a connection idle for `idle_timeout` is closed;
//   - a client that does not read its responses is not read from either.
// A client may also subscribe to events (Security Alerts): Publish sends a line to every
// subscriber; a subscriber is never closed for being idle, and one that does not read its
// events has them dropped past a limit rather than holding the daemon's memory.
// Runs on the daemon's EventLoop; not thread-safe.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/error.h"
#include "core/unique_fd.h"
#include "daemon/event_loop.h"
#include "daemon/peer.h"

namespace hostwall::daemon {

struct ServerLimits {
  size_t max_clients = 64;
  size_t max_reader_request_bytes = 64 * 1024;
  size_t max_admin_request_bytes = 256 * 1024 * 1024;
  std::chrono::milliseconds idle_timeout{30000};
};

class ControlServer {
 public:
  struct Reply {
    std::string line;
    bool subscribe = false;  // the client receives published events from now on
  };
  // Handles one request line from `peer`; returns the response line.
  using Handler = std::function<Reply(std::string_view line, const Peer& peer)>;

  // Binds `socket_path` (mode 0666; its directory is created 0755), refusing to replace a
  // socket that another daemon still serves, and registers with `loop`. Errors: kIo, kConflict.
  static Result<std::unique_ptr<ControlServer>> Listen(const std::string& socket_path,
                                                       const ServerLimits& limits,
                                                       std::optional<gid_t> admin_group,
                                                       EventLoop& loop, Handler handler);
  ~ControlServer();

  // Closes the connections that have been idle longer than the limit; called from the tick.
  void CloseIdleClients();
  // Sends `line` (with its newline) to every subscriber.
  void Publish(const std::string& line);

 private:
  struct Client {
    UniqueFd fd;
    Peer peer;
    std::string input;
    std::string output;
    bool closing = false;  // close once `output` is flushed
    bool subscribed = false;
    // Refused for an oversized request: the refusal is sent, the write side shut, and input is
    // read and dropped until the client hangs up, so that it can read why.
    bool draining = false;
    std::chrono::steady_clock::time_point last_activity;
  };

  ControlServer(std::string path, UniqueFd listener, const ServerLimits& limits,
                std::optional<gid_t> admin_group, EventLoop& loop, Handler handler);

  void Accept();
  void OnClientEvent(int fd, uint32_t events);
  void ReadFrom(Client& client);
  void ProcessLines(Client& client);
  void Flush(Client& client);
  void Close(int fd);
  // Closes clients that hung up but whose end of input the loop has not seen yet, so that a
  // full server does not turn a newcomer away for connections that are already gone.
  void ReapHungUp();

  std::string path_;
  UniqueFd listener_;
  ServerLimits limits_;
  std::optional<gid_t> admin_group_;
  EventLoop& loop_;
  Handler handler_;
  std::unordered_map<int, std::unique_ptr<Client>> clients_;
};

}  // namespace hostwall::daemon
