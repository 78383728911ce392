#include "territory/local_overlay.h"

#include <algorithm>
#include <compare>
#include <iterator>
#include <tuple>

namespace truce::territory::internal {
namespace {

// A directed ring edge with the polygon's interior on its left.
struct Seg {
  double x0, y0, x1, y1;
  auto operator<=>(const Seg&) const = default;
};

struct Box {
  double x0, y0, x1, y1;
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

// Disjoint-set forest over box indices.
struct Groups {
  std::vector<int> parent;
  explicit Groups(int n) : parent(n) {
    for (int i = 0; i < n; ++i) parent[i] = i;
  }
  int Find(int i) {
    while (parent[i] != i) i = parent[i] = parent[parent[i]];
    return i;
  }
  void Unite(int i, int j) { parent[Find(i)] = Find(j); }
};

// Merges boxes until no two touch. Each pass sweeps the boxes by west edge,
// keeping those whose east edge has not been passed (few: a vertical line
// crosses a front at a few places), groups touching ones, and replaces each
// group by its box; the group boxes may touch again, hence the passes.
std::vector<Box> Windows(std::vector<Box> boxes) {
  while (true) {
    int n = static_cast<int>(boxes.size());
    std::vector<int> order(n);
    for (int i = 0; i < n; ++i) order[i] = i;
    std::sort(order.begin(), order.end(), [&](int p, int q) {
      return std::tie(boxes[p].x0, p) < std::tie(boxes[q].x0, q);
    });
    Groups groups(n);
    std::vector<int> active;
    for (int i : order) {
      const Box& b = boxes[i];
      std::erase_if(active, [&](int j) { return boxes[j].x1 < b.x0; });
      for (int j : active) {
        if (boxes[j].y0 <= b.y1 && b.y0 <= boxes[j].y1) groups.Unite(i, j);
      }
      active.push_back(i);
    }
    std::vector<int> slot(n, -1);
    std::vector<Box> merged;
    for (int i : order) {
      int root = groups.Find(i);
      if (slot[root] < 0) {
        slot[root] = static_cast<int>(merged.size());
        merged.push_back(boxes[i]);
      } else {
        merged[slot[root]].Add(boxes[i]);
      }
    }
    if (merged.size() == boxes.size()) return merged;
    boxes = std::move(merged);
  }
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
  const bool always = mode == OverlayMode::kLocalAlways;
  if (!always && 4 * changed.size() > ea.size() + eb.size()) {
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
  // Each window costs a pass over both maps (the clipping); beyond this many
  // the whole overlay is cheaper.
  constexpr std::size_t kMaxWindows = 64;
  if (!always && windows.size() > kMaxWindows) return Global(ctx, a, b, out);

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
