// NflogSource: the packets that log rules (`log group N`) hand to user space through
// nfnetlink_log, in the network namespace of the caller.
//
// The group copies the first kSnapLength bytes of each packet (IP and transport headers),
// numbers its messages (NFULNL_CFG_F_SEQ, for exact loss counting: events/event_loss.h) and
// batches them in the kernel (a queue threshold and a 10 ms flush) so that a flood costs few
// system calls. Thin: it decodes nothing beyond the netlink attributes.
// Not thread-safe: one receive thread owns it.
#pragma once

#include <sys/time.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string_view>

#include "core/error.h"

struct nflog_handle;
struct nflog_g_handle;

namespace hostwall::kernel {

struct LoggedPacket {
  std::optional<uint32_t> seq;
  timeval time{};  // when the kernel logged it; zero when it did not say
  std::string_view prefix;
  std::span<const uint8_t> packet;  // from the IP header, at most kSnapLength bytes
};

class NflogSource {
 public:
  static constexpr uint32_t kSnapLength = 128;

  // Binds `group`. Errors: kKernel (EBUSY: another process has the group in this namespace).
  static Result<std::unique_ptr<NflogSource>> Open(uint16_t group);
  ~NflogSource();

  int fd() const;
  // Reads every message queued on the socket without blocking, calling `on_packet` for each.
  // A full socket buffer (ENOBUFS: the kernel dropped messages) is counted, not an error.
  // Errors: kIo.
  Result<void> Drain(const std::function<void(const LoggedPacket&)>& on_packet);
  uint64_t overruns() const { return overruns_; }

 private:
  NflogSource() = default;

  nflog_handle* handle_ = nullptr;
  nflog_g_handle* group_ = nullptr;
  const std::function<void(const LoggedPacket&)>* on_packet_ = nullptr;
  uint64_t overruns_ = 0;
};

}  // namespace hostwall::kernel
