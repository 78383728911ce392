// Internal helpers shared by the geo sources; not part of the API.
#ifndef TRUCE_GEO_DENSIFY_INTERNAL_H_
#define TRUCE_GEO_DENSIFY_INTERNAL_H_

#include <cmath>
#include <vector>

#include "geo/latlng.h"

namespace truce::geo::internal {

// Longitude in [-180, 180).
inline double NormalizeLng(double lng_deg) {
  if (lng_deg >= -180 && lng_deg < 180) return lng_deg;
  double r = lng_deg - 360.0 * std::floor((lng_deg + 180.0) / 360.0);
  if (r >= 180) r -= 360;
  return r;
}

// The signed longitude change along an RFC 7946 edge from a to b: the short
// way, in [-180, 180].
inline double EdgeDeltaLng(double from_deg, double to_deg) {
  double d = to_deg - from_deg;
  if (d > 180 || d < -180) d -= 360.0 * std::round(d / 360.0);
  return d;
}

// Appends to `out` the interior points (neither a nor b) that densify the
// RFC 7946 edge a->b to `tolerance_m` (see measure.h: Densify).
void DensifyEdge(LatLng a, LatLng b, double tolerance_m,
                 std::vector<LatLng>* out);

}  // namespace truce::geo::internal

#endif  // TRUCE_GEO_DENSIFY_INTERNAL_H_
