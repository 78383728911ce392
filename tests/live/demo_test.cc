// truce serve --demo's feeder: a simulated hour played through the real
// sockets at high speed reaches the engine and opens incidents; the feeds
// show the AIS connections and the SBS client connected to the feeder's
// loopback server.
#include "live/demo.h"

#include <gtest/gtest.h>

#include <thread>

#include "live_testing.h"

namespace truce::live {
namespace {

using namespace testing;  // NOLINT

TEST(Demo, PlaysASimulatedHourThroughTheSockets) {
  auto agreement = LoadExample();
  fs::path data = TempDir("truce-live-demo");
  LiveOptions o;
  o.data_dir = data;
  o.idle_release = DurationNs::Seconds(1);
  auto live = Live::Open(agreement, ExamplePath().string(), o);
  ASSERT_TRUE(live) << live.error().ToString();
  auto tcp = (*live)->ListenAisTcp("127.0.0.1", 0);
  ASSERT_TRUE(tcp);
  DemoOptions d;
  d.data_dir = data;
  d.ais_tcp = *tcp;
  d.speed = 3600;  // an hour a second
  d.hours = 2;
  auto demo = StartDemo(**live, agreement, d);
  ASSERT_TRUE(demo) << demo.error().ToString();
  for (int i = 0; i < 1200 && !(*demo)->done(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ASSERT_TRUE((*demo)->done());
  EXPECT_TRUE(fs::exists(data / "demo-feeds" / "truth.ndjson"));
  ASSERT_TRUE((*live)->Drain(DurationNs::Seconds(60)));
  ASSERT_TRUE((*live)->Finish());
  std::map<std::string, FeedHealth> feeds;
  for (auto& h : (*live)->Feeds()) feeds[h.name] = h;
  ASSERT_TRUE(feeds.count("ais-tcp"));
  EXPECT_GT(feeds["ais-tcp"].observations, 100u);
  ASSERT_TRUE(feeds.count("sbs"));
  EXPECT_EQ(feeds["sbs"].kind, "sbs-client");
  EXPECT_GT(feeds["sbs"].observations, 10u);
  ASSERT_TRUE(feeds.count("demo-monitors"));
  EXPECT_GT((*live)->Revisions().size(), 3u);
  IncidentQuery q;
  EXPECT_FALSE((*live)->Incidents(q).empty());
  EXPECT_FALSE((*live)->Tracks(TimeNs{0}, 100).empty());
  (*demo)->Stop();
  (*live)->Stop();
  fs::remove_all(data);
}

}  // namespace
}  // namespace truce::live
