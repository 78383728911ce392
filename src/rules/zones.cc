#include "rules/zones.h"

#include <cmath>
#include <map>

#include "geo/geodesic.h"

namespace truce::rules {

struct CompiledZones::Impl {
  const agreement::Agreement* agreement;
  std::map<std::string, int, std::less<>> index;
  // Per zone: exactly one of polygon or line is set for static zones.
  std::vector<std::unique_ptr<geo::PreparedPolygon>> polygons;
  std::vector<std::shared_ptr<geo::LineIndex>> band_lines;
  std::map<std::string, std::shared_ptr<geo::LineIndex>, std::less<>> lines;
  std::map<std::string, std::string, std::less<>> party_line;
  std::vector<std::pair<std::string, geo::PreparedPolygon>> control;
};

CompiledZones::CompiledZones(const agreement::Agreement& a)
    : impl_(std::make_unique<Impl>()) {
  impl_->agreement = &a;
  for (const auto& l : a.lines) {
    impl_->lines[l.id] = std::make_shared<geo::LineIndex>(l.points);
  }
  for (const auto& p : a.parties) {
    if (!p.reference_line.empty()) impl_->party_line[p.id] = p.reference_line;
  }
  for (size_t i = 0; i < a.zones.size(); ++i) {
    const auto& z = a.zones[i];
    impl_->index[z.id] = static_cast<int>(i);
    impl_->polygons.push_back(
        z.kind == agreement::Zone::Kind::kPolygon
            ? std::make_unique<geo::PreparedPolygon>(z.polygon)
            : nullptr);
    impl_->band_lines.push_back(z.kind == agreement::Zone::Kind::kBand
                                    ? impl_->lines.at(z.band.line)
                                    : nullptr);
  }
  if (a.baseline) {
    for (const auto& area : a.baseline->areas) {
      impl_->control.emplace_back(area.party,
                                  geo::PreparedPolygon(area.polygon));
    }
  }
}

CompiledZones::~CompiledZones() = default;

int CompiledZones::ZoneIndex(std::string_view id) const {
  auto it = impl_->index.find(id);
  return it == impl_->index.end() ? -1 : it->second;
}

const agreement::Zone& CompiledZones::zone(int index) const {
  return impl_->agreement->zones[index];
}

bool CompiledZones::Contains(int zone, geo::LatLng p, double altitude_m) const {
  const agreement::Zone& z = impl_->agreement->zones[zone];
  if (z.altitude && !std::isnan(altitude_m) &&
      (altitude_m < z.altitude->min_m || altitude_m > z.altitude->max_m)) {
    return false;
  }
  switch (z.kind) {
    case agreement::Zone::Kind::kPolygon:
      return impl_->polygons[zone]->Contains(p);
    case agreement::Zone::Kind::kBand: {
      const geo::LineIndex& line = *impl_->band_lines[zone];
      if (z.band.side == geo::BandSide::kBoth) {
        return line.WithinM(p, z.band.distance_m);
      }
      geo::LineDistance d = line.Distance(p);
      if (d.distance_m > z.band.distance_m) return false;
      // A one-sided band has flat ends: a point whose nearest line point is
      // an end of the line lies beyond that end, not beside the line.
      const auto& pts = impl_->agreement->FindLine(z.band.line)->points;
      if (d.distance_m > 0 &&
          (geo::GeodesicDistanceM(d.nearest, pts.front()) < 1e-6 ||
           geo::GeodesicDistanceM(d.nearest, pts.back()) < 1e-6)) {
        return false;
      }
      geo::Side want = z.band.side == geo::BandSide::kLeft ? geo::Side::kLeft
                                                           : geo::Side::kRight;
      return d.side == want || d.side == geo::Side::kOn;
    }
    case agreement::Zone::Kind::kRoaming:
      return false;
  }
  return false;
}

std::optional<geo::LineDistance> CompiledZones::DistanceToReferenceLine(
    std::string_view party, geo::LatLng p) const {
  auto it = impl_->party_line.find(party);
  if (it == impl_->party_line.end()) return std::nullopt;
  return impl_->lines.at(it->second)->Distance(p);
}

std::string CompiledZones::ControllingParty(geo::LatLng p) const {
  for (const auto& [party, polygon] : impl_->control) {
    if (polygon.Contains(p)) return party;
  }
  return "";
}

}  // namespace truce::rules
