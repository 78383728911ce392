// SBS-1/BaseStation CSV and readsb/dump1090 aircraft.json decoders on the
// shared captures (counts checked independently with awk/python when the
// tests were written) and on the reference examples of every record kind.
#include <gtest/gtest.h>

#include <cmath>
#include <sstream>

#include "base/testing/testdata.h"
#include "observe/ais_observation.h"
#include "observe/readsb.h"
#include "observe/sbs.h"

namespace truce::observe {
namespace {

TEST(Sbs, ReferenceExampleOfEveryKind) {
  TRUCE_TESTDATA_OR_SKIP(path, "adsb/sbs1/barebones42_reference_examples.txt");
  auto text = testing::ReadFile(path);
  ASSERT_TRUE(text.has_value());
  std::istringstream in(*text);
  std::vector<SbsRecord> recs;
  std::vector<std::string> rejected;
  for (std::string line; std::getline(in, line);) {
    auto r = ParseSbsLine(line);
    if (r) {
      recs.push_back(*r);
    } else {
      rejected.push_back(line);
    }
  }
  // The MSG,2 example has 23 fields (one too many: its position would land in
  // the track field); it is rejected rather than misread.
  ASSERT_EQ(rejected.size(), 1u);
  EXPECT_TRUE(rejected[0].starts_with("MSG,2,"));
  ASSERT_EQ(recs.size(), 12u);
  EXPECT_EQ(recs[0].kind, SbsKind::kSel);
  EXPECT_EQ(recs[0].callsign.view(), "RYR1427");
  EXPECT_EQ(recs[0].icao, 0x4CA4E5u);
  EXPECT_EQ(recs[3].kind, SbsKind::kSta);
  EXPECT_EQ(recs[4].kind, SbsKind::kClk);
  EXPECT_FALSE(recs[4].has_icao);
  // MSG,3: airborne position.
  const SbsRecord& m3 = recs[6];
  EXPECT_EQ(m3.transmission_type, 3);
  EXPECT_EQ(m3.icao, 0x4CA2D6u);
  EXPECT_TRUE(m3.has_altitude);
  EXPECT_EQ(m3.altitude_ft, 37000);
  ASSERT_TRUE(m3.has_position);
  EXPECT_DOUBLE_EQ(m3.lat_deg, 51.45735);
  EXPECT_DOUBLE_EQ(m3.lon_deg, -1.02826);
  EXPECT_EQ(m3.on_ground, 0);
  // 2008/11/28 14:53:50.594 UTC
  EXPECT_EQ(m3.generated_ns, int64_t{1227884030594} * 1'000'000);
  // MSG,4: velocity; MSG,6: squawk.
  EXPECT_DOUBLE_EQ(recs[7].ground_speed_kn, 288.6);
  EXPECT_DOUBLE_EQ(recs[7].track_deg, 103.2);
  EXPECT_DOUBLE_EQ(recs[7].vertical_rate_ft_min, -832);
  EXPECT_EQ(recs[9].squawk.view(), "0271");
  Observation o;
  ASSERT_TRUE(SbsToObservation(m3, "raw", "sbs", &o));
  EXPECT_EQ(o.kind, ObservationKind::kAircraft);
  EXPECT_EQ(o.scheme, SubjectScheme::kIcaoAddress);
  EXPECT_NEAR(o.altitude_m, 37000 * 0.3048, 1e-9);
  EXPECT_FALSE(SbsToObservation(recs[7], "raw", "sbs", &o));
}

TEST(Sbs, CaptureWithEmptyIdsAndDates) {
  TRUCE_TESTDATA_OR_SKIP(path, "adsb/sbs1/node-sbs1_msgs.txt");
  auto text = testing::ReadFile(path);
  ASSERT_TRUE(text.has_value());
  std::istringstream in(*text);
  int lines = 0, parsed = 0, positions = 0, msg5 = 0;
  for (std::string line; std::getline(in, line);) {
    ++lines;
    auto r = ParseSbsLine(line);
    if (!r) {
      ADD_FAILURE() << line;
      continue;
    }
    ++parsed;
    positions += r->has_position;
    msg5 += r->transmission_type == 5;
    EXPECT_EQ(r->generated_ns, kNoTime);  // this capture leaves dates empty
  }
  EXPECT_EQ(lines, 4184);
  EXPECT_EQ(parsed, 4184);
  EXPECT_EQ(positions, 74);  // the MSG,3 lines
  EXPECT_EQ(msg5, 3347);
}

TEST(Sbs, Rejections) {
  EXPECT_EQ(ParseSbsLine("FOO,1,,,ABCDEF,,,,,").error().reason,
            RejectReason::kBadRecord);
  EXPECT_EQ(ParseSbsLine("MSG,9,,,ABCDEF,,,,,").error().reason,
            RejectReason::kBadFieldValue);
  EXPECT_EQ(ParseSbsLine("MSG,3,,,XYZ,,,,,").error().reason,
            RejectReason::kBadFieldValue);
  EXPECT_EQ(
      ParseSbsLine("MSG,3,,,ABCDEF,,,,,,,100,,,91.0,0,,,,,,").error().reason,
      RejectReason::kBadFieldValue);
  EXPECT_EQ(ParseSbsLine("MSG,3").error().reason, RejectReason::kBadRecord);
  EXPECT_EQ(ParseSbsLine("").error().reason, RejectReason::kBadRecord);
}

TEST(Readsb, GlobalSnapshotNewSchema) {
  TRUCE_TESTDATA_OR_SKIP(path,
                         "adsb/readsb_global_2022-05-01T0000Z_aircraft.json");
  auto text = testing::ReadFile(path);
  ASSERT_TRUE(text.has_value());
  auto snap = ParseReadsbJson(*text);
  ASSERT_TRUE(snap.has_value()) << snap.error().ToString();
  EXPECT_TRUE(snap->rejected.empty());
  EXPECT_EQ(snap->aircraft.size(), 8423u);
  EXPECT_DOUBLE_EQ(snap->now_s, 1651363199.612);
  int positions = 0, ground = 0, military = 0, non_icao = 0, black_sea = 0;
  const ReadsbAircraft* rc135 = nullptr;
  for (const auto& a : snap->aircraft) {
    positions += a.has_position;
    ground += a.on_ground;
    military += a.military;
    non_icao += a.non_icao;
    if (a.has_position && a.lat_deg >= 40.9 && a.lat_deg <= 46.6 &&
        a.lon_deg >= 27.5 && a.lon_deg <= 41.7) {
      ++black_sea;
    }
    if (a.icao == 0xae01cc) rc135 = &a;
  }
  EXPECT_EQ(positions, 7659);
  EXPECT_EQ(ground, 1485);
  EXPECT_EQ(military, 107);
  EXPECT_EQ(non_icao, 354);
  EXPECT_EQ(black_sea, 43);
  ASSERT_NE(rc135, nullptr);
  EXPECT_TRUE(rc135->military);
  EXPECT_EQ(rc135->type_code.view(), "R135");
  EXPECT_EQ(rc135->flight.view(), "HOMER61");
  Observation o;
  ASSERT_TRUE(
      ReadsbToObservation(*rc135, snap->now_s, "readsb", Sha256(*text), &o));
  EXPECT_TRUE(o.military);
  EXPECT_EQ(o.class_name, "military");
  EXPECT_NEAR(o.position.lat_deg, 47.477091, 1e-12);
  EXPECT_NEAR(o.position.lng_deg, 23.487431, 1e-12);
  EXPECT_EQ(o.time_ns % 1'000'000, 0);
  EXPECT_NEAR(o.time_ns / 1e9, snap->now_s - rc135->seen_pos_s, 1e-3);
}

TEST(Readsb, OldDump1090MutabilitySchema) {
  TRUCE_TESTDATA_OR_SKIP(
      path, "adsb/dump1090-mutability_uk_2019-10-03_aircraft.json");
  auto text = testing::ReadFile(path);
  ASSERT_TRUE(text.has_value());
  auto snap = ParseReadsbJson(*text);
  ASSERT_TRUE(snap.has_value());
  ASSERT_EQ(snap->aircraft.size(), 96u);
  const ReadsbAircraft& first = snap->aircraft[0];
  EXPECT_EQ(first.icao, 0xa4cf26u);
  EXPECT_EQ(first.flight.view(), "GTI5219");
  EXPECT_TRUE(first.has_alt_baro);
  EXPECT_EQ(first.alt_baro_ft, 35000);
  EXPECT_DOUBLE_EQ(first.ground_speed_kn, 514);
  EXPECT_DOUBLE_EQ(first.baro_rate_ft_min, 0);
  EXPECT_DOUBLE_EQ(first.track_deg, 59);
  EXPECT_EQ(first.squawk.view(), "2355");
}

TEST(Readsb, BadDocumentsAndEntries) {
  EXPECT_FALSE(ParseReadsbJson("not json").has_value());
  EXPECT_FALSE(ParseReadsbJson("{\"now\":1}").has_value());
  auto snap = ParseReadsbJson(
      R"({"now":1,"aircraft":[{"hex":"zz"},{"hex":"abc123","alt_baro":"up"},)"
      R"({"hex":"abc124","lat":1},{"hex":"~abc125","alt_baro":"ground"}]})");
  ASSERT_TRUE(snap.has_value());
  ASSERT_EQ(snap->rejected.size(), 3u);
  EXPECT_EQ(snap->rejected[0].index, 0u);
  EXPECT_EQ(snap->rejected[0].raw, R"({"hex":"zz"})");
  EXPECT_EQ(snap->rejected[1].rejection.reason, RejectReason::kBadFieldValue);
  ASSERT_EQ(snap->aircraft.size(), 1u);
  EXPECT_TRUE(snap->aircraft[0].non_icao);
  EXPECT_TRUE(snap->aircraft[0].on_ground);
}

}  // namespace
}  // namespace truce::observe
