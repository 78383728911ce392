#include "territory/dissolve.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

#include "geo/measure.h"

namespace truce::territory {
namespace {

geo::LatLng P(double lon, double lat) {
  return geo::LatLng(geo::Latitude{lat}, geo::Longitude{lon});
}

geo::Polygon Box(double w, double s, double e, double n) {
  return geo::Polygon{{P(w, s), P(e, s), P(e, n), P(w, n)}, {}};
}

ControlFeature Feature(int index, std::string party, geo::Polygon p) {
  ControlFeature f;
  f.index = index;
  f.party = std::move(party);
  f.area.polygons.push_back(std::move(p));
  return f;
}

ControlMap MapOf(std::vector<ControlFeature> features) {
  ControlMap m;
  m.file = "test";
  m.features = std::move(features);
  return m;
}

double Km2(const geo::Polygon& p) {
  return geo::MeasurePolygon(p).area_m2 / 1e6;
}

// |area| in m2 of a ring with geodesic edges, from GeographicLib's own tool.
double PlanimeterArea_m2(const geo::Polyline& ring) {
  char path[] = "/tmp/truce_planimeter_XXXXXX";
  int fd = mkstemp(path);
  EXPECT_GE(fd, 0);
  {
    std::ofstream out(path);
    out.precision(17);
    for (const geo::LatLng& p : ring)
      out << p.lat_deg << " " << p.lng_deg << "\n";
  }
  std::string cmd = std::string("/usr/bin/Planimeter -p 12 < ") + path;
  FILE* pipe = popen(cmd.c_str(), "r");
  EXPECT_NE(pipe, nullptr);
  double n = 0, perimeter = 0, area = 0;
  int got = pipe ? std::fscanf(pipe, "%lf %lf %lf", &n, &perimeter, &area) : 0;
  if (pipe) pclose(pipe);
  std::remove(path);
  close(fd);
  EXPECT_EQ(got, 3);
  return std::abs(area);
}

TEST(DissolveTest, UnionOfOverlappingFeaturesAgreesWithPlanimeter) {
  if (!std::filesystem::exists("/usr/bin/Planimeter")) {
    GTEST_SKIP() << "GeographicLib's Planimeter is not installed";
  }
  // Two overlapping boxes whose union is an L-shaped hexagon.
  ControlMap m = MapOf({Feature(0, "A", Box(30, 48, 31, 48.5)),
                        Feature(1, "A", Box(30, 48, 30.4, 49))});
  auto t = Dissolve(m);
  ASSERT_TRUE(t) << t.error().ToString();
  ASSERT_EQ(t->parties.size(), 1u);
  EXPECT_EQ(t->parties[0].features, 2);
  ASSERT_EQ(t->parties[0].area.polygons.size(), 1u);
  const geo::Polygon& got = t->parties[0].area.polygons[0];
  EXPECT_TRUE(got.holes.empty());
  // The union is the L-shaped hexagon; GEOS keeps the two points where the
  // boxes' edges met (collinear, on the hexagon's edges).
  geo::Ring hexagon = {P(30, 48),     P(31, 48),   P(31, 48.5),
                       P(30.4, 48.5), P(30.4, 49), P(30, 49)};
  for (const geo::LatLng& corner : hexagon) {
    EXPECT_NE(std::find(got.outer.begin(), got.outer.end(), corner),
              got.outer.end())
        << corner.lng_deg << " " << corner.lat_deg;
  }
  EXPECT_EQ(got.outer.size(), 8u);
  // Same rings: the union's ring, densified as MeasureMultiPolygon does it,
  // measured by Planimeter.
  double want_m2 = PlanimeterArea_m2(geo::Densify(got.outer, true));
  double got_m2 = t->parties[0].area_km2 * 1e6;
  EXPECT_NEAR(got_m2, want_m2, 1e-9 * want_m2);
  // And the hexagon written independently agrees within the stated bound.
  double error_m2 = t->parties[0].area_error_km2 * 1e6;
  EXPECT_NEAR(got_m2, geo::MeasurePolygon({hexagon, {}}).area_m2, error_m2);
  EXPECT_LE(error_m2, 1e-5 * want_m2);
  EXPECT_EQ(t->repair.features_repaired, 0);
}

TEST(DissolveTest, SelfIntersectionIsRepairedAndReported) {
  // A figure-eight: the two lobes are triangles of equal size.
  geo::Polygon bowtie{{P(30, 48), P(31, 49), P(31, 48), P(30, 49)}, {}};
  ControlMap m = MapOf({Feature(7, "A", bowtie)});
  auto t = Dissolve(m);
  ASSERT_TRUE(t) << t.error().ToString();
  EXPECT_EQ(t->repair.features_checked, 1);
  EXPECT_EQ(t->repair.features_repaired, 1);
  ASSERT_EQ(t->repair.repaired_features, std::vector<int>{7});
  ASSERT_EQ(t->parties.size(), 1u);
  EXPECT_EQ(t->parties[0].area.polygons.size(), 2u);
  double lobes = Km2({{P(30, 48), P(30.5, 48.5), P(30, 49)}, {}}) +
                 Km2({{P(31, 48), P(31, 49), P(30.5, 48.5)}, {}});
  EXPECT_NEAR(t->parties[0].area_km2, lobes, 1e-6 * lobes);
  // As written, the lobes cancel (opposite orientation): the repair moved
  // about their whole area.
  EXPECT_GT(t->repair.area_moved_km2, 0.5 * lobes);
}

TEST(DissolveTest, HoleOutsideShellAndSliverAreRepaired) {
  geo::Polygon stray = Box(30, 48, 31, 49);
  stray.holes.push_back({P(32, 48), P(32.1, 48), P(32.1, 48.1)});
  // A zero-width spike on a box: collapses away.
  geo::Polygon spike{{P(33, 48), P(34, 48), P(34, 49), P(33.5, 49),
                      P(33.5, 49.5), P(33.5, 49), P(33, 49)},
                     {}};
  ControlMap m = MapOf({Feature(0, "A", stray), Feature(1, "B", spike)});
  auto t = Dissolve(m);
  ASSERT_TRUE(t) << t.error().ToString();
  EXPECT_EQ(t->repair.features_repaired, 2);
  ASSERT_EQ(t->parties.size(), 2u);
  EXPECT_NEAR(t->parties[1].area_km2, Km2(Box(33, 48, 34, 49)), 1e-6);
  EXPECT_GT(t->parties[0].area_km2, 0);
}

TEST(DissolveTest, OverlappingMembersOfOneFeatureKeepTheirUnion) {
  // Invalid as one MultiPolygon; "structure" keeps the overlap (linework
  // would leave a hole there).
  ControlFeature f = Feature(3, "A", Box(30, 48, 31, 49));
  f.area.polygons.push_back(Box(30.5, 48, 31.5, 49));
  auto t = Dissolve(MapOf({f}));
  ASSERT_TRUE(t) << t.error().ToString();
  EXPECT_EQ(t->repair.features_repaired, 1);
  double want = Km2(Box(30, 48, 31.5, 49));
  EXPECT_NEAR(t->parties[0].area_km2, want, 1e-6 * want);
  ASSERT_EQ(t->parties[0].area.polygons.size(), 1u);
  EXPECT_TRUE(t->parties[0].area.polygons[0].holes.empty());
}

TEST(DissolveTest, DuplicatePointsAndOrientationNeedNoRepair) {
  geo::Polygon dup{
      {P(30, 48), P(30, 48), P(30, 49), P(31, 49), P(31, 49), P(31, 48)},
      {}};  // clockwise, with repeated points
  ControlMap m = MapOf({Feature(0, "A", dup)});
  auto t = Dissolve(m);
  ASSERT_TRUE(t) << t.error().ToString();
  EXPECT_EQ(t->repair.features_repaired, 0);
  EXPECT_NEAR(t->parties[0].area_km2, Km2(Box(30, 48, 31, 49)), 1e-6);
}

TEST(DissolveTest, DegenerateRingsAreDroppedAndReported) {
  geo::Polygon line{{P(30, 48), P(31, 48), P(30, 48)}, {}};
  ControlMap m =
      MapOf({Feature(0, "A", Box(30, 48, 31, 49)), Feature(1, "A", line)});
  auto t = Dissolve(m);
  ASSERT_TRUE(t) << t.error().ToString();
  EXPECT_EQ(t->repair.rings_dropped, 1);
  EXPECT_EQ(t->repair.features_repaired, 1);
  EXPECT_NEAR(t->parties[0].area_km2, Km2(Box(30, 48, 31, 49)), 1e-6);
}

TEST(DissolveTest, AntimeridianFeaturesMergeAndMeasureGeodesically) {
  // Two boxes written on either side of the antimeridian (one with
  // longitudes of mixed sign) that together make one box 178E..178W.
  geo::Polygon east{{P(178, 60), P(-179, 60), P(-179, 61), P(178, 61)}, {}};
  geo::Polygon west = Box(-180, 60, -178, 61);
  ControlMap m = MapOf({Feature(0, "A", east), Feature(1, "A", west)});
  auto t = Dissolve(m);
  ASSERT_TRUE(t) << t.error().ToString();
  EXPECT_EQ(t->repair.features_repaired, 0);
  ASSERT_EQ(t->parties[0].area.polygons.size(), 1u) << "one merged box";
  double want = Km2(Box(178, 60, 182, 61));
  EXPECT_NEAR(t->parties[0].area_km2, want, 1e-9 * want);
  EXPECT_GT(want, 18000);  // 4 degrees by 1 degree at 60N: ~ 24,000 km2
  EXPECT_LT(want, 30000);
}

TEST(DissolveTest, PolarCapIsMeasuredAsTheCap) {
  geo::Ring ring;
  for (int lon = -180; lon < 180; lon += 45) ring.push_back(P(lon, 85));
  geo::Polygon cap{ring, {}};
  ControlMap m = MapOf({Feature(0, "A", cap)});
  auto t = Dissolve(m);
  ASSERT_TRUE(t) << t.error().ToString();
  double want = Km2(cap);
  EXPECT_GT(want, 900000);  // the cap north of 85N is ~ 975,000 km2
  EXPECT_NEAR(t->parties[0].area_km2, want, 1e-6 * want);
}

}  // namespace
}  // namespace truce::territory
