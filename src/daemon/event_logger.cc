#include "daemon/event_logger.h"

#include <poll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <ctime>

#include "events/pfirewall_log.h"

namespace hostwall::daemon {
namespace {

constexpr size_t kBatchSize = 256;
// 64 batches of 256 events of about 200 bytes: at most about 3 MiB waiting for the writer.
constexpr size_t kQueueBatches = 64;
// Open connections remembered for their CLOSE line.
constexpr size_t kMaxTrackedConnections = 1 << 18;

// The local time of `time` (now when the kernel gave none). Events come in bursts within the
// same second: the conversion is made once a second.
const std::tm& LocalTime(const timeval& time) {
  thread_local time_t converted = -1;
  thread_local std::tm local{};
  const time_t seconds = time.tv_sec != 0 ? time.tv_sec : std::time(nullptr);
  if (seconds != converted) {
    localtime_r(&seconds, &local);
    converted = seconds;
  }
  return local;
}

timeval Now() {
  timeval now{};
  gettimeofday(&now, nullptr);
  return now;
}

}  // namespace

Result<std::unique_ptr<EventLogger>> EventLogger::Start(uint16_t nflog_group) {
  auto nflog = kernel::NflogSource::Open(nflog_group);
  if (!nflog) return Fail(nflog.error());
  UniqueFd wake(::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC));
  if (!wake.valid()) return Fail(SystemError("eventfd", errno));
  std::unique_ptr<EventLogger> logger(new EventLogger(std::move(*nflog), std::move(wake)));
  logger->receiver_ = std::thread([self = logger.get()] { self->Receive(); });
  logger->writer_thread_ = std::thread([self = logger.get()] { self->Write(); });
  return logger;
}

EventLogger::EventLogger(std::unique_ptr<kernel::NflogSource> nflog, UniqueFd wake)
    : nflog_(std::move(nflog)),
      wake_(std::move(wake)),
      queue_(kQueueBatches),
      connections_(
          [this](const IpNetwork& address) {
            return std::find(local_addresses_.begin(), local_addresses_.end(), address) !=
                   local_addresses_.end();
          },
          kMaxTrackedConnections) {}

EventLogger::~EventLogger() {
  stopping_ = true;
  Wake();
  receiver_.join();
  queue_.Close();
  writer_thread_.join();
}

void EventLogger::Wake() {
  const uint64_t one = 1;
  [[maybe_unused]] ssize_t n = ::write(wake_.get(), &one, sizeof(one));
}

Result<void> EventLogger::Configure(const LogSettings& settings) {
  const bool logging = settings.dropped_packets || settings.connections;
  std::optional<events::LogWriter> opened;
  {
    std::lock_guard lock(mutex_);
    if (settings == settings_) return Ok();
    const bool same_file =
        writer_ && settings.path == settings_.path && settings.max_kb == settings_.max_kb;
    if (logging && !same_file) {
      auto writer = events::LogWriter::Open(settings.path, settings.max_kb);
      if (!writer) {
        // The path comes from the user: a file that cannot be opened is a bad argument.
        return Fail(ErrorCode::kInvalidArgument,
                    "cannot log to '" + settings.path + "': " + writer.error().message());
      }
      opened = std::move(*writer);
    }
    settings_ = settings;
    if (opened) writer_ = std::move(opened);
    if (!logging) writer_.reset();
  }
  want_connections_ = settings.connections;
  Wake();
  return Ok();
}

LogSettings EventLogger::settings() const {
  std::lock_guard lock(mutex_);
  return settings_;
}

void EventLogger::SetLocalAddresses(std::vector<IpNetwork> addresses) {
  std::lock_guard lock(mutex_);
  local_addresses_ = std::move(addresses);
}

std::vector<std::string> EventLogger::TakeProblems() {
  std::lock_guard lock(mutex_);
  return std::exchange(problems_, {});
}

void EventLogger::Push(Batch& batch, bool report_loss) {
  if (report_loss) batch.lost_before = loss_.TakePending();
  if (batch.events.empty() && batch.lost_before == 0) return;
  if (!queue_.TryPush(batch)) loss_.OnDropped(batch.events.size() + batch.lost_before);
  batch = Batch{};
  batch.events.reserve(kBatchSize);
}

void EventLogger::Receive() {
  Batch batch;
  batch.events.reserve(kBatchSize);
  const auto on_packet = [&](const kernel::LoggedPacket& logged) {
    if (logged.seq) loss_.OnSequence(*logged.seq);
    Event& event = batch.events.emplace_back();
    event.time = logged.time;
    event.path =
        logged.prefix.starts_with("SEND") ? events::LogPath::kSend : events::LogPath::kReceive;
    event.length = static_cast<uint8_t>(std::min(logged.packet.size(), event.packet.size()));
    std::copy_n(logged.packet.begin(), event.length, event.packet.begin());
    if (batch.events.size() == kBatchSize) Push(batch, false);
  };
  const auto on_connection = [&](const events::ConnectionEvent& connection) {
    batch.events.push_back({.time = Now(), .is_packet = false, .connection = connection});
    if (batch.events.size() == kBatchSize) Push(batch, false);
  };
  while (!stopping_) {
    if (want_connections_ != (conntrack_ != nullptr)) {
      if (conntrack_) {
        conntrack_.reset();
      } else if (auto opened = kernel::ConntrackSource::Open(); opened) {
        conntrack_ = std::move(*opened);
      } else {
        std::lock_guard lock(mutex_);
        problems_.push_back(opened.error().message());
        want_connections_ = false;
      }
    }
    pollfd fds[3] = {{.fd = wake_.get(), .events = POLLIN},
                     {.fd = nflog_->fd(), .events = POLLIN},
                     {.fd = conntrack_ ? conntrack_->fd() : -1, .events = POLLIN}};
    if (::poll(fds, 3, -1) < 0 && errno != EINTR) break;
    if (fds[0].revents) {
      uint64_t ignored;
      [[maybe_unused]] ssize_t n = ::read(wake_.get(), &ignored, sizeof(ignored));
    }
    if (fds[1].revents) {
      if (auto drained = nflog_->Drain(on_packet); !drained) {
        std::lock_guard lock(mutex_);
        problems_.push_back(drained.error().message());
      }
    }
    if (conntrack_ && fds[2].revents) {
      if (auto drained = conntrack_->Drain(on_connection); !drained) {
        std::lock_guard lock(mutex_);
        problems_.push_back(drained.error().message());
      }
      // Conntrack does not number its events: an overrun counts as one lost event, at least.
      loss_.OnDropped(conntrack_->overruns() - conntrack_overruns_);
      conntrack_overruns_ = conntrack_->overruns();
    }
    // The loss found while the sockets were emptied is one burst: one INFO-EVENTS-LOST line.
    Push(batch, true);
  }
}

void EventLogger::Write() {
  while (std::optional<Batch> batch = queue_.Pop()) WriteBatch(*batch);
}

void EventLogger::WriteBatch(const Batch& batch) {
  std::lock_guard lock(mutex_);
  events_lost_ += batch.lost_before;
  if (!writer_) return;
  uint64_t written = 0;
  auto append = [&](const events::LogRecord& record, const timeval& time) {
    if (auto appended = writer_->Append(events::FormatLogLine(record, LocalTime(time)));
        !appended) {
      problems_.push_back(appended.error().message());
    }
  };
  if (batch.lost_before > 0) {
    append({.action = events::LogAction::kInfoEventsLost, .info = batch.lost_before},
           batch.events.empty() ? Now() : batch.events.front().time);
  }
  for (const Event& event : batch.events) {
    std::optional<events::LogRecord> record;
    if (!event.is_packet) {
      record = connections_.OnEvent(event.connection);  // tracked even when not written
      if (!settings_.connections) continue;
    } else if (settings_.dropped_packets) {
      if (auto decoded =
              events::DecodeDroppedPacket({event.packet.data(), event.length}, event.path)) {
        record = *decoded;
      }
    }
    if (!record) continue;
    append(*record, event.time);
    ++written;
  }
  if (auto flushed = writer_->Flush(); !flushed) problems_.push_back(flushed.error().message());
  events_written_ += written;
}

}  // namespace hostwall::daemon
