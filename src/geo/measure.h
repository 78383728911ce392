// Lengths, areas and perimeters on the WGS84 ellipsoid.
//
// Two kinds of edge exist and must not be confused:
//  - geodesic edges (GeodesicRing*): what GeographicLib's Planimeter measures;
//    these agree with Planimeter to 1e-9 relative, because they call the same
//    GeographicLib::PolygonArea.
//  - RFC 7946 edges (Measure*): straight lines in longitude/latitude, the
//    meaning of every polygon edge in an agreement or control map
//    (docs/formats/agreement.md). These are measured by densifying each edge
//    (Densify) until every sub-edge's geodesic lies within kDensifyTolerance_m
//    of the longitude/latitude line, then measuring the geodesic ring; the
//    stated error bound includes that tolerance.
//
// Rings whose edges cross the antimeridian and polygons that contain a pole
// are measured correctly (GeographicLib handles both). A ring encloses the
// smaller of the two regions it divides the ellipsoid into, so a zone larger
// than half the ellipsoid cannot be written as one ring.
//
// Error bounds (all reported in the results):
//  - GeodesicRingArea: 0.1 m^2 per edge (a generous budget for
//    GeographicLib's round-off); perimeter 15 nm per edge.
//  - Measure*: the above on the densified ring, plus tolerance * perimeter
//    for the area (the strip between each sub-edge's geodesic and its lon/lat
//    line is at most `tolerance` wide) and 8 h^2 / (3 L) per sub-edge of
//    length L for lengths (the excess length of an arc within h of a chord).
// Densification's deviation is estimated as the cross-track distance of the
// lon/lat line's points at 1/4, 1/2 and 3/4 of each sub-edge from its
// geodesic (three points: an edge crossing the equator deviates in an S
// shape, zero in the middle); the test DensifiedSubEdgesLieWithinTolerance
// checks the claim independently.
//
// Short edges (the shortcut that makes most edges of a real map free):
// before any geodesic is computed, each RFC 7946 edge gets a closed-form
// bound on its distance from the geodesic joining its ends
// (internal::EdgeDeviationBoundM); when the bound is within the tolerance the
// edge is kept whole. The exact path would keep it whole too (its estimate of
// the deviation is below the true deviation), so Densify's output, and every
// area and length, is the same as without the shortcut; the test
// EdgeShortcutAgreesWithExactDensification checks both claims on random
// edges at all latitudes. The bound:
//  - the edge's length: ds^2 = M^2 dlat^2 + N^2 cos^2(lat) dlng^2 with the
//    radii of curvature M, N <= a^2 / b, so L <= (a^2 / b) * sqrt(dlat^2 +
//    cos^2(lat_min) dlng^2), lat_min the smallest |latitude| on the edge;
//  - its geodesic curvature: with theta the angle from the meridian,
//    Liouville's formula gives k = dtheta/ds + (N'/N - tan lat) sin(theta) / M
//    and dtheta/ds = g' sin(theta) cos^2(theta) / M, g = ln(N cos(lat) / M);
//    |g'| <= (1 + 2 e^2) tan|lat| and |N'/N - tan lat| <= tan|lat|, so
//    |k| <= (1 + 2 e^2) tan|lat| sin(theta) (1 + cos^2 theta) / M
//       <= 1.0887 (1 + 2 e^2) tan|lat_max| / (a (1 - e^2))
//    (sin t (1 + cos^2 t) peaks at 4 / (3 sqrt(3/2)) = 1.0887; a parallel,
//    theta = 90 degrees, has exactly tan(lat) / N);
//  - a curve of curvature <= k and length L lies within the sagitta of the
//    circular arc, (1 - cos(k L / 2)) / k <= k L^2 / 8, of its chord; on the
//    ellipsoid the comparison holds to a relative O((L / R)^2), under 3e-4
//    for the edges the bound is claimed for (L <= 100 km), covered with the
//    rest of the estimates' slack by a factor 1.25.
// So deviation <= 1.25 k L^2 / 8: at 48 degrees, edges up to about 1.3 km
// need no geodesic work at the 5 cm tolerance; an edge along the equator
// (tan 0, a geodesic) never does.
// The perimeter's error term needs each sub-edge's length only as a lower
// bound: the 3-D chord between its ends, cheaper than a geodesic.
//
// Thread safety: pure functions.
#ifndef TRUCE_GEO_MEASURE_H_
#define TRUCE_GEO_MEASURE_H_

#include <span>

#include "geo/latlng.h"

namespace truce::geo {

// Largest distance between a densified sub-edge's geodesic and the RFC 7946
// longitude/latitude line it stands for.
inline constexpr double kDensifyTolerance_m = 0.05;

struct AreaMeasure {
  double area_m2 = 0;      // >= 0; the area enclosed, whatever the orientation
  double perimeter_m = 0;  // length of the boundary
  double area_error_m2 = 0;  // bound on |area_m2 - true area|
  double perimeter_error_m = 0;
};

struct LengthMeasure {
  double length_m = 0;
  double error_m = 0;
};

// Area and perimeter of a ring with geodesic edges; what Planimeter reports.
// Orientation does not matter: the area is that of the smaller of the two
// regions the ring divides the ellipsoid into (|Planimeter's signed area|), so
// a ring around a pole measures the polar cap it encloses.
AreaMeasure GeodesicRingArea(std::span<const LatLng> ring);

// Length of a polyline with geodesic edges; what Planimeter -l reports.
LengthMeasure GeodesicLineLength(std::span<const LatLng> line);

// Inserts points along each RFC 7946 edge (a straight line in lon/lat, the
// short way across the antimeridian) so that every sub-edge's geodesic lies
// within tolerance_m of that line. For a ring, the closing edge is densified
// too. Output longitudes are normalised to [-180, 180). Tolerances below
// 1e-7 m are raised to 1e-7 m; edges with a non-finite coordinate or a
// latitude beyond +-90 are passed through undensified (validate first).
Polyline Densify(std::span<const LatLng> points, bool closed,
                 double tolerance_m = kDensifyTolerance_m);

// Area (outer minus holes) and perimeter (all rings) of a polygon with RFC
// 7946 edges.
AreaMeasure MeasurePolygon(const Polygon& polygon);
AreaMeasure MeasureMultiPolygon(const MultiPolygon& multi);

// Length of a polyline with RFC 7946 edges.
LengthMeasure MeasureLine(std::span<const LatLng> line);

}  // namespace truce::geo

#endif  // TRUCE_GEO_MEASURE_H_
