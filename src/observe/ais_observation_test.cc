#include "observe/ais_observation.h"

#include <gtest/gtest.h>

#include <cmath>

#include "observe/ais_stream.h"
#include "observe/testing/ais_encoder.h"

namespace truce::observe {
namespace {

class ObsSink : public AisSink {
 public:
  void OnMessage(const AisMessage& m, const CompletedMessage& c) override {
    Observation o;
    if (AisToObservation(m, c, "feed", &o)) obs.push_back(o);
  }
  void OnReject(uint64_t, std::string_view, const Rejection&) override {}
  void OnIncomplete(const IncompleteGroup&) override {}
  std::vector<Observation> obs;
};

TEST(AisObservation, PositionReportBecomesVesselFix) {
  AisMessage m;
  m.type = 1;
  m.mmsi = 273123456;  // Russia
  PositionReportA& p = m.body.emplace<PositionReportA>();
  p.speed_decikn = 123;
  p.accuracy = true;
  p.lon_e4min = 33 * 600000 + 315000;  // 33.525 E
  p.lat_e4min = 44 * 600000 + 370000;  // 44.616667 N (Sevastopol)
  p.course_decideg = 2245;
  p.heading_deg = 220;
  p.turn_raw = 4;
  testing::SentenceOptions so;
  so.tag_block = "s:rx-odesa,c:1700000000";
  const auto lines = testing::ToSentences(testing::EncodeAis(m), so);
  ObsSink sink;
  AisStream stream(&sink);
  for (const auto& l : lines) stream.AddLine(l);
  ASSERT_EQ(sink.obs.size(), 1u);
  const Observation& o = sink.obs[0];
  EXPECT_EQ(o.kind, ObservationKind::kVessel);
  EXPECT_EQ(o.scheme, SubjectScheme::kMmsi);
  EXPECT_EQ(o.subject_id, 273123456u);
  EXPECT_EQ(o.flag_iso2.view(), "RU");
  EXPECT_EQ(o.source_id.view(), "rx-odesa");
  EXPECT_EQ(o.time_ns, int64_t{1700000000} * 1'000'000'000);
  ASSERT_TRUE(o.has_position);
  EXPECT_NEAR(o.position.lat_deg, 44 + 37.0 / 60, 1e-9);
  EXPECT_NEAR(o.position.lng_deg, 33.525, 1e-9);
  EXPECT_EQ(o.uncertainty_m, 10.0);
  EXPECT_DOUBLE_EQ(o.kinematics.speed_knots, 12.3);
  EXPECT_DOUBLE_EQ(o.kinematics.course_deg, 224.5);
  EXPECT_DOUBLE_EQ(o.kinematics.heading_deg, 220);
  EXPECT_NEAR(o.kinematics.turn_deg_per_min, (4 / 4.733) * (4 / 4.733), 1e-12);
  EXPECT_EQ(o.raw_sha256, Sha256(lines[0]));
}

TEST(AisObservation, NotAvailableFieldsAreUnknown) {
  AisMessage m;
  m.type = 18;
  m.mmsi = 272000001;
  PositionReportB& p = m.body.emplace<PositionReportB>();
  p.lon_e4min = 181 * 600000;
  p.lat_e4min = 91 * 600000;
  p.speed_decikn = 1023;
  p.course_decideg = 3600;
  p.heading_deg = 511;
  CompletedMessage c;
  c.raw = "raw";
  Observation o;
  ASSERT_TRUE(AisToObservation(m, c, "feed", &o));
  EXPECT_FALSE(o.has_position);
  EXPECT_TRUE(std::isnan(o.kinematics.speed_knots));
  EXPECT_TRUE(std::isnan(o.kinematics.course_deg));
  EXPECT_TRUE(std::isnan(o.kinematics.heading_deg));
  EXPECT_EQ(o.source_id.view(), "feed");
  EXPECT_EQ(o.flag_iso2.view(), "UA");
}

TEST(AisObservation, StaticDataGivesClassAndName) {
  AisMessage m;
  m.type = 5;
  m.mmsi = 211000001;
  StaticVoyageData& s = m.body.emplace<StaticVoyageData>();
  s.shiptype = 35;
  s.shipname.assign("FGS EXAMPLE");
  CompletedMessage c;
  Observation o;
  ASSERT_TRUE(AisToObservation(m, c, "feed", &o));
  EXPECT_EQ(o.class_name, "military");
  EXPECT_TRUE(o.military);
  EXPECT_EQ(o.name.view(), "FGS EXAMPLE");
  EXPECT_EQ(o.flag_iso2.view(), "DE");
  EXPECT_FALSE(o.has_position);
}

TEST(AisObservation, SarAircraftIsAnAircraft) {
  AisMessage m;
  m.type = 9;
  m.mmsi = 111273001;
  SarAircraftPosition& p = m.body.emplace<SarAircraftPosition>();
  p.alt_m = 1500;
  p.speed_kn = 140;
  p.lon_e4min = 18000000;
  p.lat_e4min = 27000000;
  CompletedMessage c;
  Observation o;
  ASSERT_TRUE(AisToObservation(m, c, "feed", &o));
  EXPECT_EQ(o.kind, ObservationKind::kAircraft);
  EXPECT_EQ(o.altitude_m, 1500);
  EXPECT_EQ(o.flag_iso2.view(), "RU");
  EXPECT_NEAR(o.position.lng_deg, 30, 1e-12);
  EXPECT_NEAR(o.position.lat_deg, 45, 1e-12);
}

TEST(AisObservation, BinaryMessagesAreNotObservations) {
  AisMessage m;
  m.type = 8;
  m.body.emplace<BroadcastBinary>();
  CompletedMessage c;
  Observation o;
  EXPECT_FALSE(AisToObservation(m, c, "feed", &o));
}

TEST(AisObservation, Sha256KnownVector) {
  // SHA-256("abc"), FIPS 180-2 appendix B.1.
  const auto d = Sha256("abc");
  EXPECT_EQ(d[0], 0xba);
  EXPECT_EQ(d[1], 0x78);
  EXPECT_EQ(d[31], 0xad);
}

}  // namespace
}  // namespace truce::observe
