#include "territory/local_overlay.h"

#include <algorithm>
#include <compare>
#include <iterator>

namespace truce::territory::internal {
namespace {

// A directed ring edge with the polygon's interior on its left.
struct Seg {
  double x0, y0, x1, y1;
  auto operator<=>(const Seg&) const = default;
};

struct Box {
  double x0, y0, x1, y1;
  bool Touches(const Box& o) const {
    return x0 <= o.x1 && o.x0 <= x1 && y0 <= o.y1 && o.y0 <= y1;
  }
  void Add(const Box& o) {
    x0 = std::min(x0, o.x0);
    y0 = std::min(y0, o.y0);
    x1 = std::max(x1, o.x1);
    y1 = std::max(y1, o.y1);
  }
};

// Appends the edges of `ring`, oriented so that the interior is on the left:
// counter-clockwise for a shell, clockwise for a hole.
bool AddRing(GEOSContextHandle_t h, const GEOSGeometry* ring, bool shell,
             std::vector<Seg>& out) {
  const GEOSCoordSequence* seq = GEOSGeom_getCoordSeq_r(h, ring);
  unsigned n = 0;
  char ccw = 0;
  if (!seq || !GEOSCoordSeq_getSize_r(h, seq, &n)) return false;
  if (n < 4) return true;
  if (!GEOSCoordSeq_isCCW_r(h, seq, &ccw)) return false;
  bool flip = (ccw != 0) != shell;
  double px = 0, py = 0;
  GEOSCoordSeq_getXY_r(h, seq, 0, &px, &py);
  for (unsigned i = 1; i < n; ++i) {
    double x = 0, y = 0;
    GEOSCoordSeq_getXY_r(h, seq, i, &x, &y);
    if (x != px || y != py) {
      out.push_back(flip ? Seg{x, y, px, py} : Seg{px, py, x, y});
    }
    px = x;
    py = y;
  }
  return true;
}

bool Edges(GEOSContextHandle_t h, const GEOSGeometry* g,
           std::vector<Seg>& out) {
  int n = GEOSGetNumGeometries_r(h, g);
  for (int i = 0; i < n; ++i) {
    const GEOSGeometry* p = GEOSGetGeometryN_r(h, g, i);
    if (GEOSGeomTypeId_r(h, p) != GEOS_POLYGON || GEOSisEmpty_r(h, p) == 1) {
      continue;
    }
    if (!AddRing(h, GEOSGetExteriorRing_r(h, p), true, out)) return false;
    int holes = GEOSGetNumInteriorRings_r(h, p);
    for (int j = 0; j < holes; ++j) {
      if (!AddRing(h, GEOSGetInteriorRingN_r(h, p, j), false, out)) {
        return false;
      }
    }
  }
  return true;
}

// Merges boxes until no two touch.
std::vector<Box> Windows(std::vector<Box> boxes) {
  bool merged = true;
  while (merged) {
    merged = false;
    std::sort(boxes.begin(), boxes.end(),
              [](const Box& p, const Box& q) { return p.x0 < q.x0; });
    std::vector<Box> out;
    for (const Box& b : boxes) {
      // Sorted by x0: any box touching b in x overlaps the recent ones; scan
      // back over those whose x1 reaches b.x0.
      bool joined = false;
      for (auto it = out.rbegin(); it != out.rend(); ++it) {
        if (it->Touches(b)) {
          it->Add(b);
          joined = merged = true;
          break;
        }
      }
      if (!joined) out.push_back(b);
    }
    boxes = std::move(out);
  }
  return boxes;
}

bool Global(const GeosContext& ctx, const GEOSGeometry* a,
            const GEOSGeometry* b, Differences* out) {
  GEOSContextHandle_t h = ctx.get();
  Geom ab(h, GEOSDifference_r(h, a, b));
  Geom ba(h, GEOSDifference_r(h, b, a));
  if (!ab || !ba) return false;
  out->a_minus_b.push_back(std::move(ab));
  out->b_minus_a.push_back(std::move(ba));
  out->global = true;
  return true;
}

}  // namespace

bool Difference(const GeosContext& ctx, GEOSGeometry* a, GEOSGeometry* b,
                OverlayMode mode, Differences* out) {
  GEOSContextHandle_t h = ctx.get();
  *out = Differences{};
  if (mode == OverlayMode::kGlobal) return Global(ctx, a, b, out);

  std::vector<Seg> ea, eb;
  if (!Edges(h, a, ea) || !Edges(h, b, eb)) return false;
  std::sort(ea.begin(), ea.end());
  std::sort(eb.begin(), eb.end());
  std::vector<Seg> changed;
  std::set_difference(ea.begin(), ea.end(), eb.begin(), eb.end(),
                      std::back_inserter(changed));
  std::set_difference(eb.begin(), eb.end(), ea.begin(), ea.end(),
                      std::back_inserter(changed));
  if (changed.empty()) return true;  // the same oriented boundary: equal
  if (4 * changed.size() > ea.size() + eb.size()) {
    return Global(ctx, a, b, out);
  }

  // The margin keeps every changed edge strictly inside its window, away
  // from the clip lines; any positive width would do, this one (about 1 cm
  // at 1e-7 degree) is far above rounding at map coordinates.
  constexpr double kMarginDeg = 1e-7;
  std::vector<Box> boxes;
  boxes.reserve(changed.size());
  for (const Seg& s : changed) {
    boxes.push_back(Box{
        std::min(s.x0, s.x1) - kMarginDeg, std::min(s.y0, s.y1) - kMarginDeg,
        std::max(s.x0, s.x1) + kMarginDeg, std::max(s.y0, s.y1) + kMarginDeg});
  }
  std::vector<Box> windows = Windows(std::move(boxes));

  // One orientation for both, so that an edge they share is clipped by the
  // same arithmetic in each.
  if (GEOSNormalize_r(h, a) != 0 || GEOSNormalize_r(h, b) != 0) return false;
  for (const Box& w : windows) {
    Geom ca(h, GEOSClipByRect_r(h, a, w.x0, w.y0, w.x1, w.y1));
    Geom cb(h, GEOSClipByRect_r(h, b, w.x0, w.y0, w.x1, w.y1));
    if (!ca || !cb) return false;
    // Rectangle clipping does not promise a valid result; then the whole
    // maps are overlaid, which is always right.
    if (GEOSisValid_r(h, ca.get()) != 1 || GEOSisValid_r(h, cb.get()) != 1) {
      *out = Differences{};
      return Global(ctx, a, b, out);
    }
    Geom ab(h, GEOSDifference_r(h, ca.get(), cb.get()));
    Geom ba(h, GEOSDifference_r(h, cb.get(), ca.get()));
    if (!ab || !ba) return false;
    out->a_minus_b.push_back(std::move(ab));
    out->b_minus_a.push_back(std::move(ba));
    ++out->windows;
  }
  return true;
}

}  // namespace truce::territory::internal
