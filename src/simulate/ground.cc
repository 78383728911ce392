// The ground: field reports of the monitors' teams. Fire (ceasefire),
// weapons too close to their own line (withdrawal) and withdrawn ones far
// behind it, equipment inside the disengagement areas (exclusion) and
// outside them, a holding area filled to its ceiling and then beyond it,
// and monitors refused access (attributed by the control map).
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>

#include "geo/geodesic.h"
#include "simulate/route.h"
#include "simulate/world.h"

namespace truce::simulate::internal {
namespace {

// The clustering radii of report_rules.cc (WindowFor): reports of one
// violation within them are one incident.
constexpr double kFireRadius_m = 2000;
constexpr double kAccessRadius_m = 1000;
constexpr double kWithdrawalRadius_m = 2000;
// Exclusion reports are one incident each, at the report's place.
constexpr double kSightingRadius_m = 500;
// Scatter of the places several teams give for one event.
constexpr double kScatter_m = 300;
// Margins: lawful things this far outside a zone or beyond a distance,
// violations this far inside.
constexpr double kZoneMargin_m = 3000;
constexpr double kDistanceMargin_m = 5000;

bool Has(const std::vector<std::string>& v, std::string_view s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

struct Ground {
  World& w;
  int next_id = 1;
  std::vector<geo::LatLng> used;  // centres of planted report clusters

  observe::Report Make(int64_t t, geo::LatLng p, std::string_view event,
                       std::string_view klass, uint32_t count,
                       std::string party, int team, std::string text) {
    observe::Report r;
    r.time_ns = t * 1'000'000'000;
    r.lat_deg = std::round(p.lat_deg * 1e6) / 1e6;
    r.lon_deg = std::round(p.lng_deg * 1e6) / 1e6;
    r.precision_m = 100;
    r.event = event;
    r.class_name = klass;
    r.count = count;
    r.party = std::move(party);
    r.source = fmt::format("omm-team-{}", team);
    r.source_kind = "monitor";
    r.report_id = fmt::format("r-{:06d}", next_id++);
    r.text = std::move(text);
    return r;
  }

  geo::LatLng Scatter(geo::LatLng c) {
    return geo::Direct(c, w.rng.Uniform(0, 360), w.rng.Uniform(0, kScatter_m));
  }

  bool FarFromUsed(geo::LatLng p, double m) const {
    for (const auto& u : used) {
      if (geo::GeodesicDistanceM(u, p) < m) return false;
    }
    return true;
  }

  // Outside (by a margin) every static zone whose rule would count `klass`
  // there: exclusion and ceiling zones.
  bool ClearOfZones(geo::LatLng p, std::string_view klass) const {
    for (const auto& r : w.agreement.rules) {
      if ((r.kind != agreement::RuleKind::kExclusion &&
           r.kind != agreement::RuleKind::kCeiling) ||
          !Has(r.classes, klass)) {
        continue;
      }
      int z = w.zones.ZoneIndex(r.zone);
      if (w.zones.zone(z).kind == agreement::Zone::Kind::kRoaming) continue;
      if (!OutsideWithMargin(w.zones, z, p, kZoneMargin_m)) return false;
    }
    return true;
  }

  // Whether equipment of `party` and `klass` at p violates `rule` (a
  // withdrawal rule) clearly (1), clearly not (0) or too close to call (-1).
  int Withdrawal(const agreement::Rule& rule, const std::string& party,
                 std::string_view klass, geo::LatLng p) const {
    if (!Has(rule.classes, klass)) return 0;
    if (!rule.parties.empty() && !Has(rule.parties, party)) return 0;
    auto d = w.zones.DistanceToReferenceLine(party, p);
    if (!d) return 0;
    if (d->distance_m < rule.distance_m - kDistanceMargin_m) return 1;
    if (d->distance_m > rule.distance_m + kDistanceMargin_m) return 0;
    return -1;
  }

  // A point of `party`'s own side at about distance_m from its line.
  std::optional<geo::LatLng> OwnSide(const agreement::Party& party,
                                     double distance_m) {
    const agreement::Line* line = w.agreement.FindLine(party.reference_line);
    if (line == nullptr || line->points.size() < 2) return std::nullopt;
    const auto& pts = line->points;
    size_t i =
        static_cast<size_t>(w.rng.Int(0, static_cast<int64_t>(pts.size()) - 2));
    auto inv = geo::Inverse(pts[i], pts[i + 1]);
    geo::LatLng on = geo::Direct(pts[i], inv.azimuth1_deg,
                                 w.rng.Uniform(0.1, 0.9) * inv.distance_m);
    double side = party.side == geo::BandSide::kLeft    ? -90
                  : party.side == geo::BandSide::kRight ? 90
                  : w.rng.Chance(0.5)                   ? 90
                                                        : -90;
    return geo::Direct(on, inv.azimuth1_deg + side, distance_m);
  }

  const agreement::Party& RandomParty() {
    const auto& ps = w.agreement.parties;
    return ps[static_cast<size_t>(
        w.rng.Int(0, static_cast<int64_t>(ps.size()) - 1))];
  }

  // The line the front runs along: a line no party calls its own, else the
  // first party's reference line.
  const geo::Polyline* Front() const {
    for (const auto& l : w.agreement.lines) {
      bool own = false;
      for (const auto& p : w.agreement.parties) own |= p.reference_line == l.id;
      if (!own && l.points.size() >= 2) return &l.points;
    }
    if (w.agreement.parties.empty()) return nullptr;
    const auto* l = w.agreement.FindLine(w.agreement.parties[0].reference_line);
    return l != nullptr && l->points.size() >= 2 ? &l->points : nullptr;
  }

  geo::LatLng NearFront(const geo::Polyline& line, double lo_m, double hi_m) {
    size_t i = static_cast<size_t>(
        w.rng.Int(0, static_cast<int64_t>(line.size()) - 2));
    auto inv = geo::Inverse(line[i], line[i + 1]);
    geo::LatLng on = geo::Direct(line[i], inv.azimuth1_deg,
                                 w.rng.Uniform(0.1, 0.9) * inv.distance_m);
    double side = w.rng.Chance(0.5) ? 90 : -90;
    return geo::Direct(on, inv.azimuth1_deg + side, w.rng.Uniform(lo_m, hi_m));
  }

  int Team() { return static_cast<int>(w.rng.Int(1, 8)); }

  void Ceasefire(const agreement::Rule& rule, const geo::Polyline& front) {
    if (rule.events.empty()) return;
    int clusters = std::clamp(static_cast<int>(w.hours() / 3), 2, 12);
    int zone = rule.zone.empty() ? -1 : w.zones.ZoneIndex(rule.zone);
    for (int k = 0; k < clusters; ++k) {
      for (int attempt = 0; attempt < 100; ++attempt) {
        geo::LatLng c = NearFront(front, 1000, 10'000);
        if (!FarFromUsed(c, 3 * kFireRadius_m)) continue;
        if (zone >= 0 && !InsideWithMargin(w.zones, zone, c, kZoneMargin_m))
          continue;
        used.push_back(c);
        const std::string& event = rule.events[static_cast<size_t>(
            w.rng.Int(0, static_cast<int64_t>(rule.events.size()) - 1))];
        std::string party = w.rng.Chance(0.3) ? "" : RandomParty().id;
        int64_t t = w.TimeIn(w.start_s + 300, w.end_s - 1800);
        int sources = static_cast<int>(w.rng.Int(1, 3));
        int team = Team();
        int64_t first = 0, last = 0;
        std::string subject;
        for (int s = 0; s < sources; ++s) {
          int64_t ts = t + (s == 0 ? 0 : w.rng.Int(30, 600));
          auto r = Make(ts, Scatter(c), event, "", 1, party, (team + s) % 8 + 1,
                        fmt::format("{} heard and seen", event));
          if (s == 0) {
            first = ts;
            subject =
                fmt::format("{}:{:.3f},{:.3f}", event, r.lat_deg, r.lon_deg);
          }
          last = std::max(last, ts);
          w.feeds.Report(r);
        }
        w.Plant(rule, "fire", subject, party, first, last, c, kFireRadius_m);
        break;
      }
    }
  }

  void Access(const agreement::Rule& rule, const geo::Polyline& front) {
    int count = std::clamp(static_cast<int>(w.hours() / 8), 1, 4);
    for (int k = 0; k < count; ++k) {
      for (int attempt = 0; attempt < 100; ++attempt) {
        geo::LatLng c = NearFront(front, 3000, 12'000);
        if (!FarFromUsed(c, 3 * kFireRadius_m)) continue;
        std::string holder = w.zones.ControllingParty(c);
        // Well inside one party's area: the same answer a kilometre away.
        bool clear = !holder.empty();
        for (int az = 0; az < 360 && clear; az += 45) {
          clear = w.zones.ControllingParty(geo::Direct(c, az, 1000)) == holder;
        }
        if (!clear) continue;
        used.push_back(c);
        int64_t t = w.TimeIn(w.start_s + 300, w.end_s - 1800);
        auto r = Make(t, c, "access_denied", "", 1, "", Team(),
                      "patrol stopped at a checkpoint, access refused");
        w.feeds.Report(r);
        w.Plant(
            rule, "access_denied",
            fmt::format("access_denied:{:.3f},{:.3f}", r.lat_deg, r.lon_deg),
            holder, t, t, c, kAccessRadius_m);
        break;
      }
    }
  }

  // A class that only `rule` among the withdrawal rules names.
  std::string_view OwnClass(const agreement::Rule& rule) const {
    for (const auto& c : rule.classes) {
      int n = 0;
      for (const auto& r : w.agreement.rules) {
        n += r.kind == agreement::RuleKind::kWithdrawal && Has(r.classes, c);
      }
      if (n == 1) return c;
    }
    return {};
  }

  // Lawful: no withdrawal rule is violated, clearly.
  bool LawfulWeapon(const std::string& party, std::string_view klass,
                    geo::LatLng p) const {
    for (const auto& r : w.agreement.rules) {
      if (r.kind == agreement::RuleKind::kWithdrawal &&
          Withdrawal(r, party, klass, p) != 0) {
        return false;
      }
    }
    return ClearOfZones(p, klass);
  }

  void WithdrawalViolation(const agreement::Rule& rule) {
    std::string_view klass = OwnClass(rule);
    if (klass.empty() || w.agreement.parties.empty()) return;
    for (int attempt = 0; attempt < 200; ++attempt) {
      const agreement::Party& party = RandomParty();
      if (!rule.parties.empty() && !Has(rule.parties, party.id)) continue;
      auto c = OwnSide(party, w.rng.Uniform(0.3, 0.7) * rule.distance_m);
      if (!c || Withdrawal(rule, party.id, klass, *c) != 1 ||
          !ClearOfZones(*c, klass) ||
          !FarFromUsed(*c, 3 * kWithdrawalRadius_m)) {
        continue;
      }
      used.push_back(*c);
      int64_t t = w.TimeIn(w.start_s + 300, w.end_s - 1800);
      uint32_t count = static_cast<uint32_t>(w.rng.Int(1, 6));
      int sources = static_cast<int>(w.rng.Int(1, 2));
      int team = Team();
      int64_t last = t;
      std::string subject;
      for (int s = 0; s < sources; ++s) {
        int64_t ts = t + (s == 0 ? 0 : w.rng.Int(60, 1200));
        auto r = Make(ts, Scatter(*c), "equipment_sighting", klass, count,
                      party.id, (team + s) % 8 + 1,
                      fmt::format("{} x{} in firing positions", klass, count));
        if (s == 0) {
          subject =
              fmt::format("{}:{:.3f},{:.3f}", klass, r.lat_deg, r.lon_deg);
        }
        last = std::max(last, ts);
        w.feeds.Report(r);
      }
      w.Plant(rule, "not_withdrawn", subject, party.id, t, last, *c,
              kWithdrawalRadius_m);
      return;
    }
  }

  void LawfulWeapons(const std::vector<std::string_view>& classes, int n) {
    if (classes.empty() || w.agreement.parties.empty()) return;
    for (int k = 0; k < n; ++k) {
      std::string_view klass = classes[static_cast<size_t>(
          w.rng.Int(0, static_cast<int64_t>(classes.size()) - 1))];
      double required = 0;
      for (const auto& r : w.agreement.rules) {
        if (r.kind == agreement::RuleKind::kWithdrawal &&
            Has(r.classes, klass)) {
          required = std::max(required, r.distance_m);
        }
      }
      for (int attempt = 0; attempt < 100; ++attempt) {
        const agreement::Party& party = RandomParty();
        auto p = OwnSide(party, required + w.rng.Uniform(15'000, 60'000));
        if (!p || !LawfulWeapon(party.id, klass, *p)) continue;
        int64_t t = w.TimeIn(w.start_s + 60, w.end_s - 60);
        w.feeds.Report(Make(t, *p, "equipment_sighting", klass,
                            static_cast<uint32_t>(w.rng.Int(1, 6)), party.id,
                            Team(), "withdrawn, in storage"));
        break;
      }
    }
  }

  void ExclusionViolation(const agreement::Rule& rule) {
    int z = w.zones.ZoneIndex(rule.zone);
    const agreement::Zone& zone = w.zones.zone(z);
    if (zone.kind != agreement::Zone::Kind::kPolygon) return;
    // A class no other rule counts, so that the sighting is this rule's only.
    std::string_view klass;
    for (const auto& c : rule.classes) {
      bool other = false;
      for (const auto& r : w.agreement.rules) {
        other |= (r.kind == agreement::RuleKind::kWithdrawal ||
                  r.kind == agreement::RuleKind::kCeiling) &&
                 Has(r.classes, c);
      }
      if (!other) {
        klass = c;
        break;
      }
    }
    if (klass.empty()) return;
    double min_lat = 90, max_lat = -90, min_lng = 180, max_lng = -180;
    for (const auto& poly : zone.polygon.polygons) {
      for (const auto& p : poly.outer) {
        min_lat = std::min(min_lat, p.lat_deg);
        max_lat = std::max(max_lat, p.lat_deg);
        min_lng = std::min(min_lng, p.lng_deg);
        max_lng = std::max(max_lng, p.lng_deg);
      }
    }
    for (int attempt = 0; attempt < 200; ++attempt) {
      geo::LatLng p(geo::Latitude{w.rng.Uniform(min_lat, max_lat)},
                    geo::Longitude{w.rng.Uniform(min_lng, max_lng)});
      if (!InsideWithMargin(w.zones, z, p, 1000)) continue;
      int64_t t = w.TimeIn(w.start_s + 300, w.end_s - 300);
      std::string party = RandomParty().id;
      uint32_t count = static_cast<uint32_t>(w.rng.Int(1, 4));
      auto r = Make(t, p, "equipment_sighting", klass, count, party, Team(),
                    fmt::format("{} x{} inside the area", klass, count));
      w.feeds.Report(r);
      w.Plant(rule, "inside",
              fmt::format("{}:{:.3f},{:.3f}", klass, r.lat_deg, r.lon_deg),
              party, t, t, p, kSightingRadius_m);
      return;
    }
  }

  void Ceiling(const agreement::Rule& rule) {
    int z = w.zones.ZoneIndex(rule.zone);
    if (w.zones.zone(z).kind != agreement::Zone::Kind::kPolygon ||
        rule.classes.empty() || rule.max_count <= 0) {
      return;
    }
    const std::string& klass = rule.classes.front();
    const agreement::Zone& zone = w.zones.zone(z);
    const auto& ring = zone.polygon.polygons.front().outer;
    double min_lat = 90, max_lat = -90, min_lng = 180, max_lng = -180;
    for (const auto& p : ring) {
      min_lat = std::min(min_lat, p.lat_deg);
      max_lat = std::max(max_lat, p.lat_deg);
      min_lng = std::min(min_lng, p.lng_deg);
      max_lng = std::max(max_lng, p.lng_deg);
    }
    auto place = [&]() -> std::optional<geo::LatLng> {
      for (int attempt = 0; attempt < 200; ++attempt) {
        geo::LatLng p(geo::Latitude{w.rng.Uniform(min_lat, max_lat)},
                      geo::Longitude{w.rng.Uniform(min_lng, max_lng)});
        if (InsideWithMargin(w.zones, z, p, 1000)) return p;
      }
      return std::nullopt;
    };
    // Units filling the ceiling exactly, inspected every four hours.
    int left = rule.max_count, unit = 1;
    while (left > 0) {
      int n = std::min<int>(left, static_cast<int>(w.rng.Int(3, 4)));
      left -= n;
      auto p = place();
      if (!p) return;
      std::string name = fmt::format("{}-unit-{}", rule.zone, unit++);
      for (int64_t t = w.start_s + w.rng.Int(60, 3600); t < w.end_s;
           t += 4 * 3600) {
        auto r = Make(t, *p, "equipment_sighting", klass,
                      static_cast<uint32_t>(n), "", Team(), "inspection");
        r.report_id.clear();
        r.unit = name;
        w.feeds.Report(r);
      }
    }
    // One unit more: over the ceiling from its first sighting on.
    auto p = place();
    if (!p) return;
    int64_t span = w.end_s - w.start_s;
    int64_t t0 = w.TimeIn(w.start_s + span / 4, w.start_s + span / 2);
    uint32_t n = static_cast<uint32_t>(w.rng.Int(3, 6));
    std::string name = fmt::format("{}-unit-{}", rule.zone, unit);
    int64_t last = t0;
    for (int64_t t = t0; t < w.end_s; t += 2 * 3600) {
      auto r = Make(t, *p, "equipment_sighting", klass, n, "", Team(),
                    "inspection: unit not on the list");
      r.report_id.clear();
      r.unit = name;
      w.feeds.Report(r);
      last = t;
    }
    w.Plant(rule, "over_ceiling", "zone:" + rule.zone, "", t0, last, *p);
  }

  void LawfulPresence(const geo::Polyline& front, int n) {
    // Classes the exclusion rules list and no other rule counts.
    std::vector<std::string_view> classes;
    for (const auto& r : w.agreement.rules) {
      if (r.kind != agreement::RuleKind::kExclusion) continue;
      for (const auto& c : r.classes) {
        bool other = false;
        for (const auto& o : w.agreement.rules) {
          other |= (o.kind == agreement::RuleKind::kWithdrawal ||
                    o.kind == agreement::RuleKind::kCeiling) &&
                   Has(o.classes, c);
        }
        if (!other &&
            std::find(classes.begin(), classes.end(), c) == classes.end()) {
          classes.push_back(c);
        }
      }
    }
    if (classes.empty() || w.agreement.parties.empty()) return;
    for (int k = 0; k < n; ++k) {
      std::string_view klass = classes[static_cast<size_t>(
          w.rng.Int(0, static_cast<int64_t>(classes.size()) - 1))];
      for (int attempt = 0; attempt < 100; ++attempt) {
        geo::LatLng p = NearFront(front, 3000, 25'000);
        if (!ClearOfZones(p, klass)) continue;
        int64_t t = w.TimeIn(w.start_s + 60, w.end_s - 60);
        w.feeds.Report(Make(t, p, "equipment_sighting", klass,
                            static_cast<uint32_t>(w.rng.Int(1, 8)),
                            RandomParty().id, Team(), "seen on patrol"));
        break;
      }
    }
  }
};

}  // namespace

Result<void> SimulateGround(World& w) {
  Ground g{w, 1, {}};
  const geo::Polyline* front = g.Front();
  std::vector<std::string_view> weapon_classes;
  for (const auto& r : w.agreement.rules) {
    switch (r.kind) {
      case agreement::RuleKind::kCeasefire:
        if (front) g.Ceasefire(r, *front);
        break;
      case agreement::RuleKind::kAccess:
        if (front && w.agreement.baseline) g.Access(r, *front);
        break;
      case agreement::RuleKind::kWithdrawal:
        g.WithdrawalViolation(r);
        for (const auto& c : r.classes) weapon_classes.push_back(c);
        break;
      case agreement::RuleKind::kExclusion:
        g.ExclusionViolation(r);
        break;
      case agreement::RuleKind::kCeiling:
        g.Ceiling(r);
        break;
      default:
        break;
    }
  }
  g.LawfulWeapons(weapon_classes, w.options.reports / 2);
  if (front)
    g.LawfulPresence(*front, w.options.reports - w.options.reports / 2);
  return {};
}

}  // namespace truce::simulate::internal
