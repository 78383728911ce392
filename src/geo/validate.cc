#include "geo/validate.h"

#include <fmt/format.h>
#include <geos_c.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <string_view>

#include "geo/densify_internal.h"

namespace truce::geo {
namespace {

struct Xy {
  double x, y;  // unwrapped longitude, latitude
};

// A ring ready for GEOS: consecutive duplicates removed, longitudes
// unwrapped along the edges (the short way), and, for a ring that winds
// around a pole, closed through that pole. original[i] is the index in the
// user's ring of pts[i]; pole points have original -1.
struct PlanarRing {
  std::vector<Xy> pts;
  std::vector<int> original;
};

std::string Where(LatLng p) {
  return fmt::format("{:.4f} {} {:.4f} {}", std::abs(p.lat_deg),
                     p.lat_deg < 0 ? 'S' : 'N', std::abs(p.lng_deg),
                     p.lng_deg < 0 ? 'W' : 'E');
}

std::string RingName(int ring) {
  return ring == 0 ? "outer ring" : fmt::format("hole {}", ring);
}

PlanarRing Unwrap(const Ring& ring) {
  PlanarRing out;
  const size_t n = ring.size();
  for (size_t i = 0; i < n; ++i) {
    const LatLng& p = ring[i];
    const LatLng& next = ring[(i + 1) % n];
    if (n > 1 && p == next) continue;  // the later copy is kept
    if (out.pts.empty()) {
      out.pts.push_back({p.lng_deg, p.lat_deg});
    } else {
      double prev = out.pts.back().x;
      out.pts.push_back(
          {prev + internal::EdgeDeltaLng(prev, p.lng_deg), p.lat_deg});
    }
    out.original.push_back(static_cast<int>(i));
  }
  if (out.pts.size() < 3) return out;
  double closing =
      out.pts.back().x + internal::EdgeDeltaLng(out.pts.back().x, out.pts[0].x);
  double wind = closing - out.pts[0].x;
  if (std::abs(wind) > 180) {
    // Winds around a pole: the ring bounds the polar cap on the side of its
    // mean latitude; close it along that pole's line in lon/lat.
    double mean = 0;
    for (const Xy& p : out.pts) mean += p.y;
    double pole = mean > 0 ? 90 : -90;
    out.pts.push_back({closing, pole});
    out.pts.push_back({out.pts[0].x, pole});
    out.original.push_back(-1);
    out.original.push_back(-1);
  }
  return out;
}

void Shift(PlanarRing* r, double dx) {
  for (Xy& p : r->pts) p.x += dx;
}

double Mean(const PlanarRing& r) {
  double s = 0;
  for (const Xy& p : r.pts) s += p.x;
  return r.pts.empty() ? 0 : s / static_cast<double>(r.pts.size());
}

// Shifts `r` by a multiple of 360 to lie nearest to longitude `x`.
void AlignTo(PlanarRing* r, double x) {
  Shift(r, -360.0 * std::round((Mean(*r) - x) / 360.0));
}

class Geos {
 public:
  Geos() : h_(GEOS_init_r()) {}
  ~Geos() { GEOS_finish_r(h_); }
  Geos(const Geos&) = delete;
  Geos& operator=(const Geos&) = delete;
  GEOSContextHandle_t h() const { return h_; }

  GEOSGeometry* LinearRing(const PlanarRing& r) {
    const unsigned n = static_cast<unsigned>(r.pts.size());
    GEOSCoordSequence* seq = GEOSCoordSeq_create_r(h_, n + 1, 2);
    for (unsigned i = 0; i <= n; ++i) {
      const Xy& p = r.pts[i % n];
      GEOSCoordSeq_setXY_r(h_, seq, i, p.x, p.y);
    }
    return GEOSGeom_createLinearRing_r(h_, seq);
  }
  GEOSGeometry* Polygon(const PlanarRing& outer,
                        const std::vector<const PlanarRing*>& holes) {
    std::vector<GEOSGeometry*> hs;
    for (const PlanarRing* r : holes) hs.push_back(LinearRing(*r));
    return GEOSGeom_createPolygon_r(h_, LinearRing(outer), hs.data(),
                                    static_cast<unsigned>(hs.size()));
  }

  struct Invalid {
    std::string reason;
    Xy at;
  };
  // Takes ownership of g.
  std::optional<Invalid> Check(GEOSGeometry* g) {
    if (g == nullptr) return Invalid{"could not build geometry", {0, 0}};
    char* reason = nullptr;
    GEOSGeometry* location = nullptr;
    char valid = GEOSisValidDetail_r(h_, g, 0, &reason, &location);
    std::optional<Invalid> out;
    if (valid != 1) {
      Invalid inv{reason ? reason : "invalid geometry", {0, 0}};
      if (location != nullptr) {
        GEOSGeomGetX_r(h_, location, &inv.at.x);
        GEOSGeomGetY_r(h_, location, &inv.at.y);
      }
      out = inv;
    }
    if (reason) GEOSFree_r(h_, reason);
    if (location) GEOSGeom_destroy_r(h_, location);
    GEOSGeom_destroy_r(h_, g);
    return out;
  }

 private:
  GEOSContextHandle_t h_;
};

double SegmentDistance(Xy p, Xy a, Xy b) {
  double dx = b.x - a.x, dy = b.y - a.y;
  double len2 = dx * dx + dy * dy;
  double t = len2 > 0 ? ((p.x - a.x) * dx + (p.y - a.y) * dy) / len2 : 0;
  t = std::clamp(t, 0.0, 1.0);
  return std::hypot(p.x - a.x - t * dx, p.y - a.y - t * dy);
}

struct Nearest {
  int ring = -1;
  int vertex = -1;
};

// The ring (index into `rings`, with its ring number) and user vertex whose
// edge passes nearest to `at`.
Nearest NearestEdge(const std::vector<std::pair<int, const PlanarRing*>>& rings,
                    Xy at) {
  Nearest best;
  double best_d = std::numeric_limits<double>::infinity();
  for (const auto& [number, r] : rings) {
    const size_t n = r->pts.size();
    for (size_t i = 0; i < n; ++i) {
      double d = SegmentDistance(at, r->pts[i], r->pts[(i + 1) % n]);
      if (d < best_d) {
        best_d = d;
        best.ring = number;
        size_t k = i;
        while (r->original[k] < 0 && k > 0) --k;  // a pole point: its edge
        best.vertex = r->original[k];
      }
    }
  }
  return best;
}

LatLng ToLatLng(Xy p) {
  return LatLng(Latitude{p.y}, Longitude{internal::NormalizeLng(p.x)});
}

bool Contains(std::string_view s, std::string_view part) {
  return s.find(part) != std::string_view::npos;
}

GeometryProblem FromGeos(const Geos::Invalid& inv, Nearest where, int polygon) {
  GeometryProblem p;
  p.polygon = polygon;
  p.ring = where.ring;
  p.vertex = where.vertex;
  p.at = ToLatLng(inv.at);
  const std::string at = Where(*p.at);
  const std::string& r = inv.reason;
  if (Contains(r, "Hole lies outside shell")) {
    p.message = fmt::format("{} lies outside the outer ring (near {})",
                            RingName(where.ring), at);
    p.hint =
        "move the hole inside the outer ring, or make it a polygon of "
        "its own";
  } else if (Contains(r, "Nested holes")) {
    p.message = fmt::format("{} lies inside another hole (near {})",
                            RingName(where.ring), at);
    p.hint = "remove the inner hole or merge the holes";
  } else if (Contains(r, "Interior is disconnected")) {
    p.message =
        fmt::format("holes cut the polygon's interior in two at {}", at);
    p.hint =
        "holes may touch the outer ring or each other at one point at "
        "most; split the polygon into several";
  } else if (Contains(r, "Nested shells")) {
    p.message = fmt::format("polygon {} lies inside another polygon (near {})",
                            polygon, at);
    p.ring = -1;
    p.vertex = -1;
    p.hint = "make the inner polygon a hole of the outer, or remove it";
  } else if (Contains(r, "Self-intersection") ||
             Contains(r, "Ring Self-intersection")) {
    p.message =
        fmt::format("{} self-intersects at {}", RingName(where.ring), at);
    p.hint =
        "edges of a ring must not cross or touch; fix the vertices "
        "near that point";
  } else if (Contains(r, "Too few points")) {
    p.message =
        fmt::format("{} has too few distinct points", RingName(where.ring));
    p.hint = "a ring needs at least 3 distinct points";
  } else {
    p.message =
        fmt::format("{} is invalid ({}) at {}", RingName(where.ring), r, at);
    p.hint = "fix the geometry near that point";
  }
  return p;
}

// Checks one polygon; its planar rings go to `planar` (outer first) when it
// is usable for the multipolygon check.
std::vector<GeometryProblem> CheckPolygon(const Polygon& polygon, int index,
                                          Geos& geos,
                                          std::vector<PlanarRing>* planar) {
  std::vector<GeometryProblem> problems;
  std::vector<const Ring*> rings = {&polygon.outer};
  for (const Ring& h : polygon.holes) rings.push_back(&h);
  bool usable = true;
  for (size_t r = 0; r < rings.size(); ++r) {
    const Ring& ring = *rings[r];
    const int rn = static_cast<int>(r);
    bool range_ok = true;
    for (size_t i = 0; i < ring.size(); ++i) {
      const LatLng& p = ring[i];
      if (!std::isfinite(p.lat_deg) || std::abs(p.lat_deg) > 90) {
        problems.push_back(
            {fmt::format("latitude {} is outside [-90, 90]", p.lat_deg),
             "GeoJSON positions are [longitude, latitude]; "
             "check the order and the value",
             index, rn, static_cast<int>(i), std::nullopt});
        range_ok = false;
      }
      if (!std::isfinite(p.lng_deg) || std::abs(p.lng_deg) > 180) {
        problems.push_back(
            {fmt::format("longitude {} is outside [-180, 180]", p.lng_deg),
             "write longitudes between -180 and 180", index, rn,
             static_cast<int>(i), std::nullopt});
        range_ok = false;
      }
    }
    size_t distinct = 0;
    for (size_t i = 0; i < ring.size(); ++i) {
      const LatLng& prev = ring[(i + ring.size() - 1) % ring.size()];
      if (ring.size() > 1 && ring[i] == prev) {
        problems.push_back(
            {fmt::format("vertex {} repeats the previous point", i),
             "remove the repeated point", index, rn, static_cast<int>(i),
             ring[i]});
      } else {
        ++distinct;
      }
    }
    if (ring.size() == 1) distinct = 1;
    if (distinct < 3) {
      problems.push_back(
          {fmt::format("{} has {} distinct point{}; a ring needs at least 3",
                       RingName(rn), distinct, distinct == 1 ? "" : "s"),
           "add points, or remove the ring", index, rn, -1, std::nullopt});
      range_ok = false;
    }
    usable = usable && range_ok;
  }
  if (!usable) return problems;

  std::vector<PlanarRing> planar_rings;
  for (const Ring* r : rings) planar_rings.push_back(Unwrap(*r));
  for (size_t r = 1; r < planar_rings.size(); ++r) {
    AlignTo(&planar_rings[r], Mean(planar_rings[0]));
  }
  // Each ring alone: self-intersections.
  bool rings_ok = true;
  for (size_t r = 0; r < planar_rings.size(); ++r) {
    auto inv = geos.Check(geos.Polygon(planar_rings[r], {}));
    if (!inv) continue;
    rings_ok = false;
    problems.push_back(FromGeos(
        *inv, NearestEdge({{static_cast<int>(r), &planar_rings[r]}}, inv->at),
        index));
  }
  if (!rings_ok) return problems;
  // Each hole against the outer ring, then all together.
  bool holes_ok = true;
  for (size_t r = 1; r < planar_rings.size(); ++r) {
    auto inv = geos.Check(geos.Polygon(planar_rings[0], {&planar_rings[r]}));
    if (!inv) continue;
    holes_ok = false;
    Nearest where{static_cast<int>(r), -1};
    if (!Contains(inv->reason, "outside")) {
      where = NearestEdge(
          {{0, &planar_rings[0]}, {static_cast<int>(r), &planar_rings[r]}},
          inv->at);
    }
    problems.push_back(FromGeos(*inv, where, index));
  }
  if (holes_ok && planar_rings.size() > 2) {
    std::vector<const PlanarRing*> holes;
    std::vector<std::pair<int, const PlanarRing*>> all = {
        {0, &planar_rings[0]}};
    for (size_t r = 1; r < planar_rings.size(); ++r) {
      holes.push_back(&planar_rings[r]);
      all.emplace_back(static_cast<int>(r), &planar_rings[r]);
    }
    auto inv = geos.Check(geos.Polygon(planar_rings[0], holes));
    if (inv) {
      holes_ok = false;
      problems.push_back(FromGeos(*inv, NearestEdge(all, inv->at), index));
    }
  }
  if (holes_ok && planar) *planar = std::move(planar_rings);
  return problems;
}

}  // namespace

std::vector<GeometryProblem> ValidatePolygon(const Polygon& polygon) {
  Geos geos;
  return CheckPolygon(polygon, -1, geos, nullptr);
}

std::vector<GeometryProblem> ValidateMultiPolygon(const MultiPolygon& multi) {
  Geos geos;
  std::vector<GeometryProblem> problems;
  if (multi.polygons.empty()) {
    problems.push_back({"multipolygon has no polygons",
                        "give at least one polygon", -1, -1, -1, std::nullopt});
    return problems;
  }
  std::vector<std::vector<PlanarRing>> planar(multi.polygons.size());
  bool all_ok = true;
  for (size_t i = 0; i < multi.polygons.size(); ++i) {
    auto p =
        CheckPolygon(multi.polygons[i], static_cast<int>(i), geos, &planar[i]);
    all_ok = all_ok && p.empty();
    problems.insert(problems.end(), p.begin(), p.end());
  }
  if (!all_ok || multi.polygons.size() < 2) return problems;
  // Polygons must not overlap: check them together, each shifted by a
  // multiple of 360 to lie nearest the first.
  double x0 = Mean(planar[0][0]);
  std::vector<GEOSGeometry*> parts;
  for (auto& rings : planar) {
    double dx = -360.0 * std::round((Mean(rings[0]) - x0) / 360.0);
    for (PlanarRing& r : rings) Shift(&r, dx);
    std::vector<const PlanarRing*> holes;
    for (size_t k = 1; k < rings.size(); ++k) holes.push_back(&rings[k]);
    parts.push_back(geos.Polygon(rings[0], holes));
  }
  GEOSGeometry* multi_geom =
      GEOSGeom_createCollection_r(geos.h(), GEOS_MULTIPOLYGON, parts.data(),
                                  static_cast<unsigned>(parts.size()));
  auto inv = geos.Check(multi_geom);
  if (inv) {
    // Which polygon: the one with the nearest edge.
    int polygon = -1;
    double best = std::numeric_limits<double>::infinity();
    for (size_t i = 0; i < planar.size(); ++i) {
      for (const PlanarRing& r : planar[i]) {
        for (size_t k = 0; k < r.pts.size(); ++k) {
          double d =
              SegmentDistance(inv->at, r.pts[k], r.pts[(k + 1) % r.pts.size()]);
          if (d < best) {
            best = d;
            polygon = static_cast<int>(i);
          }
        }
      }
    }
    GeometryProblem p = FromGeos(*inv, Nearest{-1, -1}, polygon);
    if (Contains(inv->reason, "Self-intersection")) {
      p.message = fmt::format("polygon {} overlaps another polygon at {}",
                              polygon, Where(*p.at));
      p.hint =
          "polygons of a multipolygon must not overlap; merge them or "
          "cut one";
    }
    problems.push_back(std::move(p));
  }
  return problems;
}

bool CrossesAntimeridian(const Ring& ring) {
  for (size_t i = 0; i < ring.size(); ++i) {
    const LatLng& a = ring[i];
    const LatLng& b = ring[(i + 1) % ring.size()];
    if (std::abs(a.lng_deg) == 180) return true;
    if (std::abs(b.lng_deg - a.lng_deg) > 180) return true;
  }
  return false;
}

}  // namespace truce::geo
