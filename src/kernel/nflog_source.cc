#include "kernel/nflog_source.h"

#include <sys/socket.h>

#include <array>
#include <cerrno>

extern "C" {
#include <libnetfilter_log/libnetfilter_log.h>
}

namespace hostwall::kernel {
namespace {

// Messages the kernel gathers before it sends them, and the longest it holds one (1/100 s).
constexpr uint32_t kQueueThreshold = 64;
constexpr uint32_t kFlushTimeout = 1;
// Room for bursts while the receive thread is busy; SO_RCVBUFFORCE passes rmem_max as root.
constexpr int kReceiveBuffer = 8 << 20;

}  // namespace

Result<std::unique_ptr<NflogSource>> NflogSource::Open(uint16_t group) {
  std::unique_ptr<NflogSource> source(new NflogSource());
  source->handle_ = nflog_open();
  if (source->handle_ == nullptr) return Fail(SystemError("nflog_open", errno));
  source->group_ = nflog_bind_group(source->handle_, group);
  if (source->group_ == nullptr) {
    return Fail(SystemError("binding nfnetlink_log group " + std::to_string(group), errno));
  }
  if (nflog_set_mode(source->group_, NFULNL_COPY_PACKET, kSnapLength) < 0 ||
      nflog_set_flags(source->group_, NFULNL_CFG_F_SEQ) < 0 ||
      nflog_set_qthresh(source->group_, kQueueThreshold) < 0 ||
      nflog_set_timeout(source->group_, kFlushTimeout) < 0) {
    return Fail(SystemError("configuring nfnetlink_log group " + std::to_string(group), errno));
  }
  const int fd = nflog_fd(source->handle_);
  if (::setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &kReceiveBuffer, sizeof(kReceiveBuffer)) != 0) {
    ::setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &kReceiveBuffer, sizeof(kReceiveBuffer));
  }
  nflog_callback_register(
      source->group_,
      [](nflog_g_handle*, nfgenmsg*, nflog_data* data, void* self) -> int {
        LoggedPacket packet;
        uint32_t seq = 0;
        if (nflog_get_seq(data, &seq) == 0) packet.seq = seq;
        nflog_get_timestamp(data, &packet.time);
        if (const char* prefix = nflog_get_prefix(data)) packet.prefix = prefix;
        char* payload = nullptr;
        const int length = nflog_get_payload(data, &payload);
        if (length > 0) {
          packet.packet = {reinterpret_cast<const uint8_t*>(payload), static_cast<size_t>(length)};
        }
        (*static_cast<NflogSource*>(self)->on_packet_)(packet);
        return 0;
      },
      source.get());
  return source;
}

NflogSource::~NflogSource() {
  if (group_ != nullptr) nflog_unbind_group(group_);
  if (handle_ != nullptr) nflog_close(handle_);
}

int NflogSource::fd() const { return nflog_fd(handle_); }

Result<void> NflogSource::Drain(const std::function<void(const LoggedPacket&)>& on_packet) {
  on_packet_ = &on_packet;
  alignas(8) static thread_local std::array<char, 1 << 17> buffer;
  while (true) {
    const ssize_t n = ::recv(fd(), buffer.data(), buffer.size(), MSG_DONTWAIT);
    if (n < 0) {
      if (errno == EINTR) continue;
      if (errno == EAGAIN) return Ok();
      if (errno == ENOBUFS) {
        ++overruns_;
        continue;
      }
      return Fail(SystemError("receiving from nfnetlink_log", errno));
    }
    nflog_handle_packet(handle_, buffer.data(), static_cast<int>(n));
  }
}

}  // namespace hostwall::kernel
