// The simulated control maps: one per day of the period, the agreement's
// baseline map with the changes a territory rule must see (a party taking a
// piece of another's territory, well above the rule's threshold) and the
// changes it must not (a sliver well below it).
//
// Each piece is a geodesic square cut out of the losing party's baseline
// polygon (as a hole) and added to the gaining party. Every corner and edge
// midpoint of the square lies inside one polygon of the loser, outside its
// holes and outside the gainer's territory, so the diff against the
// baseline is exactly the square.
#include <fmt/format.h>

#include <cmath>
#include <nlohmann/json.hpp>

#include "geo/contains.h"
#include "geo/geodesic.h"
#include "simulate/world.h"

namespace truce::simulate::internal {
namespace {

constexpr int64_t kDay_s = 86400;

struct Piece {
  std::string gainer, loser;
  size_t polygon;  // index into the loser's baseline multipolygon
  geo::Ring square;
  geo::LatLng center;
  double half_diagonal_m;
  int64_t from_s, to_s;  // the maps (by time) that show it
};

geo::Ring Square(geo::LatLng c, double half_diagonal_m) {
  geo::Ring r;
  for (double az : {45.0, 135.0, 225.0, 315.0}) {
    r.push_back(geo::Direct(c, az, half_diagonal_m));
  }
  return r;
}

// True if every corner and edge midpoint of `square` is inside `polygon`
// (outside its holes) and outside `other`.
bool Fits(const geo::Ring& square, const geo::Polygon& polygon,
          const geo::MultiPolygon& other) {
  geo::MultiPolygon within{{polygon}};
  for (size_t i = 0; i < square.size(); ++i) {
    const geo::LatLng& a = square[i];
    const geo::LatLng& b = square[(i + 1) % square.size()];
    geo::LatLng mid{geo::Latitude{(a.lat_deg + b.lat_deg) / 2},
                    geo::Longitude{(a.lng_deg + b.lng_deg) / 2}};
    for (const auto& p : {a, mid}) {
      if (!geo::Contains(within, p) || geo::Contains(other, p)) return false;
    }
  }
  return true;
}

const geo::MultiPolygon* AreaOf(const agreement::Baseline& b,
                                const std::string& party) {
  for (const auto& a : b.areas) {
    if (a.party == party) return &a.polygon;
  }
  return nullptr;
}

// A square of `area_km2` inside the loser's territory, near its border with
// the gainer (within 40 km of a random gainer vertex); nullopt after many
// tries.
std::optional<Piece> Place(World& w, const std::string& gainer,
                           const std::string& loser, double area_km2,
                           const std::vector<Piece>& avoid) {
  const agreement::Baseline& b = *w.agreement.baseline;
  const geo::MultiPolygon* lost = AreaOf(b, loser);
  const geo::MultiPolygon* held = AreaOf(b, gainer);
  if (lost == nullptr || held == nullptr || held->polygons.empty()) {
    return std::nullopt;
  }
  double half_diagonal_m = std::sqrt(area_km2 * 1e6 / 2);
  for (int attempt = 0; attempt < 400; ++attempt) {
    const auto& ring =
        held->polygons[static_cast<size_t>(w.rng.Int(
                           0, static_cast<int64_t>(held->polygons.size()) - 1))]
            .outer;
    const geo::LatLng& v = ring[static_cast<size_t>(
        w.rng.Int(0, static_cast<int64_t>(ring.size()) - 1))];
    geo::LatLng c =
        geo::Direct(v, w.rng.Uniform(0, 360), w.rng.Uniform(3000, 40'000));
    bool clear = true;
    for (const auto& p : avoid) {
      clear = clear && geo::GeodesicDistanceM(c, p.center) >
                           half_diagonal_m + p.half_diagonal_m + 1000;
    }
    if (!clear) continue;
    geo::Ring square = Square(c, half_diagonal_m);
    for (size_t i = 0; i < lost->polygons.size(); ++i) {
      if (Fits(square, lost->polygons[i], *held)) {
        return Piece{gainer, loser,           i, std::move(square),
                     c,      half_diagonal_m, 0, 0};
      }
    }
  }
  return std::nullopt;
}

nlohmann::ordered_json RingJson(const geo::Ring& ring) {
  auto out = nlohmann::ordered_json::array();
  for (const auto& p : ring) out.push_back({p.lng_deg, p.lat_deg});
  out.push_back(out.front());
  return out;
}

// The baseline map with the pieces shown at time t.
std::string MapAt(const World& w, const std::vector<Piece>& pieces, int64_t t) {
  const agreement::Baseline& b = *w.agreement.baseline;
  // The property value that names each party, as the baseline writes it.
  auto value_of = [&](const std::string& party) {
    for (const auto& [value, p] : b.values) {
      if (p == party) return value;
    }
    return party;
  };
  nlohmann::ordered_json fc = {{"type", "FeatureCollection"},
                               {"features", nlohmann::ordered_json::array()}};
  for (const auto& area : b.areas) {
    auto polygons = nlohmann::ordered_json::array();
    for (size_t i = 0; i < area.polygon.polygons.size(); ++i) {
      const geo::Polygon& poly = area.polygon.polygons[i];
      auto rings = nlohmann::ordered_json::array({RingJson(poly.outer)});
      for (const auto& h : poly.holes) rings.push_back(RingJson(h));
      for (const auto& p : pieces) {
        if (p.loser == area.party && p.polygon == i && p.from_s <= t &&
            t <= p.to_s) {
          rings.push_back(RingJson(p.square));
        }
      }
      polygons.push_back(std::move(rings));
    }
    for (const auto& p : pieces) {
      if (p.gainer == area.party && p.from_s <= t && t <= p.to_s) {
        polygons.push_back(nlohmann::ordered_json::array({RingJson(p.square)}));
      }
    }
    nlohmann::ordered_json f = {
        {"type", "Feature"},
        {"geometry", {{"type", "MultiPolygon"}, {"coordinates", polygons}}},
        {"properties", {{b.property, value_of(area.party)}}}};
    fc["features"].push_back(std::move(f));
  }
  return fc.dump() + "\n";
}

}  // namespace

Result<void> SimulateTerritory(World& w) {
  if (!w.agreement.baseline || w.agreement.baseline->areas.size() < 2) {
    return {};
  }
  // One map a day, dated by its UTC day: the days the period touches.
  int64_t first_day_s = w.start_s - w.start_s % kDay_s;
  std::vector<int64_t> days;
  for (int64_t d = first_day_s; d < w.end_s; d += kDay_s) days.push_back(d);
  std::vector<Piece> pieces;
  for (const auto& rule : w.agreement.rules) {
    if (rule.kind != agreement::RuleKind::kTerritory) continue;
    const auto& areas = w.agreement.baseline->areas;
    std::vector<std::string> gainers;
    for (const auto& a : areas) {
      bool bound = rule.parties.empty() ||
                   std::find(rule.parties.begin(), rule.parties.end(),
                             a.party) != rule.parties.end();
      if (bound) gainers.push_back(a.party);
    }
    if (gainers.empty()) continue;
    const std::string gainer = gainers[static_cast<size_t>(
        w.rng.Int(0, static_cast<int64_t>(gainers.size()) - 1))];
    std::string loser;
    for (const auto& a : areas) {
      if (a.party != gainer) loser = a.party;
    }
    double threshold_km2 = rule.threshold_m2 / 1e6;
    // The violation: six times the threshold, shown from a random day on.
    if (auto p = Place(w, gainer, loser, 6 * threshold_km2, pieces)) {
      p->from_s = days[static_cast<size_t>(
          w.rng.Int(0, static_cast<int64_t>(days.size()) - 1))];
      p->to_s = days.back();
      if (rule.from.ns_since_epoch <= p->from_s * 1'000'000'000) {
        // Any incident whose position lies in the square is this one.
        w.Plant(rule, "advance", "", gainer, p->from_s, p->to_s, p->center,
                1.5 * p->half_diagonal_m);
        pieces.push_back(std::move(*p));
      }
    }
    // Lawful: a sliver a quarter of the threshold, on every map.
    if (auto p = Place(w, gainer, loser, threshold_km2 / 4, pieces)) {
      p->from_s = days.front();
      p->to_s = days.back();
      pieces.push_back(std::move(*p));
    }
  }
  if (pieces.empty()) return {};
  for (int64_t d : days) {
    std::string date = FormatRfc3339(Seconds(d)).substr(0, 10);
    w.documents[fmt::format("control-{}.geojson", date)] = MapAt(w, pieces, d);
  }
  return {};
}

}  // namespace truce::simulate::internal
