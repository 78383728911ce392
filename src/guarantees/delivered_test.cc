#include "guarantees/delivered.h"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "agreement/loader.h"
#include "base/testing/testdata.h"

namespace truce::guarantees {
namespace {

TimeNs T(const char* rfc3339) { return *ParseRfc3339(rfc3339); }

TEST(Delivered, IntervalsNeedTwoInsideFixesWithinTheGap) {
  // Fixes given out of order, as merged feeds may give them.
  std::vector<Fix> fixes = {
      {T("2025-06-01T10:10:00Z"), true},  // 10 min after 10:00: counts
      {T("2025-06-01T10:00:00Z"), true},
      {T("2025-06-01T10:25:00Z"), true},   // 15 min later: gap > 10 min
      {T("2025-06-01T10:30:00Z"), false},  // inside → outside: nothing
      {T("2025-06-01T10:35:00Z"), true},   // outside → inside: nothing
      {T("2025-06-01T10:40:00Z"), true},   // 5 min: counts
  };
  auto v = InsideIntervals(fixes, DurationNs::Minutes(10));
  ASSERT_EQ(v.size(), 2u);
  EXPECT_EQ(v[0],
            Interval(T("2025-06-01T10:00:00Z"), T("2025-06-01T10:10:00Z")));
  EXPECT_EQ(v[1],
            Interval(T("2025-06-01T10:35:00Z"), T("2025-06-01T10:40:00Z")));
  // 10 + 5 minutes = 0.25 h.
  EXPECT_DOUBLE_EQ(
      HoursWithin(v, T("2025-06-01T00:00:00Z"), T("2025-06-02T00:00:00Z")),
      0.25);
}

TEST(Delivered, TwoFixesAtOneTimeThatDisagreeCountNothing) {
  std::vector<Fix> fixes = {{T("2025-06-01T10:00:00Z"), true},
                            {T("2025-06-01T10:05:00Z"), true},
                            {T("2025-06-01T10:05:00Z"), false},
                            {T("2025-06-01T10:10:00Z"), true}};
  // Sorted: 10:00 in, 10:05 out, 10:05 in, 10:10 in → 10:05-10:10 only.
  auto v = InsideIntervals(fixes, DurationNs::Minutes(10));
  ASSERT_EQ(v.size(), 1u);
  EXPECT_EQ(v[0].first, T("2025-06-01T10:05:00Z"));
}

TEST(Delivered, AFixExactlyAtMidnightSplitsTheDays) {
  std::vector<Fix> fixes = {{T("2025-06-01T23:50:00Z"), true},
                            {T("2025-06-02T00:00:00Z"), true},
                            {T("2025-06-02T00:06:00Z"), true}};
  auto v = InsideIntervals(fixes, DurationNs::Minutes(10));
  ASSERT_EQ(v.size(), 1u);
  // June 1: 23:50-24:00 = 10 min = 1/6 h. June 2: 00:00-00:06 = 0.1 h.
  EXPECT_DOUBLE_EQ(
      HoursWithin(v, T("2025-06-01T00:00:00Z"), T("2025-06-02T00:00:00Z")),
      10.0 / 60);
  EXPECT_DOUBLE_EQ(
      HoursWithin(v, T("2025-06-02T00:00:00Z"), T("2025-06-03T00:00:00Z")),
      0.1);
  EXPECT_EQ(DayStart(T("2025-06-02T00:00:00Z")), T("2025-06-02T00:00:00Z"));
  EXPECT_EQ(DayStart(T("2025-06-01T23:59:59.999999999Z")),
            T("2025-06-01T00:00:00Z"));
  EXPECT_EQ(DayStart(T("1969-12-31T12:00:00Z")), T("1969-12-31T00:00:00Z"));
  EXPECT_EQ(DayName(T("2025-06-02T00:00:00Z")), "2025-06-02");
  EXPECT_EQ(*ParseDay("2025-06-02"), T("2025-06-02T00:00:00Z"));
  EXPECT_FALSE(ParseDay("2025-6-2"));
  EXPECT_FALSE(ParseDay("2025-06-02T00:00:00Z"));
}

// `n` fixes every `step_min` minutes from `from`, all inside.
std::vector<Fix> Track(const char* from, int n, int step_min) {
  std::vector<Fix> out;
  for (int i = 0; i < n; ++i) {
    out.push_back({T(from) + DurationNs::Minutes(int64_t{i} * step_min), true});
  }
  return out;
}

TEST(Delivered, PledgesAndGuarantorsByHand) {
  Commitments c;
  c.guarantors = {{"g-a", "A", {}}, {"g-b", "B", {}}};
  Pledge air;
  air.id = "a-air";
  air.guarantor = "g-a";
  air.capability = Capability::kAirPresence;
  air.unit = Unit::kHoursPerDay;
  air.amount = 12;
  air.zone = "z";
  air.icao24 = {0xAE0001, 0xAE0002};
  // In force from noon on June 1: half of that day.
  air.period.from = T("2025-06-01T12:00:00Z");
  Pledge ships;
  ships.id = "b-ships";
  ships.guarantor = "g-b";
  ships.capability = Capability::kMaritimePresence;
  ships.unit = Unit::kShips;
  ships.amount = 2;
  ships.zone = "z";
  ships.mmsi = {247000001, 271000001};
  Pledge money;  // no assets: not measured
  money.id = "b-money";
  money.guarantor = "g-b";
  money.capability = Capability::kFunding;
  money.unit = Unit::kEur;
  money.amount = 1e6;
  c.pledges = {air, ships, money};

  std::map<std::string, std::vector<Fix>> fixes;
  // AE0001 from 11:00 to 14:00 (37 fixes, 5 min apart = 3 h), AE0002 from
  // 13:00 to 15:00 (2 h): the union within the pledge (from 12:00) is
  // 12:00-15:00 = 3 h; AE0001 alone counts 2 h after noon.
  fixes["icao:ae0001"] = Track("2025-06-01T11:00:00Z", 37, 5);
  fixes["icao:ae0002"] = Track("2025-06-01T13:00:00Z", 25, 5);
  // 247000001 inside from 22:00 June 1 to 02:00 June 2 (49 fixes, 5 min):
  // 2 h each day. 271000001 never heard.
  fixes["mmsi:247000001"] = Track("2025-06-01T22:00:00Z", 49, 5);

  auto r = ComputeDelivered(c, fixes, T("2025-06-01T00:00:00Z"),
                            T("2025-06-02T00:00:00Z"), DurationNs::Minutes(10));
  EXPECT_EQ(r.days, (std::vector<std::string>{"2025-06-01", "2025-06-02"}));
  ASSERT_EQ(r.assets.size(), 4u);
  EXPECT_EQ(r.assets[0].asset, "icao:ae0001");
  EXPECT_EQ(r.assets[0].fixes, 37u);
  EXPECT_EQ(r.assets[3].asset, "mmsi:271000001");
  EXPECT_EQ(r.assets[3].fixes, 0u);

  ASSERT_EQ(r.asset_days.size(), 8u);
  EXPECT_DOUBLE_EQ(r.asset_days[0].hours_inside, 2);  // ae0001, June 1
  EXPECT_DOUBLE_EQ(r.asset_days[2].hours_inside, 2);  // ae0002, June 1
  EXPECT_DOUBLE_EQ(r.asset_days[4].hours_inside, 2);  // 247000001, June 1
  EXPECT_DOUBLE_EQ(r.asset_days[5].hours_inside, 2);  // 247000001, June 2

  ASSERT_EQ(r.pledge_days.size(), 4u);
  // a-air, June 1: pledged 12 h × half a day = 6 h; delivered the union 3 h.
  EXPECT_DOUBLE_EQ(*r.pledge_days[0].pledged_hours, 6);
  EXPECT_DOUBLE_EQ(r.pledge_days[0].delivered_hours, 3);
  // a-air, June 2: 12 h pledged, nothing delivered.
  EXPECT_DOUBLE_EQ(*r.pledge_days[1].pledged_hours, 12);
  EXPECT_DOUBLE_EQ(r.pledge_days[1].delivered_hours, 0);
  // b-ships: 2 ships × 24 h = 48 ship-hours pledged per day; 2 delivered.
  EXPECT_DOUBLE_EQ(*r.pledge_days[2].pledged_hours, 48);
  EXPECT_DOUBLE_EQ(r.pledge_days[2].delivered_hours, 2);

  ASSERT_EQ(r.guarantor_days.size(), 4u);
  EXPECT_EQ(r.guarantor_days[0].guarantor, "g-a");
  EXPECT_DOUBLE_EQ(r.guarantor_days[0].pledged_hours, 6);
  EXPECT_DOUBLE_EQ(r.guarantor_days[0].delivered_hours, 3);
  EXPECT_EQ(r.guarantor_days[3].guarantor, "g-b");
  EXPECT_DOUBLE_EQ(r.guarantor_days[3].pledged_hours, 48);
  EXPECT_DOUBLE_EQ(r.guarantor_days[3].delivered_hours, 2);
}

// An SBS-1 position message of `icao` at 2025-06-16 `hms`, altitude in feet.
std::string Sbs(const char* icao, const char* hms, double lat, double lon,
                int feet) {
  return fmt::format(
      "MSG,3,1,1,{0},1,2025/06/16,{1}.000,2025/06/16,{1}.000,,{2},,,{3:.4f},"
      "{4:.4f},,,0,0,0,0\n",
      icao, hms, feet, lat, lon);
}

TEST(Delivered, FromAFeedFileWithTheEnginesZoneAndAltitude) {
  auto agreement = agreement::LoadAgreement(
      testing::SourceRoot() / "examples/ceasefire-2025/agreement.yaml");
  ASSERT_TRUE(agreement);
  Commitments c;
  c.guarantors = {{"g", "G", {}}};
  Pledge p;
  p.id = "air";
  p.guarantor = "g";
  p.capability = Capability::kAirPresence;
  p.unit = Unit::kHoursPerDay;
  p.amount = 6;
  p.zone = "no-fly-band";  // 30 km either side of the contact line, 0-15 km
  p.icao24 = {0xAE0001};
  c.pledges = {p};
  auto dir = std::filesystem::temp_directory_path() /
             ("truce-delivered-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  // Kupiansk (49.71 N, 37.615 E) is a vertex of the contact line: inside.
  // 20,000 ft = 6,096 m is inside the band's 0-15,000 m; 60,000 ft =
  // 18,288 m is above it. Only 10:00-10:05 has two inside fixes in a row:
  // 5 minutes = 1/12 h.
  std::ofstream(dir / "a.sbs")
      << Sbs("AE0001", "10:00:00", 49.71, 37.615, 20000)
      << Sbs("AE0001", "10:05:00", 49.71, 37.615, 20000)
      << Sbs("AE0001", "10:10:00", 49.71, 37.615, 60000)
      << Sbs("AE0001", "10:15:00", 49.71, 37.615, 20000)
      << Sbs("AE0001", "10:20:00", 50.45, 30.52, 20000);  // Kyiv: outside
  std::ofstream(dir / "control.geojson") << "{}";         // skipped: no tracks
  auto r = MeasureDelivered(
      c, *agreement,
      {(dir / "a.sbs").string(), (dir / "control.geojson").string()}, {});
  std::filesystem::remove_all(dir);
  ASSERT_TRUE(r) << r.error().ToString();
  EXPECT_EQ(r->observations, 5u);
  ASSERT_EQ(r->skipped.size(), 1u);
  EXPECT_EQ(r->days, std::vector<std::string>{"2025-06-16"});
  ASSERT_EQ(r->assets.size(), 1u);
  EXPECT_EQ(r->assets[0].fixes, 5u);
  EXPECT_EQ(r->assets[0].fixes_inside, 3u);
  EXPECT_DOUBLE_EQ(r->asset_days[0].hours_inside, 1.0 / 12);
  EXPECT_DOUBLE_EQ(*r->pledge_days[0].pledged_hours, 6);
}

}  // namespace
}  // namespace truce::guarantees
