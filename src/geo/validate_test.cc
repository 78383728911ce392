#include "geo/validate.h"

#include <gtest/gtest.h>

#include "base/testing/testdata.h"
#include "geo/test_util.h"

namespace truce::geo {
namespace {

LatLng P(double lat, double lng) {
  return LatLng(Latitude{lat}, Longitude{lng});
}

std::string Dump(const std::vector<GeometryProblem>& ps) {
  std::string s;
  for (const auto& p : ps) {
    s += p.message + " [" + std::to_string(p.polygon) + "," +
         std::to_string(p.ring) + "," + std::to_string(p.vertex) + "]\n";
  }
  return s;
}

TEST(ValidateTest, ValidPolygons) {
  EXPECT_TRUE(ValidatePolygon({{P(0, 0), P(0, 10), P(10, 10), P(10, 0)},
                               {{P(4, 4), P(4, 6), P(6, 6), P(6, 4)}}})
                  .empty());
  // Across the antimeridian: valid once unwrapped.
  auto ps = ValidatePolygon(
      {{P(-10, 170), P(-10, -170), P(10, -170), P(10, 170)}, {}});
  EXPECT_TRUE(ps.empty()) << Dump(ps);
  // A hole on the other side of the antimeridian from the first vertex.
  ps = ValidatePolygon({{P(-10, 170), P(-10, -170), P(10, -170), P(10, 170)},
                        {{P(-1, -179), P(-1, -175), P(1, -175), P(1, -179)}}});
  EXPECT_TRUE(ps.empty()) << Dump(ps);
  // A polar cap.
  Ring cap;
  for (int lng = -180; lng < 180; lng += 30) cap.push_back(P(80, lng));
  ps = ValidatePolygon({cap, {}});
  EXPECT_TRUE(ps.empty()) << Dump(ps);
}

TEST(ValidateTest, SelfIntersectionIsLocated) {
  // A bow tie: edges (0,0)-(2,2) and (2,0)-(0,2) cross at (1,1).
  auto ps = ValidatePolygon({{P(0, 0), P(2, 2), P(2, 0), P(0, 2)}, {}});
  ASSERT_EQ(ps.size(), 1u) << Dump(ps);
  EXPECT_NE(ps[0].message.find("self-intersects at 1.0000 N 1.0000 E"),
            std::string::npos)
      << ps[0].message;
  EXPECT_EQ(ps[0].ring, 0);
  EXPECT_TRUE(ps[0].vertex == 0 || ps[0].vertex == 2) << ps[0].vertex;
  ASSERT_TRUE(ps[0].at.has_value());
  EXPECT_NEAR(ps[0].at->lat_deg, 1, 1e-9);
  EXPECT_NEAR(ps[0].at->lng_deg, 1, 1e-9);
  EXPECT_FALSE(ps[0].hint.empty());
}

TEST(ValidateTest, SelfIntersectionAcrossAntimeridian) {
  // A bow tie whose crossing is at 180: reported at 180 (as -180), S/W.
  auto ps =
      ValidatePolygon({{P(-1, 179), P(1, -179), P(-1, -179), P(1, 179)}, {}});
  ASSERT_EQ(ps.size(), 1u) << Dump(ps);
  ASSERT_TRUE(ps[0].at.has_value());
  EXPECT_NEAR(ps[0].at->lat_deg, 0, 1e-9);
  EXPECT_NEAR(std::abs(ps[0].at->lng_deg), 180, 1e-9);
  EXPECT_NE(ps[0].message.find("self-intersects"), std::string::npos);
}

TEST(ValidateTest, TooFewAndDuplicatePoints) {
  auto ps = ValidatePolygon({{P(0, 0), P(1, 1)}, {}});
  ASSERT_EQ(ps.size(), 1u) << Dump(ps);
  EXPECT_EQ(ps[0].ring, 0);
  EXPECT_EQ(ps[0].vertex, -1);
  EXPECT_NE(ps[0].message.find("2 distinct points"), std::string::npos);

  ps = ValidatePolygon({{P(0, 0), P(0, 1), P(0, 1), P(1, 1)}, {}});
  ASSERT_EQ(ps.size(), 1u) << Dump(ps);
  EXPECT_EQ(ps[0].vertex, 2);
  EXPECT_NE(ps[0].message.find("repeats"), std::string::npos);

  // Repeats that leave too few distinct points: both reported.
  ps = ValidatePolygon({{P(0, 0), P(0, 0), P(1, 1)}, {}});
  EXPECT_EQ(ps.size(), 2u) << Dump(ps);
}

TEST(ValidateTest, LatitudeOutOfRange) {
  auto ps = ValidatePolygon({{P(0, 0), P(95, 10), P(10, 10)}, {}});
  ASSERT_EQ(ps.size(), 1u) << Dump(ps);
  EXPECT_EQ(ps[0].ring, 0);
  EXPECT_EQ(ps[0].vertex, 1);
  EXPECT_NE(ps[0].message.find("latitude 95"), std::string::npos);
  ps = ValidatePolygon(
      {{P(0, 0), P(5, 10), P(10, 10)}, {{P(1, 1), P(-91, 2), P(2, 2)}}});
  ASSERT_EQ(ps.size(), 1u) << Dump(ps);
  EXPECT_EQ(ps[0].ring, 1);
  EXPECT_EQ(ps[0].vertex, 1);
}

TEST(ValidateTest, HolesOutsideAndOverlapping) {
  Ring outer = {P(0, 0), P(0, 10), P(10, 10), P(10, 0)};
  Ring inside = {P(4, 4), P(4, 6), P(6, 6), P(6, 4)};
  Ring outside = {P(20, 20), P(20, 21), P(21, 21), P(21, 20)};
  auto ps = ValidatePolygon({outer, {inside, outside}});
  ASSERT_EQ(ps.size(), 1u) << Dump(ps);
  EXPECT_EQ(ps[0].ring, 2);
  EXPECT_NE(ps[0].message.find("hole 2 lies outside the outer ring"),
            std::string::npos)
      << ps[0].message;
  // A hole crossing the outer ring.
  Ring crossing = {P(8, 8), P(8, 12), P(9, 12), P(9, 8)};
  ps = ValidatePolygon({outer, {crossing}});
  ASSERT_EQ(ps.size(), 1u) << Dump(ps);
  ASSERT_TRUE(ps[0].at.has_value());
  EXPECT_NEAR(ps[0].at->lng_deg, 10, 1e-9);
  // Two holes overlapping each other.
  Ring other = {P(5, 5), P(5, 7), P(7, 7), P(7, 5)};
  ps = ValidatePolygon({outer, {inside, other}});
  ASSERT_EQ(ps.size(), 1u) << Dump(ps);
  EXPECT_GE(ps[0].ring, 1);
}

TEST(ValidateTest, MultiPolygonIndicesAndOverlap) {
  Polygon a{{P(0, 0), P(0, 10), P(10, 10), P(10, 0)}, {}};
  Polygon bowtie{{P(20, 20), P(22, 22), P(22, 20), P(20, 22)}, {}};
  auto ps = ValidateMultiPolygon({{a, bowtie}});
  ASSERT_EQ(ps.size(), 1u) << Dump(ps);
  EXPECT_EQ(ps[0].polygon, 1);
  Polygon b{{P(5, 5), P(5, 15), P(15, 15), P(15, 5)}, {}};
  ps = ValidateMultiPolygon({{a, b}});
  ASSERT_EQ(ps.size(), 1u) << Dump(ps);
  EXPECT_NE(ps[0].message.find("overlaps"), std::string::npos) << ps[0].message;
  EXPECT_TRUE(ValidateMultiPolygon({{a}}).empty());
  EXPECT_EQ(ValidateMultiPolygon({}).size(), 1u);
}

TEST(ValidateTest, CrossesAntimeridian) {
  EXPECT_TRUE(CrossesAntimeridian({P(0, 179), P(1, -179), P(1, 179)}));
  EXPECT_TRUE(CrossesAntimeridian({P(0, 180), P(1, 170), P(1, 175)}));
  EXPECT_FALSE(CrossesAntimeridian({P(0, 0), P(1, 10), P(1, 170)}));
}

TEST(ValidateTest, RealBoundaries) {
  TRUCE_TESTDATA_OR_SKIP(
      path, "boundaries/world-atlas/ne_10m_ukraine_and_neighbours.geojson");
  auto russia = testing::LoadGeoJson(path, "name", "Russia");
  ASSERT_TRUE(russia.has_value());
  // Natural Earth 1:10m has three genuine defects in Russia, all in the
  // Arctic, checked by hand in the data: polygon 110 backtracks through
  // (136.9687697, 75.6066043) at vertices 3 and 5, polygon 4 (Wrangel
  // Island) repeats vertex 33 at 35, and the mainland ring's edges
  // 20661-20662 and 20663-20664 cross near 125.2104 E 73.6153 N. Nothing
  // else is reported: in particular not the edges along the antimeridian.
  auto ps = ValidateMultiPolygon(*russia);
  ASSERT_EQ(ps.size(), 3u) << Dump(ps);
  std::vector<int> polygons;
  for (const auto& p : ps) {
    EXPECT_NE(p.message.find("self-intersects"), std::string::npos);
    polygons.push_back(p.polygon);
  }
  EXPECT_EQ(polygons, (std::vector<int>{0, 4, 110})) << Dump(ps);
  EXPECT_NEAR(ps[0].at->lat_deg, 73.6153, 1e-4);
  EXPECT_NEAR(ps[0].at->lng_deg, 125.2104, 1e-4);
  EXPECT_NEAR(ps[0].vertex, 20662, 1);
  bool crosses = false;
  for (const Polygon& p : russia->polygons) {
    crosses = crosses || CrossesAntimeridian(p.outer);
  }
  EXPECT_TRUE(crosses);
}

TEST(ValidateTest, UkraineBoundaries) {
  TRUCE_TESTDATA_OR_SKIP(adm1,
                         "boundaries/geoboundaries-ukr-adm1/"
                         "geoBoundaries-UKR-ADM1.geojson");
  TRUCE_TESTDATA_OR_SKIP(stanford,
                         "boundaries/stanford_ukraine_boundary_2015.geojson");
  // Both are clean: the 27 units and the 63-polygon national boundary.
  auto units = testing::LoadGeoJsonFeatures(adm1);
  ASSERT_EQ(units.size(), 27u);
  for (const MultiPolygon& unit : units) {
    auto ps = ValidateMultiPolygon(unit);
    EXPECT_TRUE(ps.empty()) << Dump(ps);
  }
  auto national = testing::LoadGeoJson(stanford);
  ASSERT_TRUE(national.has_value());
  EXPECT_GT(national->polygons.size(), 50u);
  auto ps = ValidateMultiPolygon(*national);
  EXPECT_TRUE(ps.empty()) << Dump(ps);
}

}  // namespace
}  // namespace truce::geo
