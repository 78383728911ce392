#include "simulate/simulate.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <unistd.h>

#include "agreement/loader.h"
#include "replay/replay.h"
#include "rules/engine.h"
#include "simulate/random.h"
#include "simulate/score.h"
#include "simulate/truth.h"

namespace truce::simulate {
namespace {

std::filesystem::path Example() {
  const char* root = std::getenv("TRUCE_SOURCE_DIR");
  return std::filesystem::path(root ? root : ".") / "examples" /
         "ceasefire-2025" / "agreement.yaml";
}

// Writes the simulation to a folder and replays every feed with the real
// replay (format detection, reorder windows, the engine, control maps);
// returns incidents.ndjson. `quarantined` counts records nobody could read.
std::string Replay(const agreement::Agreement& a, const Simulation& sim,
                   uint64_t* quarantined) {
  auto dir = std::filesystem::temp_directory_path() /
             ("truce-simulate-test-" + std::to_string(getpid()));
  std::filesystem::remove_all(dir);
  EXPECT_TRUE(WriteSimulation(sim, dir).has_value());
  std::vector<replay::FeedSpec> feeds;
  for (const auto& [name, bytes] : sim.feeds) {
    feeds.push_back({(dir / "feeds" / name).string()});
  }
  replay::ReplayOptions options;
  options.out_dir = (dir / "run").string();
  auto report = replay::Replay(a, feeds, options);
  EXPECT_TRUE(report.has_value()) << report.error().ToString();
  *quarantined = report ? report->quarantined : 0;
  std::ifstream in(dir / "run" / "incidents.ndjson");
  std::string text((std::istreambuf_iterator<char>(in)), {});
  std::filesystem::remove_all(dir);
  return text;
}

class SimulateTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto a = agreement::LoadAgreement(Example());
    ASSERT_TRUE(a.has_value());
    agreement_ = new agreement::Agreement(std::move(*a));
  }
  static void TearDownTestSuite() { delete agreement_; }
  static agreement::Agreement* agreement_;
};
agreement::Agreement* SimulateTest::agreement_ = nullptr;

TEST(RngTest, ReproducibleAndInRange) {
  Rng a(42), b(42);
  for (int i = 0; i < 1000; ++i) {
    double u = a.Unit();
    EXPECT_EQ(u, b.Unit());
    EXPECT_GE(u, 0.0);
    EXPECT_LT(u, 1.0);
    int64_t k = a.Int(3, 5);
    b.Int(3, 5);
    EXPECT_GE(k, 3);
    EXPECT_LE(k, 5);
  }
  // The raw engine is specified by the standard: its 10000th output.
  std::mt19937_64 e;
  e.discard(9999);
  EXPECT_EQ(e(), 9981545732273789042ULL);
}

TEST_F(SimulateTest, SameSeedSameBytes) {
  Options o;
  o.seed = 11;
  o.hours = 3;
  auto x = Simulate(*agreement_, o);
  auto y = Simulate(*agreement_, o);
  ASSERT_TRUE(x.has_value()) << x.error().ToString();
  ASSERT_TRUE(y.has_value());
  EXPECT_EQ(x->feeds, y->feeds);
  std::string tx, ty;
  for (const auto& t : x->truth) tx += ToJsonLine(t) + "\n";
  for (const auto& t : y->truth) ty += ToJsonLine(t) + "\n";
  EXPECT_EQ(tx, ty);
  o.seed = 12;
  auto z = Simulate(*agreement_, o);
  ASSERT_TRUE(z.has_value());
  EXPECT_NE(x->feeds, z->feeds);
}

// Clock skew: every line two stations both heard differs in time by the
// same amount, the difference of the two stations' clock offsets.
TEST_F(SimulateTest, StationClocksAreSkewedByAFixedOffset) {
  Options o;
  o.seed = 5;
  o.hours = 2;
  o.noise = 10;  // 5 s sigma
  auto sim = Simulate(*agreement_, o);
  ASSERT_TRUE(sim.has_value()) << sim.error().ToString();
  // station file -> sentence (after the TAG block) -> its TAG-block times.
  // A sentence can recur (a ship at anchor repeats its payload); only those
  // with one time at each station are compared.
  std::map<std::string, std::map<std::string, std::set<int64_t>>> heard;
  for (const auto& [name, bytes] : sim->feeds) {
    if (!name.starts_with("ais-")) continue;
    std::istringstream in(bytes);
    for (std::string line; std::getline(in, line);) {
      size_t c = line.find(",c:"), end = line.find('*');
      size_t body = line.find('\\', 1);
      ASSERT_NE(c, std::string::npos) << line;
      heard[name][line.substr(body + 1)].insert(
          std::stoll(line.substr(c + 3, end - c - 3)));
    }
  }
  ASSERT_GE(heard.size(), 2u);
  int nonzero_pairs = 0;
  for (auto a = heard.begin(); a != heard.end(); ++a) {
    for (auto b = std::next(a); b != heard.end(); ++b) {
      std::set<int64_t> differences;
      for (const auto& [sentence, times] : a->second) {
        auto it = b->second.find(sentence);
        if (it == b->second.end() || times.size() != 1 ||
            it->second.size() != 1) {
          continue;
        }
        differences.insert(*times.begin() - *it->second.begin());
      }
      if (differences.empty()) continue;  // no line heard by both
      EXPECT_EQ(differences.size(), 1u) << a->first << " vs " << b->first;
      if (*differences.begin() != 0) ++nonzero_pairs;
    }
  }
  EXPECT_GT(nonzero_pairs, 0);
}

TEST_F(SimulateTest, TruthRoundTrips) {
  Options o;
  o.hours = 6;
  auto sim = Simulate(*agreement_, o);
  ASSERT_TRUE(sim.has_value());
  std::string text;
  for (const auto& t : sim->truth) text += ToJsonLine(t) + "\n";
  auto back = ParseTruth(text, "truth.ndjson");
  ASSERT_TRUE(back.has_value()) << back.error().ToString();
  std::string again;
  for (const auto& t : *back) again += ToJsonLine(t) + "\n";
  EXPECT_EQ(text, again);
}

// The acceptance test: every planted violation is found and nothing else.
TEST_F(SimulateTest, PrecisionAndRecallAreOne) {
  for (uint64_t seed : {1, 2, 7, 23}) {
    SCOPED_TRACE(testing::Message() << "seed " << seed);
    Options o;
    o.seed = seed;
    o.hours = 6;
    o.vessels = 10;
    o.aircraft = 6;
    o.reports = 30;
    auto sim = Simulate(*agreement_, o);
    ASSERT_TRUE(sim.has_value()) << sim.error().ToString();
    std::set<std::string> kinds;
    for (const auto& t : sim->truth) kinds.insert(t.kind + "/" + t.violation);
    for (const char* k :
         {"ceasefire/fire", "withdrawal/not_withdrawn", "exclusion/inside",
          "exclusion/escort", "airspace/airspace", "maritime/dark",
          "maritime/stopped", "maritime/left_corridor", "ceiling/over_ceiling",
          "access/access_denied", "territory/advance"}) {
      EXPECT_TRUE(kinds.count(k)) << "nothing planted of " << k;
    }
    uint64_t quarantined = 0;
    std::string incidents = Replay(*agreement_, *sim, &quarantined);
    EXPECT_EQ(quarantined, 0u);
    auto parsed = ParseIncidents(incidents, "incidents.ndjson");
    ASSERT_TRUE(parsed.has_value()) << parsed.error().ToString();
    ScoreResult r = Score(sim->truth, *parsed);
    for (const auto* t : r.missed) {
      ADD_FAILURE() << "missed: " << ToJsonLine(*t);
    }
    for (const auto* in : r.unexpected) {
      ADD_FAILURE() << "unexpected: " << in->id << " " << in->subject << " "
                    << FormatRfc3339(in->first) << ".."
                    << FormatRfc3339(in->last);
    }
    EXPECT_EQ(r.overall.Precision(), 1.0);
    EXPECT_EQ(r.overall.Recall(), 1.0);
  }
}

// Engine fix (rules/engine.cc, SeenBefore): the aircraft of one readsb
// snapshot share the snapshot's digest and source; they are not duplicates
// of each other.
TEST_F(SimulateTest, EngineKeepsEveryAircraftOfOneSnapshot) {
  rules::Engine engine(*agreement_);
  const int64_t t0 = TimeNs::FromUnixSeconds(1750032000).ns_since_epoch;
  for (int snapshot = 0; snapshot < 3; ++snapshot) {
    std::array<uint8_t, 32> digest{};
    digest[0] = static_cast<uint8_t>(snapshot + 1);
    for (uint32_t icao : {0x150001u, 0x150002u}) {
      observe::Observation o;
      o.time_ns = t0 + snapshot * 20'000'000'000LL;
      o.source_id.assign("readsb-1.json");
      o.kind = observe::ObservationKind::kAircraft;
      o.scheme = observe::SubjectScheme::kIcaoAddress;
      o.subject_id = icao;
      o.has_position = true;
      o.position = geo::LatLng(geo::Latitude{48.59}, geo::Longitude{37.84});
      o.altitude_m = 6000;
      o.military = true;
      o.class_name = "military";
      o.raw_sha256 = digest;
      engine.Process(o);
    }
  }
  std::set<std::string> subjects;
  for (const auto& rev : engine.TakeRevisions()) subjects.insert(rev.subject);
  EXPECT_EQ(subjects, (std::set<std::string>{"icao:150001", "icao:150002"}));
  EXPECT_EQ(engine.stats().duplicates, 0u);
}

TEST(ScoreTest, MatchesBySubjectOrRadiusAndOverlap) {
  TruthRecord t;
  t.rule = "r";
  t.kind = "maritime";
  t.subject = "mmsi:000000001";
  t.first = TimeNs::FromUnixSeconds(1000);
  t.last = TimeNs::FromUnixSeconds(2000);
  ScoredIncident in;
  in.rule = "r";
  in.kind = "maritime";
  in.subject = "mmsi:000000001";
  in.first = TimeNs::FromUnixSeconds(2200);
  in.last = TimeNs::FromUnixSeconds(2300);
  EXPECT_TRUE(Matches(t, in, DurationNs::Minutes(5)));
  EXPECT_FALSE(Matches(t, in, DurationNs::Minutes(1)));
  in.subject = "mmsi:000000002";
  EXPECT_FALSE(Matches(t, in, DurationNs::Minutes(5)));
  t.radius_m = 1000;
  in.position = geo::LatLng(geo::Latitude{0.005}, geo::Longitude{0});
  EXPECT_TRUE(Matches(t, in, DurationNs::Minutes(5)));
  in.position = geo::LatLng(geo::Latitude{0.01}, geo::Longitude{0});
  EXPECT_FALSE(Matches(t, in, DurationNs::Minutes(5)));
  ScoreResult r = Score({t}, {in});
  EXPECT_EQ(r.overall.Recall(), 0.0);
  EXPECT_EQ(r.overall.Precision(), 0.0);
}

}  // namespace
}  // namespace truce::simulate
