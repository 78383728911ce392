// StreamClient: the engine's side never blocks; a client that falls behind
// by the queue's capacity is cut off (and its queue freed), and SSE framing.
#include "server/stream.h"

#include <gtest/gtest.h>

#include <thread>

namespace truce::server {
namespace {

live::LiveEvent Event(uint64_t seq) {
  return {seq, "track",
          "{\"type\":\"track\",\"n\":" + std::to_string(seq) + "}"};
}

TEST(StreamClientTest, DeliversInOrder) {
  StreamClient c(8);
  for (uint64_t i = 1; i <= 5; ++i) c.Push(Event(i));
  auto b = c.Pop(std::chrono::milliseconds(0));
  ASSERT_EQ(b.events.size(), 5u);
  for (uint64_t i = 0; i < 5; ++i) EXPECT_EQ(b.events[i].seq, i + 1);
  EXPECT_FALSE(b.cut_off);
  EXPECT_TRUE(c.Pop(std::chrono::milliseconds(1)).events.empty());
}

TEST(StreamClientTest, SlowClientIsCutOffNotWaitedFor) {
  StreamClient c(4);
  // The producer (the engine thread) pushes far more than the reader takes:
  // every push returns at once.
  int cuts = 0;
  for (uint64_t i = 1; i <= 100000; ++i) cuts += c.Push(Event(i)) ? 1 : 0;
  EXPECT_EQ(cuts, 1);  // counted once, when the queue overflowed
  auto b = c.Pop(std::chrono::milliseconds(0));
  EXPECT_TRUE(b.cut_off);
  EXPECT_TRUE(b.events.empty());  // freed, not kept
  // Later events are ignored: the client must reconnect.
  c.Push(Event(100001));
  EXPECT_TRUE(c.Pop(std::chrono::milliseconds(0)).events.empty());
}

TEST(StreamClientTest, AReplayedHistoryIsAllowedUntilRead) {
  StreamClient c(4);
  c.BeginReplay();
  for (uint64_t i = 1; i <= 100; ++i) EXPECT_FALSE(c.Push(Event(i)));
  c.EndReplay();
  // The backlog stands until read, plus the live allowance on top.
  for (uint64_t i = 101; i <= 104; ++i) EXPECT_FALSE(c.Push(Event(i)));
  auto b = c.Pop(std::chrono::milliseconds(0));
  EXPECT_FALSE(b.cut_off);
  ASSERT_EQ(b.events.size(), 104u);
  // Read: from now on only the live allowance.
  for (uint64_t i = 105; i <= 108; ++i) EXPECT_FALSE(c.Push(Event(i)));
  EXPECT_TRUE(c.Push(Event(109)));
  EXPECT_TRUE(c.Pop(std::chrono::milliseconds(0)).cut_off);
}

TEST(StreamClientTest, CloseWakesAWaitingReader) {
  StreamClient c(4);
  std::thread t([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    c.Close();
  });
  auto b = c.Pop(std::chrono::seconds(30));
  t.join();
  EXPECT_TRUE(b.closed);
}

TEST(StreamClientTest, SseFraming) {
  EXPECT_EQ(FormatSse({7, "incident", "{\"a\":1}"}),
            "id: 7\nevent: incident\ndata: {\"a\":1}\n\n");
  EXPECT_EQ(FormatSse({8, "x", "{\n\"a\":1}"}),
            "id: 8\nevent: x\ndata: {\ndata: \"a\":1}\n\n");
}

}  // namespace
}  // namespace truce::server
