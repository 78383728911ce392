#include "geo/measure.h"

#include <GeographicLib/Geodesic.hpp>
#include <GeographicLib/GeodesicLine.hpp>
#include <GeographicLib/PolygonArea.hpp>
#include <algorithm>
#include <cmath>

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
  const Geodesic& g = Geodesic::WGS84();
  double extra_len = 0;
  for (size_t i = 0; i < dense.size(); ++i) {
    const LatLng& a = dense[i];
    const LatLng& b = dense[(i + 1) % dense.size()];
    double s = 0;
    g.Inverse(a.lat_deg, a.lng_deg, b.lat_deg, b.lng_deg, s);
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
void DensifyEdge(LatLng a, LatLng b, double tolerance_m,
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
