#include "agreement/summary.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>

#include "agreement/loader.h"
#include "base/testing/testdata.h"

namespace truce::agreement {
namespace {

using ::testing::HasSubstr;

Agreement Load(std::string_view yaml) {
  auto a = ParseAgreement(yaml, "test.yaml", testing::SourceRoot());
  EXPECT_TRUE(a.has_value()) << (a ? "" : a.error()[0].ToString());
  return a ? *a : Agreement{};
}

std::vector<std::string> WarningTexts(const Summary& s) {
  std::vector<std::string> out;
  for (const auto& w : s.warnings) {
    out.push_back(w.where.ToString() + ": " + w.message);
  }
  return out;
}

constexpr std::string_view kHead = R"(truce: 1
title: T
version: "1"
effective: 2025-06-01T00:00:00Z
parties:
  - {id: A, name: Party A, reference_line: meridian, side: left}
lines:
  - id: meridian
    geometry: {type: LineString, coordinates: [[30.0, 45.0], [30.0, 46.0]]}
)";

TEST(Summary, WarnsAboutAntimeridianEmptyZonesAndEarlyDeadlines) {
  Agreement a = Load(std::string(kHead) + R"(zones:
  - id: pacific
    geometry: {type: Polygon, coordinates: [[[179, 0], [-179, 0], [-179, 1], [179, 1], [179, 0]]]}
  - id: nothing
    geometry: {type: MultiPolygon, coordinates: []}
rules:
  - {id: e, kind: exclusion, clause: Art. 1, zone: pacific, classes: [tank]}
  - {id: n, kind: exclusion, clause: Art. 2, zone: nothing, classes: [tank]}
  - {id: w, kind: withdrawal, clause: Art. 3, classes: [mlrs], distance_km: 70, deadline: 2025-05-01T00:00:00Z}
)");
  Summary s = Summarize(a);
  EXPECT_THAT(WarningTexts(s),
              ::testing::UnorderedElementsAre(
                  HasSubstr("zone 'pacific' crosses the antimeridian"),
                  HasSubstr("rule 'n' uses zone 'nothing', which is empty"),
                  HasSubstr("deadline 2025-05-01T00:00:00Z before the "
                            "effective time")));
  // The Pacific square is 2 degrees of longitude wide (the short way across
  // 180), not 358: 1 x 2 degrees at the equator is about 24,600 km².
  ASSERT_TRUE(s.zones[0].area_km2.has_value());
  EXPECT_NEAR(*s.zones[0].area_km2, 24'600, 200);
}

TEST(Summary, DerivesOneBandPerWithdrawalRuleAndParty) {
  Agreement a = Load(std::string(kHead) + R"(rules:
  - {id: w, kind: withdrawal, clause: Art. 3, classes: [mlrs], distance_km: 70, deadline: 2025-06-15T00:00:00Z}
)");
  Summary s = Summarize(a);
  ASSERT_EQ(s.bands.size(), 1u);
  const BandSummary& b = s.bands[0];
  EXPECT_EQ(b.description, "mlrs: 70 km from Party A's reference line");
  EXPECT_EQ(b.side, "left");
  // One side of a 111.1 km meridian arc (GeodSolve: 45N..46N at 30E is
  // 111,141.5 m), 70 km wide, with flat ends (docs/formats/agreement.md):
  // about 70 * 111.14 = 7,780 km². The ellipsoid and the convergence of
  // meridians change this by well under 1%.
  double expected_km2 = 70 * 111.1415;
  EXPECT_NEAR(b.area_km2, expected_km2, expected_km2 * 0.01);
  EXPECT_LT(b.boundary_error_m, 10);
}

TEST(Summary, TheBundledExampleMeasuresPlausibly) {
  auto a = LoadAgreement(testing::SourceRoot() /
                         "examples/ceasefire-2025/agreement.yaml");
  ASSERT_TRUE(a.has_value());
  Summary s = Summarize(*a);
  EXPECT_EQ(s.bands.size(), 8u) << "4 withdrawal rules x 2 parties";
  // Each disengagement area is 0.14 deg x 0.09 deg near 48 N: about
  // 0.14 * 111.32 * cos(48.6) * 0.09 * 111.2 = 103 km².
  const ZoneSummary& chasiv = s.zones[0];
  ASSERT_EQ(chasiv.id, "disengagement-chasiv-yar");
  EXPECT_NEAR(*chasiv.area_km2, 103.2, 1.0);
  EXPECT_TRUE(s.warnings.empty()) << WarningTexts(s)[0];
}

}  // namespace
}  // namespace truce::agreement
