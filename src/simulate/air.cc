// The air: airliners (SBS-1), the monitors' exempt aircraft along the line,
// military patrols orbiting far behind it, and the violation: a military
// aircraft that flies into the no-fly band, loiters and turns back
// (readsb snapshots, where the military flag can be carried).
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>

#include "geo/geodesic.h"
#include "simulate/route.h"
#include "simulate/world.h"

namespace truce::simulate::internal {
namespace {

constexpr double kKnot_m_s = 1852.0 / 3600;
constexpr int64_t kSnapshot_s = 20;  // readsb snapshot interval
constexpr int64_t kSbs_s = 15;       // airliner fix interval

struct City {
  double lat, lng;
};
constexpr City kCities[] = {
    {52.17, 20.97}, {41.26, 28.74}, {44.57, 26.08}, {50.34, 30.89},
    {46.93, 28.93}, {49.81, 23.96}, {46.43, 30.68}, {47.44, 19.26},
    {42.70, 23.41}, {45.79, 24.09}, {48.53, 22.30}, {50.08, 19.78},
};

geo::LatLng At(const City& c) {
  return geo::LatLng(geo::Latitude{c.lat}, geo::Longitude{c.lng});
}

// A point on a random edge of the line, and the edge's azimuth there.
std::pair<geo::LatLng, double> LinePoint(Rng& rng, const geo::Polyline& line) {
  size_t i =
      static_cast<size_t>(rng.Int(0, static_cast<int64_t>(line.size()) - 2));
  auto inv = geo::Inverse(line[i], line[i + 1]);
  double f = rng.Uniform(0.1, 0.9);
  return {geo::Direct(line[i], inv.azimuth1_deg, f * inv.distance_m),
          inv.azimuth1_deg};
}

int64_t SnapTime(int64_t t) {
  return (t + kSnapshot_s - 1) / kSnapshot_s * kSnapshot_s;
}

// A steady orbit of `radius_m` around `center`.
geo::LatLng Orbit(geo::LatLng center, double radius_m, double angle_deg) {
  return geo::Direct(center, angle_deg, radius_m);
}

}  // namespace

Result<void> SimulateAir(World& w) {
  Rng& rng = w.rng;
  // Airliners: great-circle legs between cities, civil (no category the
  // airspace rules list).
  constexpr uint32_t kCivilBlocks[] = {0x4B8000, 0x488000, 0x508000, 0x4A8000};
  for (int k = 0; k < w.options.aircraft; ++k) {
    size_t a = static_cast<size_t>(rng.Int(0, std::size(kCities) - 1));
    size_t b = static_cast<size_t>(rng.Int(0, std::size(kCities) - 2));
    if (b >= a) ++b;
    auto inv = geo::Inverse(At(kCities[a]), At(kCities[b]));
    double speed = rng.Uniform(420, 480) * kKnot_m_s;
    int64_t dur = static_cast<int64_t>(inv.distance_m / speed);
    int64_t t0 = w.TimeIn(w.start_s - dur / 2, w.end_s - dur / 2);
    uint32_t icao =
        kCivilBlocks[rng.Int(0, 3)] + static_cast<uint32_t>(rng.Int(0, 0x7FF));
    double alt = rng.Uniform(10'000, 11'500);
    std::string call = fmt::format("SIM{:04d}", k + 100);
    for (int64_t t = std::max(t0, w.start_s) / kSbs_s * kSbs_s + kSbs_s;
         t <= std::min(t0 + dur, w.end_s); t += kSbs_s) {
      geo::LatLng p = geo::Direct(At(kCities[a]), inv.azimuth1_deg,
                                  speed * static_cast<double>(t - t0));
      w.feeds.CivilAircraft({t, icao, w.feeds.Jitter(p), alt, speed / kKnot_m_s,
                             inv.azimuth1_deg, call});
    }
  }

  const agreement::Rule* rule = nullptr;
  for (const auto& r : w.agreement.rules) {
    if (r.kind == agreement::RuleKind::kAirspace &&
        std::find(r.categories.begin(), r.categories.end(), "military") !=
            r.categories.end()) {
      rule = &r;
      break;
    }
  }
  if (rule == nullptr) return {};
  int zone = w.zones.ZoneIndex(rule->zone);
  const agreement::Zone& z = w.zones.zone(zone);
  if (z.kind != agreement::Zone::Kind::kBand) return {};
  const agreement::Line* line = w.agreement.FindLine(z.band.line);
  if (line == nullptr || line->points.size() < 2) return {};
  double alt_m =
      z.altitude ? (z.altitude->min_m + z.altitude->max_m) / 2 : 6000;
  if (rule->altitude)
    alt_m = (rule->altitude->min_m + rule->altitude->max_m) / 2;
  alt_m = std::round(alt_m / 0.3048 / 25) * 25 * 0.3048;  // what readsb says
  const double band_m = z.band.distance_m;

  // The monitors' aircraft (exempt): along the line, inside the band.
  for (size_t k = 0; k < rule->exempt.icao24.size() && k < 2; ++k) {
    geo::Polyline offset;
    for (size_t i = 0; i + 1 < line->points.size(); ++i) {
      double az =
          geo::Inverse(line->points[i], line->points[i + 1]).azimuth1_deg;
      offset.push_back(geo::Direct(line->points[i], az + 90, band_m / 4));
    }
    Route r(offset);
    double speed = 150 * kKnot_m_s;
    int64_t dur =
        std::min<int64_t>(static_cast<int64_t>(r.length_m() / speed), 3 * 3600);
    int64_t t0 = SnapTime(w.TimeIn(w.start_s, w.end_s - dur));
    for (int64_t t = t0; t <= std::min(t0 + dur, w.end_s); t += kSnapshot_s) {
      double s = speed * static_cast<double>(t - t0);
      w.feeds.SnapshotAircraft(
          {t, rule->exempt.icao24[k], w.feeds.Jitter(r.At(s)), alt_m, 150,
           r.AzimuthAt(s), fmt::format("MON{}", k + 1)},
          false);
    }
  }

  // Military patrols: orbits far behind the line, well outside the band.
  for (int k = 0; k < 2; ++k) {
    for (int attempt = 0; attempt < 50; ++attempt) {
      auto [p, az] = LinePoint(rng, line->points);
      double side = rng.Chance(0.5) ? 90 : -90;
      geo::LatLng center = geo::Direct(p, az + side, band_m + 120'000);
      const double radius = 25'000;
      bool clear = true;
      for (int a = 0; a < 360 && clear; a += 10) {
        clear =
            OutsideWithMargin(w.zones, zone, Orbit(center, radius, a), 30'000);
      }
      if (!clear) continue;
      uint32_t icao = (k == 0 ? 0x508F00 : 0x15F000) +
                      static_cast<uint32_t>(rng.Int(0, 0xFF));
      double speed = 330 * kKnot_m_s;
      int64_t dur = std::min<int64_t>(2 * 3600, w.end_s - w.start_s);
      int64_t t0 = SnapTime(w.TimeIn(w.start_s, w.end_s - dur));
      for (int64_t t = t0; t <= t0 + dur; t += kSnapshot_s) {
        double angle = speed * static_cast<double>(t - t0) / radius * 180 /
                       std::numbers::pi;
        w.feeds.SnapshotAircraft(
            {t, icao, w.feeds.Jitter(Orbit(center, radius, angle)), alt_m, 330,
             angle + 90, fmt::format("PAT{}", k + 1)},
            true);
      }
      break;
    }
  }

  // The violation: in from 120 km, ten minutes' loiter 8 km from the line,
  // and back out.
  if (w.end_s - w.start_s < 2 * 3600) return {};
  for (int attempt = 0; attempt < 50; ++attempt) {
    auto [p, az] = LinePoint(rng, line->points);
    double side = rng.Chance(0.5) ? 90 : -90;
    geo::LatLng far = geo::Direct(p, az + side, band_m + 90'000);
    geo::LatLng near = geo::Direct(p, az + side, 8'000);
    if (!OutsideWithMargin(w.zones, zone, far, 30'000) ||
        !InsideWithMargin(w.zones, zone, near, band_m / 3)) {
      continue;
    }
    uint32_t icao = 0x150000 + static_cast<uint32_t>(rng.Int(0, 0xEFF));
    double speed = 300 * kKnot_m_s;
    auto leg = geo::Inverse(far, near);
    int64_t leg_s = static_cast<int64_t>(leg.distance_m / speed);
    const int64_t loiter_s = 10 * 60;
    const double loiter_radius = 3000;
    int64_t t0 = SnapTime(w.TimeIn(w.start_s + 10 * 60,
                                   w.end_s - 2 * leg_s - loiter_s - 10 * 60));
    int64_t first = 0, last = 0;
    geo::LatLng at;
    for (int64_t t = t0; t <= t0 + 2 * leg_s + loiter_s; t += kSnapshot_s) {
      int64_t dt = t - t0;
      geo::LatLng q;
      double track;
      if (dt < leg_s) {
        q = geo::Direct(far, leg.azimuth1_deg, speed * static_cast<double>(dt));
        track = leg.azimuth1_deg;
      } else if (dt < leg_s + loiter_s) {
        double angle = speed * static_cast<double>(dt - leg_s) / loiter_radius *
                       180 / std::numbers::pi;
        q = Orbit(near, loiter_radius, angle);
        track = angle + 90;
      } else {
        q = geo::Direct(near, leg.azimuth1_deg + 180,
                        speed * static_cast<double>(dt - leg_s - loiter_s));
        track = leg.azimuth1_deg + 180;
      }
      q = w.feeds.Jitter(q);
      w.feeds.SnapshotAircraft(
          {t, icao, q, alt_m, 300, std::fmod(track + 360, 360), "RAID1"}, true);
      if (w.zones.Contains(zone, q, alt_m)) {
        if (first == 0) first = t;
        last = t;
        at = q;
      }
    }
    w.Plant(*rule, "airspace", fmt::format("icao:{:06x}", icao), "", first,
            last, at);
    break;
  }
  return {};
}

}  // namespace truce::simulate::internal
