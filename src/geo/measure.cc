#include "geo/measure.h"

#include <GeographicLib/Geodesic.hpp>
#include <GeographicLib/GeodesicLine.hpp>
#include <GeographicLib/PolygonArea.hpp>
#include <algorithm>
#include <cmath>
#include <limits>

#include "geo/densify_internal.h"
#include "geo/geodesic.h"

namespace truce::geo {
namespace {

using GeographicLib::Geodesic;

// Budget for GeographicLib's error in one edge's contribution to the area
// (S12); Karney (2013) reports round-off errors far below this for WGS84.
constexpr double kAreaErrorPerEdge_m2 = 0.1;
constexpr int kMaxDensifyDepth = 40;

LatLng At(double lat, double lng) {
  return LatLng(Latitude{lat}, Longitude{lng});
}

// Cross-track distance of m from the geodesic that leaves a with azimuth
// azi_deg: s * sin(delta azimuth), the geodesic polar-coordinate estimate,
// exact to relative O((s/R)^2), which is far below 1e-3 for the sub-edges
// whose deviation is near any tolerance we use.
double CrossTrackM(const Geodesic& g, LatLng a, double azi_deg, LatLng m) {
  double s = 0, azi_am = 0, azi2 = 0;
  g.Inverse(a.lat_deg, a.lng_deg, m.lat_deg, m.lng_deg, s, azi_am, azi2);
  return std::abs(s * std::sin((azi_am - azi_deg) * M_PI / 180.0));
}

struct EdgeParam {
  double lat0, lng0, dlat, dlng;
  LatLng At(double t) const {
    return LatLng(Latitude{lat0 + t * dlat},
                  Longitude{internal::NormalizeLng(lng0 + t * dlng)});
  }
};

void Subdivide(const Geodesic& g, const EdgeParam& e, double t0, LatLng p0,
               double t1, LatLng p1, double tolerance_m, int depth,
               std::vector<LatLng>* out) {
  if (depth >= kMaxDensifyDepth) return;
  double s12 = 0, azi1 = 0, azi2 = 0;
  g.Inverse(p0.lat_deg, p0.lng_deg, p1.lat_deg, p1.lng_deg, s12, azi1, azi2);
  // Nothing to split: a point, a position GeographicLib rejects (NaN), or a
  // sub-edge so short that no tolerance we honour can be missed.
  if (!(s12 > 1e-3)) return;
  // The deviation is estimated at the quarter points and the midpoint: the
  // midpoint alone misses S-shaped deviations (edges crossing the equator).
  double worst = 0;
  for (int k = 1; k <= 3 && worst <= tolerance_m; ++k) {
    worst = std::max(worst,
                     CrossTrackM(g, p0, azi1, e.At(t0 + (t1 - t0) * k / 4.0)));
  }
  if (!(worst > tolerance_m)) return;  // also stops on NaN
  double tm = (t0 + t1) / 2;
  LatLng mid = e.At(tm);
  Subdivide(g, e, t0, p0, tm, mid, tolerance_m, depth + 1, out);
  out->push_back(mid);
  Subdivide(g, e, tm, mid, t1, p1, tolerance_m, depth + 1, out);
}

AreaMeasure RingMeasureWithDensify(std::span<const LatLng> ring,
                                   double tolerance_m) {
  Polyline dense = Densify(ring, /*closed=*/true, tolerance_m);
  AreaMeasure m = GeodesicRingArea(dense);
  if (dense.size() < 3) return m;
  // Densification error: the region between each sub-edge's geodesic and its
  // lon/lat line is at most tolerance_m wide, so the area differs by at most
  // tolerance_m * length; a curve within h of a chord of length L is longer
  // by about 8 h^2 / (3 L) (a parabolic arc), capped at 2 h.
  // The sub-edge's length enters as a lower bound (the 3-D chord, no
  // geodesic problem): a shorter length only makes the term larger.
  double extra_len = 0;
  for (size_t i = 0; i < dense.size(); ++i) {
    double s =
        internal::ChordLowerBoundM(dense[i], dense[(i + 1) % dense.size()]);
    if (s > 0) {
      extra_len +=
          std::min(2 * tolerance_m, 8 * tolerance_m * tolerance_m / (3 * s));
    }
  }
  m.area_error_m2 += tolerance_m * m.perimeter_m;
  m.perimeter_error_m += extra_len;
  return m;
}

}  // namespace

namespace internal {

double EdgeDeviationBoundM(LatLng a, LatLng b) {
  constexpr double kInf = std::numeric_limits<double>::infinity();
  if (!IsUsable(a) || !IsUsable(b)) return kInf;
  constexpr double kDeg = M_PI / 180;
  const double abs1 = std::abs(a.lat_deg), abs2 = std::abs(b.lat_deg);
  const double max_abs_lat = std::max(abs1, abs2);
  if (max_abs_lat > 89.99) return kInf;
  // The latitude is linear along the edge, so its extremes are the ends; the
  // smallest |latitude| is 0 when the edge crosses the equator.
  const double min_abs_lat =
      (a.lat_deg < 0) != (b.lat_deg < 0) ? 0 : std::min(abs1, abs2);
  const double dlat = (b.lat_deg - a.lat_deg) * kDeg;
  const double dlng = EdgeDeltaLng(a.lng_deg, b.lng_deg) * kDeg;
  // Length of the lon/lat curve: ds^2 = M^2 dlat^2 + N^2 cos^2(lat) dlng^2,
  // with both radii of curvature M, N <= a^2 / b (their polar value).
  constexpr double kMaxRadius_m = kWgs84A_m / (1 - kWgs84F);
  const double c = std::cos(min_abs_lat * kDeg);
  const double length_m =
      kMaxRadius_m * std::sqrt(dlat * dlat + c * c * dlng * dlng);
  if (!(length_m <= kDeviationBoundMaxLength_m)) return kInf;
  // Geodesic curvature of the curve <= kCurvature * tan|lat| / M_min, M_min =
  // a (1 - e^2) (measure.h, "Short edges"); a curve of curvature <= k and
  // length L lies within k L^2 / 8 of the geodesic joining its ends.
  constexpr double kE2 = kWgs84F * (2 - kWgs84F);
  constexpr double kCurvature = 1.0887 * (1 + 2 * kE2);
  constexpr double kMinRadius_m = kWgs84A_m * (1 - kE2);
  constexpr double kMargin = 1.25;
  const double k = kCurvature * std::tan(max_abs_lat * kDeg) / kMinRadius_m;
  return kMargin * k * length_m * length_m / 8;
}

double ChordLowerBoundM(LatLng a, LatLng b) {
  constexpr double kDeg = M_PI / 180;
  constexpr double kE2 = kWgs84F * (2 - kWgs84F);
  auto ecef = [&](const LatLng& p, double xyz[3]) {
    double sl = std::sin(p.lat_deg * kDeg), cl = std::cos(p.lat_deg * kDeg);
    double n = kWgs84A_m / std::sqrt(1 - kE2 * sl * sl);
    xyz[0] = n * cl * std::cos(p.lng_deg * kDeg);
    xyz[1] = n * cl * std::sin(p.lng_deg * kDeg);
    xyz[2] = n * (1 - kE2) * sl;
  };
  double p[3], q[3];
  ecef(a, p);
  ecef(b, q);
  return std::hypot(p[0] - q[0], p[1] - q[1], p[2] - q[2]);
}

void DensifyEdge(LatLng a, LatLng b, double tolerance_m,
                 std::vector<LatLng>* out) {
  if (!(tolerance_m >= kMinDensifyTolerance_m)) {
    tolerance_m = kMinDensifyTolerance_m;
  }
  // The shortcut: an edge whose closed-form bound is within the tolerance
  // would not be split by the exact path either (its estimate of the
  // deviation is below the true deviation, which is below the bound), so the
  // output is the same, without four geodesic inverse problems.
  if (EdgeDeviationBoundM(a, b) <= tolerance_m) return;
  DensifyEdgeExact(a, b, tolerance_m, out);
}

void DensifyEdgeExact(LatLng a, LatLng b, double tolerance_m,
                      std::vector<LatLng>* out) {
  if (!IsUsable(a) || !IsUsable(b)) return;
  if (!(tolerance_m >= kMinDensifyTolerance_m)) {
    tolerance_m = kMinDensifyTolerance_m;
  }
  EdgeParam e{a.lat_deg, a.lng_deg, b.lat_deg - a.lat_deg,
              EdgeDeltaLng(a.lng_deg, b.lng_deg)};
  LatLng a_n = At(a.lat_deg, NormalizeLng(a.lng_deg));
  LatLng b_n = At(b.lat_deg, NormalizeLng(b.lng_deg));
  Subdivide(Geodesic::WGS84(), e, 0, a_n, 1, b_n, tolerance_m, 0, out);
}
}  // namespace internal

AreaMeasure GeodesicRingArea(std::span<const LatLng> ring) {
  AreaMeasure m;
  if (ring.empty()) return m;
  GeographicLib::PolygonArea poly(Geodesic::WGS84(), /*polyline=*/false);
  for (const LatLng& p : ring) poly.AddPoint(p.lat_deg, p.lng_deg);
  double perimeter = 0, area = 0;
  poly.Compute(/*reverse=*/false, /*sign=*/true, perimeter, area);
  m.area_m2 = std::abs(area);
  m.perimeter_m = perimeter;
  m.area_error_m2 = kAreaErrorPerEdge_m2 * static_cast<double>(ring.size());
  m.perimeter_error_m =
      kGeodesicDistanceError_m * static_cast<double>(ring.size());
  return m;
}

LengthMeasure GeodesicLineLength(std::span<const LatLng> line) {
  LengthMeasure m;
  if (line.size() < 2) return m;
  GeographicLib::PolygonArea poly(Geodesic::WGS84(), /*polyline=*/true);
  for (const LatLng& p : line) poly.AddPoint(p.lat_deg, p.lng_deg);
  double perimeter = 0, area = 0;
  poly.Compute(false, true, perimeter, area);
  m.length_m = perimeter;
  m.error_m = kGeodesicDistanceError_m * static_cast<double>(line.size() - 1);
  return m;
}

Polyline Densify(std::span<const LatLng> points, bool closed,
                 double tolerance_m) {
  if (!(tolerance_m >= internal::kMinDensifyTolerance_m)) {
    tolerance_m = internal::kMinDensifyTolerance_m;
  }
  Polyline out;
  if (points.empty()) return out;
  out.reserve(points.size() + points.size() / 4 + 1);
  size_t n = points.size();
  size_t edges = closed ? n : n - 1;
  for (size_t i = 0; i < edges; ++i) {
    const LatLng& a = points[i];
    const LatLng& b = points[(i + 1) % n];
    out.push_back(At(a.lat_deg, internal::NormalizeLng(a.lng_deg)));
    internal::DensifyEdge(a, b, tolerance_m, &out);
  }
  if (!closed || n == 1) {
    const LatLng& last = points[n - 1];
    out.push_back(At(last.lat_deg, internal::NormalizeLng(last.lng_deg)));
  }
  return out;
}

AreaMeasure MeasurePolygon(const Polygon& polygon) {
  AreaMeasure total =
      RingMeasureWithDensify(polygon.outer, kDensifyTolerance_m);
  for (const Ring& hole : polygon.holes) {
    AreaMeasure h = RingMeasureWithDensify(hole, kDensifyTolerance_m);
    total.area_m2 -= h.area_m2;
    total.perimeter_m += h.perimeter_m;
    total.area_error_m2 += h.area_error_m2;
    total.perimeter_error_m += h.perimeter_error_m;
  }
  total.area_m2 = std::max(0.0, total.area_m2);
  return total;
}

AreaMeasure MeasureMultiPolygon(const MultiPolygon& multi) {
  AreaMeasure total;
  for (const Polygon& p : multi.polygons) {
    AreaMeasure m = MeasurePolygon(p);
    total.area_m2 += m.area_m2;
    total.perimeter_m += m.perimeter_m;
    total.area_error_m2 += m.area_error_m2;
    total.perimeter_error_m += m.perimeter_error_m;
  }
  return total;
}

LengthMeasure MeasureLine(std::span<const LatLng> line) {
  Polyline dense = Densify(line, /*closed=*/false, kDensifyTolerance_m);
  LengthMeasure m = GeodesicLineLength(dense);
  const Geodesic& g = Geodesic::WGS84();
  for (size_t i = 0; i + 1 < dense.size(); ++i) {
    double s = 0;
    g.Inverse(dense[i].lat_deg, dense[i].lng_deg, dense[i + 1].lat_deg,
              dense[i + 1].lng_deg, s);
    if (s > 0) {
      m.error_m +=
          std::min(2 * kDensifyTolerance_m,
                   8 * kDensifyTolerance_m * kDensifyTolerance_m / (3 * s));
    }
  }
  return m;
}

}  // namespace truce::geo
