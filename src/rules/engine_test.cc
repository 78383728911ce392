#include "rules/engine.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstring>
#include <fstream>
#include <map>
#include <set>
#include <unistd.h>

#include "agreement/loader.h"
#include "base/testing/testdata.h"
#include "geo/geodesic.h"

namespace truce::rules {
namespace {

using ::testing::HasSubstr;
using observe::Observation;
using observe::ObservationKind;
using observe::SubjectScheme;

// A small agreement with one rule of each kind the engine evaluates. Party
// A's reference line is the meridian 30 E from 45 N to 46 N.
constexpr std::string_view kAgreement = R"(truce: 1
title: Engine test
version: "1"
effective: 2025-06-01T00:00:00Z
parties:
  - {id: A, name: Party A, reference_line: ref-a, side: left, flags: [UA]}
  - {id: B, name: Party B, flags: [RU]}
lines:
  - id: ref-a
    geometry: {type: LineString, coordinates: [[30.0, 45.0], [30.0, 46.0]]}
zones:
  - id: box
    geometry: {type: Polygon, coordinates: [[[34, 45], [35, 45], [35, 46], [34, 46], [34, 45]]]}
  - id: air
    geometry: {type: Polygon, coordinates: [[[36, 45], [37, 45], [37, 46], [36, 46], [36, 45]]]}
    altitude: {min_m: 1000, max_m: 5000}
  - id: corridor
    geometry: {type: Polygon, coordinates: [[[32, 43], [33, 43], [33, 45], [32, 45], [32, 43]]]}
  - id: gate
    geometry: {type: Polygon, coordinates: [[[32, 42.9], [33, 42.9], [33, 43.2], [32, 43.2], [32, 42.9]]]}
  - id: escort
    roaming: {radius_nm: 10, around: {zone: corridor, classes: [civilian_vessel]}}
  - id: holding
    geometry: {type: Polygon, coordinates: [[[38, 45], [39, 45], [39, 46], [38, 46], [38, 45]]]}
baseline:
  file: baseline.geojson
  property: controlled_by
rules:
  - {id: fire, kind: ceasefire, clause: Art. 1}
  - {id: withdraw, kind: withdrawal, clause: Art. 2, parties: [A], classes: [artillery_ge_100mm], distance_km: 50, deadline: 2025-06-02T00:00:00Z}
  - {id: box, kind: exclusion, clause: Art. 3, zone: box, classes: [military_vessel], entry: {fixes: 2}, exempt: {mmsi: ["272000099"]}}
  - {id: air, kind: airspace, clause: Art. 4, zone: air, categories: [military]}
  - {id: sea, kind: maritime, clause: Art. 5, zone: corridor, classes: [civilian_vessel], max_gap: 30m, max_stop: 2h, must_stay_inside: true, gateways: [gate], entry: {fixes: 1}}
  - {id: escort, kind: exclusion, clause: Art. 5, zone: escort, classes: [military_vessel]}
  - {id: ceiling, kind: ceiling, clause: Art. 7, zone: holding, classes: [artillery_ge_100mm], max: 2, window: 24h}
  - {id: access, kind: access, clause: Art. 8}
)";

// Baseline: A holds everything west of 31 E in the frame, B east of it.
constexpr std::string_view kBaseline = R"({"type": "FeatureCollection", "features": [
 {"type": "Feature", "properties": {"controlled_by": "A"}, "geometry": {"type": "Polygon",
  "coordinates": [[[25, 40], [31, 40], [31, 50], [25, 50], [25, 40]]]}},
 {"type": "Feature", "properties": {"controlled_by": "B"}, "geometry": {"type": "Polygon",
  "coordinates": [[[31, 40], [40, 40], [40, 50], [31, 50], [31, 40]]]}}]})";

const TimeNs kT0 = *ParseRfc3339("2025-06-03T00:00:00Z");

class EngineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("truce-engine-test-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
    std::ofstream(dir_ / "baseline.geojson") << kBaseline;
    auto a = agreement::ParseAgreement(kAgreement, "test.yaml", dir_);
    ASSERT_TRUE(a.has_value()) << a.error()[0].ToString();
    agreement_ = std::move(*a);
    engine_ = std::make_unique<Engine>(agreement_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  // Feeds observations, finishes the run, returns the last revision of each
  // incident by rule.
  std::multimap<std::string, Incident> Run(std::vector<Observation> obs) {
    int64_t end = 0;
    for (auto& o : obs) {
      // Distinct bytes per observation unless a test sets them.
      if (o.raw_sha256 == std::array<uint8_t, 32>{}) {
        uint64_t n = ++counter_;
        std::memcpy(o.raw_sha256.data(), &n, sizeof n);
      }
      engine_->Process(o);
      end = std::max(end, o.time_ns);
    }
    engine_->Finish(TimeNs{end});
    revisions_ = engine_->TakeRevisions();
    std::map<std::string, Incident> last;
    for (const auto& r : revisions_) last[r.id] = r;
    std::multimap<std::string, Incident> by_rule;
    for (const auto& [id, r] : last) by_rule.emplace(r.rule, r);
    return by_rule;
  }

  static Observation Vessel(uint32_t mmsi, TimeNs t, double lat, double lng,
                            std::string_view klass, double speed_kn = 10,
                            std::string_view source = "rx1") {
    Observation o;
    o.time_ns = t.ns_since_epoch;
    o.kind = ObservationKind::kVessel;
    o.scheme = SubjectScheme::kMmsi;
    o.subject_id = mmsi;
    o.has_position = true;
    o.position = geo::LatLng(geo::Latitude{lat}, geo::Longitude{lng});
    o.class_name = klass;
    o.kinematics.speed_knots = speed_kn;
    o.source_id.assign(source);
    return o;
  }

  static Observation Aircraft(uint32_t icao, TimeNs t, double lat, double lng,
                              double altitude_m, bool military) {
    Observation o;
    o.time_ns = t.ns_since_epoch;
    o.kind = ObservationKind::kAircraft;
    o.scheme = SubjectScheme::kIcaoAddress;
    o.subject_id = icao;
    o.has_position = true;
    o.position = geo::LatLng(geo::Latitude{lat}, geo::Longitude{lng});
    o.altitude_m = altitude_m;
    o.military = military;
    o.source_id.assign("adsb1");
    return o;
  }

  static Observation Report(TimeNs t, geo::LatLng at, std::string_view event,
                            std::string_view klass, std::string_view party,
                            std::string_view source, uint64_t unit = 1,
                            uint32_t count = 1) {
    Observation o;
    o.time_ns = t.ns_since_epoch;
    o.kind = ObservationKind::kReport;
    o.scheme = SubjectScheme::kReportId;
    o.subject_id = unit;
    o.has_position = true;
    o.position = at;
    o.event = event;
    o.class_name = klass;
    o.party.assign(party);
    o.count = count;
    o.source_id.assign(source);
    return o;
  }

  static TimeNs Min(int m) { return kT0 + DurationNs::Minutes(m); }

  std::filesystem::path dir_;
  agreement::Agreement agreement_;
  std::unique_ptr<Engine> engine_;
  std::vector<Incident> revisions_;
  uint64_t counter_ = 0;
};

// A point at exactly `distance_m` west of the meridian line: a geodesic that
// leaves the meridian at a right angle has its foot there.
geo::LatLng WestOfLine(double distance_m) {
  return geo::Direct(geo::LatLng(geo::Latitude{45.5}, geo::Longitude{30}), 270,
                     distance_m);
}

TEST_F(EngineTest, WithdrawalIsDecidedAtTheMetre) {
  auto in = Run({
      Report(Min(0), WestOfLine(49'999), "equipment_sighting",
             "artillery_ge_100mm", "A", "m1", 1),
      Report(Min(1), WestOfLine(200'000), "equipment_sighting",
             "artillery_ge_100mm", "A", "m1", 2),
  });
  ASSERT_EQ(in.count("withdraw"), 1u);
  EXPECT_EQ(in.find("withdraw")->second.party, "A");
  EXPECT_THAT(in.find("withdraw")->second.basis, HasSubstr("49.999 km"));

  SetUp();
  in = Run({Report(Min(0), WestOfLine(50'001), "equipment_sighting",
                   "artillery_ge_100mm", "A", "m1"),
            Report(Min(1), WestOfLine(50'000), "equipment_sighting",
                   "artillery_ge_100mm", "A", "m1")});
  EXPECT_EQ(in.count("withdraw"), 0u)
      << "50,001 m and exactly 50 km keep 'at least 50 km'";
}

TEST_F(EngineTest, WithdrawalOnlyAfterTheDeadlineAndOnlyForBoundParties) {
  auto in = Run({
      Report(kT0 - DurationNs::Hours(25), WestOfLine(1000),
             "equipment_sighting", "artillery_ge_100mm", "A", "m1"),
      Report(Min(0), WestOfLine(1000), "equipment_sighting",
             "artillery_ge_100mm", "B", "m1"),
      Report(Min(0), WestOfLine(1000), "equipment_sighting", "tank", "A",
             "m1"),
  });
  EXPECT_EQ(in.count("withdraw"), 0u);
}

TEST_F(EngineTest, AltitudeBandEdgesAreInside) {
  auto in = Run({
      Aircraft(0x100001, Min(0), 45.5, 36.5, 5000.0, true),
      Aircraft(0x100002, Min(0), 45.5, 36.5, 1000.0, true),
      Aircraft(0x100003, Min(0), 45.5, 36.5, 5000.5, true),
      Aircraft(0x100004, Min(0), 45.5, 36.5, 999.5, true),
      Aircraft(0x100005, Min(0), 45.5, 36.5, 3000.0, false),
  });
  ASSERT_EQ(in.count("air"), 2u);
  std::set<std::string> subjects;
  for (auto [it, end] = in.equal_range("air"); it != end; ++it) {
    subjects.insert(it->second.subject);
  }
  EXPECT_THAT(subjects, ::testing::ElementsAre("icao:100001", "icao:100002"));
}

TEST_F(EngineTest, EntryNeedsConsecutiveFixesSoJitterIsNoVisit) {
  // In, out, in, out: never two consecutive fixes inside the box.
  auto in = Run({
      Vessel(272000001, Min(0), 45.5, 34.001, "military"),
      Vessel(272000001, Min(1), 45.5, 33.999, "military"),
      Vessel(272000001, Min(2), 45.5, 34.001, "military"),
      Vessel(272000001, Min(3), 45.5, 33.999, "military"),
  });
  EXPECT_EQ(in.count("box"), 0u);
}

TEST_F(EngineTest, OneIncidentPerVisit) {
  std::vector<Observation> obs;
  for (int m = 0; m < 10; ++m) {
    obs.push_back(Vessel(272000001, Min(m), 45.5, 34.5, "military"));
  }
  obs.push_back(Vessel(272000001, Min(10), 45.5, 33.5, "military"));
  obs.push_back(Vessel(272000001, Min(11), 45.5, 33.5, "military"));
  obs.push_back(Vessel(272000001, Min(12), 45.5, 34.5, "military"));
  obs.push_back(Vessel(272000001, Min(13), 45.5, 34.5, "military"));
  obs.push_back(Vessel(272000099, Min(13), 45.5, 34.5, "military"));
  obs.push_back(Vessel(272000099, Min(14), 45.5, 34.5, "military"));
  auto in = Run(obs);
  ASSERT_EQ(in.count("box"), 2u) << "two visits; the exempt vessel none";
  auto first = in.equal_range("box").first->second;
  EXPECT_EQ(first.first, Min(0)) << "the visit starts at its first fix";
  EXPECT_EQ(first.last, Min(9));
  EXPECT_EQ(first.status, IncidentStatus::kClosed);
  EXPECT_EQ(first.party, "A") << "MID 272 is Ukraine, Party A's flag";
}

TEST_F(EngineTest, DarkVesselAfterTheGapNotBefore) {
  auto in = Run({
      Vessel(272000002, Min(0), 44.0, 32.5, "cargo"),
      Vessel(272000002, Min(29), 44.01, 32.5, "cargo"),   // 29 min: fine
      Vessel(272000002, Min(61), 44.02, 32.5, "cargo"),   // 32 min: dark
      Vessel(272000002, Min(62), 44.03, 32.5, "cargo"),
  });
  ASSERT_EQ(in.count("sea"), 1u);
  const Incident& dark = in.find("sea")->second;
  EXPECT_EQ(dark.details.at("violation"), "dark");
  EXPECT_EQ(dark.first, Min(29));
  EXPECT_EQ(dark.last, Min(61));
  EXPECT_EQ(dark.details.at("gap_minutes"), "32.0");
}

// Regression (seed 3, 72 h): a ship that ends its voyage in a gateway and
// falls silent has left or berthed; it did not go dark in the corridor. A
// ship silent in open water goes dark, with its last fix as the evidence
// and position (it had none: position [0,0], an inverted bbox).
TEST_F(EngineTest, SilenceInAGatewayIsNotDarkAndDarkKeepsTheLastFix) {
  auto in = Run({
                    Vessel(272000006, Min(0), 43.3, 32.5, "cargo"),
                    Vessel(272000006, Min(5), 43.1, 32.5, "cargo"),  // gate
                    Vessel(272000007, Min(0), 44.0, 32.5, "cargo"),
                    Vessel(272000007, Min(5), 44.01, 32.5, "cargo"),
                    Vessel(272000008, Min(90), 44.5, 32.2, "cargo"),
                });
  ASSERT_EQ(in.count("sea"), 1u);
  const Incident& dark = in.find("sea")->second;
  EXPECT_EQ(dark.subject, "mmsi:272000007");
  EXPECT_EQ(dark.details.at("violation"), "dark");
  EXPECT_EQ(dark.first, Min(5));
  EXPECT_DOUBLE_EQ(dark.position.lat_deg, 44.01);
  EXPECT_DOUBLE_EQ(dark.position.lng_deg, 32.5);
  EXPECT_EQ(dark.observation_count, 1u);
}

TEST_F(EngineTest, LeavingTheCorridorExceptThroughAGateway) {
  auto in = Run({
      Vessel(272000003, Min(0), 44.0, 32.9, "tanker"),
      Vessel(272000003, Min(5), 44.0, 33.1, "tanker"),  // out of the side
      Vessel(272000004, Min(0), 43.1, 32.5, "cargo"),
      Vessel(272000004, Min(5), 42.95, 32.5, "cargo"),  // out via the gate
  });
  ASSERT_EQ(in.count("sea"), 1u);
  EXPECT_EQ(in.find("sea")->second.subject, "mmsi:272000003");
  EXPECT_EQ(in.find("sea")->second.details.at("violation"), "left_corridor");
}

TEST_F(EngineTest, StoppedLongerThanAllowed) {
  std::vector<Observation> obs;
  for (int m = 0; m <= 150; m += 10) {
    obs.push_back(Vessel(272000005, Min(m), 44.0, 32.5, "cargo", 0.1));
  }
  auto in = Run(obs);
  ASSERT_EQ(in.count("sea"), 1u);
  EXPECT_EQ(in.find("sea")->second.details.at("violation"), "stopped");
  EXPECT_EQ(in.find("sea")->second.first, Min(0));
}

TEST_F(EngineTest, RoamingEscortZoneFollowsTheProtectedVessel) {
  geo::LatLng ship(geo::Latitude{44.0}, geo::Longitude{32.5});
  geo::LatLng near = geo::Direct(ship, 90, 10 * 1852.0 - 100);
  geo::LatLng far = geo::Direct(ship, 90, 10 * 1852.0 + 100);
  auto in = Run({
      Vessel(538000001, Min(0), ship.lat_deg, ship.lng_deg, "cargo"),
      Vessel(273000001, Min(1), far.lat_deg, far.lng_deg, "military"),
      Vessel(273000002, Min(1), near.lat_deg, near.lng_deg, "military"),
  });
  ASSERT_EQ(in.count("escort"), 1u);
  const Incident& e = in.find("escort")->second;
  EXPECT_EQ(e.subject, "mmsi:273000002");
  EXPECT_EQ(e.party, "B") << "MID 273 is Russia, Party B's flag";
  EXPECT_THAT(e.summary, HasSubstr("mmsi:538000001"));
}

TEST_F(EngineTest, CeilingCountsDistinctUnits) {
  geo::LatLng h(geo::Latitude{45.5}, geo::Longitude{38.5});
  auto in = Run({
      Report(Min(0), h, "equipment_sighting", "artillery_ge_100mm", "B", "m1",
             11, 1),
      Report(Min(5), h, "equipment_sighting", "artillery_ge_100mm", "B", "m2",
             11, 1),  // the same unit again
      Report(Min(10), h, "equipment_sighting", "artillery_ge_100mm", "B",
             "m1", 12, 1),
  });
  EXPECT_EQ(in.count("ceiling"), 0u) << "two distinct units, max 2";
  SetUp();
  in = Run({
      Report(Min(0), h, "equipment_sighting", "artillery_ge_100mm", "B", "m1",
             11, 2),
      Report(Min(10), h, "equipment_sighting", "artillery_ge_100mm", "B",
             "m1", 12, 1),
  });
  ASSERT_EQ(in.count("ceiling"), 1u);
  EXPECT_EQ(in.find("ceiling")->second.details.at("items"), "3");
}

TEST_F(EngineTest, AccessRefusalIsAttributedByTheControlMap) {
  auto in = Run({Report(Min(0), geo::LatLng(geo::Latitude{45}, geo::Longitude{32}),
                        "access_denied", "", "", "m1")});
  ASSERT_EQ(in.count("access"), 1u);
  EXPECT_EQ(in.find("access")->second.party, "B");
  EXPECT_THAT(in.find("access")->second.basis,
              HasSubstr("baseline.geojson shows the place held by party B"));
}

TEST_F(EngineTest, CeasefireCorroboratedBySecondSource) {
  geo::LatLng p(geo::Latitude{47}, geo::Longitude{37});
  auto in = Run({
      Report(Min(0), p, "shelling", "", "", "monitor-1"),
      Report(Min(3), geo::Direct(p, 45, 500), "shelling", "", "", "monitor-2"),
      Report(Min(4), geo::Direct(p, 45, 5000), "shelling", "", "",
             "monitor-3"),  // 5 km away: another incident
  });
  ASSERT_EQ(in.count("fire"), 2u);
  std::vector<Confidence> c;
  for (auto [it, end] = in.equal_range("fire"); it != end; ++it) {
    c.push_back(it->second.confidence);
  }
  EXPECT_THAT(c, ::testing::UnorderedElementsAre(Confidence::kCorroborated,
                                                 Confidence::kReported));
}

TEST_F(EngineTest, SameFixFromTwoReceiversIsOneFixTwoSources) {
  Observation a = Vessel(272000001, Min(0), 45.5, 34.5, "military", 10, "rx1");
  Observation b = Vessel(272000001, Min(0), 45.5, 34.5, "military", 10, "rx2");
  Observation c = Vessel(272000001, Min(1), 45.5, 34.5, "military", 10, "rx1");
  Observation dup = c;  // the same bytes from the same receiver again
  a.raw_sha256[0] = 1;
  b.raw_sha256[0] = 1;  // identical sentence bytes, another receiver
  c.raw_sha256[0] = 2;
  dup.raw_sha256[0] = 2;
  auto in = Run({a, b, c, dup});
  ASSERT_EQ(in.count("box"), 1u);
  const Incident& i = in.find("box")->second;
  EXPECT_EQ(i.sources, (std::set<std::string>{"rx1", "rx2"}));
  EXPECT_EQ(i.confidence, Confidence::kConfirmed);
  EXPECT_EQ(i.observation_count, 3u);
  EXPECT_EQ(engine_->stats().duplicates, 1u);
  EXPECT_EQ(engine_->stats().merged_fixes, 1u);
}

TEST_F(EngineTest, RevisionsAreDeterministicCanonicalJson) {
  auto make = [&] {
    std::vector<Observation> obs;
    for (int m = 0; m < 5; ++m) {
      obs.push_back(Vessel(272000001, Min(m), 45.5, 34.5, "military"));
      obs.push_back(Aircraft(0x100001, Min(m), 45.5, 36.5, 3000, true));
    }
    return obs;
  };
  Run(make());
  std::string first;
  for (const auto& r : revisions_) first += *ToCanonicalJson(r) + "\n";
  SetUp();
  counter_ = 0;
  Run(make());
  std::string second;
  for (const auto& r : revisions_) second += *ToCanonicalJson(r) + "\n";
  EXPECT_EQ(first, second);
  EXPECT_THAT(first, HasSubstr("\"rule\":\"box\""));
  EXPECT_THAT(first, HasSubstr("\"clause\":\"Art. 4\""));
}

}  // namespace
}  // namespace truce::rules
