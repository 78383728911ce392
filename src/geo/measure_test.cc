#include "geo/measure.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <sstream>

#include "base/testing/testdata.h"
#include "geo/densify_internal.h"
#include "geo/geodesic.h"
#include "geo/test_util.h"

namespace truce::geo {
namespace {

LatLng P(double lat, double lng) {
  return LatLng(Latitude{lat}, Longitude{lng});
}

// Area of the lon/lat rectangle [lat1, lat2] x dlng on WGS84, closed form:
// b^2 * dlng * [F(lat2) - F(lat1)], F(p) = sin p / (2 (1 - e^2 sin^2 p)) +
// atanh(e sin p) / (2 e). Its edges are meridians and parallels: exactly the
// RFC 7946 edges, so this is an oracle for MeasurePolygon independent of
// GeographicLib.
double LatLngRectangleArea(double lat1, double lat2, double dlng_deg) {
  const double e2 = kWgs84F * (2 - kWgs84F);
  const double e = std::sqrt(e2);
  const double b = kWgs84A_m * (1 - kWgs84F);
  auto F = [&](double lat_deg) {
    double s = std::sin(lat_deg * M_PI / 180);
    return s / (2 * (1 - e2 * s * s)) + std::atanh(e * s) / (2 * e);
  };
  return b * b * (dlng_deg * M_PI / 180) * (F(lat2) - F(lat1));
}

// A random star-shaped ring around `center` with radii up to radius_m.
Ring RandomRing(std::mt19937_64& rng, LatLng center, double radius_m, int n) {
  std::uniform_real_distribution<double> u(0, 1);
  std::vector<double> az(n);
  for (double& a : az) a = u(rng) * 360 - 180;
  std::sort(az.begin(), az.end());
  Ring ring;
  for (double a : az) {
    ring.push_back(Direct(center, a, radius_m * (0.3 + 0.7 * u(rng))));
  }
  return ring;
}

std::vector<Ring> RandomRings(uint64_t seed, int count, double min_radius_m,
                              double max_radius_m) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> lat(-89, 89), lng(-180, 180), u(0, 1);
  std::vector<Ring> rings;
  for (int i = 0; i < count; ++i) {
    LatLng c = P(lat(rng), lng(rng));
    if (i % 5 == 0) c = P(lat(rng), 179.9);  // across the antimeridian
    if (i % 7 == 0) c = P(88 * (i % 2 ? 1 : -1), lng(rng));  // near a pole
    double r = min_radius_m * std::pow(max_radius_m / min_radius_m, u(rng));
    rings.push_back(RandomRing(rng, c, r, 3 + static_cast<int>(u(rng) * 60)));
  }
  return rings;
}

std::string PlanimeterInput(const std::vector<Ring>& rings) {
  std::ostringstream in;
  in.precision(17);
  for (const Ring& r : rings) {
    for (const LatLng& p : r) in << p.lat_deg << " " << p.lng_deg << "\n";
    in << "\n";
  }
  return in.str();
}

struct ToolResult {
  double perimeter_m, area_m2;
};

std::vector<ToolResult> ParsePlanimeter(const std::vector<std::string>& out) {
  std::vector<ToolResult> r;
  for (const std::string& line : out) {
    std::istringstream s(line);
    int n;
    ToolResult t{0, 0};
    s >> n >> t.perimeter_m >> t.area_m2;
    r.push_back(t);
  }
  return r;
}

TEST(MeasureTest, GeodesicRingAreaAgreesWithPlanimeter) {
  std::vector<Ring> rings = RandomRings(42, 300, 10, 3e6);
  auto out = testing::RunTool("Planimeter -p 12", PlanimeterInput(rings));
  ASSERT_TRUE(out.has_value()) << "Planimeter not runnable";
  auto want = ParsePlanimeter(*out);
  ASSERT_EQ(want.size(), rings.size());
  for (size_t i = 0; i < rings.size(); ++i) {
    AreaMeasure m = GeodesicRingArea(rings[i]);
    double area = std::abs(want[i].area_m2);
    // Planimeter prints areas to 1e-5 m^2 at most (-p 10 and above).
    EXPECT_NEAR(m.area_m2, area, 1e-9 * area + 1e-5) << "ring " << i;
    EXPECT_NEAR(m.perimeter_m, want[i].perimeter_m, 1e-9 * want[i].perimeter_m)
        << "ring " << i;
    // The stated bound covers the (tiny) disagreement.
    EXPECT_LE(std::abs(m.area_m2 - area), m.area_error_m2 + 1e-5);
  }
}

TEST(MeasureTest, GeodesicLineLengthAgreesWithPlanimeter) {
  std::vector<Ring> lines = RandomRings(43, 100, 1e3, 5e6);
  auto out = testing::RunTool("Planimeter -l -p 12", PlanimeterInput(lines));
  ASSERT_TRUE(out.has_value());
  auto want = ParsePlanimeter(*out);
  ASSERT_EQ(want.size(), lines.size());
  for (size_t i = 0; i < lines.size(); ++i) {
    LengthMeasure m = GeodesicLineLength(lines[i]);
    EXPECT_NEAR(m.length_m, want[i].perimeter_m, 1e-9 * want[i].perimeter_m);
  }
}

TEST(MeasureTest, OrientationDoesNotMatter) {
  Ring ring = {P(10, 10), P(10, 11), P(11, 11), P(11, 10)};
  Ring reversed(ring.rbegin(), ring.rend());
  EXPECT_DOUBLE_EQ(GeodesicRingArea(ring).area_m2,
                   GeodesicRingArea(reversed).area_m2);
  EXPECT_NEAR(MeasurePolygon({ring, {}}).area_m2,
              MeasurePolygon({reversed, {}}).area_m2, 1e-3);
}

// RFC 7946 edges: a lon/lat rectangle's edges are parallels, not geodesics.
TEST(MeasureTest, LatLngRectangleMatchesClosedForm) {
  struct Case {
    double lat1, lat2, lng1, lng2;
  } cases[] = {{45, 50, 30, 40},
               {-60, -10, -170, 170},
               {0, 1, 0, 1},
               {60, 70, 170, -170},
               {-5, 5, 100, 130}};
  for (const Case& c : cases) {
    double dlng = c.lng2 - c.lng1;
    if (dlng < -180) dlng += 360;
    if (dlng > 180) dlng -= 360;
    Ring ring = {P(c.lat1, c.lng1), P(c.lat1, c.lng2), P(c.lat2, c.lng2),
                 P(c.lat2, c.lng1)};
    double want = std::abs(LatLngRectangleArea(c.lat1, c.lat2, dlng));
    AreaMeasure m = MeasurePolygon({ring, {}});
    EXPECT_NEAR(m.area_m2, want, m.area_error_m2)
        << c.lat1 << " " << c.lat2 << " " << c.lng1 << " " << c.lng2;
    // The bound is meaningful: far below the geodesic-edge answer's error.
    EXPECT_LT(m.area_error_m2, 2e-6 * want);
    // Parallels are not geodesics: far from the equator the geodesic-edge
    // area is wrong by much more than the stated bound.
    if (std::min(std::abs(c.lat1), std::abs(c.lat2)) >= 40) {
      EXPECT_GT(std::abs(GeodesicRingArea(ring).area_m2 - want),
                100 * m.area_error_m2);
    }
  }
}

// A ring along the parallel 80 N with lon/lat edges encloses the polar cap.
TEST(MeasureTest, PolarCapAroundNorthAndSouthPole) {
  for (double lat : {80.0, -75.0}) {
    Ring ring;
    for (int lng = -180; lng < 180; lng += 30) ring.push_back(P(lat, lng));
    double pole = lat > 0 ? 90 : -90;
    double want = std::abs(LatLngRectangleArea(lat, pole, 360));
    AreaMeasure m = MeasurePolygon({ring, {}});
    EXPECT_NEAR(m.area_m2, want, m.area_error_m2) << lat;
    EXPECT_LT(m.area_error_m2, 1e-6 * want);
    Ring reversed(ring.rbegin(), ring.rend());
    EXPECT_NEAR(MeasurePolygon({reversed, {}}).area_m2, want, m.area_error_m2);
    // Perimeter: the parallel's length, 2 pi N cos(lat).
    const double e2 = kWgs84F * (2 - kWgs84F);
    double s = std::sin(lat * M_PI / 180);
    double parallel = 2 * M_PI * kWgs84A_m * std::cos(lat * M_PI / 180) /
                      std::sqrt(1 - e2 * s * s);
    EXPECT_NEAR(m.perimeter_m, parallel, m.perimeter_error_m + 1e-6);
  }
}

TEST(MeasureTest, DensifiedSubEdgesLieWithinTolerance) {
  // Independent check: sample each sub-edge's geodesic and find the nearest
  // point of the lon/lat line by golden-section search.
  std::mt19937_64 rng(5);
  std::uniform_real_distribution<double> lat(-70, 70), lng(-180, 180), d(-8, 8);
  const double tol = 0.05;
  for (int i = 0; i < 6; ++i) {
    LatLng a = P(lat(rng), lng(rng));
    LatLng b =
        P(std::clamp(a.lat_deg + d(rng), -89.0, 89.0), a.lng_deg + d(rng));
    Polyline dense = Densify(std::vector<LatLng>{a, b}, false, tol);
    ASSERT_GT(dense.size(), 10u);
    double dlng = b.lng_deg - a.lng_deg;
    auto line = [&](double t) {
      return P(a.lat_deg + t * (b.lat_deg - a.lat_deg), a.lng_deg + t * dlng);
    };
    for (size_t k = 0; k + 1 < dense.size(); k += dense.size() / 7) {
      GeodesicInverse inv = Inverse(dense[k], dense[k + 1]);
      for (double f : {0.25, 0.5, 0.75}) {
        LatLng g = Direct(dense[k], inv.azimuth1_deg, f * inv.distance_m);
        double lo = 0, hi = 1;
        const double phi = (std::sqrt(5.0) - 1) / 2;
        for (int it = 0; it < 80; ++it) {
          double m1 = hi - phi * (hi - lo), m2 = lo + phi * (hi - lo);
          if (GeodesicDistanceM(g, line(m1)) < GeodesicDistanceM(g, line(m2)))
            hi = m2;
          else
            lo = m1;
        }
        EXPECT_LE(GeodesicDistanceM(g, line((lo + hi) / 2)), tol * 1.01);
      }
    }
  }
}

TEST(MeasureTest, DensificationConverges) {
  std::vector<Ring> rings = RandomRings(99, 40, 5e4, 1.5e6);
  for (const Ring& r : rings) {
    AreaMeasure coarse = MeasurePolygon({r, {}});
    AreaMeasure fine = GeodesicRingArea(Densify(r, true, 0.005));
    EXPECT_EQ(coarse.area_m2, GeodesicRingArea(Densify(r, true)).area_m2);
    EXPECT_LE(std::abs(coarse.area_m2 - fine.area_m2), coarse.area_error_m2);
    EXPECT_LE(std::abs(coarse.perimeter_m - fine.perimeter_m),
              coarse.perimeter_error_m);
  }
}

TEST(MeasureTest, ShortEdgesNeedNoDensification) {
  // Away from the poles, edges of a few hundred metres deviate from their
  // geodesic by far less than kDensifyTolerance_m (L^2 tan(lat) / 8R).
  std::mt19937_64 rng(77);
  std::uniform_real_distribution<double> lat(-60, 60), lng(-180, 180),
      radius(100, 400);
  for (int i = 0; i < 50; ++i) {
    Ring r = RandomRing(rng, P(lat(rng), i % 4 ? lng(rng) : 180.0), radius(rng),
                        4 + i);
    EXPECT_EQ(Densify(r, true).size(), r.size());
    AreaMeasure a = MeasurePolygon({r, {}});
    AreaMeasure b = GeodesicRingArea(r);
    EXPECT_NEAR(a.area_m2, b.area_m2, 1e-9 * b.area_m2);
    EXPECT_NEAR(a.perimeter_m, b.perimeter_m, 1e-9 * b.perimeter_m);
  }
}

// The largest distance of the RFC 7946 edge a->b from the geodesic a->b,
// measured: 31 points of the lon/lat line, each projected on the geodesic by
// golden-section search over points of the geodesic (independent of the
// cross-track estimate the densifier uses).
double MeasuredDeviationM(LatLng a, LatLng b) {
  GeodesicInverse inv = Inverse(a, b);
  double dlng = std::remainder(b.lng_deg - a.lng_deg, 360.0);
  const double phi = (std::sqrt(5.0) - 1) / 2;
  double worst = 0;
  for (int i = 1; i < 32; ++i) {
    double t = i / 32.0;
    LatLng p = P(a.lat_deg + t * (b.lat_deg - a.lat_deg), a.lng_deg + t * dlng);
    auto dist = [&](double s) {
      return GeodesicDistanceM(p, Direct(a, inv.azimuth1_deg, s));
    };
    double lo = 0, hi = inv.distance_m;
    double m1 = hi - phi * (hi - lo), m2 = lo + phi * (hi - lo);
    double d1 = dist(m1), d2 = dist(m2);
    for (int it = 0; it < 50; ++it) {
      if (d1 < d2) {
        hi = m2, m2 = m1, d2 = d1;
        m1 = hi - phi * (hi - lo), d1 = dist(m1);
      } else {
        lo = m1, m1 = m2, d1 = d2;
        m2 = lo + phi * (hi - lo), d2 = dist(m2);
      }
    }
    worst = std::max(worst, std::min(d1, d2));
  }
  return worst;
}

TEST(MeasureTest, EdgeShortcutAgreesWithExactDensification) {
  // Random edges from a metre to 300 km (log-uniform), any direction, at
  // latitudes up to 89.995: the closed-form bound must be above the measured
  // deviation wherever it is claimed, and where it lets an edge through
  // whole, the exact densification must keep it whole too (so the output,
  // and every area, is unchanged by the shortcut).
  std::mt19937_64 rng(2026);
  std::uniform_real_distribution<double> u(0, 1);
  const double tol = kDensifyTolerance_m;
  int claimed = 0, shortcut = 0;
  for (int i = 0; i < 2000; ++i) {
    double lat = (u(rng) * 2 - 1) * (i % 10 == 0 ? 89.995 : 80.0);
    if (i % 10 == 1) lat = (lat < 0 ? -1 : 1) * (85 + 4.99 * u(rng));
    LatLng a = P(lat, u(rng) * 360 - 180);
    if (i % 13 == 0) a = P(lat, 179.9995);        // across the antimeridian
    double len_m = std::pow(10.0, u(rng) * 5.5);  // 1 m .. 316 km
    LatLng b = Direct(a, u(rng) * 360 - 180, len_m);
    if (std::abs(b.lat_deg) > 89.999) continue;
    // The RFC 7946 edge from a to b (the short way in longitude).
    double bound = internal::EdgeDeviationBoundM(a, b);
    if (std::isfinite(bound)) {
      ++claimed;
      double measured = MeasuredDeviationM(a, b);
      // 1 mm of slack for the golden-section search's own resolution.
      EXPECT_LE(measured, bound + 1e-3)
          << "edge " << i << " from " << a.lat_deg << "," << a.lng_deg << " to "
          << b.lat_deg << "," << b.lng_deg;
    }
    std::vector<LatLng> fast, exact;
    internal::DensifyEdge(a, b, tol, &fast);
    internal::DensifyEdgeExact(a, b, tol, &exact);
    if (bound <= tol) {
      ++shortcut;
      EXPECT_TRUE(fast.empty());
      EXPECT_TRUE(exact.empty())
          << "the exact path splits edge " << i << " (" << exact.size()
          << " points) that the bound " << bound << " m lets through";
    } else {
      ASSERT_EQ(fast.size(), exact.size());
      for (size_t k = 0; k < fast.size(); ++k) {
        EXPECT_EQ(fast[k].lat_deg, exact[k].lat_deg);
        EXPECT_EQ(fast[k].lng_deg, exact[k].lng_deg);
      }
    }
  }
  // Both branches were exercised, on many edges.
  EXPECT_GT(claimed, 700);
  EXPECT_GT(shortcut, 300);
  EXPECT_LT(shortcut, claimed);
}

TEST(MeasureTest, EdgeDeviationBoundIsTightEnoughToMatter) {
  // A parallel is the worst direction's neighbour: at 48 N, a 1 km edge along
  // it deviates from its geodesic by about L^2 tan(lat) / (8 N) = 0.022 m
  // (hand computation: N(48) = a / sqrt(1 - e^2 sin^2 48) = 6.38996e6 m,
  // 1e6 * 1.11061 / (8 * 6.38996e6) = 0.02173); the bound must cover
  // that, by less than the stated constants (1.25 * 1.0887 * (1 + 2 e^2) *
  // N / M_min <= 1.40), so that such edges skip the geodesic work.
  LatLng a = P(48, 30);
  LatLng b =
      P(48, 30 + 1000 / 74627.0);  // 1 km: a degree is N cos(48) pi / 180
  double measured = MeasuredDeviationM(a, b);
  double bound = internal::EdgeDeviationBoundM(a, b);
  EXPECT_NEAR(measured, 0.0217, 0.001);
  EXPECT_GE(bound, measured);
  EXPECT_LE(bound, 1.45 * measured);
  EXPECT_LE(bound, kDensifyTolerance_m);
}

TEST(MeasureTest, DensifyNormalisesAndCrossesAntimeridianShortWay) {
  Polyline d = Densify(std::vector<LatLng>{P(60, 179), P(60, -179)}, false);
  ASSERT_GE(d.size(), 3u);
  for (const LatLng& p : d) {
    EXPECT_GE(p.lng_deg, -180);
    EXPECT_LT(p.lng_deg, 180);
    EXPECT_TRUE(p.lng_deg >= 179 || p.lng_deg <= -179) << p.lng_deg;
  }
  // A line of 2 degrees of longitude at 60 N, not 358.
  LengthMeasure len = MeasureLine(std::vector<LatLng>{P(60, 179), P(60, -179)});
  EXPECT_NEAR(len.length_m, 111694.9 * 2 * 0.5, 2e3);  // ~111.7 km
}

double SumArea(const MultiPolygon& m) { return MeasureMultiPolygon(m).area_m2; }

// Natural Earth's Russia crosses the antimeridian (Chukotka).
TEST(MeasureTest, NaturalEarthRussia) {
  TRUCE_TESTDATA_OR_SKIP(
      path, "boundaries/world-atlas/ne_10m_ukraine_and_neighbours.geojson");
  auto russia = testing::LoadGeoJson(path, "name", "Russia");
  ASSERT_TRUE(russia.has_value());
  ASSERT_GT(russia->polygons.size(), 100u);
  AreaMeasure m = MeasureMultiPolygon(*russia);
  // Published 17,098,246 km^2, to which this edition adds Crimea (about
  // 27,000 km^2): 17,125,246 km^2. Natural Earth at 1:10m generalises the
  // Arctic coastline and omits thousands of small islands, so it comes out
  // about 0.9% smaller (16.98 M km^2); 1.5% brackets that while excluding
  // any gross error (a planar formula gives 10.5 M km^2).
  EXPECT_NEAR(m.area_m2, 17125246e6, 0.015 * 17125246e6);
  // Planimeter on the same rings: raw rings (geodesic edges) must agree with
  // GeodesicRingArea to 1e-9; the RFC 7946 measure differs from them only by
  // the edge model (Natural Earth's edges are short: < 1e-6 relative), and
  // equals Planimeter on the densified rings to 1e-9.
  std::vector<Ring> rings;
  for (const Polygon& p : russia->polygons) {
    ASSERT_TRUE(p.holes.empty());
    rings.push_back(p.outer);
  }
  std::vector<Ring> dense;
  for (const Ring& r : rings) dense.push_back(Densify(r, true));
  auto dense_out = testing::RunTool("Planimeter -p 12", PlanimeterInput(dense));
  ASSERT_TRUE(dense_out.has_value());
  double dense_total = 0;
  for (const ToolResult& t : ParsePlanimeter(*dense_out)) {
    dense_total += std::abs(t.area_m2);
  }
  EXPECT_NEAR(m.area_m2, dense_total, 1e-9 * dense_total);
  auto out = testing::RunTool("Planimeter -p 12", PlanimeterInput(rings));
  ASSERT_TRUE(out.has_value());
  auto want = ParsePlanimeter(*out);
  ASSERT_EQ(want.size(), rings.size());
  double planimeter = 0;
  size_t k = 0;
  for (const Polygon& p : russia->polygons) {
    double outer = std::abs(want[k].area_m2);
    EXPECT_NEAR(GeodesicRingArea(p.outer).area_m2, outer, 1e-9 * outer);
    planimeter += outer;
    ++k;
  }
  EXPECT_NEAR(m.area_m2, planimeter, 1e-6 * planimeter);
  RecordProperty("russia_km2", std::to_string(m.area_m2 / 1e6));
  std::printf("Russia: %.1f km2 (Planimeter %.1f km2, bound %.3f km2)\n",
              m.area_m2 / 1e6, planimeter / 1e6, m.area_error_m2 / 1e6);
}

// Ukraine: published 603,628 km^2 (including Crimea).
TEST(MeasureTest, UkraineBoundaries) {
  TRUCE_TESTDATA_OR_SKIP(adm1,
                         "boundaries/geoboundaries-ukr-adm1/"
                         "geoBoundaries-UKR-ADM1.geojson");
  TRUCE_TESTDATA_OR_SKIP(stanford,
                         "boundaries/stanford_ukraine_boundary_2015.geojson");
  auto units = testing::LoadGeoJsonFeatures(adm1);
  ASSERT_EQ(units.size(), 27u);
  double sum = 0;
  for (const MultiPolygon& u : units) sum += SumArea(u);
  auto national = testing::LoadGeoJson(stanford);
  ASSERT_TRUE(national.has_value());
  double whole = SumArea(*national);
  std::printf("Ukraine: adm1 sum %.1f km2, stanford %.1f km2\n", sum / 1e6,
              whole / 1e6);
  // The national boundary (land, including Crimea): within 0.5% of the
  // published 603,628 km^2 (boundary generalisation, Sea of Azov shoreline).
  EXPECT_NEAR(whole, 603628e6, 0.005 * 603628e6);
  // The admin-1 units' coastal oblasts include the 12-nautical-mile
  // territorial sea, so their sum exceeds the land area by up to the
  // coastline (2,782 km, CIA World Factbook) times 22.224 km = 61,828 km^2.
  EXPECT_GT(sum, 603628e6 * 0.995);
  EXPECT_LT(sum, 603628e6 + 2782 * 22.224e6);
  EXPECT_GT(sum, whole);
}

}  // namespace
}  // namespace truce::geo

namespace truce::geo {
namespace {

// Unvalidated input must not hang or crash: NaN, latitudes beyond 90,
// enormous longitudes, tiny tolerances.
TEST(MeasureTest, HostileInputTerminates) {
  const double nan = std::nan("");
  Ring ring = {P(0, 0), P(95, 10), P(nan, 3), P(10, 1e300), P(10, -1e300)};
  Polyline d = Densify(ring, true, 0);
  EXPECT_GE(d.size(), ring.size());
  (void)MeasurePolygon({ring, {ring}});
  (void)MeasureLine(ring);
  // Tolerances below 1e-7 m are raised to it: a 1 km edge at 60 N needs a
  // few hundred points, not billions.
  Polyline fine =
      Densify(std::vector<LatLng>{P(60, 10), P(60, 10.02)}, false, 1e-12);
  EXPECT_GT(fine.size(), 10u);
  EXPECT_LT(fine.size(), 5000u);
}

}  // namespace
}  // namespace truce::geo
