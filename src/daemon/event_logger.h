// EventLogger: writes pfirewall.log from the kernel's events (docs/logging.md).
//
//   nfnetlink_log (dropped packets) ─┐  receive thread   bounded    writer thread
//   conntrack events (connections) ──┴─ (batches, counts ─ queue ──  (decodes, formats,
//                                        loss)                       appends, rotates)
//
// The receive thread only copies messages into batches, so the sockets are emptied as fast as
// the kernel fills them. A batch that finds the queue full is dropped and counted; the loss
// reported by the kernel (gaps in nfnetlink_log's numbering, conntrack overruns) is counted too,
// and each burst of loss becomes one INFO-EVENTS-LOST line. Memory is bounded by the queue.
// Configure, SetLocalAddresses and TakeProblems are called from the daemon's event loop; the
// rest happens on the two threads.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "core/bounded_queue.h"
#include "core/error.h"
#include "core/ip_network.h"
#include "core/unique_fd.h"
#include "events/connection_log.h"
#include "events/event_loss.h"
#include "events/log_writer.h"
#include "kernel/conntrack_source.h"
#include "kernel/nflog_source.h"

namespace hostwall::daemon {

// What is logged, and where.
struct LogSettings {
  std::string path;
  uint32_t max_kb = 4096;
  bool dropped_packets = false;
  bool connections = false;

  bool operator==(const LogSettings&) const = default;
};

class EventLogger {
 public:
  // Binds nfnetlink_log group `nflog_group` and starts both threads. Errors: kKernel, kIo.
  static Result<std::unique_ptr<EventLogger>> Start(uint16_t nflog_group);
  // Writes what was received and stops the threads.
  ~EventLogger();

  // Logs by `settings` from now on. The file is opened first: a path that cannot be opened is
  // an error (kInvalidArgument, kIo) and the previous settings stay.
  Result<void> Configure(const LogSettings& settings);
  LogSettings settings() const;
  // The host's own addresses, which tell OPEN from OPEN-INBOUND.
  void SetLocalAddresses(std::vector<IpNetwork> addresses);

  // Problems the writer met since the last call (a failed write), for the daemon's log.
  std::vector<std::string> TakeProblems();
  // Events written as lines (INFO-EVENTS-LOST lines are not events), and events lost.
  uint64_t events_written() const { return events_written_; }
  uint64_t events_lost() const { return events_lost_; }

 private:
  struct Event {
    timeval time{};
    bool is_packet = true;
    events::LogPath path = events::LogPath::kReceive;
    uint8_t length = 0;
    std::array<uint8_t, kernel::NflogSource::kSnapLength> packet{};
    events::ConnectionEvent connection;
  };
  struct Batch {
    uint64_t lost_before = 0;  // events lost before this batch's: an INFO-EVENTS-LOST line
    std::vector<Event> events;
  };

  EventLogger(std::unique_ptr<kernel::NflogSource> nflog, UniqueFd wake);
  void Receive();
  void Write();
  // Queues `batch`, with the loss found so far when `report_loss`.
  void Push(Batch& batch, bool report_loss);
  void WriteBatch(const Batch& batch);
  void Wake();

  std::unique_ptr<kernel::NflogSource> nflog_;
  UniqueFd wake_;
  BoundedQueue<Batch> queue_;
  std::atomic<bool> stopping_ = false;
  std::atomic<bool> want_connections_ = false;

  // Receive thread only.
  std::unique_ptr<kernel::ConntrackSource> conntrack_;
  uint64_t conntrack_overruns_ = 0;
  events::EventLoss loss_;

  // Guarded by mutex_: shared by Configure and the writer thread.
  mutable std::mutex mutex_;
  LogSettings settings_;
  std::optional<events::LogWriter> writer_;
  std::vector<IpNetwork> local_addresses_;
  std::vector<std::string> problems_;

  events::ConnectionLog connections_;  // writer thread only
  std::atomic<uint64_t> events_written_ = 0;
  std::atomic<uint64_t> events_lost_ = 0;

  std::thread receiver_;
  std::thread writer_thread_;
};

}  // namespace hostwall::daemon
