// Webhook delivery against real HTTP servers on loopback that fail (500),
// stall beyond the client's timeout and recover: order per endpoint, retries,
// dead letters, a stalled endpoint not delaying another, and the outbox's
// durable state.
#include "alerts/outbox.h"

#include <gtest/gtest.h>

#include <condition_variable>
#include <mutex>
#include <thread>

#include "alerts/delivery.h"
#include "alerts/testing/http_server.h"
#include "alerts/testing/subprocess.h"

namespace truce::alerts {
namespace {

using testing::HttpServer;
using testing::Request;
using testing::TempDir;

std::vector<CapMessage> Messages(int n) {
  std::vector<CapMessage> out;
  for (int i = 1; i <= n; ++i) {
    CapMessage m;
    m.identifier = "m" + std::to_string(i);
    m.msg_type = "Alert";
    m.incident_id = "incident-" + std::to_string(i);
    m.revision = 1;
    m.xml = "<alert>" + std::to_string(i) + "</alert>\n";
    out.push_back(m);
  }
  return out;
}

std::vector<std::string> Ids(const std::vector<Request>& rs,
                             const std::string& path, bool only_2xx = false) {
  std::vector<std::string> out;
  for (const auto& r : rs) {
    if (r.path == path && (!only_2xx || r.answered / 100 == 2)) {
      out.push_back(r.identifier);
    }
  }
  return out;
}

// A gate the stalling handler waits on until the test opens it.
struct Gate {
  std::mutex mu;
  std::condition_variable cv;
  bool open = false;
  void Wait() {
    std::unique_lock lock(mu);
    cv.wait(lock, [&] { return open; });
  }
  void Open() {
    {
      std::lock_guard lock(mu);
      open = true;
    }
    cv.notify_all();
  }
};

TEST(Delivery, FailStallRecoverInOrderWithoutHoldingOthers) {
  // One server per endpoint, so that stalled handlers hold only their own.
  constexpr int kStalled = 3;  // requests /stall holds beyond the timeout
  Gate gate;
  HttpServer fast([](const std::string&, int) { return 200; });
  HttpServer flaky([](const std::string&, int i) { return i < 2 ? 500 : 200; });
  HttpServer dead([](const std::string&, int) { return 503; });
  HttpServer stall([&](const std::string&, int i) {
    if (i < kStalled) {
      gate.Wait();  // the client gave up long before
      return 200;
    }
    // Then failing fast until the test opens the gate: still not recovered.
    std::lock_guard lock(gate.mu);
    return gate.open ? 200 : 503;
  });
  struct OpenOnExit {  // so that a failed assertion cannot hang the servers
    Gate& gate;
    ~OpenOnExit() { gate.Open(); }
  } open_on_exit{gate};
  // Only /stall has a short timeout: the others must never time out, even
  // on a loaded machine, for their exact request sequences below to hold.
  auto ep = [&](HttpServer& server, std::string name, int64_t attempts,
                int64_t timeout_ms = 30'000) {
    Endpoint e;
    e.name = name;
    e.url = server.Url("/" + name);
    e.timeout_ms = timeout_ms;
    e.max_attempts = attempts;
    e.backoff_ms = 20;
    e.max_backoff_ms = 80;
    return e;
  };
  // /stall first: a delivery that took endpoints one after another would
  // never reach the others while it is held.
  Hooks hooks{{ep(stall, "stall", 100'000, 300), ep(fast, "fast", 5),
               ep(flaky, "flaky", 5), ep(dead, "dead", 2)}};
  TempDir dir;
  auto box = Outbox::Open((dir.path() / "outbox.db").string());
  ASSERT_TRUE(box.has_value()) << box.error().ToString();
  auto messages = Messages(5);
  std::vector<std::string> names = {"fast", "flaky", "stall", "dead"};
  auto added = (*box)->Enqueue(names, messages, NowMs());
  ASSERT_TRUE(added.has_value());
  EXPECT_EQ(*added, 20);
  // Idempotent: the same messages again add nothing.
  EXPECT_EQ((*box)->Enqueue(names, messages, NowMs()).value(), 0);

  Result<DeliveryReport> report = std::unexpected(Error{});
  DeliveryOptions options;
  options.seed = 7;
  std::thread deliver([&] { report = Deliver(**box, hooks, options); });

  // While /stall holds its first request (and the client has given up on it
  // and retried at least once: the timeout works), every other endpoint
  // finishes: fast got all five, flaky recovered, dead dead-lettered all.
  fast.WaitFor([](const auto& rs) { return rs.size() == 5; });
  flaky.WaitFor(
      [](const auto& rs) { return Ids(rs, "/flaky", true).size() == 5; });
  dead.WaitFor([](const auto& rs) { return rs.size() == 10; });
  // And /stall has answered 503 at least once after its held requests.
  stall.WaitFor([](const auto& rs) { return !rs.empty(); });
  auto st = (*box)->Status();
  EXPECT_TRUE(st.has_value());
  if (st) {
    EXPECT_EQ(st->endpoints["stall"].delivered, 0);
    EXPECT_EQ(st->endpoints["stall"].pending, 5);
  }
  gate.Open();
  deliver.join();
  ASSERT_TRUE(report.has_value()) << report.error().ToString();

  std::vector<Request> rs;
  for (auto* s : {&fast, &flaky, &dead, &stall}) {
    auto r = s->Requests();
    rs.insert(rs.end(), r.begin(), r.end());
  }
  std::vector<std::string> in_order = {"m1", "m2", "m3", "m4", "m5"};
  EXPECT_EQ(Ids(rs, "/fast"), in_order);
  // flaky: m1 failed twice (500), then each once, in order.
  EXPECT_EQ(Ids(rs, "/flaky"), (std::vector<std::string>{"m1", "m1", "m1", "m2",
                                                         "m3", "m4", "m5"}));
  // dead: each message tried max_attempts = 2 times, then the next one.
  EXPECT_EQ(Ids(rs, "/dead"),
            (std::vector<std::string>{"m1", "m1", "m2", "m2", "m3", "m3", "m4",
                                      "m4", "m5", "m5"}));
  // stall: the held requests were all m1 (the client timed out and retried
  // the same message); then m1 until it got through, then the rest in order.
  std::vector<std::string> held, later;
  for (const auto& r : rs) {
    if (r.path != "/stall") continue;
    (r.index < kStalled ? held : later).push_back(r.identifier);
  }
  EXPECT_EQ(held, std::vector<std::string>(kStalled, "m1"));
  // Repeats of one message are retries (/stall's timeout is short, so a slow
  // moment may repeat one); order is what must hold.
  std::vector<std::string> collapsed;
  for (const auto& id : later) {
    if (collapsed.empty() || collapsed.back() != id) collapsed.push_back(id);
  }
  EXPECT_EQ(collapsed, in_order);
  EXPECT_GE(later.size(), 6u);  // m1 failed (503) at least once more
  // Attempt headers count every try of a message: flaky's m1 was 1, 2, 3.
  std::vector<std::string> attempts;
  for (const auto& r : rs) {
    if (r.path == "/flaky" && r.identifier == "m1")
      attempts.push_back(r.attempt);
  }
  EXPECT_EQ(attempts, (std::vector<std::string>{"1", "2", "3"}));
  for (const auto& r : rs) {
    EXPECT_EQ(r.content_type, "application/cap+xml");
    EXPECT_EQ(r.body, "<alert>" + r.identifier.substr(1) + "</alert>\n");
  }

  EXPECT_EQ(report->delivered["fast"], 5);
  EXPECT_EQ(report->delivered["flaky"], 5);
  EXPECT_EQ(report->delivered["stall"], 5);
  EXPECT_EQ(report->dead["dead"], 5);
  EXPECT_EQ(report->orphaned, 0);

  // The durable state agrees with what the servers saw.
  st = (*box)->Status();
  ASSERT_TRUE(st.has_value());
  EXPECT_EQ(st->endpoints["fast"].delivered, 5);
  EXPECT_EQ(st->endpoints["fast"].attempts, 5);
  EXPECT_EQ(st->endpoints["flaky"].attempts, 7);
  EXPECT_EQ(st->endpoints["flaky"].failed_attempts, 2);
  EXPECT_EQ(st->endpoints["flaky"].max_attempts_on_one, 3);
  EXPECT_EQ(st->endpoints["dead"].dead, 5);
  EXPECT_EQ(st->endpoints["dead"].attempts, 10);
  EXPECT_NE(st->endpoints["dead"].last_error.find("HTTP 503"),
            std::string::npos);
  EXPECT_GE(st->endpoints["stall"].failed_attempts, kStalled + 1);
  ASSERT_EQ(st->dead.size(), 5u);
  EXPECT_EQ(st->dead[0].identifier, "m1");
  EXPECT_EQ(st->dead[0].attempts, 2);
  for (const auto& [name, e] : st->endpoints) EXPECT_EQ(e.pending, 0) << name;
}

TEST(Delivery, PendingForAnEndpointNoLongerConfiguredIsKept) {
  HttpServer server([](const std::string&, int) { return 200; });
  TempDir dir;
  std::string path = (dir.path() / "outbox.db").string();
  {
    auto box = Outbox::Open(path);
    ASSERT_TRUE(box.has_value());
    std::vector<std::string> names = {"gone", "here"};
    ASSERT_TRUE((*box)->Enqueue(names, Messages(3), NowMs()).has_value());
  }
  auto box = Outbox::Open(path);  // reopened: state is on disk
  ASSERT_TRUE(box.has_value());
  Endpoint here;
  here.name = "here";
  here.url = server.Url("/here");
  auto report = Deliver(**box, Hooks{{here}}, DeliveryOptions{});
  ASSERT_TRUE(report.has_value());
  EXPECT_EQ(report->delivered["here"], 3);
  EXPECT_EQ(report->orphaned, 3);
  auto st = (*box)->Status();
  ASSERT_TRUE(st.has_value());
  EXPECT_EQ(st->endpoints["gone"].pending, 3);
}

TEST(Outbox, RefusesAFileThatIsNotAnOutbox) {
  TempDir dir;
  auto path = dir.path() / "not.db";
  std::ofstream(path) << "this is not a database, just text long enough to "
                         "fill a header of a hundred bytes or so..........."
                         "..................................................";
  auto box = Outbox::Open(path.string());
  ASSERT_FALSE(box.has_value());
  EXPECT_EQ(box.error().code, ErrorCode::kCorrupt) << box.error().ToString();
}

}  // namespace
}  // namespace truce::alerts
