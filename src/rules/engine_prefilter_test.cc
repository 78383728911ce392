// The spatial prefilter (evaluator_index.h) against the unfiltered engine:
// random zones, random tracks that wander in and out of them with jitter,
// second receivers and field reports; the two engines must emit the same
// revisions byte for byte.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>

#include "agreement/loader.h"
#include "rules/engine.h"

namespace truce::rules {
namespace {

using observe::Observation;
using observe::ObservationKind;
using observe::SubjectScheme;

// An agreement with `zones` random quadrilaterals (some concave) in a 4 x 4
// degree frame, each with an exclusion rule (random hysteresis) or an
// airspace rule with an altitude band, plus one large zone that the index
// keeps in its "always" list.
std::string RandomAgreement(std::mt19937_64& rng, int zones) {
  std::uniform_real_distribution<double> lat(44, 48), lng(30, 34),
      size(0.02, 0.3), unit(0, 1);
  std::string z = "zones:\n", r = "rules:\n";
  for (int i = 0; i < zones; ++i) {
    double la = lat(rng), ln = lng(rng), h = size(rng), w = size(rng);
    // A dent on one side makes some of them concave.
    double dent = unit(rng) < 0.5 ? 0.4 * w : 0;
    z += fmt::format(
        "  - id: z{0}\n    geometry: {{type: Polygon, coordinates: "
        "[[[{1:.6f}, {2:.6f}], [{3:.6f}, {2:.6f}], [{5:.6f}, {6:.6f}], "
        "[{3:.6f}, {4:.6f}], [{1:.6f}, {4:.6f}], [{1:.6f}, {2:.6f}]]]}}\n",
        i, ln, la, ln + w, la + h, ln + w - dent, la + h / 2);
    if (i % 4 == 3) {
      z += "    altitude: {min_m: 500, max_m: 6000}\n";
      r += fmt::format(
          "  - {{id: r{0}, kind: airspace, clause: Art. 4, zone: z{0}, "
          "categories: [military], entry: {{fixes: {1}}}}}\n",
          i, 1 + i % 3);
    } else {
      r += fmt::format(
          "  - {{id: r{0}, kind: exclusion, clause: Art. 3, zone: z{0}, "
          "classes: [military_vessel, tank], entry: {{fixes: {1}, dwell: "
          "{2}m}}}}\n",
          i, 1 + i % 3, 5 + i % 7);
    }
  }
  z += "  - id: big\n    geometry: {type: Polygon, coordinates: [[[29, 43], "
       "[35, 43], [35, 49], [29, 49], [29, 43]]]}\n";
  r += "  - {id: big, kind: exclusion, clause: Art. 9, zone: big, classes: "
       "[armoured_vehicle]}\n";
  return "truce: 1\ntitle: Prefilter test\nversion: \"1\"\n"
         "effective: 2025-06-01T00:00:00Z\nparties:\n"
         "  - {id: A, name: Party A, flags: [UA]}\n"
         "  - {id: B, name: Party B, flags: [RU]}\n" +
         z + r;
}

std::vector<Observation> RandomObservations(std::mt19937_64& rng) {
  std::vector<Observation> out;
  std::uniform_real_distribution<double> lat(44, 48), lng(30, 34), unit(0, 1);
  std::normal_distribution<double> step(0, 0.02);
  const int64_t t0 = 1748908800LL * 1'000'000'000;  // 2025-06-03
  struct Walker {
    double lat, lng;
    bool aircraft;
    uint32_t id;
  };
  std::vector<Walker> walkers;
  for (int i = 0; i < 40; ++i) {
    bool air = i % 3 == 0;
    walkers.push_back(
        {lat(rng), lng(rng), air, air ? 0x508000u + i : 272000000u + i});
  }
  uint64_t digest = 0;
  for (int tick = 0; tick < 600; ++tick) {
    int64_t t = t0 + tick * 30LL * 1'000'000'000;
    for (auto& w : walkers) {
      if (unit(rng) < 0.2) continue;  // not heard this tick
      w.lat += step(rng);
      w.lng += step(rng);
      Observation o;
      o.time_ns = t;
      o.has_position = true;
      o.position = geo::LatLng(geo::Latitude{w.lat}, geo::Longitude{w.lng});
      o.source_id.assign("rx1");
      if (w.aircraft) {
        o.kind = ObservationKind::kAircraft;
        o.scheme = SubjectScheme::kIcaoAddress;
        o.altitude_m = unit(rng) < 0.5 ? 3000 : 8000;
        o.military = true;
      } else {
        o.kind = ObservationKind::kVessel;
        o.scheme = SubjectScheme::kMmsi;
        o.class_name = "military";
      }
      o.subject_id = w.id;
      ++digest;
      std::memcpy(o.raw_sha256.data(), &digest, sizeof digest);
      out.push_back(o);
      if (unit(rng) < 0.1) {  // the same fix from a second receiver
        Observation second = o;
        second.source_id.assign("rx2");
        ++digest;
        std::memcpy(second.raw_sha256.data(), &digest, sizeof digest);
        out.push_back(second);
      }
    }
    if (tick % 10 == 0) {  // a field report of a tank somewhere
      Observation o;
      o.time_ns = t;
      o.kind = ObservationKind::kReport;
      o.scheme = SubjectScheme::kReportId;
      o.subject_id = tick;
      o.has_position = true;
      o.position =
          geo::LatLng(geo::Latitude{lat(rng)}, geo::Longitude{lng(rng)});
      o.event = "equipment_sighting";
      o.class_name = tick % 20 == 0 ? "tank" : "armoured_vehicle";
      o.party.assign("B");
      o.source_id.assign("monitor-1");
      ++digest;
      std::memcpy(o.raw_sha256.data(), &digest, sizeof digest);
      out.push_back(o);
    }
  }
  return out;
}

std::vector<std::string> RunEngine(const agreement::Agreement& a,
                                   const std::vector<Observation>& obs,
                                   bool prefilter) {
  Engine engine(a, EngineOptions{.spatial_prefilter = prefilter});
  for (const auto& o : obs) engine.Process(o);
  engine.Finish(TimeNs{obs.back().time_ns});
  std::vector<std::string> out;
  for (const auto& r : engine.TakeRevisions())
    out.push_back(*ToCanonicalJson(r));
  return out;
}

TEST(EnginePrefilterTest, SameRevisionsAsEveryRuleOnEveryFix) {
  auto dir = std::filesystem::temp_directory_path() /
             ("truce-prefilter-test-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  for (uint64_t seed : {1, 2, 3}) {
    std::mt19937_64 rng(seed);
    std::string yaml = RandomAgreement(rng, 300);
    auto a = agreement::ParseAgreement(yaml, "prefilter.yaml", dir);
    ASSERT_TRUE(a.has_value()) << a.error()[0].ToString();
    auto obs = RandomObservations(rng);
    auto reference = RunEngine(*a, obs, false);
    auto filtered = RunEngine(*a, obs, true);
    // Enough happened for the comparison to mean something: visits of
    // vessels and aircraft, entries cut short by jitter, and reports.
    EXPECT_GT(reference.size(), 200u) << "seed " << seed;
    ASSERT_EQ(reference.size(), filtered.size()) << "seed " << seed;
    for (size_t i = 0; i < reference.size(); ++i) {
      ASSERT_EQ(reference[i], filtered[i])
          << "seed " << seed << " revision " << i;
    }
  }
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace truce::rules
