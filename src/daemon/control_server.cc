#include "daemon/control_server.h"

#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <vector>

#include "protocol/messages.h"
#include "store/atomic_file.h"

namespace hostwall::daemon {
namespace {

Result<sockaddr_un> SocketAddress(const std::string& path) {
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  if (path.size() >= sizeof(address.sun_path)) {
    return Fail(ErrorCode::kInvalidArgument, "the socket path " + path + " is too long");
  }
  path.copy(address.sun_path, path.size());
  return address;
}

// True when a daemon is accepting connections on `address`.
bool SomeoneListens(const sockaddr_un& address) {
  UniqueFd probe(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
  return probe.valid() &&
         ::connect(probe.get(), reinterpret_cast<const sockaddr*>(&address), sizeof(address)) == 0;
}

std::string ParentOf(const std::string& path) {
  const size_t slash = path.rfind('/');
  return slash == std::string::npos || slash == 0 ? "" : path.substr(0, slash);
}

// Best effort: tell a refused client why, without waiting for it to read.
void SendAndForget(int fd, const std::string& line) {
  (void)!::send(fd, line.data(), line.size(), MSG_DONTWAIT | MSG_NOSIGNAL);
}

}  // namespace

Result<std::unique_ptr<ControlServer>> ControlServer::Listen(const std::string& socket_path,
                                                             const ServerLimits& limits,
                                                             std::optional<gid_t> admin_group,
                                                             EventLoop& loop, Handler handler) {
  auto address = SocketAddress(socket_path);
  if (!address) return Fail(address.error());
  HW_TRY(store::MakeDirectories(ParentOf(socket_path), 0755));
  struct stat st {};
  if (::lstat(socket_path.c_str(), &st) == 0) {
    if (!S_ISSOCK(st.st_mode)) {
      return Fail(ErrorCode::kConflict, socket_path + " exists and is not a socket");
    }
    if (SomeoneListens(*address)) {
      return Fail(ErrorCode::kConflict, "another hostwalld already serves " + socket_path);
    }
    ::unlink(socket_path.c_str());
  }
  UniqueFd listener(::socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
  if (!listener.valid()) return Fail(SystemError("socket", errno));
  if (::bind(listener.get(), reinterpret_cast<const sockaddr*>(&*address), sizeof(*address)) != 0) {
    return Fail(SystemError("bind " + socket_path, errno));
  }
  // Reading settings is open to every local user; changes are checked per request.
  if (::chmod(socket_path.c_str(), 0666) != 0) {
    return Fail(SystemError("chmod " + socket_path, errno));
  }
  if (::listen(listener.get(), 128) != 0) return Fail(SystemError("listen", errno));
  const int listener_fd = listener.get();
  std::unique_ptr<ControlServer> server(new ControlServer(socket_path, std::move(listener), limits,
                                                          admin_group, loop, std::move(handler)));
  ControlServer* self = server.get();
  HW_TRY(loop.Add(listener_fd, EPOLLIN, [self](uint32_t) { self->Accept(); }));
  return server;
}

ControlServer::ControlServer(std::string path, UniqueFd listener, const ServerLimits& limits,
                             std::optional<gid_t> admin_group, EventLoop& loop, Handler handler)
    : path_(std::move(path)),
      listener_(std::move(listener)),
      limits_(limits),
      admin_group_(admin_group),
      loop_(loop),
      handler_(std::move(handler)) {}

ControlServer::~ControlServer() {
  std::vector<int> fds;
  for (const auto& [fd, unused] : clients_) fds.push_back(fd);
  for (int fd : fds) Close(fd);
  loop_.Remove(listener_.get());
  ::unlink(path_.c_str());
}

void ControlServer::Accept() {
  while (true) {
    UniqueFd fd(::accept4(listener_.get(), nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC));
    if (!fd.valid()) return;  // EAGAIN, or a client that vanished: nothing to do
    if (clients_.size() >= limits_.max_clients) ReapHungUp();
    if (clients_.size() >= limits_.max_clients) {
      SendAndForget(fd.get(),
                    protocol::ErrorLine(nullptr, Error(ErrorCode::kLimit,
                                                       "hostwalld is serving too many clients (" +
                                                           std::to_string(limits_.max_clients) +
                                                           "); try again later")));
      continue;
    }
    auto peer = IdentifyPeer(fd.get(), admin_group_);
    if (!peer) continue;
    const int raw = fd.get();
    auto client = std::make_unique<Client>();
    client->fd = std::move(fd);
    client->peer = std::move(*peer);
    client->last_activity = std::chrono::steady_clock::now();
    if (!loop_.Add(raw, EPOLLIN, [this, raw](uint32_t events) { OnClientEvent(raw, events); })) {
      continue;
    }
    clients_[raw] = std::move(client);
  }
}

void ControlServer::OnClientEvent(int fd, uint32_t events) {
  auto it = clients_.find(fd);
  if (it == clients_.end()) return;
  Client& client = *it->second;
  client.last_activity = std::chrono::steady_clock::now();
  if (events & EPOLLIN) ReadFrom(client);
  if (events & (EPOLLHUP | EPOLLERR) && !(events & EPOLLIN)) {
    Close(fd);
    return;
  }
  Flush(client);
}

void ControlServer::ReadFrom(Client& client) {
  char buffer[65536];
  while (!client.closing) {
    const ssize_t n = ::read(client.fd.get(), buffer, sizeof(buffer));
    if (n > 0) {
      if (client.draining) continue;
      client.input.append(buffer, static_cast<size_t>(n));
      ProcessLines(client);
      continue;
    }
    if (n < 0 && (errno == EAGAIN || errno == EINTR)) return;
    client.closing = true;  // end of input or an error: answer what came, then close
  }
}

void ControlServer::ProcessLines(Client& client) {
  const size_t limit =
      client.peer.may_change ? limits_.max_admin_request_bytes : limits_.max_reader_request_bytes;
  size_t start = 0;
  while (!client.closing && !client.draining) {
    const size_t newline = client.input.find('\n', start);
    if (newline == std::string::npos) break;
    const std::string_view line(client.input.data() + start, newline - start);
    if (line.size() > limit) break;
    Reply reply = handler_(line, client.peer);
    client.output += reply.line;
    client.subscribed = client.subscribed || reply.subscribe;
    start = newline + 1;
  }
  client.input.erase(0, start);
  if (!client.closing && !client.draining && client.input.size() > limit) {
    client.output += protocol::ErrorLine(
        nullptr, Error(ErrorCode::kLimit, "the request exceeds the limit of " +
                                              std::to_string(limit) + " bytes for this client"));
    client.input.clear();
    client.draining = true;
  }
}

void ControlServer::Flush(Client& client) {
  while (!client.output.empty()) {
    const ssize_t n =
        ::send(client.fd.get(), client.output.data(), client.output.size(), MSG_NOSIGNAL);
    if (n > 0) {
      client.output.erase(0, static_cast<size_t>(n));
      continue;
    }
    if (n < 0 && (errno == EAGAIN || errno == EINTR)) break;
    Close(client.fd.get());
    return;
  }
  const int fd = client.fd.get();
  if (client.output.empty() && client.closing) {
    Close(fd);
    return;
  }
  if (client.output.empty() && client.draining) ::shutdown(fd, SHUT_WR);
  // While a response waits to be read, stop reading: the client paces itself.
  (void)loop_.Modify(fd, client.output.empty() ? EPOLLIN : EPOLLOUT);
}

void ControlServer::ReapHungUp() {
  std::vector<int> gone;
  for (const auto& [fd, client] : clients_) {
    char byte;
    if (::recv(fd, &byte, 1, MSG_PEEK | MSG_DONTWAIT) == 0) gone.push_back(fd);
  }
  for (int fd : gone) Close(fd);
}

void ControlServer::CloseIdleClients() {
  const auto cutoff = std::chrono::steady_clock::now() - limits_.idle_timeout;
  std::vector<int> idle;
  for (const auto& [fd, client] : clients_) {
    if (client->last_activity < cutoff && !client->subscribed) idle.push_back(fd);
  }
  for (int fd : idle) Close(fd);
}

void ControlServer::Publish(const std::string& line) {
  // A subscriber that reads nothing loses events beyond this, not the daemon its memory.
  constexpr size_t kMaxPendingEventBytes = 1 << 20;
  std::vector<int> receivers;
  for (const auto& [fd, client] : clients_) {
    if (!client->subscribed || client->closing) continue;
    if (client->output.size() + line.size() > kMaxPendingEventBytes) continue;
    client->output += line;
    receivers.push_back(fd);
  }
  // Flushing may close a client: look each one up again.
  for (int fd : receivers) {
    if (auto it = clients_.find(fd); it != clients_.end()) Flush(*it->second);
  }
}

void ControlServer::Close(int fd) {
  loop_.Remove(fd);
  clients_.erase(fd);
}

}  // namespace hostwall::daemon
