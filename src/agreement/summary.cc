#include "agreement/summary.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "geo/measure.h"
#include "geo/validate.h"

namespace truce::agreement {
namespace {

std::string SideName(geo::BandSide side) {
  switch (side) {
    case geo::BandSide::kLeft: return "left";
    case geo::BandSide::kRight: return "right";
    case geo::BandSide::kBoth: return "both";
  }
  return "both";
}

std::string Join(const std::vector<std::string>& words) {
  std::string out;
  for (size_t i = 0; i < words.size(); ++i) {
    if (i > 0) out += i + 1 == words.size() ? " and " : ", ";
    out += words[i];
  }
  return out;
}

std::string Km(double m) { return fmt::format("{:g} km", m / 1000); }

std::string PartiesPhrase(const Agreement& a, const Rule& r) {
  if (r.parties.empty()) return "any party";
  std::vector<std::string> names;
  for (const auto& id : r.parties) {
    const Party* p = a.FindParty(id);
    names.push_back(p ? p->name : id);
  }
  return Join(names);
}

std::string Describe(const Agreement& a, const Rule& r) {
  std::string zone = r.zone.empty() ? "anywhere" : "in zone '" + r.zone + "'";
  switch (r.kind) {
    case RuleKind::kCeasefire:
      return fmt::format("no {} {} by {}", Join(r.events), zone,
                         PartiesPhrase(a, r));
    case RuleKind::kWithdrawal:
      return fmt::format("{} of {} at least {} from its own reference line "
                         "from {}",
                         Join(r.classes), PartiesPhrase(a, r),
                         Km(r.distance_m), FormatRfc3339(*r.deadline));
    case RuleKind::kExclusion:
      return fmt::format("no {} of {} {}", Join(r.classes),
                         PartiesPhrase(a, r), zone);
    case RuleKind::kAirspace: {
      std::string band;
      if (r.altitude) {
        band = fmt::format(" between {:g} m and {:g} m", r.altitude->min_m,
                           r.altitude->max_m);
      }
      return fmt::format("no {} aircraft {}{}{}", Join(r.categories), zone,
                         band,
                         r.exempt.icao24.empty()
                             ? ""
                             : fmt::format(" ({} exempt)",
                                           r.exempt.icao24.size()));
    }
    case RuleKind::kMaritime: {
      std::vector<std::string> parts;
      if (r.maritime.max_gap) {
        parts.push_back(fmt::format("AIS silent over {} min",
                                    r.maritime.max_gap->ns / 60'000'000'000));
      }
      if (r.maritime.max_stop) {
        parts.push_back(fmt::format("stopped over {} min outside permitted "
                                    "areas",
                                    r.maritime.max_stop->ns / 60'000'000'000));
      }
      if (r.maritime.must_stay_inside) parts.push_back("leaving the corridor");
      return fmt::format("vessels {}: no {}", zone, Join(parts));
    }
    case RuleKind::kTerritory:
      return fmt::format("no change of control of {:g} km² or more against "
                         "the baseline map",
                         r.threshold_m2 / 1e6);
    case RuleKind::kCeiling:
      return fmt::format("at most {} {} {} within any {} h", r.max_count,
                         Join(r.classes), zone, r.window.ns / 3'600'000'000'000);
    case RuleKind::kAccess:
      return fmt::format("monitors are not refused access {}; refusals are "
                         "attributed by the control map",
                         zone);
  }
  return "";
}

size_t VertexCount(const geo::MultiPolygon& m) {
  size_t n = 0;
  for (const auto& p : m.polygons) {
    n += p.outer.size();
    for (const auto& h : p.holes) n += h.size();
  }
  return n;
}

bool CrossesAntimeridian(const geo::MultiPolygon& m) {
  for (const auto& p : m.polygons) {
    if (geo::CrossesAntimeridian(p.outer)) return true;
  }
  return false;
}

}  // namespace

Summary Summarize(const Agreement& a) {
  Summary s;
  s.agreement = &a;
  auto warn = [&](const SourceLocation& where, std::string message,
                  std::string hint) {
    s.warnings.push_back({where, std::move(message), std::move(hint)});
  };

  for (const Line& l : a.lines) {
    auto len = geo::MeasureLine(l.points);
    s.lines.push_back({l.id, l.name, l.points.size(), len.length_m / 1000,
                       len.error_m});
    if (geo::CrossesAntimeridian(l.points)) {
      warn(l.where, fmt::format("line '{}' crosses the antimeridian", l.id),
           "this is measured correctly; check that it is intended");
    }
  }

  for (const Zone& z : a.zones) {
    ZoneSummary zs;
    zs.id = z.id;
    zs.name = z.name;
    zs.altitude = z.altitude;
    switch (z.kind) {
      case Zone::Kind::kPolygon: {
        zs.shape = "polygon";
        auto m = geo::MeasureMultiPolygon(z.polygon);
        zs.area_km2 = m.area_m2 / 1e6;
        zs.area_error_km2 = m.area_error_m2 / 1e6;
        zs.perimeter_km = m.perimeter_m / 1000;
        zs.polygons = z.polygon.polygons.size();
        zs.vertices = VertexCount(z.polygon);
        zs.description = z.geometry_file.empty()
                             ? fmt::format("{} polygon(s), {} vertices",
                                           zs.polygons, zs.vertices)
                             : fmt::format("{} polygon(s), {} vertices, from "
                                           "{}",
                                           zs.polygons, zs.vertices,
                                           z.geometry_file);
        if (CrossesAntimeridian(z.polygon)) {
          warn(z.where,
               fmt::format("zone '{}' crosses the antimeridian", z.id),
               "its edges take the short way across 180°; check that this is "
               "intended");
        }
        break;
      }
      case Zone::Kind::kBand: {
        zs.shape = "band";
        const Line* line = a.FindLine(z.band.line);
        auto band = geo::MakeBandPolygon(line->points, z.band.distance_m,
                                         z.band.side);
        auto m = geo::MeasureMultiPolygon(band.polygon);
        zs.area_km2 = m.area_m2 / 1e6;
        zs.area_error_km2 = m.area_error_m2 / 1e6;
        zs.perimeter_km = m.perimeter_m / 1000;
        zs.boundary_error_m = band.max_error_m;
        zs.polygons = band.polygon.polygons.size();
        zs.vertices = VertexCount(band.polygon);
        zs.description = fmt::format(
            "{} {} of line '{}'", Km(z.band.distance_m),
            z.band.side == geo::BandSide::kBoth
                ? "both sides"
                : "on the " + SideName(z.band.side) + " side",
            z.band.line);
        break;
      }
      case Zone::Kind::kRoaming: {
        zs.shape = "roaming";
        std::string around =
            !z.roaming.around_mmsi.empty()
                ? fmt::format("{} listed vessel(s)", z.roaming.around_mmsi.size())
                : fmt::format("{} in zone '{}'",
                              z.roaming.around_classes.empty()
                                  ? std::string("any track")
                                  : Join(z.roaming.around_classes),
                              z.roaming.around_zone);
        zs.description = fmt::format("{:g} nm ({:g} km) around {}",
                                     z.roaming.radius_m / geo::kNauticalMile_m,
                                     z.roaming.radius_m / 1000, around);
        break;
      }
    }
    s.zones.push_back(std::move(zs));
  }

  for (const Rule& r : a.rules) {
    s.rules.push_back({r.id, std::string(Name(r.kind)),
                       std::string(Name(r.severity)), r.clause, r.clause_text,
                       Describe(a, r)});
    if (!r.zone.empty()) {
      const Zone* z = a.FindZone(r.zone);
      if (z && z->kind == Zone::Kind::kPolygon && z->polygon.polygons.empty()) {
        warn(r.where,
             fmt::format("rule '{}' uses zone '{}', which is empty", r.id,
                         z->id),
             "the rule can never be violated: give the zone a geometry");
      }
    }
    if (r.deadline && *r.deadline < a.effective) {
      warn(r.where,
           fmt::format("rule '{}' has its deadline {} before the effective "
                       "time {}",
                       r.id, FormatRfc3339(*r.deadline),
                       FormatRfc3339(a.effective)),
           "a deadline is normally after the agreement takes effect");
    }
    if (r.from < a.effective) {
      warn(r.where,
           fmt::format("rule '{}' is in force from {}, before the effective "
                       "time",
                       r.id, FormatRfc3339(r.from)),
           "check 'from'");
    }
    if (r.kind == RuleKind::kAccess && !a.baseline) {
      warn(r.where,
           fmt::format("access rule '{}' has no control map to attribute "
                       "refusals",
                       r.id),
           "add a baseline control map, or refusals stay unattributed");
    }
    if (r.kind != RuleKind::kWithdrawal) continue;
    for (const Party& p : a.parties) {
      if (!r.parties.empty() &&
          std::find(r.parties.begin(), r.parties.end(), p.id) ==
              r.parties.end()) {
        continue;
      }
      const Line* line = a.FindLine(p.reference_line);
      auto band = geo::MakeBandPolygon(line->points, r.distance_m, p.side);
      auto m = geo::MeasureMultiPolygon(band.polygon);
      s.bands.push_back(
          {r.id, p.id,
           fmt::format("{}: {} from {}'s reference line", Join(r.classes),
                       Km(r.distance_m), p.name),
           line->id, r.distance_m / 1000, SideName(p.side), m.area_m2 / 1e6,
           m.area_error_m2 / 1e6, band.max_error_m});
    }
  }

  std::set<std::string> used;
  for (const Rule& r : a.rules) {
    used.insert(r.zone);
    for (const auto& z : r.maritime.permitted_stops) used.insert(z);
    for (const auto& z : r.maritime.gateways) used.insert(z);
  }
  for (const Zone& z : a.zones) {
    if (z.kind == Zone::Kind::kRoaming) used.insert(z.roaming.around_zone);
  }
  for (const Zone& z : a.zones) {
    if (!used.contains(z.id)) {
      warn(z.where, fmt::format("zone '{}' is used by no rule", z.id),
           "remove it or name it in a rule");
    }
  }
  return s;
}

}  // namespace truce::agreement
