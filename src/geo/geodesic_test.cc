#include "geo/geodesic.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <sstream>

#include "geo/test_util.h"

namespace truce::geo {
namespace {

LatLng P(double lat, double lng) {
  return LatLng(Latitude{lat}, Longitude{lng});
}

// GeodSolve -i is the oracle: 500 random pairs, short and long, including
// near-antipodal and polar ones.
TEST(GeodesicTest, InverseAgreesWithGeodSolve) {
  std::mt19937_64 rng(20251129);
  std::uniform_real_distribution<double> lat(-90, 90), lng(-180, 180),
      small(-0.5, 0.5);
  std::vector<std::pair<LatLng, LatLng>> pairs;
  for (int i = 0; i < 500; ++i) {
    LatLng a = P(lat(rng), lng(rng));
    LatLng b = (i % 3 == 0) ? P(std::clamp(a.lat_deg + small(rng), -90.0, 90.0),
                                a.lng_deg + small(rng))
               : (i % 3 == 1) ? P(-a.lat_deg + small(rng) * 0.01,
                                  a.lng_deg + 180 + small(rng) * 0.01)
                              : P(lat(rng), lng(rng));
    pairs.emplace_back(a, b);
  }
  std::ostringstream in;
  in.precision(17);
  for (auto& [a, b] : pairs) {
    in << a.lat_deg << " " << a.lng_deg << " " << b.lat_deg << " " << b.lng_deg
       << "\n";
  }
  auto out = testing::RunTool("GeodSolve -i -p 12", in.str());
  ASSERT_TRUE(out.has_value()) << "GeodSolve not runnable";
  ASSERT_EQ(out->size(), pairs.size());
  for (size_t i = 0; i < pairs.size(); ++i) {
    std::istringstream line((*out)[i]);
    double azi1, azi2, s12;
    line >> azi1 >> azi2 >> s12;
    GeodesicInverse inv = Inverse(pairs[i].first, pairs[i].second);
    EXPECT_NEAR(inv.distance_m, s12, 1e-9 * s12 + kGeodesicDistanceError_m)
        << (*out)[i];
    EXPECT_DOUBLE_EQ(GeodesicDistanceM(pairs[i].first, pairs[i].second),
                     inv.distance_m);
    if (s12 > 1 && s12 < 19e6) {  // azimuths are ill-conditioned otherwise
      EXPECT_NEAR(std::remainder(inv.azimuth1_deg - azi1, 360.0), 0, 1e-9);
      EXPECT_NEAR(std::remainder(inv.azimuth2_deg - azi2, 360.0), 0, 1e-9);
    }
  }
}

TEST(GeodesicTest, DirectInvertsInverse) {
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> lat(-89, 89), lng(-180, 180),
      az(-180, 180), dist(1, 5e6);
  for (int i = 0; i < 200; ++i) {
    LatLng a = P(lat(rng), lng(rng));
    double d = dist(rng), azi = az(rng);
    LatLng b = Direct(a, azi, d);
    GeodesicInverse inv = Inverse(a, b);
    EXPECT_NEAR(inv.distance_m, d, 1e-9 * d);
    EXPECT_NEAR(std::remainder(inv.azimuth1_deg - azi, 360.0), 0, 1e-9);
  }
}

TEST(GeodesicTest, KnownValues) {
  // One degree of the equator: a * pi / 180.
  EXPECT_NEAR(GeodesicDistanceM(P(0, 0), P(0, 1)), kWgs84A_m * M_PI / 180,
              1e-6);
  // Across the antimeridian, the short way.
  EXPECT_NEAR(GeodesicDistanceM(P(0, 179.5), P(0, -179.5)),
              kWgs84A_m * M_PI / 180, 1e-6);
  // Quarter meridian of WGS84: 10,001,965.729 m.
  EXPECT_NEAR(GeodesicDistanceM(P(0, 0), P(90, 0)), 10001965.729, 1e-3);
}

}  // namespace
}  // namespace truce::geo
