#include "geo/contains.h"

#include <gtest/gtest.h>

#include <random>
#include <thread>

#include "base/testing/testdata.h"
#include "geo/test_util.h"

namespace truce::geo {
namespace {

LatLng P(double lat, double lng) {
  return LatLng(Latitude{lat}, Longitude{lng});
}

MultiPolygon One(Ring outer, std::vector<Ring> holes = {}) {
  return MultiPolygon{{Polygon{std::move(outer), std::move(holes)}}};
}

// Both implementations must give `want` at p.
void ExpectBoth(const MultiPolygon& zone, LatLng p, bool want) {
  PreparedPolygon prepared(zone);
  EXPECT_EQ(Contains(zone, p), want) << p.lat_deg << " " << p.lng_deg;
  EXPECT_EQ(prepared.Contains(p), want) << p.lat_deg << " " << p.lng_deg;
}

TEST(ContainsTest, SquareWithHole) {
  MultiPolygon zone = One({P(0, 0), P(0, 10), P(10, 10), P(10, 0)},
                          {{P(4, 4), P(4, 6), P(6, 6), P(6, 4)}});
  ExpectBoth(zone, P(2, 2), true);
  ExpectBoth(zone, P(5, 5), false);  // in the hole
  ExpectBoth(zone, P(11, 5), false);
  ExpectBoth(zone, P(-1, 5), false);
  ExpectBoth(zone, P(5, -0.5), false);
  // Boundary counts as inside: vertices, edges, the hole's boundary.
  ExpectBoth(zone, P(0, 0), true);
  ExpectBoth(zone, P(10, 10), true);
  ExpectBoth(zone, P(0, 5), true);
  ExpectBoth(zone, P(10, 5), true);
  ExpectBoth(zone, P(5, 0), true);
  ExpectBoth(zone, P(5, 10), true);
  ExpectBoth(zone, P(4, 5), true);
  ExpectBoth(zone, P(6, 6), true);
  ExpectBoth(zone, P(5, 4), true);
}

TEST(ContainsTest, DiagonalEdgesAndOrientation) {
  Ring tri = {P(0, 0), P(10, 10), P(0, 20)};
  for (bool reversed : {false, true}) {
    Ring r = tri;
    if (reversed) std::reverse(r.begin(), r.end());
    MultiPolygon zone = One(r);
    ExpectBoth(zone, P(5, 10), true);
    ExpectBoth(zone, P(5, 5), true);  // on the edge (0,0)-(10,10)
    ExpectBoth(zone, P(2.5, 2.5), true);
    ExpectBoth(zone, P(5, 4.9), false);
    ExpectBoth(zone, P(10, 10), true);
    ExpectBoth(zone, P(10.0001, 10), false);
  }
}

TEST(ContainsTest, AntimeridianAndShortWayEdges) {
  // A box from 170 E to 170 W: 20 degrees wide, across the antimeridian.
  MultiPolygon zone = One({P(-10, 170), P(-10, -170), P(10, -170), P(10, 170)});
  ExpectBoth(zone, P(0, 180), true);
  ExpectBoth(zone, P(0, -180), true);
  ExpectBoth(zone, P(0, 175), true);
  ExpectBoth(zone, P(0, -175), true);
  ExpectBoth(zone, P(0, 540 - 5), true);  // 175 E written unnormalised
  ExpectBoth(zone, P(0, 0), false);       // not the long way round
  ExpectBoth(zone, P(0, 169), false);
  ExpectBoth(zone, P(0, -169), false);
  ExpectBoth(zone, P(10, 180), true);  // on the top edge, at 180
  ExpectBoth(zone, P(-10, -175), true);
  ExpectBoth(zone, P(5, -170), true);  // on the eastern edge
}

TEST(ContainsTest, VertexLongitudesInAnyRange) {
  // The same box as above, its vertices written beyond +-180 (and one far
  // beyond: its turns around the globe were once counted in an int).
  MultiPolygon zone =
      One({P(-10, 170 + 720), P(-10, -170 - 360), P(10, -170), P(10, 170)});
  ExpectBoth(zone, P(0, 180), true);
  ExpectBoth(zone, P(0, 175), true);
  ExpectBoth(zone, P(0, 0), false);
  ExpectBoth(zone, P(0, -169), false);
  ExpectBoth(zone, P(-10, -175), true);
  MultiPolygon huge = One({P(0, 1e300), P(0, 10), P(10, -1e300), P(10, 0)});
  PreparedPolygon prepared(huge);
  for (LatLng p : {P(5, 5), P(5, 170), P(0, 0), P(-5, 5)}) {
    EXPECT_EQ(prepared.Contains(p), Contains(huge, p));
  }
}

TEST(ContainsTest, PolarCap) {
  Ring north;
  for (int lng = -180; lng < 180; lng += 45) north.push_back(P(80, lng));
  MultiPolygon zone = One(north);
  ExpectBoth(zone, P(85, 17), true);
  ExpectBoth(zone, P(90, 0), true);
  ExpectBoth(zone, P(79, 17), false);
  ExpectBoth(zone, P(80, 22.5), true);  // on a lon/lat edge: the parallel
  ExpectBoth(zone, P(-85, 17), false);
  Ring south;
  for (int lng = 180; lng > -180; lng -= 60) south.push_back(P(-70, lng));
  ExpectBoth(One(south), P(-80, 33), true);
  ExpectBoth(One(south), P(-60, 33), false);
}

TEST(ContainsTest, MultiPolygonAndDegenerate) {
  MultiPolygon zone{{Polygon{{P(0, 0), P(0, 1), P(1, 1), P(1, 0)}, {}},
                     Polygon{{P(5, 5), P(5, 6), P(6, 6), P(6, 5)}, {}}}};
  ExpectBoth(zone, P(0.5, 0.5), true);
  ExpectBoth(zone, P(5.5, 5.5), true);
  ExpectBoth(zone, P(3, 3), false);
  ExpectBoth(MultiPolygon{}, P(0, 0), false);
}

// Points sampled in and around each unit's bounding box, plus every vertex
// (on the boundary: inside) and many points very near edges.
void CompareOnRealPolygons(const std::filesystem::path& path,
                           int points_per_unit, int vertex_stride) {
  auto units = testing::LoadGeoJsonFeatures(path);
  ASSERT_EQ(units.size(), 27u);
  std::mt19937_64 rng(1234);
  std::uniform_real_distribution<double> u(0, 1);
  int disagreements = 0, inside = 0, total = 0;
  for (const MultiPolygon& unit : units) {
    PreparedPolygon prepared(unit);
    double lat0 = 90, lat1 = -90, lng0 = 180, lng1 = -180;
    for (const Polygon& p : unit.polygons) {
      for (const LatLng& v : p.outer) {
        lat0 = std::min(lat0, v.lat_deg);
        lat1 = std::max(lat1, v.lat_deg);
        lng0 = std::min(lng0, v.lng_deg);
        lng1 = std::max(lng1, v.lng_deg);
      }
    }
    double dlat = (lat1 - lat0) * 0.1, dlng = (lng1 - lng0) * 0.1;
    std::vector<LatLng> points;
    for (int i = 0; i < points_per_unit; ++i) {
      points.push_back(P(lat0 - dlat + u(rng) * (lat1 - lat0 + 2 * dlat),
                         lng0 - dlng + u(rng) * (lng1 - lng0 + 2 * dlng)));
    }
    size_t random_points = points.size();
    for (const Polygon& poly : unit.polygons) {
      const Ring& r = poly.outer;
      for (size_t i = 0; i < r.size(); i += vertex_stride) {
        EXPECT_TRUE(prepared.Contains(r[i]));
        points.push_back(r[i]);
        // Near the edge from r[i]: on and just off its midpoint.
        const LatLng& b = r[(i + 1) % r.size()];
        for (double off : {-1e-9, 0.0, 1e-12, 1e-9}) {
          points.push_back(P((r[i].lat_deg + b.lat_deg) / 2 + off,
                             (r[i].lng_deg + b.lng_deg) / 2 - off));
        }
      }
    }
    std::vector<bool> want = Contains(unit, points);
    for (size_t i = 0; i < points.size(); ++i) {
      if (i < random_points) {
        inside += want[i];
        ++total;
      }
      if (prepared.Contains(points[i]) != want[i]) ++disagreements;
    }
    EXPECT_TRUE(Contains(unit, unit.polygons[0].outer[0]));
  }
  EXPECT_EQ(disagreements, 0);
  // The sample is not degenerate: a good share inside and outside.
  EXPECT_GT(inside, total / 5);
  EXPECT_LT(inside, total * 9 / 10);
}

TEST(ContainsTest, PreparedEqualsReferenceOnUkraineAdm1Simplified) {
  TRUCE_TESTDATA_OR_SKIP(path,
                         "boundaries/geoboundaries-ukr-adm1/"
                         "geoBoundaries-UKR-ADM1_simplified.geojson");
  CompareOnRealPolygons(path, 1000000 / 27, 1);
}

TEST(ContainsTest, PreparedEqualsReferenceOnUkraineAdm1Full) {
  TRUCE_TESTDATA_OR_SKIP(path,
                         "boundaries/geoboundaries-ukr-adm1/"
                         "geoBoundaries-UKR-ADM1.geojson");
  CompareOnRealPolygons(path, 2000, 7);
}

TEST(ContainsTest, RussiaAcrossTheAntimeridian) {
  TRUCE_TESTDATA_OR_SKIP(
      path, "boundaries/world-atlas/ne_50m_ukraine_and_neighbours.geojson");
  auto russia = testing::LoadGeoJson(path, "name", "Russia");
  ASSERT_TRUE(russia.has_value());
  PreparedPolygon prepared(*russia);
  // Known places: Moscow, inland Chukotka (172 E and 170.5 W), not
  // Kyiv, not Nome (Alaska, 165.4 W), not the North Pole.
  EXPECT_TRUE(prepared.Contains(P(55.75, 37.62)));
  EXPECT_TRUE(prepared.Contains(P(67.0, 172.0)));
  EXPECT_TRUE(prepared.Contains(P(66.0, -170.5)));
  EXPECT_FALSE(prepared.Contains(P(50.45, 30.52)));
  EXPECT_FALSE(prepared.Contains(P(64.50, -165.41)));
  EXPECT_FALSE(prepared.Contains(P(90, 0)));
  std::mt19937_64 rng(99);
  std::uniform_real_distribution<double> lat(40, 82), lng(-180, 180);
  std::vector<LatLng> points;
  for (int i = 0; i < 200000; ++i) points.push_back(P(lat(rng), lng(rng)));
  for (double lat_deg = 60; lat_deg < 72; lat_deg += 0.01) {
    points.push_back(P(lat_deg, 180));  // along the antimeridian itself
    points.push_back(P(lat_deg, -180));
  }
  std::vector<bool> want = Contains(*russia, points);
  int disagreements = 0, inside = 0;
  for (size_t i = 0; i < points.size(); ++i) {
    inside += want[i];
    if (prepared.Contains(points[i]) != want[i]) ++disagreements;
  }
  EXPECT_EQ(disagreements, 0);
  EXPECT_GT(inside, 10000);
}

}  // namespace
}  // namespace truce::geo

namespace truce::geo {
namespace {

// One PreparedPolygon queried from several threads gives the answers it
// gives on one thread (run under ASan/UBSan in CI).
TEST(ContainsTest, ConcurrentQueries) {
  Ring ring;
  for (int i = 0; i < 360; i += 3) {
    double r = 5 + 2 * std::sin(i * 7 * M_PI / 180);
    ring.push_back(
        P(r * std::sin(i * M_PI / 180), r * std::cos(i * M_PI / 180)));
  }
  MultiPolygon zone = One(ring);
  PreparedPolygon prepared(zone);
  std::vector<LatLng> points;
  std::mt19937_64 rng(5);
  std::uniform_real_distribution<double> u(-8, 8);
  for (int i = 0; i < 20000; ++i) points.push_back(P(u(rng), u(rng)));
  std::vector<bool> want = Contains(zone, points);
  std::vector<int> mismatches(4, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (size_t i = t; i < points.size(); i += 2) {
        if (prepared.Contains(points[i]) != want[i]) ++mismatches[t];
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(mismatches, std::vector<int>(4, 0));
}

}  // namespace
}  // namespace truce::geo

namespace truce::geo {
namespace {

TEST(ContainsTest, HostileInput) {
  const double nan = std::nan("");
  MultiPolygon zone = One({P(0, 0), P(0, 10), P(10, 10), P(10, 0)});
  zone.polygons.push_back(Polygon{{P(nan, 1), P(2, 2), P(3, 1)}, {}});
  zone.polygons.push_back(
      Polygon{{P(1e300, 1), P(-1e300, 2), P(3, 1e300)}, {}});
  PreparedPolygon prepared(zone);
  ExpectBoth(zone, P(5, 5), true);
  ExpectBoth(zone, P(5, 5 + 3600), true);  // longitudes in any range
  ExpectBoth(zone, P(nan, 5), false);
  ExpectBoth(zone, P(5, std::numeric_limits<double>::infinity()), false);
  // A zigzag of long edges across its own box: memory stays bounded.
  Ring zigzag;
  for (int i = 0; i < 4000; ++i) {
    zigzag.push_back(P(i % 2 ? 10 : -10, -10 + 20.0 * i / 4000));
  }
  zigzag.push_back(P(-20, 10));
  zigzag.push_back(P(-20, -10));
  MultiPolygon zz = One(zigzag);
  PreparedPolygon p2(zz);
  std::mt19937_64 rng(2);
  std::uniform_real_distribution<double> u(-21, 11);
  std::vector<LatLng> pts;
  for (int i = 0; i < 2000; ++i) pts.push_back(P(u(rng), u(rng)));
  std::vector<bool> want = Contains(zz, pts);
  for (size_t i = 0; i < pts.size(); ++i)
    EXPECT_EQ(p2.Contains(pts[i]), want[i]);
}

}  // namespace
}  // namespace truce::geo
