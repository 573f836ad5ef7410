// hw_probe: the traffic of the lab tests, with short timeouts so that a drop is seen quickly.
//
//   hw_probe serve PORT SECONDS        answer "ok" on TCP and UDP PORT, IPv4 and IPv6, then exit
//   hw_probe tcp ADDRESS PORT MS       exit 0 when a connection gets "ok" within MS, else 1
//   hw_probe udp ADDRESS PORT MS       exit 0 when a datagram is answered within MS, else 1
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

namespace {

int Usage() {
  std::fprintf(stderr, "usage: hw_probe serve PORT SECONDS | tcp|udp ADDRESS PORT MS\n");
  return 2;
}

bool Address(const char* text, int port, sockaddr_storage& out, socklen_t& length) {
  std::memset(&out, 0, sizeof(out));
  auto* v4 = reinterpret_cast<sockaddr_in*>(&out);
  auto* v6 = reinterpret_cast<sockaddr_in6*>(&out);
  if (inet_pton(AF_INET, text, &v4->sin_addr) == 1) {
    v4->sin_family = AF_INET;
    v4->sin_port = htons(static_cast<uint16_t>(port));
    length = sizeof(*v4);
    return true;
  }
  if (inet_pton(AF_INET6, text, &v6->sin6_addr) == 1) {
    v6->sin6_family = AF_INET6;
    v6->sin6_port = htons(static_cast<uint16_t>(port));
    length = sizeof(*v6);
    return true;
  }
  return false;
}

bool WaitReadable(int fd, int ms) {
  pollfd p{fd, POLLIN, 0};
  return poll(&p, 1, ms) == 1 && (p.revents & POLLIN);
}

int Serve(int port, int seconds) {
  int tcp = socket(AF_INET6, SOCK_STREAM, 0);
  int udp = socket(AF_INET6, SOCK_DGRAM, 0);
  const int off = 0, on = 1;
  sockaddr_in6 any{};
  any.sin6_family = AF_INET6;
  any.sin6_port = htons(static_cast<uint16_t>(port));
  for (int fd : {tcp, udp}) {
    setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &off, sizeof(off));
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
    if (bind(fd, reinterpret_cast<sockaddr*>(&any), sizeof(any)) != 0) {
      std::perror("bind");
      return 1;
    }
  }
  listen(tcp, 128);
  const auto end = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
  while (std::chrono::steady_clock::now() < end) {
    pollfd fds[2] = {{tcp, POLLIN, 0}, {udp, POLLIN, 0}};
    if (poll(fds, 2, 100) <= 0) continue;
    if (fds[0].revents & POLLIN) {
      const int client = accept(tcp, nullptr, nullptr);
      if (client >= 0) {
        (void)!write(client, "ok\n", 3);
        close(client);
      }
    }
    if (fds[1].revents & POLLIN) {
      char buffer[64];
      sockaddr_storage from{};
      socklen_t length = sizeof(from);
      if (recvfrom(udp, buffer, sizeof(buffer), 0, reinterpret_cast<sockaddr*>(&from), &length) >=
          0) {
        sendto(udp, "ok\n", 3, 0, reinterpret_cast<sockaddr*>(&from), length);
      }
    }
  }
  return 0;
}

int Probe(bool tcp, const char* address, int port, int ms) {
  sockaddr_storage to{};
  socklen_t length = 0;
  if (!Address(address, port, to, length)) return Usage();
  const int fd = socket(to.ss_family, (tcp ? SOCK_STREAM : SOCK_DGRAM) | SOCK_NONBLOCK, 0);
  const int on = 1;
  if (!tcp) setsockopt(fd, SOL_SOCKET, SO_BROADCAST, &on, sizeof(on));  // broadcast probes
  if (tcp) {
    if (connect(fd, reinterpret_cast<sockaddr*>(&to), length) != 0 && errno != EINPROGRESS)
      return 1;
  } else {
    // Unconnected, so that the answer to a broadcast, which comes from a unicast address,
    // is received.
    (void)!sendto(fd, "ping", 4, 0, reinterpret_cast<sockaddr*>(&to), length);
  }
  if (!WaitReadable(fd, ms)) return 1;
  char buffer[8] = {};
  return recv(fd, buffer, sizeof(buffer) - 1, 0) >= 2 && std::strncmp(buffer, "ok", 2) == 0 ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc == 4 && std::string(argv[1]) == "serve")
    return Serve(std::atoi(argv[2]), std::atoi(argv[3]));
  if (argc == 5 && (std::string(argv[1]) == "tcp" || std::string(argv[1]) == "udp")) {
    return Probe(std::string(argv[1]) == "tcp", argv[2], std::atoi(argv[3]), std::atoi(argv[4]));
  }
  return Usage();
}
