// hw_probe: the traffic of the lab tests, with short timeouts so that a drop is seen quickly.
//
//   hw_probe serve PORT SECONDS        answer "ok" on TCP and UDP PORT, IPv4 and IPv6, then exit
//   hw_probe tcp ADDRESS PORT MS       exit 0 when a connection gets "ok" within MS, else 1
//   hw_probe udp ADDRESS PORT MS       exit 0 when a datagram is answered within MS, else 1
//   hw_probe watch ADDRESS OPEN CLOSED STOP_FILE   see Watch()
//   hw_probe connrate ADDRESS PORT SECONDS   see ConnectionRate()
//   hw_probe sink|closing-server PORT SECONDS   see AcceptAndClose()
//   hw_probe segment SOURCE DEST SPORT DPORT FLAGS SEQ ACK WINDOW   see SendSegment()
//   hw_probe flood ADDRESS PORT COUNT RATE   see Flood()
//   hw_probe race PEER_NETNS tcp4|tcp6|udp4|udp6 ADDRESS ROUNDS BASE_PORT MS   see Race()
//   hw_probe listen-times BASE_PORT COUNT GAP_US   see ListenTimes()
//   hw_probe reconnect ADDRESS PORT SOURCE_PORT ROUNDS   see Reconnect()
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/ip.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sched.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

namespace {

int Usage() {
  std::fprintf(stderr,
               "usage: hw_probe serve PORT SECONDS | tcp|udp ADDRESS PORT MS | "
               "watch ADDRESS OPEN_PORT CLOSED_PORT STOP_FILE\n");
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
  listen(tcp, 1024);
  // Each connection gets "ok" at once, and again for everything it sends, until it closes.
  std::vector<pollfd> fds = {{tcp, POLLIN, 0}, {udp, POLLIN, 0}};
  const auto end = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
  while (std::chrono::steady_clock::now() < end) {
    if (poll(fds.data(), fds.size(), 100) <= 0) continue;
    if (fds[0].revents & POLLIN) {
      const int client = accept(tcp, nullptr, nullptr);
      if (client >= 0) {
        (void)!write(client, "ok\n", 3);
        fds.push_back({client, POLLIN, 0});
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
    for (size_t i = 2; i < fds.size(); ++i) {
      if (!(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      char buffer[256];
      if (read(fds[i].fd, buffer, sizeof(buffer)) > 0) {
        (void)!write(fds[i].fd, "ok\n", 3);
        continue;
      }
      close(fds[i].fd);
      fds.erase(fds.begin() + static_cast<long>(i));
      --i;
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
  char buffer[8] = {};
  const bool answered = WaitReadable(fd, ms) && recv(fd, buffer, sizeof(buffer) - 1, 0) >= 2 &&
                        std::strncmp(buffer, "ok", 2) == 0;
  close(fd);
  return answered ? 0 : 1;
}

// Until STOP_FILE exists: new connections to OPEN_PORT must succeed, new connections to
// CLOSED_PORT must not, and one connection made at the start must keep answering. Prints the
// counts as "open_ok=.. open_failed=.. closed_ok=.. closed_failed=.. kept_ok=.. kept_failed=..".
int Watch(const char* address, int open_port, int closed_port, const char* stop_file) {
  sockaddr_storage to{};
  socklen_t length = 0;
  if (!Address(address, open_port, to, length)) return Usage();
  const int kept = socket(to.ss_family, SOCK_STREAM, 0);
  if (connect(kept, reinterpret_cast<sockaddr*>(&to), length) != 0 || !WaitReadable(kept, 2000)) {
    std::printf("the kept connection could not be made\n");
    return 1;
  }
  char buffer[64];
  (void)!read(kept, buffer, sizeof(buffer));
  long open_ok = 0, open_failed = 0, closed_ok = 0, closed_failed = 0, kept_ok = 0, kept_failed = 0;
  for (long round = 0; access(stop_file, F_OK) != 0; ++round) {
    (Probe(true, address, open_port, 1000) == 0 ? open_ok : open_failed)++;
    (Probe(true, address, closed_port, 20) == 0 ? closed_ok : closed_failed)++;
    if (round % 10 == 0) {
      const bool answered = write(kept, "x", 1) == 1 && WaitReadable(kept, 1000) &&
                            read(kept, buffer, sizeof(buffer)) > 0;
      (answered ? kept_ok : kept_failed)++;
    }
  }
  std::printf(
      "open_ok=%ld open_failed=%ld closed_ok=%ld closed_failed=%ld kept_ok=%ld kept_failed=%ld\n",
      open_ok, open_failed, closed_ok, closed_failed, kept_ok, kept_failed);
  return 0;
}

// Accepts connections on PORT (IPv4 and IPv6) for SECONDS and closes each at once, after
// sending `greeting` when there is one. The server closing first keeps the 4-tuple in TIME_WAIT
// on its side. "sink" (no greeting) is the far end of a connection-rate run; "closing-server"
// says "ok".
int AcceptAndClose(int port, int seconds, const char* greeting) {
  const int fd = socket(AF_INET6, SOCK_STREAM, 0);
  const int off = 0, on = 1;
  setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &off, sizeof(off));
  setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
  sockaddr_in6 any{};
  any.sin6_family = AF_INET6;
  any.sin6_port = htons(static_cast<uint16_t>(port));
  if (bind(fd, reinterpret_cast<sockaddr*>(&any), sizeof(any)) != 0 || listen(fd, 4096) != 0) {
    std::perror("bind");
    return 1;
  }
  const auto end = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
  while (std::chrono::steady_clock::now() < end) {
    if (!WaitReadable(fd, 100)) continue;
    const int client = accept(fd, nullptr, nullptr);
    if (client < 0) continue;
    if (greeting != nullptr) (void)!write(client, greeting, std::strlen(greeting));
    close(client);
  }
  return 0;
}

// New TCP connections per second to ADDRESS:PORT for SECONDS, each a new flow: connect, then
// close with a reset so that no TIME_WAIT builds up. Prints the rate.
int ConnectionRate(const char* address, int port, int seconds) {
  sockaddr_storage to{};
  socklen_t length = 0;
  if (!Address(address, port, to, length)) return Usage();
  const linger reset{1, 0};
  long connections = 0, failures = 0;
  const auto start = std::chrono::steady_clock::now();
  const auto end = start + std::chrono::seconds(seconds);
  while (std::chrono::steady_clock::now() < end) {
    const int fd = socket(to.ss_family, SOCK_STREAM, 0);
    setsockopt(fd, SOL_SOCKET, SO_LINGER, &reset, sizeof(reset));
    (connect(fd, reinterpret_cast<sockaddr*>(&to), length) == 0 ? connections : failures)++;
    close(fd);
  }
  const double elapsed =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("%.0f %ld\n", static_cast<double>(connections) / elapsed, failures);
  return 0;
}

uint16_t Checksum(const uint8_t* bytes, size_t length, uint32_t sum) {
  for (size_t i = 0; i + 1 < length; i += 2)
    sum += static_cast<uint32_t>(bytes[i] << 8 | bytes[i + 1]);
  if (length % 2) sum += static_cast<uint32_t>(bytes[length - 1] << 8);
  while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
  return static_cast<uint16_t>(~sum);
}

// One IPv4 TCP segment with exactly the given fields (FLAGS: letters of FSRPAU), no payload,
// through a raw socket: a SYN or an ACK that no connection expects, for the log tests.
int SendSegment(char** argv) {
  in_addr source{}, destination{};
  if (inet_pton(AF_INET, argv[0], &source) != 1 || inet_pton(AF_INET, argv[1], &destination) != 1)
    return Usage();
  uint8_t flags = 0;
  for (const char* c = argv[4]; *c; ++c) {
    const char* letters = "FSRPAU";
    const char* at = std::strchr(letters, *c);
    if (at == nullptr) return Usage();
    flags |= static_cast<uint8_t>(1 << (at - letters));
  }
  uint8_t segment[20] = {};
  auto put16 = [&](size_t at, uint32_t v) {
    segment[at] = static_cast<uint8_t>(v >> 8);
    segment[at + 1] = static_cast<uint8_t>(v);
  };
  auto put32 = [&](size_t at, uint32_t v) {
    put16(at, v >> 16);
    put16(at + 2, v & 0xffff);
  };
  put16(0, static_cast<uint32_t>(std::atoi(argv[2])));
  put16(2, static_cast<uint32_t>(std::atoi(argv[3])));
  put32(4, static_cast<uint32_t>(std::strtoul(argv[5], nullptr, 10)));
  put32(8, static_cast<uint32_t>(std::strtoul(argv[6], nullptr, 10)));
  segment[12] = 5 << 4;
  segment[13] = flags;
  put16(14, static_cast<uint32_t>(std::atoi(argv[7])));
  // The pseudo-header: addresses, protocol, length.
  uint8_t pseudo[12];
  std::memcpy(pseudo, &source, 4);
  std::memcpy(pseudo + 4, &destination, 4);
  pseudo[8] = 0;
  pseudo[9] = IPPROTO_TCP;
  pseudo[10] = 0;
  pseudo[11] = sizeof(segment);
  uint32_t sum = 0;
  for (size_t i = 0; i < sizeof(pseudo); i += 2)
    sum += static_cast<uint32_t>(pseudo[i] << 8 | pseudo[i + 1]);
  put16(16, Checksum(segment, sizeof(segment), sum));
  const int fd = socket(AF_INET, SOCK_RAW, IPPROTO_TCP);
  sockaddr_in to{};
  to.sin_family = AF_INET;
  to.sin_addr = destination;
  sockaddr_in from = to;
  from.sin_addr = source;
  if (fd < 0 || bind(fd, reinterpret_cast<sockaddr*>(&from), sizeof(from)) != 0 ||
      sendto(fd, segment, sizeof(segment), 0, reinterpret_cast<sockaddr*>(&to), sizeof(to)) !=
          static_cast<ssize_t>(sizeof(segment))) {
    std::perror("segment");
    return 1;
  }
  close(fd);
  return 0;
}

// COUNT datagrams of 18 bytes to ADDRESS:PORT, 64 a system call, at about RATE a second (0: as
// fast as possible); never longer than 10 s. Prints how many were sent.
int Flood(const char* address, int port, long count, long rate) {
  sockaddr_storage to{};
  socklen_t length = 0;
  if (!Address(address, port, to, length)) return Usage();
  const int fd = socket(to.ss_family, SOCK_DGRAM, 0);
  if (connect(fd, reinterpret_cast<sockaddr*>(&to), length) != 0) return 1;
  char payload[18] = "hostwall flood...";
  iovec iov{payload, sizeof(payload)};
  mmsghdr messages[64] = {};
  for (mmsghdr& m : messages) {
    m.msg_hdr.msg_iov = &iov;
    m.msg_hdr.msg_iovlen = 1;
  }
  long sent = 0;
  const auto start = std::chrono::steady_clock::now();
  const auto deadline = start + std::chrono::seconds(10);
  while (sent < count && std::chrono::steady_clock::now() < deadline) {
    if (rate > 0) {
      const auto due = start + std::chrono::microseconds(sent * 1000000 / rate);
      std::this_thread::sleep_until(due);
    }
    const int n =
        sendmmsg(fd, messages, static_cast<unsigned>(std::min<long>(64, count - sent)), 0);
    if (n > 0) sent += n;
  }
  std::printf("%ld\n", sent);
  return 0;
}

// The strictest test of a program exception: this process listens (or binds) on a fresh port,
// and a child already inside PEER_NETNS connects (or sends) the moment listen()/bind() returns,
// with one SYN or datagram and MS milliseconds to be answered. Prints "ok=N fail=M".
int Race(const char* peer_netns, const std::string& mode, const char* address, int rounds,
         int base_port, int ms) {
  const bool tcp = mode.rfind("tcp", 0) == 0;
  const bool v6 = mode.back() == '6';
  int to_child[2], to_parent[2];
  if (pipe(to_child) != 0 || pipe(to_parent) != 0) return 1;
  const pid_t child = fork();
  if (child == 0) {
    close(to_child[1]);  // so that the parent's close ends the loop below
    close(to_parent[0]);
    const int ns = open(peer_netns, O_RDONLY);
    if (ns < 0 || setns(ns, CLONE_NEWNET) != 0) {
      std::perror("setns");
      _exit(2);
    }
    int port = 0;
    while (read(to_child[0], &port, sizeof(port)) == sizeof(port)) {
      sockaddr_storage to{};
      socklen_t length = 0;
      Address(address, port, to, length);
      const int fd = socket(to.ss_family, (tcp ? SOCK_STREAM : SOCK_DGRAM) | SOCK_NONBLOCK, 0);
      bool ok = false;
      if (tcp) {
        connect(fd, reinterpret_cast<sockaddr*>(&to), length);
        pollfd p{fd, POLLOUT, 0};
        int error = 0;
        socklen_t error_length = sizeof(error);
        ok = poll(&p, 1, ms) == 1 &&
             getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &error_length) == 0 && error == 0;
      } else {
        (void)!sendto(fd, "x", 1, 0, reinterpret_cast<sockaddr*>(&to), length);
        char buffer[8];
        ok = WaitReadable(fd, ms) && recv(fd, buffer, sizeof(buffer), 0) > 0;
      }
      close(fd);
      const char result = ok ? 1 : 0;
      (void)!write(to_parent[1], &result, 1);
    }
    _exit(0);
  }
  close(to_child[0]);
  close(to_parent[1]);  // a child that dies makes read() return 0, not wait for ever
  int ok = 0, failed = 0;
  const int on = 1;
  for (int round = 0; round < rounds; ++round) {
    const int port = base_port + round;
    const int fd = socket(v6 ? AF_INET6 : AF_INET, tcp ? SOCK_STREAM : SOCK_DGRAM, 0);
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
    sockaddr_storage any{};
    socklen_t length = 0;
    Address(v6 ? "::" : "0.0.0.0", port, any, length);
    if (bind(fd, reinterpret_cast<sockaddr*>(&any), length) != 0 || (tcp && listen(fd, 16) != 0)) {
      std::perror("bind");
      return 1;
    }
    (void)!write(to_child[1], &port, sizeof(port));
    if (!tcp && WaitReadable(fd, ms + 100)) {
      char buffer[8];
      sockaddr_storage from{};
      socklen_t from_length = sizeof(from);
      if (recvfrom(fd, buffer, sizeof(buffer), 0, reinterpret_cast<sockaddr*>(&from),
                   &from_length) > 0) {
        sendto(fd, "ok", 2, 0, reinterpret_cast<sockaddr*>(&from), from_length);
      }
    }
    char result = 0;
    (void)!read(to_parent[0], &result, 1);
    (result ? ok : failed)++;
    close(fd);
  }
  close(to_child[1]);
  waitpid(child, nullptr, 0);
  std::printf("ok=%d fail=%d\n", ok, failed);
  return 0;
}

// ROUNDS connections to ADDRESS:PORT, all from SOURCE_PORT: each after the server closed the
// previous one, so each new SYN meets the server's TIME_WAIT socket for the same 4-tuple.
// Prints "ok=N fail=M".
int Reconnect(const char* address, int port, int source_port, int rounds) {
  sockaddr_storage to{}, from{};
  socklen_t length = 0, from_length = 0;
  if (!Address(address, port, to, length)) return Usage();
  Address(to.ss_family == AF_INET6 ? "::" : "0.0.0.0", source_port, from, from_length);
  int ok = 0, failed = 0;
  const int on = 1;
  for (int round = 0; round < rounds; ++round) {
    const int fd = socket(to.ss_family, SOCK_STREAM, 0);
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
    const timeval timeout{0, 500000};
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof(timeout));
    char buffer[8];
    const bool answered = bind(fd, reinterpret_cast<sockaddr*>(&from), from_length) == 0 &&
                          connect(fd, reinterpret_cast<sockaddr*>(&to), length) == 0 &&
                          WaitReadable(fd, 500) && recv(fd, buffer, sizeof(buffer), 0) > 0;
    (answered ? ok : failed)++;
    // Wait for the server's FIN, then close: the server holds the TIME_WAIT.
    while (answered && WaitReadable(fd, 500) && recv(fd, buffer, sizeof(buffer), 0) > 0) {
    }
    close(fd);
  }
  std::printf("ok=%d fail=%d\n", ok, failed);
  return 0;
}

// COUNT TCP listeners on BASE_PORT, BASE_PORT+1, ..., one at a time, GAP_US apart: prints
// "PORT NANOSECONDS" with CLOCK_MONOTONIC when each listen() returned (for alert latency).
int ListenTimes(int base_port, int count, int gap_us) {
  const int on = 1;
  for (int i = 0; i < count; ++i) {
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
    sockaddr_storage any{};
    socklen_t length = 0;
    Address("0.0.0.0", base_port + i, any, length);
    if (bind(fd, reinterpret_cast<sockaddr*>(&any), length) != 0 || listen(fd, 4) != 0) return 1;
    timespec now{};
    clock_gettime(CLOCK_MONOTONIC, &now);
    std::printf("%d %lld\n", base_port + i,
                static_cast<long long>(now.tv_sec) * 1000000000LL + now.tv_nsec);
    std::this_thread::sleep_for(std::chrono::microseconds(gap_us));
    close(fd);
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc == 4 && std::string(argv[1]) == "serve")
    return Serve(std::atoi(argv[2]), std::atoi(argv[3]));
  if (argc == 5 && (std::string(argv[1]) == "tcp" || std::string(argv[1]) == "udp")) {
    return Probe(std::string(argv[1]) == "tcp", argv[2], std::atoi(argv[3]), std::atoi(argv[4]));
  }
  if (argc == 4 && std::string(argv[1]) == "sink") {
    return AcceptAndClose(std::atoi(argv[2]), std::atoi(argv[3]), nullptr);
  }
  if (argc == 5 && std::string(argv[1]) == "connrate") {
    return ConnectionRate(argv[2], std::atoi(argv[3]), std::atoi(argv[4]));
  }
  if (argc == 10 && std::string(argv[1]) == "segment") return SendSegment(argv + 2);
  if (argc == 8 && std::string(argv[1]) == "race") {
    return Race(argv[2], argv[3], argv[4], std::atoi(argv[5]), std::atoi(argv[6]),
                std::atoi(argv[7]));
  }
  if (argc == 5 && std::string(argv[1]) == "listen-times") {
    return ListenTimes(std::atoi(argv[2]), std::atoi(argv[3]), std::atoi(argv[4]));
  }
  if (argc == 4 && std::string(argv[1]) == "closing-server") {
    return AcceptAndClose(std::atoi(argv[2]), std::atoi(argv[3]), "ok\n");
  }
  if (argc == 6 && std::string(argv[1]) == "reconnect") {
    return Reconnect(argv[2], std::atoi(argv[3]), std::atoi(argv[4]), std::atoi(argv[5]));
  }
  if (argc == 6 && std::string(argv[1]) == "flood") {
    return Flood(argv[2], std::atoi(argv[3]), std::atol(argv[4]), std::atol(argv[5]));
  }
  if (argc == 6 && std::string(argv[1]) == "watch") {
    return Watch(argv[2], std::atoi(argv[3]), std::atoi(argv[4]), argv[5]);
  }
  return Usage();
}
