// Internal helpers shared by the geo sources; not part of the API.
#ifndef TRUCE_GEO_DENSIFY_INTERNAL_H_
#define TRUCE_GEO_DENSIFY_INTERNAL_H_

#include <cmath>
#include <vector>

#include "geo/latlng.h"

namespace truce::geo::internal {

// Longitude in [-180, 180) (exact: std::remainder is); NaN stays NaN.
inline double NormalizeLng(double lng_deg) {
  if (lng_deg >= -180 && lng_deg < 180) return lng_deg;
  double r = std::remainder(lng_deg, 360.0);
  return r >= 180 ? r - 360 : r;
}

// A usable position: finite, latitude within [-90, 90].
inline bool IsUsable(const LatLng& p) {
  return std::isfinite(p.lng_deg) && std::isfinite(p.lat_deg) &&
         std::abs(p.lat_deg) <= 90;
}

// Smallest tolerance Densify honours (below it, sub-edges shorter than a
// millimetre would be needed on long curved edges).
inline constexpr double kMinDensifyTolerance_m = 1e-7;

// The signed longitude change along an RFC 7946 edge from a to b: the short
// way, in [-180, 180].
inline double EdgeDeltaLng(double from_deg, double to_deg) {
  double d = to_deg - from_deg;
  if (d > 180 || d < -180) d = std::remainder(d, 360.0);
  return d;
}

// Appends to `out` the interior points (neither a nor b) that densify the
// RFC 7946 edge a->b to `tolerance_m` (see measure.h: Densify). Edges whose
// EdgeDeviationBoundM is within the tolerance append nothing without any
// geodesic computation; the others take DensifyEdgeExact.
void DensifyEdge(LatLng a, LatLng b, double tolerance_m,
                 std::vector<LatLng>* out);

// The exact path of DensifyEdge: recursive bisection checked with geodesic
// inverse problems, whatever the edge's length. Exposed for the test that
// compares it with the closed-form shortcut.
void DensifyEdgeExact(LatLng a, LatLng b, double tolerance_m,
                      std::vector<LatLng>* out);

// An upper bound, in metres, on the distance between the RFC 7946 edge a->b
// (the straight line in lon/lat, the short way) and the geodesic from a to b;
// +infinity where the closed form is not claimed (an edge that may be longer
// than kDeviationBoundMaxLength_m, a latitude beyond 89.99 degrees, an
// unusable position). Derivation in measure.h ("Short edges"). Costs a few
// trigonometric functions; no geodesic problem is solved.
double EdgeDeviationBoundM(LatLng a, LatLng b);
inline constexpr double kDeviationBoundMaxLength_m = 100e3;

// A lower bound on the geodesic distance between a and b: the straight chord
// between them in Earth-centred coordinates (WGS84). Shorter than the
// geodesic by a relative (s / R)^2 / 24 at most.
double ChordLowerBoundM(LatLng a, LatLng b);

}  // namespace truce::geo::internal

#endif  // TRUCE_GEO_DENSIFY_INTERNAL_H_
