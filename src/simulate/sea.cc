// The sea: merchant ships on the corridor of the agreement's maritime rule,
// notified escorts beside some of them, naval patrols far off, and the
// violations: a ship that goes dark, one that stops outside the permitted
// areas, one that leaves the corridor, and a warship that closes on a
// merchant ship (the roaming exclusion zone around corridor vessels).
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "geo/geodesic.h"
#include "observe/mid.h"
#include "simulate/route.h"
#include "simulate/world.h"

namespace truce::simulate::internal {
namespace {

constexpr double kKnot_m_s = 1852.0 / 3600;
constexpr double kRouteMargin_m = 3000;  // from the corridor's edges
constexpr int kShipTypeCargo = 70;
constexpr int kShipTypeMilitary = 35;
const double kNaN = std::numeric_limits<double>::quiet_NaN();

// Flag MIDs of merchant ships: Liberia, Marshall Is., Malta, Panama,
// Turkey, Ukraine, Greece.
constexpr uint32_t kMerchantMids[] = {636, 538, 248, 355, 271, 272, 240};

enum class Plan { kNormal, kDark, kStop, kLeave };

// A merchant ship: moves along the route at constant speed, except while
// stopped; silent during a gap; turns out of the corridor when leaving.
struct Ship {
  uint32_t mmsi = 0;
  Plan plan = Plan::kNormal;
  double s0_m = 0;  // route position at the start
  int dir = 1;      // +1 towards the route's end, -1 towards its start
  double speed_m_s = 0;
  int interval_s = 30;
  int64_t event_s = 0, event_end_s = 0;  // the plan's window
  double leave_azimuth = 0;
  // Derived during the run:
  bool gone = false;
};

struct Sea {
  World& w;
  const agreement::Rule& rule;
  int corridor;
  Route route;
  geo::LatLng exit;  // out of the corridor through the last gateway
  std::vector<Ship> ships;

  // The ship's true state at time t: position, speed (kn), course, whether
  // it transmits, whether it is anchored, and whether it still exists.
  struct State {
    geo::LatLng p;
    double speed_kn = 0, course = 0;
    double route_az = 0;  // the route's direction here, towards its end
    bool transmitting = true, anchored = false, exists = true;
  };

  State At(const Ship& s, int64_t t) const {
    State st;
    double dt = static_cast<double>(t - w.start_s);
    double stopped_s = 0;
    if (s.plan == Plan::kStop && t > s.event_s) {
      stopped_s = static_cast<double>(std::min(t, s.event_end_s) - s.event_s);
    }
    double travel = s.speed_m_s * (dt - stopped_s);
    double pos = s.s0_m + s.dir * travel;
    if (s.plan == Plan::kLeave && t >= s.event_s) {
      double along = s.s0_m + s.dir * s.speed_m_s * (s.event_s - w.start_s);
      geo::LatLng turn = route.At(along);
      double out_m = s.speed_m_s * static_cast<double>(t - s.event_s);
      st.p = geo::Direct(turn, s.leave_azimuth, out_m);
      st.speed_kn = s.speed_m_s / kKnot_m_s;
      st.course = s.leave_azimuth;
      st.exists = t <= s.event_end_s;
      return st;
    }
    st.speed_kn = s.speed_m_s / kKnot_m_s;
    st.course = s.dir > 0 ? route.AzimuthAt(pos) : route.AzimuthAt(pos) + 180;
    if (s.plan == Plan::kStop && t >= s.event_s && t < s.event_end_s) {
      st.speed_kn = 0;
    }
    if (s.plan == Plan::kDark && t > s.event_s && t < s.event_end_s) {
      st.transmitting = false;
    }
    if (pos <= 0) {  // at anchor in the first gateway
      st.p = route.At(0);
      st.speed_kn = 0;
      st.anchored = true;
      return st;
    }
    double L = route.length_m();
    if (pos >= L) {  // out through the last gateway, then out of range
      double beyond = pos - L;
      double leg = geo::GeodesicDistanceM(route.At(L), exit);
      auto inv = geo::Inverse(route.At(L), exit);
      st.p = geo::Direct(route.At(L), inv.azimuth1_deg, std::min(beyond, leg));
      st.course = inv.azimuth1_deg;
      st.exists = beyond <= leg + 5 * s.speed_m_s * s.interval_s;
      return st;
    }
    st.p = route.At(pos);
    st.route_az = route.AzimuthAt(pos);
    return st;
  }

  // Where a ship is on the route at time t if it keeps going (no plan).
  double RoutePos(const Ship& s, int64_t t) const {
    return s.s0_m + s.dir * s.speed_m_s * static_cast<double>(t - w.start_s);
  }
};

uint32_t Mmsi(Rng& rng, uint32_t mid) {
  return mid * 1'000'000 + static_cast<uint32_t>(rng.Int(100'000, 999'999));
}

std::string PartyOfMmsi(const World& w, uint32_t mmsi) {
  auto info = observe::ClassifyMmsi(mmsi);
  return info.flag ? w.PartyOfFlag(info.flag->iso2) : "";
}

std::string Key(uint32_t mmsi) { return fmt::format("mmsi:{:09d}", mmsi); }

}  // namespace

Result<void> SimulateSea(World& w) {
  const agreement::Rule* rule = nullptr;
  for (const auto& r : w.agreement.rules) {
    if (r.kind == agreement::RuleKind::kMaritime &&
        r.maritime.gateways.size() >= 2) {
      rule = &r;
      break;
    }
  }
  if (rule == nullptr || w.options.vessels == 0) return {};
  const auto& zones = w.zones;
  int corridor = zones.ZoneIndex(rule->zone);
  int from = zones.ZoneIndex(rule->maritime.gateways.front());
  int to = zones.ZoneIndex(rule->maritime.gateways.back());
  auto route = FindRoute(zones, corridor, from, to, kRouteMargin_m);
  if (!route) return std::unexpected(route.error());
  auto exit = FindExit(zones, corridor, to, route->points().back(), 1500);
  if (!exit) return std::unexpected(exit.error());
  Sea sea{w, *rule, corridor, *route, *exit, {}};
  const double L = route->length_m();
  const int64_t span = w.end_s - w.start_s;
  Rng& rng = w.rng;

  const auto& stops = rule->maritime.permitted_stops;
  const bool first_gateway_is_stop =
      std::find(stops.begin(), stops.end(), rule->maritime.gateways.front()) !=
      stops.end();
  // Merchant ships, with the violations given to the first few.
  for (int i = 0; i < w.options.vessels; ++i) {
    Ship s;
    s.mmsi = Mmsi(rng, kMerchantMids[rng.Int(0, std::size(kMerchantMids) - 1)]);
    s.dir = rng.Chance(0.5) ? 1 : -1;
    s.speed_m_s = rng.Uniform(9, 14) * kKnot_m_s;
    s.interval_s = static_cast<int>(rng.Int(20, 40));
    s.s0_m = rng.Uniform(0.05, 0.95) * L;
    // Ships that would anchor where stopping is not permitted head the other
    // way.
    if (!first_gateway_is_stop) s.dir = 1;
    sea.ships.push_back(s);
  }
  // Plans that need time: dark (gap 45-75 min), stop (2.5-3 h), leave.
  struct Want {
    Plan plan;
    int64_t need_s;
  };
  std::vector<Want> wants = {
      {Plan::kDark, 2 * 3600}, {Plan::kLeave, 3600}, {Plan::kStop, 4 * 3600}};
  size_t next_ship = 0;
  for (const auto& want : wants) {
    if (!rule->maritime.max_gap && want.plan == Plan::kDark) continue;
    if (!rule->maritime.max_stop && want.plan == Plan::kStop) continue;
    if (!rule->maritime.must_stay_inside && want.plan == Plan::kLeave) continue;
    if (span < want.need_s || next_ship >= sea.ships.size()) continue;
    Ship& s = sea.ships[next_ship++];
    s.plan = want.plan;
    int64_t len = 0;
    switch (want.plan) {
      case Plan::kDark:
        len = rng.Int(45 * 60, 75 * 60);
        break;
      case Plan::kStop:
        len = rng.Int(150 * 60, 180 * 60);
        break;
      default:
        len = 40 * 60;
        break;
    }
    s.event_s = w.TimeIn(w.start_s + 20 * 60, w.end_s - len - 20 * 60);
    s.event_end_s = s.event_s + len;
    // Keep the ship in the corridor's interior until well after its window.
    double travel =
        s.speed_m_s * static_cast<double>(s.event_end_s + 1800 - w.start_s);
    double lo = 60'000, hi = L - 60'000;
    s.dir = rng.Chance(0.5) ? 1 : -1;
    if (hi - lo < travel) {
      s.speed_m_s *= (hi - lo) / travel / 1.05;
      travel = (hi - lo) / 1.05;
    }
    double start_lo = s.dir > 0 ? lo : lo + travel;
    double start_hi = s.dir > 0 ? hi - travel : hi;
    s.s0_m = rng.Uniform(start_lo, std::max(start_lo, start_hi));
    if (want.plan == Plan::kLeave) {
      // Turn to the side whose way out is clear of every gateway.
      double along = sea.RoutePos(s, s.event_s);
      double az = route->AzimuthAt(along);
      s.plan = Plan::kNormal;  // unless a side is clear
      for (double side : {90.0, -90.0}) {
        geo::LatLng far = geo::Direct(route->At(along), az + side, 20'000);
        bool clear = OutsideWithMargin(zones, corridor, far, 3000);
        for (const auto& g : rule->maritime.gateways) {
          clear = clear && !zones.Contains(zones.ZoneIndex(g), far, kNaN);
        }
        if (clear) {
          s.leave_azimuth = az + side;
          s.plan = Plan::kLeave;
          break;
        }
      }
    }
  }

  // Static data, then positions, for every merchant ship.
  std::vector<std::vector<std::pair<int64_t, geo::LatLng>>> received(
      sea.ships.size());
  for (size_t i = 0; i < sea.ships.size(); ++i) {
    const Ship& s = sea.ships[i];
    w.feeds.VesselStatic(w.start_s, s.mmsi, kShipTypeCargo,
                         fmt::format("MV SIM {}", s.mmsi % 10000));
    int64_t phase = rng.Int(1, s.interval_s);
    for (int64_t t = w.start_s + phase; t <= w.end_s; t += s.interval_s) {
      auto st = sea.At(s, t);
      if (!st.exists) break;
      if (!st.transmitting) continue;
      if (t % 360 < s.interval_s && t > w.start_s + phase) {
        w.feeds.VesselStatic(t, s.mmsi, kShipTypeCargo,
                             fmt::format("MV SIM {}", s.mmsi % 10000));
      }
      VesselFix f{t,           s.mmsi,    w.feeds.Jitter(st.p),
                  st.speed_kn, st.course, st.anchored};
      if (w.feeds.VesselPosition(f)) received[i].push_back({t, f.position});
    }
  }

  // Truth of the merchant ships' plans, from what the receivers heard.
  for (size_t i = 0; i < sea.ships.size(); ++i) {
    const Ship& s = sea.ships[i];
    const auto& fixes = received[i];
    std::string party = PartyOfMmsi(w, s.mmsi);
    switch (s.plan) {
      case Plan::kDark: {
        int64_t before = 0, after = 0;
        geo::LatLng at;
        for (const auto& [t, p] : fixes) {
          if (t <= s.event_s) before = t, at = p;
          if (t >= s.event_end_s && after == 0) after = t;
        }
        w.Plant(*rule, "dark", Key(s.mmsi), party, before,
                after == 0 ? w.end_s : after, at);
        break;
      }
      case Plan::kStop: {
        int64_t first = 0, last = w.end_s;
        geo::LatLng at;
        for (const auto& [t, p] : fixes) {
          if (t >= s.event_s && t < s.event_end_s && first == 0)
            first = t, at = p;
          if (t >= s.event_end_s) {
            last = t;
            break;
          }
        }
        w.Plant(*rule, "stopped", Key(s.mmsi), party, first, last, at);
        break;
      }
      case Plan::kLeave: {
        for (const auto& [t, p] : fixes) {
          if (t >= s.event_s && !zones.Contains(corridor, p, kNaN)) {
            w.Plant(*rule, "left_corridor", Key(s.mmsi), party, t, t, p);
            break;
          }
        }
        break;
      }
      case Plan::kNormal:
        break;
    }
  }

  // The roaming exclusion zone around corridor vessels.
  const agreement::Rule* escort = nullptr;
  for (const auto& r : w.agreement.rules) {
    if (r.kind != agreement::RuleKind::kExclusion) continue;
    const auto& z = zones.zone(zones.ZoneIndex(r.zone));
    if (z.kind == agreement::Zone::Kind::kRoaming &&
        z.roaming.around_zone == rule->zone &&
        std::find(r.classes.begin(), r.classes.end(), "military_vessel") !=
            r.classes.end()) {
      escort = &r;
      break;
    }
  }
  if (escort == nullptr) return {};
  const double radius_m =
      zones.zone(zones.ZoneIndex(escort->zone)).roaming.radius_m;
  // Ships without a plan of their own: escorted, or the warship's target.
  std::vector<size_t> normal;
  for (size_t i = 0; i < sea.ships.size(); ++i) {
    if (sea.ships[i].plan == Plan::kNormal) normal.push_back(i);
  }
  // A protected ship's true position at t, if it is in the corridor and
  // transmitting (as the engine sees it).
  auto protected_at = [&](size_t i, int64_t t, geo::LatLng* p) {
    auto st = sea.At(sea.ships[i], t);
    if (!st.exists || !st.transmitting) return false;
    if (!zones.Contains(corridor, st.p, kNaN)) return false;
    *p = st.p;
    return true;
  };
  auto nearest_m = [&](geo::LatLng q, int64_t t) {
    double best = std::numeric_limits<double>::infinity();
    for (size_t i = 0; i < sea.ships.size(); ++i) {
      geo::LatLng p;
      if (protected_at(i, t, &p))
        best = std::min(best, geo::GeodesicDistanceM(p, q));
    }
    return best;
  };
  constexpr int kNavalInterval_s = 30;
  // Notified escorts: exempt warships 2 nm off a steady ship all along.
  const size_t escorted = std::min(escort->exempt.mmsi.size(), normal.size());
  for (size_t k = 0; k < escorted; ++k) {
    uint32_t mmsi = escort->exempt.mmsi[k];
    const Ship& s = sea.ships[normal[k]];
    w.feeds.VesselStatic(w.start_s, mmsi, kShipTypeMilitary,
                         fmt::format("ESCORT {}", k + 1));
    for (int64_t t = w.start_s + 5; t <= w.end_s; t += kNavalInterval_s) {
      auto st = sea.At(s, t);
      geo::LatLng p = geo::Direct(st.p, st.route_az - 90, 2 * 1852.0);
      w.feeds.VesselPosition(
          {t, mmsi, w.feeds.Jitter(p), st.speed_kn, st.course, false});
    }
  }
  // Naval patrols 100 nm off the corridor, far from every protected ship.
  for (int k = 0; k < 2; ++k) {
    uint32_t mmsi = Mmsi(rng, k == 0 ? 273 : 272);
    double s_m = rng.Uniform(0.35, 0.65) * L;
    w.feeds.VesselStatic(w.start_s, mmsi, kShipTypeMilitary,
                         fmt::format("PATROL {}", k + 1));
    for (int64_t t = w.start_s + 7; t <= w.end_s; t += kNavalInterval_s) {
      double along =
          s_m + 4 * kKnot_m_s * std::sin((t - w.start_s) / 20000.0) * 20000;
      geo::LatLng base = route->At(along);
      // Left of the route looking towards its end: the open sea side for a
      // corridor along a western shore.
      geo::LatLng p =
          geo::Direct(base, route->AzimuthAt(along) - 90, 100 * 1852.0);
      if (nearest_m(p, t) < 3 * radius_m) continue;  // never near anyone
      w.feeds.VesselPosition(
          {t, mmsi, w.feeds.Jitter(p), 8, route->AzimuthAt(along), false});
    }
  }
  // The violation: a warship closes to 4 nm of a steady ship, shadows it,
  // and sheers off.
  // The violation: a warship closes to 4 nm of a merchant ship, shadows it,
  // and sheers off; every other protected ship stays beyond 1.5 times the
  // radius, so that the encounter is one visit.
  const int64_t approach = 45 * 60, hold = 40 * 60;
  const int64_t encounter = 2 * approach + hold;
  const double far_m = 20 * 1852.0, near_m = 4 * 1852.0;
  auto warship_at = [&](const Ship& target, int64_t t0, int64_t t) {
    int64_t dt = t - t0;
    double d;
    if (dt < approach) {
      d = far_m + (near_m - far_m) * static_cast<double>(dt) / approach;
    } else if (dt < approach + hold) {
      d = near_m;
    } else {
      d = near_m + (far_m - near_m) *
                       static_cast<double>(dt - approach - hold) / approach;
    }
    auto st = sea.At(target, t);
    return std::make_pair(geo::Direct(st.p, st.route_az - 90, d), st.course);
  };
  auto others_clear = [&](size_t target, int64_t t0) {
    for (int64_t t = t0; t <= t0 + encounter; t += 60) {
      geo::LatLng q = warship_at(sea.ships[target], t0, t).first;
      for (size_t i = 0; i < sea.ships.size(); ++i) {
        geo::LatLng p;
        if (i != target && protected_at(i, t, &p) &&
            geo::GeodesicDistanceM(p, q) < 1.5 * radius_m) {
          return false;
        }
      }
    }
    return true;
  };
  const Ship* target_ship = nullptr;
  int64_t t0 = 0;
  for (int attempt = 0; attempt < 300 && target_ship == nullptr &&
                        span >= 3 * 3600 && normal.size() > escorted;
       ++attempt) {
    t0 = w.TimeIn(w.start_s + 30 * 60, w.end_s - encounter - 30 * 60);
    size_t j =
        escorted + static_cast<size_t>(rng.Int(
                       0, static_cast<int64_t>(normal.size() - escorted) - 1));
    const Ship& s = sea.ships[normal[j]];
    double a = sea.RoutePos(s, t0 - 600),
           b = sea.RoutePos(s, t0 + encounter + 600);
    if (std::min(a, b) > 0.2 * L && std::max(a, b) < 0.8 * L &&
        others_clear(normal[j], t0)) {
      target_ship = &s;
    }
  }
  if (target_ship != nullptr) {
    uint32_t mmsi = Mmsi(rng, 273);
    w.feeds.VesselStatic(w.start_s, mmsi, kShipTypeMilitary, "WARSHIP 1");
    int64_t first = 0, last = 0;
    geo::LatLng at;
    for (int64_t t = t0; t <= t0 + encounter; t += kNavalInterval_s) {
      auto [q, course] = warship_at(*target_ship, t0, t);
      geo::LatLng p = w.feeds.Jitter(q);
      if (!w.feeds.VesselPosition({t, mmsi, p, 18, course, false})) continue;
      if (nearest_m(p, t) <= radius_m) {
        if (first == 0) first = t;
        last = t;
        at = p;
      }
    }
    if (first != 0) {
      w.Plant(*escort, "escort", Key(mmsi), PartyOfMmsi(w, mmsi), first, last,
              at);
    }
  }
  return {};
}

}  // namespace truce::simulate::internal
