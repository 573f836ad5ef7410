#include "events/connection_log.h"

#include <gtest/gtest.h>

namespace hostwall::events {
namespace {

using Kind = ConnectionEvent::Kind;
using TcpState = ConnectionEvent::TcpState;

IpNetwork Ip(const char* text) { return *ParseIpNetwork(text); }

ConnectionLog HostLog(size_t max_tracked = 100) {
  return ConnectionLog(
      [](const IpNetwork& a) { return a == Ip("10.61.1.1") || a == Ip("127.0.0.1"); }, max_tracked);
}

ConnectionEvent Tcp(Kind kind, uint32_t id, const char* from, const char* to,
                    std::optional<TcpState> state = std::nullopt) {
  return {.kind = kind,
          .id = id,
          .protocol = 6,
          .source = Ip(from),
          .destination = Ip(to),
          .source_port = 40000,
          .destination_port = 8080,
          .tcp_state = state};
}

std::string Line(const std::optional<LogRecord>& record) {
  if (!record) return "(none)";
  const std::string line = FormatLogLine(*record, {});
  return line.substr(20, line.size() - 21);
}

TEST(ConnectionLogTest, InboundAndOutboundByTheHostsAddress) {
  ConnectionLog log = HostLog();
  EXPECT_EQ(Line(log.OnEvent(Tcp(Kind::kNew, 1, "10.61.1.2", "10.61.1.1", TcpState::kSynSent))),
            "OPEN-INBOUND TCP 10.61.1.2 10.61.1.1 40000 8080 - - - - - - - - -");
  EXPECT_EQ(Line(log.OnEvent(Tcp(Kind::kNew, 2, "10.61.1.1", "10.61.1.2", TcpState::kSynSent))),
            "OPEN TCP 10.61.1.1 10.61.1.2 40000 8080 - - - - - - - - -");
  // Loopback, and traffic that is not the host's (forwarded), are not logged.
  EXPECT_EQ(Line(log.OnEvent(Tcp(Kind::kNew, 3, "127.0.0.1", "127.0.0.1"))), "(none)");
  EXPECT_EQ(Line(log.OnEvent(Tcp(Kind::kNew, 4, "10.61.3.2", "10.61.1.2"))), "(none)");
  EXPECT_EQ(log.tracked(), 2u);
}

TEST(ConnectionLogTest, CloseComesOnceWithTheFirstEndingEvent) {
  ConnectionLog log = HostLog();
  log.OnEvent(Tcp(Kind::kNew, 1, "10.61.1.2", "10.61.1.1", TcpState::kSynSent));
  EXPECT_EQ(
      Line(log.OnEvent(Tcp(Kind::kUpdate, 1, "10.61.1.2", "10.61.1.1", TcpState::kEstablished))),
      "(none)");
  EXPECT_EQ(Line(log.OnEvent(Tcp(Kind::kUpdate, 1, "10.61.1.2", "10.61.1.1", TcpState::kFinWait))),
            "CLOSE TCP 10.61.1.2 10.61.1.1 40000 8080 - - - - - - - - -");
  EXPECT_EQ(Line(log.OnEvent(Tcp(Kind::kUpdate, 1, "10.61.1.2", "10.61.1.1", TcpState::kTimeWait))),
            "(none)");
  EXPECT_EQ(Line(log.OnEvent(Tcp(Kind::kDestroy, 1, "10.61.1.2", "10.61.1.1"))), "(none)");
  EXPECT_EQ(log.tracked(), 0u);
  // Without a FIN or RST (a timeout), DESTROY closes it.
  log.OnEvent(Tcp(Kind::kNew, 2, "10.61.1.1", "10.61.1.2", TcpState::kSynSent));
  EXPECT_EQ(Line(log.OnEvent(Tcp(Kind::kDestroy, 2, "10.61.1.1", "10.61.1.2"))),
            "CLOSE TCP 10.61.1.1 10.61.1.2 40000 8080 - - - - - - - - -");
  // A reset moves to CLOSE.
  log.OnEvent(Tcp(Kind::kNew, 3, "10.61.1.1", "10.61.1.2", TcpState::kSynSent));
  EXPECT_NE(Line(log.OnEvent(Tcp(Kind::kUpdate, 3, "10.61.1.1", "10.61.1.2", TcpState::kClose))),
            "(none)");
}

TEST(ConnectionLogTest, UdpClosesOnDestroyAndOtherProtocolsAreNotSessions) {
  ConnectionLog log = HostLog();
  ConnectionEvent udp = Tcp(Kind::kNew, 1, "10.61.1.1", "10.61.1.2");
  udp.protocol = 17;
  EXPECT_EQ(Line(log.OnEvent(udp)), "OPEN UDP 10.61.1.1 10.61.1.2 40000 8080 - - - - - - - - -");
  udp.kind = Kind::kDestroy;
  EXPECT_EQ(Line(log.OnEvent(udp)), "CLOSE UDP 10.61.1.1 10.61.1.2 40000 8080 - - - - - - - - -");
  ConnectionEvent icmp = Tcp(Kind::kNew, 2, "10.61.1.1", "10.61.1.2");
  icmp.protocol = 1;
  EXPECT_EQ(Line(log.OnEvent(icmp)), "(none)");
}

TEST(ConnectionLogTest, MemoryIsBoundedAndBeyondItOnlyOpenIsLogged) {
  ConnectionLog log = HostLog(2);
  for (uint32_t id = 1; id <= 3; ++id) {
    EXPECT_NE(Line(log.OnEvent(Tcp(Kind::kNew, id, "10.61.1.2", "10.61.1.1"))), "(none)");
  }
  EXPECT_EQ(log.tracked(), 2u);
  EXPECT_EQ(Line(log.OnEvent(Tcp(Kind::kDestroy, 3, "10.61.1.2", "10.61.1.1"))), "(none)");
  EXPECT_NE(Line(log.OnEvent(Tcp(Kind::kDestroy, 1, "10.61.1.2", "10.61.1.1"))), "(none)");
}

}  // namespace
}  // namespace hostwall::events
