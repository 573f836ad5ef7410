// EventLoss: counts the log events that never reached the file, for INFO-EVENTS-LOST lines.
//
// nfnetlink_log numbers the messages of a group (NFULNL_CFG_F_SEQ); a message the kernel could
// not deliver (the socket was full: ENOBUFS) leaves a gap in the numbers, so the gap is the
// exact count, known when the next message arrives. Events dropped on our side (the queue to the
// writer was full) are added as they happen. Pure: no I/O.
#pragma once

#include <cstdint>

namespace hostwall::events {

class EventLoss {
 public:
  // A message with sequence number `seq` arrived; counts the ones skipped before it.
  void OnSequence(uint32_t seq);
  // `count` events were received but could not be kept.
  void OnDropped(uint64_t count) { pending_ += count; }

  // The loss not yet reported, which is then reported: the `info` of one INFO-EVENTS-LOST line.
  uint64_t TakePending();
  // All loss so far.
  uint64_t total() const { return total_ + pending_; }

 private:
  uint32_t next_seq_ = 0;  // a new group's first message is 0
  uint64_t pending_ = 0;
  uint64_t total_ = 0;
};

}  // namespace hostwall::events
