#include "events/event_loss.h"

#include <gtest/gtest.h>

namespace hostwall::events {
namespace {

TEST(EventLossTest, GapsInTheNumberingAreTheLoss) {
  EventLoss loss;
  loss.OnSequence(0);
  loss.OnSequence(1);
  EXPECT_EQ(loss.TakePending(), 0u);
  loss.OnSequence(5);  // 2, 3, 4 lost
  loss.OnSequence(9);  // 6, 7, 8 lost
  EXPECT_EQ(loss.TakePending(), 6u);
  EXPECT_EQ(loss.TakePending(), 0u);
  EXPECT_EQ(loss.total(), 6u);
}

TEST(EventLossTest, TheFirstMessagesAndTheWrapAreCounted) {
  EventLoss loss;
  loss.OnSequence(3);  // a new group starts at 0: 0, 1, 2 lost
  EXPECT_EQ(loss.TakePending(), 3u);
  EventLoss wrapping;
  wrapping.OnSequence(0xfffffffe);
  wrapping.TakePending();
  wrapping.OnSequence(1);  // 0xffffffff and 0 lost
  EXPECT_EQ(wrapping.TakePending(), 2u);
}

TEST(EventLossTest, DroppedEventsAddUp) {
  EventLoss loss;
  loss.OnSequence(0);
  loss.OnDropped(256);
  loss.OnSequence(3);
  EXPECT_EQ(loss.TakePending(), 258u);
  EXPECT_EQ(loss.total(), 258u);
}

}  // namespace
}  // namespace hostwall::events
