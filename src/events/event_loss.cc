#include "events/event_loss.h"

namespace hostwall::events {

void EventLoss::OnSequence(uint32_t seq) {
  // Unsigned arithmetic: a gap across the wrap from 2^32-1 to 0 is counted right.
  pending_ += static_cast<uint32_t>(seq - next_seq_);
  next_seq_ = seq + 1;
}

uint64_t EventLoss::TakePending() {
  const uint64_t pending = pending_;
  total_ += pending;
  pending_ = 0;
  return pending;
}

}  // namespace hostwall::events
