#include "guarantees/commitments.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "agreement/loader.h"
#include "base/testing/testdata.h"

namespace truce::guarantees {
namespace {

using ::testing::HasSubstr;

// Every problem as "file:line:column (field): message; hint".
std::vector<std::string> Problems(std::string_view yaml,
                                  const agreement::Agreement* a = nullptr) {
  auto c = ParseCommitments(yaml, "c.yaml", a);
  std::vector<std::string> out;
  if (!c) {
    for (const auto& e : c.error()) out.push_back(e.ToString());
  }
  return out;
}

const agreement::Agreement& Example() {
  static const auto* a = new agreement::Agreement(*agreement::LoadAgreement(
      testing::SourceRoot() / "examples/ceasefire-2025/agreement.yaml"));
  return *a;
}

constexpr std::string_view kValid = R"(truce_commitments: 1
title: Test
guarantors:
  - {id: g-a, name: Guarantor A}
  - {id: g-b, name: Guarantor B}
pledges:
  - id: a-air
    guarantor: g-a
    capability: air_presence
    amount: 12
    unit: hours_per_day
    zone: no-fly-band
    period: {from: 2025-06-01T00:00:00Z, until: 2025-07-01T00:00:00Z}
    assets: {icao24: ["AE0001"]}
  - id: b-ships
    guarantor: g-b
    capability: maritime_presence
    amount: 2
    unit: ships
    zone: corridor
    assets: {mmsi: ["247000001", "271000001"]}
  - {id: b-money, guarantor: g-b, capability: funding, amount: 5000000, unit: eur}
requirements:
  - id: air
    capability: air_presence
    amount: 24
    unit: hours_per_day
    zone: no-fly-band
    period: {from: 2025-06-01T00:00:00Z, until: 2025-07-01T00:00:00Z}
response_plan:
  - id: escort
    kinds: [exclusion]
    severities: [critical]
    guarantors: [g-a, g-b]
    notify_within: 15m
    act_within: 24h
)";

TEST(Commitments, ValidFileLoadsEveryPart) {
  auto c = ParseCommitments(kValid, "c.yaml", &Example());
  ASSERT_TRUE(c) << c.error().front().ToString();
  ASSERT_EQ(c->guarantors.size(), 2u);
  ASSERT_EQ(c->pledges.size(), 3u);
  const Pledge& air = c->pledges[0];
  EXPECT_EQ(air.capability, Capability::kAirPresence);
  EXPECT_EQ(air.unit, Unit::kHoursPerDay);
  EXPECT_EQ(air.amount, 12);
  ASSERT_EQ(air.icao24.size(), 1u);
  EXPECT_EQ(air.icao24[0], 0xAE0001u);
  // 2025-06-01T00:00:00Z is 1748736000 s after the epoch (date -d).
  EXPECT_EQ(air.period.from, TimeNs::FromUnixSeconds(1748736000));
  // 30 days later: 1748736000 + 30 × 86400 = 1751328000.
  EXPECT_EQ(air.period.until, TimeNs::FromUnixSeconds(1751328000));
  EXPECT_EQ(c->pledges[1].mmsi, (std::vector<uint32_t>{247000001, 271000001}));
  // No period: all time.
  EXPECT_EQ(c->pledges[2].period.from.ns_since_epoch, INT64_MIN);
  ASSERT_EQ(c->response_plan.size(), 1u);
  const Response& r = c->response_plan[0];
  EXPECT_EQ(r.on, std::vector<std::string>{"open"});  // the default
  EXPECT_EQ(r.notify_within, DurationNs::Minutes(15));
  EXPECT_FALSE(r.acknowledge_within);
  EXPECT_EQ(r.act_within, DurationNs::Hours(24));
}

TEST(Commitments, WithoutAnAgreementZonesAreNotChecked) {
  std::string text(kValid);
  text.replace(text.find("zone: corridor"), 14, "zone: nowhere!");
  EXPECT_TRUE(ParseCommitments(text, "c.yaml", nullptr));
  auto p = Problems(text, &Example());
  ASSERT_EQ(p.size(), 1u);
  EXPECT_THAT(p[0], HasSubstr("c.yaml:20:11 (pledges[1].zone): the agreement"));
  EXPECT_THAT(p[0], HasSubstr("has no zone 'nowhere!'"));
}

TEST(Commitments, UnknownZoneSuggestsTheNearest) {
  std::string text(kValid);
  text.replace(text.find("zone: corridor"), 14, "zone: coridor");
  auto p = Problems(text, &Example());
  ASSERT_EQ(p.size(), 1u);
  EXPECT_THAT(p[0], HasSubstr("did you mean 'corridor'?"));
}

TEST(Commitments, EveryProblemLocated) {
  constexpr std::string_view kBroken = R"(truce_commitments: 1
title: Broken
guarantors:
  - {id: g-a, name: A}
  - {id: g-a, name: A again}
pledges:
  - id: p1
    guarantor: g-c
    capability: air_presense
    amount: 25
    unit: hours_per_day
    period: {from: 2025-07-01T00:00:00Z, until: 2025-06-01T00:00:00Z}
    assets: {icao24: ["AE00G1"], mmsi: ["24700001"]}
  - id: p2
    guarantor: g-a
    capability: personnel
    amount: 3
    unit: ships
response_plan:
  - id: r1
    guarantors: [g-aa]
    acknowledge_within: soon
)";
  auto p = Problems(kBroken);
  std::vector<std::string> want = {
      "c.yaml:5:10 (guarantors[1].id): duplicate guarantor id 'g-a' (first "
      "defined at line 4); give every guarantor a unique id",
      // Assets are written (if malformed), so the pledge needs a zone.
      "c.yaml:7:5 (pledges[0].zone): a pledge with observable assets needs "
      "the zone its presence is pledged in",
      "c.yaml:8:16 (pledges[0].guarantor): no guarantor has id 'g-c'; did "
      "you mean 'g-a'?",
      "c.yaml:9:17 (pledges[0].capability): unknown capability "
      "'air_presense'; did you mean 'air_presence'?",
      "c.yaml:12:49 (pledges[0].period.until): the period ends "
      "(2025-06-01T00:00:00Z) before it begins (2025-07-01T00:00:00Z); make "
      "'until' later than 'from'",
      "c.yaml:13:23 (pledges[0].assets.icao24): 'AE00G1' is not an ICAO "
      "24-bit address; write six hexadecimal digits in quotes, e.g. "
      "\"4CA2B1\"",
      "c.yaml:13:41 (pledges[0].assets.mmsi): '24700001' is not an MMSI; "
      "write the vessel's nine-digit MMSI, e.g. 272123456",
      "c.yaml:18:11 (pledges[1].unit): unit 'ships' does not measure "
      "personnel; for personnel use one of: people, teams",
      "c.yaml:21:18 (response_plan[0].guarantors): no guarantor has id "
      "'g-aa'; did you mean 'g-a'?",
      "c.yaml:22:25 (response_plan[0].acknowledge_within):",
  };
  ASSERT_EQ(p.size(), want.size()) << ::testing::PrintToString(p);
  for (size_t i = 0; i < want.size(); ++i) {
    EXPECT_THAT(p[i], HasSubstr(want[i])) << i;
  }
}

TEST(Commitments, HoursBeyondADayAndAssetsPledgedTwice) {
  constexpr std::string_view kBroken = R"(truce_commitments: 1
title: Broken
guarantors: [{id: g, name: G}]
pledges:
  - {id: p1, guarantor: g, capability: air_presence, amount: 25, unit: hours_per_day}
  - {id: p2, guarantor: g, capability: maritime_presence, amount: 1, unit: ships, zone: corridor, assets: {mmsi: ["247000001"]}}
  - {id: p3, guarantor: g, capability: maritime_presence, amount: 1, unit: ships, zone: corridor, assets: {mmsi: ["247000001"]}}
  - {id: p4, guarantor: g, capability: air_presence, amount: 1, unit: aircraft, assets: {icao24: ["AE0003"]}}
  - {id: p5, guarantor: g, capability: funding, amount: 0, unit: usd}
response_plan:
  - {id: r, guarantors: [g]}
)";
  auto p = Problems(kBroken);
  ASSERT_EQ(p.size(), 5u) << ::testing::PrintToString(p);
  EXPECT_THAT(p[0], HasSubstr("c.yaml:5:62 (pledges[0].amount): 25 hours per "
                              "day is more than a day holds"));
  EXPECT_THAT(p[1], HasSubstr("c.yaml:7:115 (pledges[2].assets.mmsi): MMSI "
                              "247000001 is already pledged by 'p2' (line 6)"));
  EXPECT_THAT(p[2], HasSubstr("c.yaml:8:5 (pledges[3].zone): a pledge with "
                              "observable assets needs the zone"));
  EXPECT_THAT(p[3], HasSubstr("c.yaml:9:57 (pledges[4].amount): 'amount' "
                              "must be more than 0"));
  EXPECT_THAT(p[4], HasSubstr("c.yaml:11:5 (response_plan[0]): a response "
                              "obliges no action"));
}

TEST(Commitments, RoamingZoneCannotBeMeasured) {
  std::string text(kValid);
  text.replace(text.find("zone: corridor"), 14, "zone: corridor-escort");
  auto p = Problems(text, &Example());
  ASSERT_EQ(p.size(), 1u);
  EXPECT_THAT(p[0], HasSubstr("moves with the ships it surrounds"));
}

TEST(Commitments, SyntaxErrorAndMissingFile) {
  auto p = Problems("truce_commitments: 1\ntitle: [unclosed\n");
  ASSERT_EQ(p.size(), 1u);
  EXPECT_THAT(p[0], HasSubstr("c.yaml:3:1: YAML syntax error"));
  auto missing = LoadCommitments("/nonexistent/commitments.yaml");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().front().code, ErrorCode::kNotFound);
}

}  // namespace
}  // namespace truce::guarantees
