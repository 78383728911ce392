// The live pipeline's inputs under stress and across restarts: malformed
// lines over TCP and UDP are quarantined with reasons while the stream goes
// on; past saturation new lines are dropped and counted, never what was
// acknowledged; a restart continues the revisions and the log.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <thread>

#include "ledger/evidence_log.h"
#include "live/live.h"
#include "live_testing.h"
#include "replay/replay.h"
#include "store/store.h"

namespace truce::live {
namespace {

using namespace testing;  // NOLINT

FeedHealth FeedNamed(Live& live, const std::string& name) {
  for (auto& h : live.Feeds()) {
    if (h.name == name) return h;
  }
  return {};
}

double Metric(Live& live, const std::string& name) {
  for (auto& [n, v] : live.Metrics()) {
    if (n == name) return v;
  }
  return -1;
}

// Waits until the feed has counted `messages` lines.
bool WaitForMessages(Live& live, const std::string& feed, uint64_t messages) {
  for (int i = 0; i < 600; ++i) {
    if (FeedNamed(live, feed).messages >= messages) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return false;
}

// Waits until the feed's state is `state`.
bool WaitForState(Live& live, const std::string& feed,
                  const std::string& state) {
  for (int i = 0; i < 400; ++i) {
    if (FeedNamed(live, feed).state == state) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
  return false;
}

// The single-sentence AIS lines of the simulation's first receiver (each
// one an observation).
std::vector<std::string> AisLines(const simulate::Simulation& sim) {
  std::vector<std::string> out;
  for (const auto& [name, bytes] : sim.feeds) {
    if (!name.ends_with(".nmea")) continue;
    for (auto& line : Lines(bytes)) {
      if (line.find("!AIVDM,1,1,") != std::string::npos) out.push_back(line);
    }
    break;
  }
  return out;
}

TEST(LivePipeline,
     MalformedLinesOverTcpAndUdpAreQuarantinedAndTheStreamGoesOn) {
  auto agreement = LoadExample();
  auto sim = SmallSimulation(agreement, 3, 1);
  auto lines = AisLines(sim);
  ASSERT_GT(lines.size(), 40u);
  fs::path data = TempDir("truce-live-malformed");
  {
    LiveOptions o;
    o.data_dir = data;
    o.idle_release = DurationNs::Seconds(1);
    auto live = Live::Open(agreement, ExamplePath().string(), o);
    ASSERT_TRUE(live) << live.error().ToString();
    auto tcp = (*live)->ListenAisTcp("127.0.0.1", 0);
    auto udp = (*live)->ListenAisUdp("127.0.0.1", 0);
    ASSERT_TRUE(tcp && udp);
    // TCP: 20 good lines, 3 bad ones, 20 good ones.
    std::string tcp_text;
    for (int i = 0; i < 20; ++i) tcp_text += lines[i] + "\r\n";
    tcp_text +=
        "this is not NMEA\n!AIVDM,1,1,,A,15M67N0000G?Uf6E`FepT@3n00Sa,0*00\n";
    tcp_text += std::string(300, 'x') + "\n";
    for (int i = 20; i < 40; ++i) tcp_text += lines[i] + "\n";
    int fd = ConnectTcp(PortOf(*tcp));
    ASSERT_GE(fd, 0);
    ASSERT_TRUE(SendAll(fd, tcp_text));
    ASSERT_TRUE(WaitForMessages(**live, "ais-tcp", 43));
    FeedHealth h = FeedNamed(**live, "ais-tcp");
    EXPECT_EQ(h.messages, 43u);
    EXPECT_GE(h.rejects, 3u);
    EXPECT_FALSE(h.last_reject.empty());
    EXPECT_EQ(h.observations, 40u);  // the good lines after the bad ones too
    EXPECT_EQ(h.state, "connected");
    ::close(fd);
    // UDP: datagrams of lines, one wholly bad.
    int u = ::socket(AF_INET, SOCK_DGRAM, 0);
    sockaddr_in to = Loopback(PortOf(*udp));
    auto send_datagram = [&](const std::string& text) {
      ::sendto(u, text.data(), text.size(), 0, reinterpret_cast<sockaddr*>(&to),
               sizeof to);
    };
    // Lines later than the TCP ones, which the merge may have judged by now.
    size_t n = lines.size();
    send_datagram(lines[n - 4] + "\n" + lines[n - 3] + "\n");
    send_datagram("$GPGGA,garbage*ZZ\n");
    send_datagram(lines[n - 2] + "\n" + lines[n - 1]);
    ::close(u);
    ASSERT_TRUE(WaitForMessages(**live, "ais-udp", 5));
    FeedHealth uh = FeedNamed(**live, "ais-udp");
    EXPECT_EQ(uh.kind, "ais-udp");
    EXPECT_GE(uh.rejects, 1u);
    EXPECT_EQ(uh.observations, 4u);
    (*live)->Stop();
  }
  // The quarantine is stored with its reasons and raw bytes.
  auto store = store::Store::Open(data);
  ASSERT_TRUE(store);
  auto q = (*store)->LoadQuarantine(100);
  ASSERT_TRUE(q);
  ASSERT_GE(q->size(), 4u);
  bool saw_text = false, saw_udp = false;
  for (const auto& row : *q) {
    EXPECT_FALSE(row.reason.empty());
    EXPECT_NE(row.reason.find(':'), std::string::npos) << row.reason;
    if (row.raw == "this is not NMEA") saw_text = true;
    if (row.feed == "ais-udp") saw_udp = true;
  }
  EXPECT_TRUE(saw_text);
  EXPECT_TRUE(saw_udp);
  fs::remove_all(data);
}

TEST(LivePipeline,
     PastSaturationNewLinesAreDroppedAndCountedNeverAcknowledged) {
  auto agreement = LoadExample();
  auto sim = SmallSimulation(agreement, 4, 3);
  auto lines = AisLines(sim);
  ASSERT_GT(lines.size(), 600u);
  fs::path data = TempDir("truce-live-saturation");
  LiveOptions o;
  o.data_dir = data;
  o.idle_release = DurationNs::Hours(1);
  o.queue_capacity = 200;
  auto live = Live::Open(agreement, ExamplePath().string(), o);
  ASSERT_TRUE(live) << live.error().ToString();
  // A silent SBS feed holds the merge, so the queue fills.
  auto [sbs_listen, sbs_port] = ListenLoopback();
  (*live)->ConnectSbs("127.0.0.1", sbs_port);
  ASSERT_TRUE(WaitForState(**live, "sbs", "connected"));
  auto tcp = (*live)->ListenAisTcp("127.0.0.1", 0);
  ASSERT_TRUE(tcp);
  int fd = ConnectTcp(PortOf(*tcp));
  ASSERT_GE(fd, 0);
  // Small writes, so that the listener reads many chunks.
  for (size_t i = 0; i < lines.size(); i += 50) {
    std::string chunk;
    for (size_t j = i; j < std::min(lines.size(), i + 50); ++j) {
      chunk += lines[j] + "\n";
    }
    ASSERT_TRUE(SendAll(fd, chunk));
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ASSERT_TRUE(WaitForMessages(**live, "ais-tcp", lines.size()));
  ::close(fd);
  FeedHealth h = FeedNamed(**live, "ais-tcp");
  EXPECT_GT(h.dropped, 0u);
  EXPECT_LE(h.observations, 200u);
  EXPECT_EQ(Metric(**live, "truce_dropped_total"), double(h.dropped));
  // Every acknowledged observation is stored and, once the period ends,
  // judged by the engine.
  EXPECT_EQ(Metric(**live, "truce_store_observations"), double(h.observations));
  ASSERT_TRUE((*live)->Finish());
  EXPECT_EQ(Metric(**live, "truce_engine_observations_total"),
            double(h.observations));
  ::close(sbs_listen);
  (*live)->Stop();
  fs::remove_all(data);
}

// Reports posted in two halves with a restart between them give the
// revisions a replay of the whole file gives; the log only grows.
// AIS receivers often push plain NMEA without a TAG block: such a line is
// timed on arrival (as the receiver's own TAG block would have been), not
// quarantined as timeless.
TEST(LivePipeline, PlainNmeaWithoutATagBlockIsTimedOnArrival) {
  auto agreement = LoadExample();
  auto sim = SmallSimulation(agreement, 3, 1);
  auto lines = AisLines(sim);
  ASSERT_GT(lines.size(), 40u);
  fs::path data = TempDir("truce-live-untagged");
  LiveOptions o;
  o.data_dir = data;
  o.reorder_window = DurationNs::Seconds(0);
  o.idle_release = DurationNs::Seconds(1);
  auto live = Live::Open(agreement, ExamplePath().string(), o);
  ASSERT_TRUE(live) << live.error().ToString();
  auto tcp = (*live)->ListenAisTcp("127.0.0.1", 0);
  ASSERT_TRUE(tcp);
  // The simulator's lines without their TAG blocks (\s:...,c:...*hh\).
  std::string text;
  int plain = 0;
  for (int i = 0; i < 40; ++i) {
    const std::string& l = lines[i];
    ASSERT_EQ(l.front(), '\\');
    size_t end = l.find('\\', 1);
    ASSERT_NE(end, std::string::npos);
    text += l.substr(end + 1) + "\n";
    ++plain;
  }
  auto wall = [] {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
  };
  int64_t before = wall();
  int fd = ConnectTcp(PortOf(*tcp));
  ASSERT_GE(fd, 0);
  ASSERT_TRUE(SendAll(fd, text));
  ASSERT_TRUE(WaitForMessages(**live, "ais-tcp", plain));
  int64_t after = wall();
  ::close(fd);
  FeedHealth h = FeedNamed(**live, "ais-tcp");
  EXPECT_GT(h.observations, 30u) << h.last_reject;
  EXPECT_EQ(h.last_reject.find("no_time"), std::string::npos) << h.last_reject;
  ASSERT_TRUE((*live)->Drain(DurationNs::Seconds(60)));
  auto tracks = (*live)->Tracks(TimeNs{0}, 1000);
  ASSERT_FALSE(tracks.empty());
  size_t fixes = 0;
  for (const auto& t : tracks) {
    for (const auto& [time, at] : t.fixes) {
      EXPECT_GE(time.ns_since_epoch, before) << t.subject;
      EXPECT_LE(time.ns_since_epoch, after) << t.subject;
      ++fixes;
    }
  }
  EXPECT_GT(fixes, 0u);
  (*live)->Stop();
  fs::remove_all(data);
}

TEST(LivePipeline, RestartContinuesRevisionsAndLogWithoutRepeats) {
  auto agreement = LoadExample();
  auto sim = SmallSimulation(agreement, 5, 6);
  std::string reports = sim.feeds.at("reports.csv");
  fs::path work = TempDir("truce-live-restart");
  WriteAll(work / "reports.csv", reports);
  replay::ReplayOptions ro;
  ro.out_dir = (work / "replay").string();
  ASSERT_TRUE(
      replay::Replay(agreement, {{(work / "reports.csv").string()}}, ro));
  auto expected = Lines(ReadAll(work / "replay" / "incidents.ndjson"));
  ASSERT_GT(expected.size(), 2u);

  auto lines = Lines(reports);
  size_t half = lines.size() / 2;
  std::string first = lines[0] + "\n", second = lines[0] + "\n";
  for (size_t i = 1; i < lines.size(); ++i) {
    (i < half ? first : second) += lines[i] + "\n";
  }
  LiveOptions o;
  o.data_dir = work / "data";
  o.idle_release = DurationNs::Hours(1);
  uint64_t log_size = 0;
  std::vector<std::string> before;
  {
    auto live = Live::Open(agreement, ExamplePath().string(), o);
    ASSERT_TRUE(live) << live.error().ToString();
    auto r = (*live)->PostReports("reports", first);
    ASSERT_TRUE(r) << r.error().ToString();
    EXPECT_EQ(r->accepted, half - 1);
    ASSERT_TRUE((*live)->Drain(DurationNs::Seconds(60)));
    before = (*live)->Revisions();
    (*live)->Stop();
    log_size = (*live)->log().Size();
  }
  auto live = Live::Open(agreement, ExamplePath().string(), o);
  ASSERT_TRUE(live) << live.error().ToString();
  // What was held at the stop is judged on the restart: the revisions
  // before it are kept, in order, and none repeats.
  auto after_open = (*live)->Revisions();
  ASSERT_GE(after_open.size(), before.size());
  EXPECT_TRUE(std::equal(before.begin(), before.end(), after_open.begin()));
  EXPECT_GE((*live)->log().Size(), log_size);
  auto r = (*live)->PostReports("reports", second);
  ASSERT_TRUE(r) << r.error().ToString();
  EXPECT_GE(r->log_index, log_size);
  ASSERT_TRUE((*live)->Finish());
  EXPECT_EQ((*live)->Revisions(), expected);
  // Every revision is a log entry, in emission order.
  auto got = (*live)->Revisions();
  auto detail = (*live)->Incident(
      nlohmann::json::parse(got.back())["id"].get<std::string>());
  ASSERT_TRUE(detail) << detail.error().ToString();
  auto entry = (*live)->log().store().Entry(detail->log_indexes.back());
  ASSERT_TRUE(entry);
  EXPECT_EQ(*entry, detail->revisions.back());
  EXPECT_FALSE(detail->proof_bundle.empty());  // Finish signs a checkpoint
  (*live)->Stop();
  fs::remove_all(work);
}

TEST(LivePipeline,
     ASilentFeedHoldsTheMergeOnlyUntilIdleAndLateDataIsQuarantined) {
  auto agreement = LoadExample();
  auto sim = SmallSimulation(agreement, 6, 1);
  auto lines = AisLines(sim);
  ASSERT_GT(lines.size(), 100u);
  fs::path data = TempDir("truce-live-idle");
  LiveOptions o;
  o.data_dir = data;
  o.idle_release = DurationNs::Seconds(1);
  auto live = Live::Open(agreement, ExamplePath().string(), o);
  ASSERT_TRUE(live) << live.error().ToString();
  auto [sbs_listen, sbs_port] = ListenLoopback();
  (*live)->ConnectSbs("127.0.0.1", sbs_port);
  int sbs = ::accept(sbs_listen, nullptr, nullptr);  // connected, silent
  ASSERT_GE(sbs, 0);
  auto tcp = (*live)->ListenAisTcp("127.0.0.1", 0);
  ASSERT_TRUE(tcp);
  int fd = ConnectTcp(PortOf(*tcp));
  std::string text;
  for (const auto& l : lines) text += l + "\n";
  ASSERT_TRUE(SendAll(fd, text));
  ASSERT_TRUE(WaitForMessages(**live, "ais-tcp", lines.size()));
  // The AIS feed keeps sending (it is never idle here): only the silent
  // SBS feed's idleness lets the merge go on.
  double judged = 0;
  for (int i = 0; i < 100 && judged == 0; ++i) {
    ASSERT_TRUE(SendAll(fd, lines.back() + "\n"));
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    ASSERT_TRUE((*live)->Drain(DurationNs::Seconds(10)));
    judged = Metric(**live, "truce_engine_observations_total");
  }
  EXPECT_GT(judged, 0);
  EXPECT_EQ(Metric(**live, "truce_late_total"), 0);
  // The SBS feed comes back with a fix from the start of the hour, which
  // the merge has passed: quarantined as late (its sender is told at once),
  // never judged out of order.
  std::string first_sbs = Lines(sim.feeds.at("adsb.sbs")).front();
  ASSERT_TRUE(SendAll(sbs, first_sbs + "\n"));
  ASSERT_TRUE(WaitForMessages(**live, "sbs", 1));
  for (int i = 0; i < 100 && Metric(**live, "truce_late_total") == 0; ++i) {
    ASSERT_TRUE((*live)->Drain(DurationNs::Seconds(10)));
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_EQ(Metric(**live, "truce_late_total"), 1);
  ::close(fd);
  ::close(sbs);
  ::close(sbs_listen);
  (*live)->Stop();
  auto store = store::Store::Open(data);
  ASSERT_TRUE(store);
  bool found = false;
  auto quarantine = (*store)->LoadQuarantine(1000);
  ASSERT_TRUE(quarantine);
  for (const auto& q : *quarantine) {
    if (q.reason.find("behind the merge") != std::string::npos) {
      found = true;
      EXPECT_EQ(q.feed, "sbs");
      EXPECT_EQ(q.raw, first_sbs);
    }
  }
  EXPECT_TRUE(found);
  // A late observation is not among the stored ones (the feed told it
  // late before storing), so a restart does not judge it either.
  auto stored = (*store)->LoadObservations();
  ASSERT_TRUE(stored);
  for (const auto& s : *stored) EXPECT_NE(s.raw, first_sbs);
  fs::remove_all(data);
}

TEST(LivePipeline, TheSbsClientReconnectsWithBackoffAndGoesOn) {
  auto agreement = LoadExample();
  auto sim = SmallSimulation(agreement, 8, 1);
  auto lines = Lines(sim.feeds.at("adsb.sbs"));
  ASSERT_GT(lines.size(), 20u);
  fs::path data = TempDir("truce-live-sbs");
  LiveOptions o;
  o.data_dir = data;
  auto live = Live::Open(agreement, ExamplePath().string(), o);
  ASSERT_TRUE(live) << live.error().ToString();
  // Nothing listens yet: the client keeps trying.
  auto [probe, port] = ListenLoopback();
  ::close(probe);
  (*live)->ConnectSbs("127.0.0.1", port);
  EXPECT_EQ(FeedNamed(**live, "sbs").kind, "sbs-client");
  EXPECT_EQ(FeedNamed(**live, "sbs").address,
            fmt::format("127.0.0.1:{}", port));
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_TRUE(FeedNamed(**live, "sbs").state == "connecting" ||
              FeedNamed(**live, "sbs").state == "reconnecting");
  // The server comes up: the client connects and its lines are read.
  int listen_fd = ::socket(AF_INET, SOCK_STREAM, 0);
  int one = 1;
  ::setsockopt(listen_fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in a = Loopback(port);
  ASSERT_EQ(::bind(listen_fd, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
  ASSERT_EQ(::listen(listen_fd, 4), 0);
  int c = ::accept(listen_fd, nullptr, nullptr);
  ASSERT_GE(c, 0);
  ASSERT_TRUE(WaitForState(**live, "sbs", "connected"));
  std::string first;
  for (size_t i = 0; i < 10; ++i) first += lines[i] + "\n";
  ASSERT_TRUE(SendAll(c, first));
  ASSERT_TRUE(WaitForMessages(**live, "sbs", 10));
  // The server drops the connection: "reconnecting", then connected again,
  // and the stream goes on where it was.
  ::close(c);
  ASSERT_TRUE(WaitForState(**live, "sbs", "reconnecting"));
  c = ::accept(listen_fd, nullptr, nullptr);
  ASSERT_GE(c, 0);
  ASSERT_TRUE(WaitForState(**live, "sbs", "connected"));
  std::string rest;
  for (size_t i = 10; i < 20; ++i) rest += lines[i] + "\n";
  ASSERT_TRUE(SendAll(c, rest));
  ASSERT_TRUE(WaitForMessages(**live, "sbs", 20));
  EXPECT_EQ(FeedNamed(**live, "sbs").rejects, 0u);
  ::close(c);
  ::close(listen_fd);
  (*live)->Stop();
  EXPECT_EQ(FeedNamed(**live, "sbs").state, "stopped");
  fs::remove_all(data);
}

// Reports posted as GeoJSON (as `truce decode reports` reads them) give the
// same observations as the same reports posted as CSV.
TEST(LivePipeline, ReportsPostedAsGeoJsonOrCsvAreTheSame) {
  auto agreement = LoadExample();
  auto sim = SmallSimulation(agreement, 9, 3);
  auto lines = Lines(sim.feeds.at("reports.csv"));
  ASSERT_GT(lines.size(), 5u);
  // Five rows, as Point features with the columns as properties.
  std::vector<std::string> header;
  {
    std::string h = lines[0];
    for (size_t at = 0;;) {
      size_t comma = h.find(',', at);
      header.push_back(h.substr(at, comma - at));
      if (comma == std::string::npos) break;
      at = comma + 1;
    }
  }
  nlohmann::json fc = {{"type", "FeatureCollection"},
                       {"features", nlohmann::json::array()}};
  std::string csv = lines[0] + "\n";
  size_t taken = 0;
  for (size_t i = 1; i < lines.size() && taken < 5; ++i) {
    // Rows whose text has no quoted comma, so a plain split reads them.
    if (lines[i].find('"') != std::string::npos) continue;
    ++taken;
    csv += lines[i] + "\n";
    std::vector<std::string> cells;
    for (size_t at = 0;;) {
      size_t comma = lines[i].find(',', at);
      cells.push_back(lines[i].substr(at, comma - at));
      if (comma == std::string::npos) break;
      at = comma + 1;
    }
    ASSERT_EQ(cells.size(), header.size());
    nlohmann::json props = nlohmann::json::object();
    for (size_t c = 0; c < header.size(); ++c) props[header[c]] = cells[c];
    fc["features"].push_back(
        {{"type", "Feature"},
         {"geometry",
          {{"type", "Point"},
           {"coordinates",
            {std::stod(props["lon"].get<std::string>()),
             std::stod(props["lat"].get<std::string>())}}}},
         {"properties", props}});
  }
  ASSERT_EQ(taken, 5u);
  std::vector<std::vector<std::string>> stored;
  for (const std::string& body : {csv, fc.dump()}) {
    fs::path data = TempDir("truce-live-geojson");
    {
      LiveOptions o;
      o.data_dir = data;
      auto live = Live::Open(agreement, ExamplePath().string(), o);
      ASSERT_TRUE(live) << live.error().ToString();
      auto r = (*live)->PostReports("monitors", body);
      ASSERT_TRUE(r) << r.error().ToString();
      EXPECT_EQ(r->accepted, 5u) << body.substr(0, 300);
      EXPECT_EQ(r->quarantined, 0u);
      (*live)->Stop();
    }
    auto store = store::Store::Open(data);
    ASSERT_TRUE(store);
    auto observations = (*store)->LoadObservations();
    ASSERT_TRUE(observations);
    std::vector<std::string> times;
    for (const auto& o : *observations) {
      times.push_back(fmt::format(
          "{} {:.6f} {:.6f} {} {}", o.observation.time_ns,
          o.observation.position.lat_deg, o.observation.position.lng_deg,
          o.observation.event, o.observation.source_id.view()));
    }
    stored.push_back(times);
    fs::remove_all(data);
  }
  EXPECT_EQ(stored[0], stored[1]);
}

TEST(LivePipeline, DisputeAppendsARevisionNeverAnEdit) {
  auto agreement = LoadExample();
  auto sim = SmallSimulation(agreement, 5, 6);
  fs::path data = TempDir("truce-live-dispute");
  LiveOptions o;
  o.data_dir = data;
  o.idle_release = DurationNs::Seconds(1);
  auto live = Live::Open(agreement, ExamplePath().string(), o);
  ASSERT_TRUE(live);
  ASSERT_TRUE((*live)->PostReports("reports", sim.feeds.at("reports.csv")));
  ASSERT_TRUE((*live)->Finish());
  auto revisions = (*live)->Revisions();
  ASSERT_FALSE(revisions.empty());
  auto first = nlohmann::json::parse(revisions.front());
  std::string id = first["id"];
  EXPECT_EQ((*live)->Dispute(id, "A", "").error().code,
            ErrorCode::kInvalidInput);
  EXPECT_EQ((*live)->Dispute("no/such/id", "A", "x").error().code,
            ErrorCode::kNotFound);
  auto disputed = (*live)->Dispute(id, "A", "our patrol, not artillery");
  ASSERT_TRUE(disputed) << disputed.error().ToString();
  auto j = nlohmann::json::parse(*disputed);
  EXPECT_EQ(j["status"], "disputed");
  auto detail = (*live)->Incident(id);
  ASSERT_TRUE(detail);
  EXPECT_EQ(j["revision"].get<int>(), int(detail->revisions.size()));
  EXPECT_EQ(detail->revisions.back(), *disputed);
  EXPECT_EQ((*live)->Revisions().back(), *disputed);
  (*live)->Stop();
  fs::remove_all(data);
}

}  // namespace
}  // namespace truce::live
