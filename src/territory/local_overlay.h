// Internal to territory/: a - b and b - a for two valid polygonal GEOS
// geometries that share most of their edges (two maps of the same front a
// day apart), computed only where they differ.
//
// Method (docs/decisions/0005-territory-overlay.md, "Diff, locally"):
//  1. Every ring edge of a and of b is taken as a directed segment with the
//     polygon's interior on its left. Edges present in both (the same
//     coordinates, bit for bit, the same direction) cannot bound a - b or
//     b - a: near such an edge both polygons are the same half-plane. So
//     every component of the difference lies within the box of a connected
//     group of the remaining ("changed") edges.
//  2. The changed edges' boxes, widened by a margin, are merged until no two
//     touch: the windows. Each piece of the difference lies strictly inside
//     one window, and along a window's border a and b coincide.
//  3. In each window, a and b are clipped to it (GEOSClipByRect) and
//     differenced with GEOS OverlayNG. The clipped borders are the same
//     segments in both (the inputs are normalised to one orientation first,
//     so shared edges are clipped by the same arithmetic) and cancel.
// The result is the same set of pieces as GEOSDifference on the whole maps,
// computed from the same segment pairs; DiffLocalTest compares both on every
// pair of consecutive real maps. When the shortcut cannot help (more than a
// quarter of the edges changed) or a clipped input is not valid, the whole
// maps are differenced instead; likewise beyond 64 windows, where clipping
// the maps once per window would cost more than the whole overlay.
//
// Cost: O(n log n) to sort the edges and to sweep their boxes, O(n) per
// window to clip, and the overlay of the windows only (instead of the
// overlay of everything).
//
// Thread safety: a GeosContext belongs to one thread at a time.
#ifndef TRUCE_TERRITORY_LOCAL_OVERLAY_H_
#define TRUCE_TERRITORY_LOCAL_OVERLAY_H_

#include <vector>

#include "territory/geos_internal.h"

namespace truce::territory::internal {

enum class OverlayMode {
  kLocal,   // windows around the changed edges (falls back to kGlobal)
  kGlobal,  // GEOSDifference on the whole geometries
  // Windows however many edges changed and however many windows (tests and
  // the territory_diff fuzzer; still kGlobal when a clip is invalid).
  kLocalAlways,
};

struct Differences {
  // Polygonal geometries whose polygons, together, are a - b (resp. b - a).
  std::vector<Geom> a_minus_b;
  std::vector<Geom> b_minus_a;
  int windows = 0;      // windows overlaid (0 when global or identical)
  bool global = false;  // the whole geometries were overlaid
};

// `a` and `b` must be valid polygonal geometries; they may be normalised in
// place (GEOSNormalize: same point sets). Returns false when GEOS fails
// (ctx.last_error() says why).
bool Difference(const GeosContext& ctx, GEOSGeometry* a, GEOSGeometry* b,
                OverlayMode mode, Differences* out);

}  // namespace truce::territory::internal

#endif  // TRUCE_TERRITORY_LOCAL_OVERLAY_H_
