#include "cli/control_client.h"

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>

#include "protocol/messages.h"

namespace hostwall::cli {

std::string DefaultSocketPath() {
  const char* from_environment = std::getenv("HOSTWALL_SOCKET");
  return from_environment != nullptr && *from_environment != '\0' ? from_environment
                                                                  : "/run/hostwall/hostwalld.sock";
}

Result<ControlClient> ControlClient::Connect(const std::string& socket_path,
                                             std::chrono::seconds timeout) {
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  if (socket_path.size() >= sizeof(address.sun_path)) {
    return Fail(ErrorCode::kInvalidArgument, "the socket path " + socket_path + " is too long");
  }
  socket_path.copy(address.sun_path, socket_path.size());
  UniqueFd fd(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
  if (!fd.valid()) return Fail(SystemError("socket", errno));
  if (::connect(fd.get(), reinterpret_cast<const sockaddr*>(&address), sizeof(address)) != 0) {
    return Fail(SystemError("cannot reach hostwalld at " + socket_path, errno));
  }
  if (timeout.count() > 0) {
    const timeval tv{.tv_sec = static_cast<time_t>(timeout.count()), .tv_usec = 0};
    ::setsockopt(fd.get(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
  }
  return ControlClient(std::move(fd));
}

Result<nlohmann::json> ControlClient::Call(const std::string& method,
                                           const nlohmann::json& params) {
  std::string line;
  try {
    line = protocol::SerializeRequest({.id = next_id_++, .method = method, .params = params});
  } catch (const nlohmann::json::exception&) {
    return Fail(ErrorCode::kInvalidArgument, "an argument is not valid UTF-8");
  }
  std::string_view rest = line;
  while (!rest.empty()) {
    const ssize_t n = ::send(fd_.get(), rest.data(), rest.size(), MSG_NOSIGNAL);
    if (n < 0) {
      if (errno == EINTR) continue;
      return Fail(SystemError("send to hostwalld", errno));
    }
    rest.remove_prefix(static_cast<size_t>(n));
  }
  while (true) {
    auto response = ReadLine();
    if (!response) return Fail(response.error());
    // An event is a line with "event" and no "id".
    auto event = nlohmann::json::parse(*response, nullptr, false);
    if (event.is_object() && event.contains("event") && !event.contains("id")) {
      events_.push_back(std::move(event));
      continue;
    }
    return protocol::ParseResponse(*response);
  }
}

Result<nlohmann::json> ControlClient::NextEvent() {
  while (events_.empty()) {
    auto line = ReadLine();
    if (!line) return Fail(line.error());
    auto event = nlohmann::json::parse(*line, nullptr, false);
    if (event.is_object() && event.contains("event")) events_.push_back(std::move(event));
  }
  nlohmann::json event = std::move(events_.front());
  events_.pop_front();
  return event;
}

Result<std::string> ControlClient::ReadLine() {
  while (true) {
    const size_t newline = buffer_.find('\n');
    if (newline != std::string::npos) {
      std::string line = buffer_.substr(0, newline);
      buffer_.erase(0, newline + 1);
      return line;
    }
    char chunk[65536];
    const ssize_t n = ::read(fd_.get(), chunk, sizeof(chunk));
    if (n > 0) {
      buffer_.append(chunk, static_cast<size_t>(n));
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n == 0) return Fail(ErrorCode::kIo, "hostwalld closed the connection");
    return Fail(SystemError("read from hostwalld", errno));
  }
}

}  // namespace hostwall::cli
