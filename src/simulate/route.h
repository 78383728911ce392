// Route: a path through a polygon zone between two gateway zones that keeps
// a margin from the zone's edges, found generically on a grid of interior
// points (shortest path, 8-neighbour moves), and a position along it by
// distance.
//
// Thread safety: immutable after construction.
#ifndef TRUCE_SIMULATE_ROUTE_H_
#define TRUCE_SIMULATE_ROUTE_H_

#include <vector>

#include "base/error.h"
#include "geo/latlng.h"
#include "rules/zones.h"

namespace truce::simulate {

class Route {
 public:
  Route() = default;
  explicit Route(std::vector<geo::LatLng> points);

  double length_m() const {
    return cumulative_m_.empty() ? 0 : cumulative_m_.back();
  }
  const std::vector<geo::LatLng>& points() const { return points_; }
  // The point at distance s_m from the start (clamped to the ends).
  geo::LatLng At(double s_m) const;
  // Forward azimuth at distance s_m, degrees clockwise from north.
  double AzimuthAt(double s_m) const;

 private:
  std::vector<geo::LatLng> points_;
  std::vector<double> cumulative_m_;
};

// True iff p and the eight points margin_m away from it (every 45 degrees)
// are all inside the static zone.
bool InsideWithMargin(const rules::CompiledZones& zones, int zone,
                      geo::LatLng p, double margin_m);
// True iff p and those eight points are all outside the zone.
bool OutsideWithMargin(const rules::CompiledZones& zones, int zone,
                       geo::LatLng p, double margin_m);

// The shortest grid path inside `zone` (margin_m from its edges) from a point
// inside gateway `from` to one inside gateway `to`.
Result<Route> FindRoute(const rules::CompiledZones& zones, int zone, int from,
                        int to, double margin_m);

// A point inside `gateway` (margin_m from its edges) and outside `zone`
// (margin_m from it) nearest to `near`: where a vessel leaves through the
// gateway. Error if there is none.
Result<geo::LatLng> FindExit(const rules::CompiledZones& zones, int zone,
                             int gateway, geo::LatLng near, double margin_m);

}  // namespace truce::simulate

#endif  // TRUCE_SIMULATE_ROUTE_H_
