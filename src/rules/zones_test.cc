#include "rules/zones.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <random>

#include "agreement/loader.h"
#include "geo/geodesic.h"

namespace truce::rules {
namespace {

// A band zone answers exactly as the exact geodesic distance decides, before
// and after CompiledZones switches to the BandIndex (after a few thousand
// queries): 20,000 points around the example's 30 km no-fly band, many of
// them within metres of its edge.
TEST(CompiledZonesTest, BandZoneIsExactBeforeAndAfterTheIndex) {
  const char* root = std::getenv("TRUCE_SOURCE_DIR");
  auto a = agreement::LoadAgreement((std::filesystem::path(root ? root : ".") /
                                     "examples" / "ceasefire-2025" /
                                     "agreement.yaml")
                                        .string());
  ASSERT_TRUE(a.has_value());
  CompiledZones zones(*a);
  int zone = zones.ZoneIndex("no-fly-band");
  ASSERT_GE(zone, 0);
  const auto& z = zones.zone(zone);
  const auto& line = a->FindLine(z.band.line)->points;
  geo::LineIndex exact(line);
  std::mt19937_64 rng(11);
  std::uniform_int_distribution<size_t> vertex(0, line.size() - 2);
  std::uniform_real_distribution<double> unit(0, 1);
  int inside = 0;
  for (int i = 0; i < 20'000; ++i) {
    size_t v = vertex(rng);
    auto seg = geo::Inverse(line[v], line[v + 1]);
    geo::LatLng on =
        geo::Direct(line[v], seg.azimuth1_deg, unit(rng) * seg.distance_m);
    // Half the points within 5 m of the band's edge, half anywhere to 60 km.
    double d = i % 2 ? z.band.distance_m + (unit(rng) - 0.5) * 10
                     : unit(rng) * 2 * z.band.distance_m;
    geo::LatLng p =
        geo::Direct(on, seg.azimuth1_deg + (unit(rng) < 0.5 ? 90 : -90), d);
    bool want = exact.WithinM(p, z.band.distance_m);
    ASSERT_EQ(zones.Contains(zone, p, 1000), want) << "point " << i;
    inside += want;
  }
  EXPECT_GT(inside, 5'000);  // both answers were exercised
  EXPECT_LT(inside, 15'000);
}

}  // namespace
}  // namespace truce::rules
