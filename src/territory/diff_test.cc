#include "territory/diff.h"

#include <gtest/gtest.h>

#include <cmath>

#include "base/testing/testdata.h"
#include "geo/contains.h"
#include "geo/measure.h"
#include "territory/control_map.h"
#include "territory/dissolve.h"
#include "territory/regions.h"

namespace truce::territory {
namespace {

geo::LatLng P(double lon, double lat) {
  return geo::LatLng(geo::Latitude{lat}, geo::Longitude{lon});
}

double Km2(const geo::Polygon& p) {
  return geo::MeasurePolygon(p).area_m2 / 1e6;
}

// A lon/lat box centred on (lon, lat) whose geodesic area is area_km2 to
// better than 1e-9 km2 (bisection on its half-width; aspect 1:1 in degrees).
geo::Polygon BoxOfArea(double lon, double lat, double area_km2) {
  auto box = [&](double h) {
    return geo::Polygon{{P(lon - h, lat - h), P(lon + h, lat - h),
                         P(lon + h, lat + h), P(lon - h, lat + h)},
                        {}};
  };
  double lo = 0, hi = 0.1;
  for (int i = 0; i < 200 && hi - lo > 1e-15; ++i) {
    double mid = (lo + hi) / 2;
    (Km2(box(mid)) < area_km2 ? lo : hi) = mid;
  }
  return box((lo + hi) / 2);
}

// Adds `hole` to the polygon of `map` (any feature of `party`) containing it.
bool Punch(ControlMap& map, const std::string& party,
           const geo::Polygon& hole) {
  geo::LatLng c = P((hole.outer[0].lng_deg + hole.outer[2].lng_deg) / 2,
                    (hole.outer[0].lat_deg + hole.outer[2].lat_deg) / 2);
  for (ControlFeature& f : map.features) {
    if (f.party != party) continue;
    for (geo::Polygon& p : f.area.polygons) {
      geo::MultiPolygon one{{p}};
      bool all = geo::Contains(one, c);
      for (const geo::LatLng& v : hole.outer)
        all = all && geo::Contains(one, v);
      if (all) {
        p.holes.push_back(hole.outer);
        return true;
      }
    }
  }
  return false;
}

TEST(DiffTest, SubSquareKilometreChangesAreReportedExactly) {
  TRUCE_TESTDATA_OR_SKIP(dir, "territory/nzz/data/2024-06-01.json");
  auto mapping =
      LoadMapping(testing::SourceRoot() / "examples/territory/nzz.yaml");
  ASSERT_TRUE(mapping) << mapping.error().ToString();
  auto before_map = LoadControlMap(dir, *mapping);
  ASSERT_TRUE(before_map) << before_map.error().ToString();
  // Inside occupied territory on that day: north of Mariupol and near
  // Melitopol.
  geo::Polygon bite = BoxOfArea(37.50, 47.50, 0.5);
  geo::Polygon moved = BoxOfArea(35.37, 46.85, 1.0);
  ASSERT_NEAR(Km2(bite), 0.5, 1e-9);
  ASSERT_NEAR(Km2(moved), 1.0, 1e-9);
  ControlMap after_map = *before_map;
  after_map.file = "after";
  ASSERT_TRUE(Punch(after_map, "RU", bite));
  ASSERT_TRUE(Punch(after_map, "RU", moved));
  ControlFeature ua;
  ua.index = 99;
  ua.party = "UA";
  ua.area.polygons.push_back(moved);
  after_map.features.push_back(ua);

  auto before = Dissolve(*before_map);
  auto after = Dissolve(after_map);
  ASSERT_TRUE(before) << before.error().ToString();
  ASSERT_TRUE(after) << after.error().ToString();
  auto d = DiffTerritories(*before, *after, 0.0);
  ASSERT_TRUE(d) << d.error().ToString();

  // Exactly three pieces, nothing else, even with no minimum size.
  ASSERT_EQ(d->pieces.size(), 3u);
  EXPECT_EQ(d->pieces[0].party, "RU");
  EXPECT_EQ(d->pieces[0].change, Change::kLost);
  EXPECT_NEAR(d->pieces[0].area_km2, 1.0, 1e-6);
  EXPECT_EQ(d->pieces[1].party, "UA");
  EXPECT_EQ(d->pieces[1].change, Change::kGained);
  EXPECT_NEAR(d->pieces[1].area_km2, 1.0, 1e-6);
  EXPECT_EQ(d->pieces[2].party, "RU");
  EXPECT_EQ(d->pieces[2].change, Change::kLost);
  EXPECT_NEAR(d->pieces[2].area_km2, 0.5, 1e-6);
  EXPECT_NEAR(d->pieces[2].centroid.lng_deg, 37.50, 1e-6);
  EXPECT_NEAR(d->pieces[2].centroid.lat_deg, 47.50, 1e-6);
  EXPECT_NEAR(d->pieces[0].centroid.lng_deg, 35.37, 1e-6);
  EXPECT_NEAR(d->pieces[0].west_deg, moved.outer[0].lng_deg, 1e-12);
  EXPECT_NEAR(d->pieces[0].north_deg, moved.outer[2].lat_deg, 1e-12);
  // geo states a conservative bound (perimeter x 5 cm); the pieces above
  // agree to 1e-6 km2 all the same.
  for (const ChangePiece& p : d->pieces) EXPECT_LT(p.area_error_km2, 1e-3);

  ASSERT_EQ(d->parties.size(), 2u);
  const PartyChange& ru = d->parties[0];
  EXPECT_EQ(ru.party, "RU");
  EXPECT_NEAR(ru.gained_km2, 0.0, 1e-12);
  EXPECT_NEAR(ru.lost_km2, 1.5, 1e-6);
  EXPECT_NEAR(ru.net_km2, -1.5, 1e-6);
  EXPECT_NEAR(ru.before_km2 - ru.after_km2, 1.5, 1e-6);
  EXPECT_EQ(ru.pieces_below_min, 0);
  const PartyChange& uap = d->parties[1];
  EXPECT_EQ(uap.party, "UA");
  EXPECT_NEAR(uap.gained_km2, 1.0, 1e-6);
  EXPECT_NEAR(uap.lost_km2, 0.0, 1e-12);
  EXPECT_NEAR(uap.before_km2, 0.0, 1e-12);

  // With a 0.75 km2 threshold the 0.5 km2 bite is not listed but counted.
  auto big = DiffTerritories(*before, *after, 0.75);
  ASSERT_TRUE(big);
  EXPECT_EQ(big->pieces.size(), 2u);
  EXPECT_EQ(big->parties[0].pieces_below_min, 1);
  EXPECT_NEAR(big->parties[0].below_min_km2, 0.5, 1e-6);
  EXPECT_NEAR(big->parties[0].lost_km2, 1.5, 1e-6);
}

TEST(DiffTest, IdenticalMapsHaveNoChange) {
  TRUCE_TESTDATA_OR_SKIP(
      f, "territory/deepstate/data/deepstatemap_data_20241001.geojson");
  auto mapping =
      LoadMapping(testing::SourceRoot() / "examples/territory/deepstate.yaml");
  ASSERT_TRUE(mapping);
  auto m = LoadControlMap(f, *mapping);
  ASSERT_TRUE(m) << m.error().ToString();
  EXPECT_EQ(m->date, "2024-10-01");
  auto t = Dissolve(*m);
  ASSERT_TRUE(t) << t.error().ToString();
  auto d = DiffTerritories(*t, *t);
  ASSERT_TRUE(d);
  EXPECT_TRUE(d->pieces.empty());
  EXPECT_EQ(d->parties.at(0).gained_km2, 0);
  EXPECT_EQ(d->parties.at(0).lost_km2, 0);
}

TEST(DiffTest, ConsecutiveDeepStateDaysBalance) {
  TRUCE_TESTDATA_OR_SKIP(dir, "territory/deepstate/data");
  auto mapping =
      LoadMapping(testing::SourceRoot() / "examples/territory/deepstate.yaml");
  ASSERT_TRUE(mapping);
  auto a = LoadControlMap(dir / "deepstatemap_data_20241001.geojson", *mapping);
  auto b = LoadControlMap(dir / "deepstatemap_data_20241002.geojson", *mapping);
  ASSERT_TRUE(a && b);
  auto ta = Dissolve(*a);
  auto tb = Dissolve(*b);
  ASSERT_TRUE(ta && tb);
  auto d = DiffTerritories(*ta, *tb, 0.01);
  ASSERT_TRUE(d) << d.error().ToString();
  ASSERT_EQ(d->parties.size(), 1u);
  const PartyChange& ru = d->parties[0];
  // after - before == gained - lost, up to the stated error bounds.
  double bound = ta->parties[0].area_error_km2 + tb->parties[0].area_error_km2;
  EXPECT_NEAR(ru.after_km2 - ru.before_km2, ru.net_km2, bound + 1e-6);
  EXPECT_GT(ru.gained_km2 + ru.lost_km2, 0.0) << "the front moved that day";
  double listed = 0;
  for (const ChangePiece& p : d->pieces) {
    listed += p.area_km2;
    EXPECT_GE(p.area_km2, 0.01);
    EXPECT_LE(p.west_deg, p.centroid.lng_deg + 1e-9);
    EXPECT_GE(p.east_deg, p.centroid.lng_deg - 1e-9);
  }
  EXPECT_NEAR(listed + ru.below_min_km2, ru.gained_km2 + ru.lost_km2, 1e-6);
  for (std::size_t i = 1; i < d->pieces.size(); ++i) {
    EXPECT_GE(d->pieces[i - 1].area_km2, d->pieces[i].area_km2);
  }
}

TEST(DiffTest, PiecesAcrossTheAntimeridianHaveRfc7946Boxes) {
  ControlMap empty;
  empty.file = "empty";
  ControlMap after;
  after.file = "after";
  ControlFeature f;
  f.party = "A";
  f.area.polygons.push_back(
      {{P(178, 60), P(-178, 60), P(-178, 61), P(178, 61)}, {}});
  after.features.push_back(f);
  auto tb = Dissolve(empty);
  auto ta = Dissolve(after);
  ASSERT_TRUE(tb && ta);
  auto d = DiffTerritories(*tb, *ta);
  ASSERT_TRUE(d) << d.error().ToString();
  ASSERT_EQ(d->pieces.size(), 1u);
  const ChangePiece& p = d->pieces[0];
  EXPECT_EQ(p.change, Change::kGained);
  EXPECT_DOUBLE_EQ(p.west_deg, 178);
  EXPECT_DOUBLE_EQ(p.east_deg, -178);
  EXPECT_NEAR(std::abs(p.centroid.lng_deg), 180, 1e-9);
  EXPECT_NEAR(p.area_km2, Km2(f.area.polygons[0]), 1e-9 * p.area_km2);
}

// Area in km2 of the zone of the WGS84 ellipsoid between the equator and
// latitude lat_deg (closed form: pi a^2 (1 - e^2) [sin / (1 - e^2 sin^2) +
// atanh(e sin) / e]); a cap north of a parallel is Zone(90) - Zone(lat).
double Zone(double lat_deg) {
  const double a = 6378137.0, f = 1 / 298.257223563;
  const double e2 = f * (2 - f), e = std::sqrt(e2);
  const double s = std::sin(lat_deg * M_PI / 180);
  return M_PI * a * a * (1 - e2) *
         (s / (1 - e2 * s * s) + std::atanh(e * s) / e) / 1e6;
}

// A ring along a parallel, all the way round (it encloses the pole).
geo::Polygon Cap(double lat) {
  geo::Ring r;
  for (int lon = -180; lon < 180; lon += 30) r.push_back(P(lon, lat));
  return geo::Polygon{r, {}};
}

ControlMap MapWith(const std::string& file, const geo::Polygon& p) {
  ControlMap m;
  m.file = file;
  ControlFeature f;
  f.party = "A";
  f.area.polygons.push_back(p);
  m.features.push_back(f);
  return m;
}

TEST(DiffTest, PoleContainingTerritoriesGiveTheZoneBetweenParallels) {
  // Before: everything north of 80N; after: north of 81N. Edges along a
  // parallel are parallels (RFC 7946), so the loss is exactly the zone
  // between 80N and 81N, one ring-shaped piece around the pole.
  auto tb = Dissolve(MapWith("before", Cap(80)));
  auto ta = Dissolve(MapWith("after", Cap(81)));
  ASSERT_TRUE(tb && ta);
  EXPECT_NEAR(tb->parties[0].area_km2, Zone(90) - Zone(80),
              tb->parties[0].area_error_km2);
  auto d = DiffTerritories(*tb, *ta);
  ASSERT_TRUE(d) << d.error().ToString();
  ASSERT_EQ(d->parties.size(), 1u);
  const PartyChange& c = d->parties[0];
  double want = Zone(81) - Zone(80);  // ~ 683,000 km2
  double bound = tb->parties[0].area_error_km2 + ta->parties[0].area_error_km2;
  EXPECT_NEAR(c.lost_km2, want, bound);
  EXPECT_EQ(c.gained_km2, 0);
  ASSERT_EQ(d->pieces.size(), 1u);
  EXPECT_EQ(d->pieces[0].change, Change::kLost);
  EXPECT_NEAR(d->pieces[0].area_km2, want, bound);
  EXPECT_GE(d->pieces[0].inside.lat_deg, 80);
  EXPECT_LE(d->pieces[0].inside.lat_deg, 81);
}

TEST(DiffTest, EmptyAndPointOnlyMapsDiffToEverythingGainedOrLost) {
  auto mapping = DefaultMapping();
  auto points = ParseControlMap(
      R"({"type":"FeatureCollection","features":[{"type":"Feature",
          "properties":{},"geometry":{"type":"MultiPoint",
          "coordinates":[[37.5,48.2],[37.6,48.3]]}}]})",
      mapping, "points.geojson");
  ASSERT_TRUE(points) << points.error().ToString();
  ControlMap empty;
  empty.file = "empty";
  // 1 x 0.5 degree box at 48N: its area by the same closed form, since its
  // north and south edges are parallels and east and west ones meridians.
  geo::Polygon box{{P(37, 48), P(38, 48), P(38, 48.5), P(37, 48.5)}, {}};
  double box_km2 = (Zone(48.5) - Zone(48)) / 360;
  auto tp = Dissolve(*points);
  auto te = Dissolve(empty);
  auto tm = Dissolve(MapWith("map", box));
  ASSERT_TRUE(tp && te && tm);
  EXPECT_TRUE(tp->parties.empty());
  // geo's bound on the measure of the box (densified parallels).
  const double bound = tm->parties[0].area_error_km2;
  EXPECT_NEAR(tm->parties[0].area_km2, box_km2, bound);
  for (const Territory* nothing : {&*tp, &*te}) {
    auto gained = DiffTerritories(*nothing, *tm);
    auto lost = DiffTerritories(*tm, *nothing);
    ASSERT_TRUE(gained && lost);
    ASSERT_EQ(gained->parties.size(), 1u);
    EXPECT_EQ(gained->parties[0].before_km2, 0);
    EXPECT_NEAR(gained->parties[0].gained_km2, box_km2, bound);
    EXPECT_NEAR(lost->parties[0].lost_km2, box_km2, bound);
    EXPECT_EQ(gained->parties[0].lost_km2, 0);
    EXPECT_EQ(lost->parties[0].gained_km2, 0);
    ASSERT_EQ(gained->pieces.size(), 1u);
    EXPECT_EQ(lost->pieces.size(), 1u);
    EXPECT_DOUBLE_EQ(gained->pieces[0].west_deg, 37);
    EXPECT_DOUBLE_EQ(gained->pieces[0].north_deg, 48.5);
    // Nothing against nothing: no parties, no pieces, no error.
    auto none = DiffTerritories(*nothing, *te);
    ASSERT_TRUE(none);
    EXPECT_TRUE(none->parties.empty());
    EXPECT_TRUE(none->pieces.empty());
  }
}

TEST(RegionsTest, FindsTheOblastOfAPoint) {
  TRUCE_TESTDATA_OR_SKIP(dir, "boundaries/geoboundaries-ukr-adm1");
  auto idx = RegionIndex::Load(dir);
  ASSERT_TRUE(idx) << idx.error().ToString();
  EXPECT_EQ(idx->size(), 27u);
  EXPECT_EQ(idx->RegionOf(P(37.80, 48.00)), "Donetsk Oblast");
  EXPECT_EQ(idx->RegionOf(P(35.37, 46.85)), "Zaporizhia Oblast");
  EXPECT_EQ(idx->RegionOf(P(2.35, 48.85)), "");  // Paris
  auto none = RegionIndex::Load("/nonexistent");
  ASSERT_FALSE(none);
}

}  // namespace
}  // namespace truce::territory
