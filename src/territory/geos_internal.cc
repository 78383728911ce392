#include "territory/geos_internal.h"

#include <cmath>
#include <vector>

namespace truce::territory::internal {

GeosContext::GeosContext() : handle_(GEOS_init_r()) {
  GEOSContext_setErrorMessageHandler_r(handle_, &GeosContext::OnError, this);
}

GeosContext::~GeosContext() { GEOS_finish_r(handle_); }

void GeosContext::OnError(const char* message, void* self) {
  static_cast<GeosContext*>(self)->last_error_ = message ? message : "";
}

namespace {

// Unwrapped, closed coordinates (x, y interleaved) of a ring, or empty when
// the ring has fewer than 3 distinct points.
std::vector<double> RingCoords(const geo::Ring& ring, Frame frame) {
  std::vector<double> xy;
  xy.reserve(2 * ring.size() + 10);
  double prev = 0;
  for (const geo::LatLng& p : ring) {
    double lon = p.lng_deg;
    if (xy.empty()) {
      double lo = frame == Frame::kEast ? 0 : -180;
      while (lon < lo) lon += 360;
      while (lon >= lo + 360) lon -= 360;
    } else {
      while (lon - prev > 180) lon -= 360;
      while (lon - prev < -180) lon += 360;
      if (lon == prev && p.lat_deg == xy.back()) continue;  // duplicate
    }
    xy.push_back(lon);
    xy.push_back(p.lat_deg);
    prev = lon;
  }
  if (xy.size() >= 4 && xy[xy.size() - 2] == xy[0] &&
      xy[xy.size() - 1] == xy[1]) {
    xy.resize(xy.size() - 2);
  }
  if (xy.size() < 6) return {};
  // The closing edge, unwrapped the short way from the last point.
  double first = xy[0];
  double close = first;
  while (close - prev > 180) close -= 360;
  while (close - prev < -180) close += 360;
  if (std::abs(close - first) > 1e-9) {
    // The ring winds around a pole: close it through that pole.
    double lat_sum = 0;
    for (std::size_t i = 1; i < xy.size(); i += 2) lat_sum += xy[i];
    double pole = lat_sum >= 0 ? 90.0 : -90.0;
    double lat0 = xy[1];
    xy.insert(xy.end(), {close, lat0, close, pole, first, pole});
  }
  xy.push_back(xy[0]);
  xy.push_back(xy[1]);
  return xy;
}

GEOSGeometry* MakeRing(GEOSContextHandle_t h, const std::vector<double>& xy) {
  GEOSCoordSequence* seq =
      GEOSCoordSeq_copyFromBuffer_r(h, xy.data(), xy.size() / 2, 0, 0);
  if (!seq) return nullptr;
  return GEOSGeom_createLinearRing_r(h, seq);  // takes seq
}

}  // namespace

bool NeedsEastFrame(const geo::MultiPolygon& multi) {
  auto crosses = [](const geo::Ring& r) {
    for (std::size_t i = 0; i < r.size(); ++i) {
      double a = r[i].lng_deg;
      double b = r[(i + 1) % r.size()].lng_deg;
      if (std::abs(a - b) > 180 || a < -180 || a > 180) return true;
    }
    return false;
  };
  for (const geo::Polygon& p : multi.polygons) {
    if (crosses(p.outer)) return true;
    for (const geo::Ring& h : p.holes) {
      if (crosses(h)) return true;
    }
  }
  return false;
}

Geom ToGeos(const GeosContext& ctx, const geo::MultiPolygon& multi,
            ToGeosStats* stats, Frame frame) {
  GEOSContextHandle_t h = ctx.get();
  std::vector<GEOSGeometry*> polys;
  auto cleanup = [&] {
    for (GEOSGeometry* g : polys) GEOSGeom_destroy_r(h, g);
  };
  for (const geo::Polygon& p : multi.polygons) {
    std::vector<double> outer = RingCoords(p.outer, frame);
    if (outer.empty()) {
      if (stats) stats->rings_dropped += 1 + static_cast<int>(p.holes.size());
      continue;
    }
    GEOSGeometry* shell = MakeRing(h, outer);
    if (!shell) {
      cleanup();
      return {};
    }
    std::vector<GEOSGeometry*> holes;
    bool failed = false;
    for (const geo::Ring& hr : p.holes) {
      std::vector<double> xy = RingCoords(hr, frame);
      if (xy.empty()) {
        if (stats) ++stats->rings_dropped;
        continue;
      }
      GEOSGeometry* ring = MakeRing(h, xy);
      if (!ring) {
        failed = true;
        break;
      }
      holes.push_back(ring);
    }
    if (failed) {
      GEOSGeom_destroy_r(h, shell);
      for (GEOSGeometry* g : holes) GEOSGeom_destroy_r(h, g);
      cleanup();
      return {};
    }
    GEOSGeometry* poly = GEOSGeom_createPolygon_r(
        h, shell, holes.empty() ? nullptr : holes.data(),
        static_cast<unsigned>(holes.size()));
    if (!poly) {
      cleanup();
      return {};
    }
    polys.push_back(poly);
  }
  GEOSGeometry* mp = GEOSGeom_createCollection_r(
      h, GEOS_MULTIPOLYGON, polys.empty() ? nullptr : polys.data(),
      static_cast<unsigned>(polys.size()));
  if (!mp) {
    cleanup();
    return {};
  }
  return Geom(h, mp);
}

namespace {

geo::Ring RingFromGeos(GEOSContextHandle_t h, const GEOSGeometry* ring) {
  const GEOSCoordSequence* seq = GEOSGeom_getCoordSeq_r(h, ring);
  unsigned n = 0;
  if (!seq || !GEOSCoordSeq_getSize_r(h, seq, &n) || n == 0) return {};
  std::vector<double> xy(2 * static_cast<std::size_t>(n));
  GEOSCoordSeq_copyToBuffer_r(h, seq, xy.data(), 0, 0);
  geo::Ring out;
  out.reserve(n);
  for (unsigned i = 0; i + 1 < n; ++i) {  // drop the closing point
    out.emplace_back(geo::Latitude{xy[2 * i + 1]}, geo::Longitude{xy[2 * i]});
  }
  return out;
}

void Collect(GEOSContextHandle_t h, const GEOSGeometry* g,
             geo::MultiPolygon& out) {
  int type = GEOSGeomTypeId_r(h, g);
  if (type == GEOS_POLYGON) {
    if (GEOSisEmpty_r(h, g) != 1) {
      geo::Polygon p;
      p.outer = RingFromGeos(h, GEOSGetExteriorRing_r(h, g));
      int holes = GEOSGetNumInteriorRings_r(h, g);
      for (int i = 0; i < holes; ++i) {
        p.holes.push_back(RingFromGeos(h, GEOSGetInteriorRingN_r(h, g, i)));
      }
      out.polygons.push_back(std::move(p));
    }
  } else if (type == GEOS_MULTIPOLYGON || type == GEOS_GEOMETRYCOLLECTION) {
    int n = GEOSGetNumGeometries_r(h, g);
    for (int i = 0; i < n; ++i) Collect(h, GEOSGetGeometryN_r(h, g, i), out);
  }
}

}  // namespace

geo::MultiPolygon FromGeos(const GeosContext& ctx, const GEOSGeometry* g) {
  geo::MultiPolygon out;
  if (g) Collect(ctx.get(), g, out);
  return out;
}

geo::Polygon PolygonFromGeos(const GeosContext& ctx, const GEOSGeometry* g) {
  geo::MultiPolygon m = FromGeos(ctx, g);
  return m.polygons.empty() ? geo::Polygon{} : std::move(m.polygons.front());
}

}  // namespace truce::territory::internal
