#include "rules/zones.h"

#include <atomic>
#include <cmath>
#include <map>
#include <mutex>

#include "geo/geodesic.h"

namespace truce::rules {
namespace {

// Membership in a band, exact either way: LineIndex::WithinM for the first
// queries, then a BandIndex (the same answers, proved by its tests) once
// enough queries have come to pay for building it (about 10^4 distance
// evaluations for a 1,000-vertex line), so short runs and tests do not pay.
class LazyBand {
 public:
  static constexpr uint64_t kBuildAfter = 4096;

  LazyBand(std::shared_ptr<geo::LineIndex> line,
           std::vector<geo::LatLng> points, double distance_m)
      : line_(std::move(line)),
        points_(std::move(points)),
        distance_m_(distance_m) {}

  bool Within(geo::LatLng p) const {
    if (const geo::BandIndex* b = ready_.load(std::memory_order_acquire)) {
      return b->Within(p);
    }
    if (queries_.fetch_add(1, std::memory_order_relaxed) + 1 >= kBuildAfter) {
      std::call_once(once_, [this] {
        index_ = std::make_unique<geo::BandIndex>(points_, distance_m_);
        ready_.store(index_.get(), std::memory_order_release);
      });
      return ready_.load(std::memory_order_acquire)->Within(p);
    }
    return line_->WithinM(p, distance_m_);
  }
  const geo::LineIndex& line() const { return *line_; }

 private:
  std::shared_ptr<geo::LineIndex> line_;
  std::vector<geo::LatLng> points_;
  double distance_m_;
  mutable std::atomic<uint64_t> queries_{0};
  mutable std::once_flag once_;
  mutable std::unique_ptr<geo::BandIndex> index_;
  mutable std::atomic<const geo::BandIndex*> ready_{nullptr};
};

}  // namespace

struct CompiledZones::Impl {
  const agreement::Agreement* agreement;
  std::map<std::string, int, std::less<>> index;
  // Per zone: exactly one of polygon or line is set for static zones.
  std::vector<std::unique_ptr<geo::PreparedPolygon>> polygons;
  std::vector<std::unique_ptr<LazyBand>> bands;
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
    impl_->bands.push_back(
        z.kind == agreement::Zone::Kind::kBand
            ? std::make_unique<LazyBand>(impl_->lines.at(z.band.line),
                                         a.FindLine(z.band.line)->points,
                                         z.band.distance_m)
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
      const LazyBand& band = *impl_->bands[zone];
      // Most points are far from the band: decided here, exactly.
      if (!band.Within(p)) return false;
      if (z.band.side == geo::BandSide::kBoth) return true;
      geo::LineDistance d = band.line().Distance(p);
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
