// Differential fuzzer of the local diff (territory/local_overlay.h): for two
// maps built from the input, the windowed difference must cover the same
// regions as GEOS's difference of the whole maps (the oracle), both ways.
//
// Input: bytes read as rings of points on a 16 x 16 grid of 0.25 degree
// (so that edges coincide, as in two maps of one front): a ring is a count
// byte (3 + count % 10 points) then two bytes per point. Rings go to both
// maps, to the first only or to the second only, by the low two bits of the
// count byte (0-1 both, 2 first, 3 second). Each map is dissolved (repaired)
// as a real map would be.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "territory/control_map.h"
#include "territory/dissolve.h"
#include "territory/geos_internal.h"
#include "territory/local_overlay.h"

namespace {

using truce::territory::internal::Differences;
using truce::territory::internal::Geom;
using truce::territory::internal::GeosContext;

// Planar area of the union of `parts` (each a polygonal geometry).
Geom Union(const GeosContext& ctx, const std::vector<Geom>& parts) {
  GEOSContextHandle_t h = ctx.get();
  std::vector<GEOSGeometry*> raw;
  for (const Geom& g : parts) raw.push_back(GEOSGeom_clone_r(h, g.get()));
  Geom all(h,
           GEOSGeom_createCollection_r(h, GEOS_GEOMETRYCOLLECTION, raw.data(),
                                       static_cast<unsigned>(raw.size())));
  return Geom(h, GEOSUnaryUnion_r(h, all.get()));
}

// |x sym-diff y| must be tiny against |x| + |y| (OverlayNG may snap nodes by
// ~1e-9 degree on one side and not the other; see local_overlay.h).
void SameRegions(const GeosContext& ctx, const std::vector<Geom>& x,
                 const std::vector<Geom>& y) {
  GEOSContextHandle_t h = ctx.get();
  Geom ux = Union(ctx, x), uy = Union(ctx, y);
  if (!ux || !uy) return;  // GEOS failed on the check itself: not our bug
  Geom sym(h, GEOSSymDifference_r(h, ux.get(), uy.get()));
  if (!sym) return;
  double ax = 0, ay = 0, as = 0;
  GEOSArea_r(h, ux.get(), &ax);
  GEOSArea_r(h, uy.get(), &ay);
  GEOSArea_r(h, sym.get(), &as);
  if (!(as <= 1e-9 * (ax + ay) + 1e-12)) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 4096) return 0;  // keep GEOS work per input small
  truce::territory::ControlMap maps[2];
  maps[0].file = "first";
  maps[1].file = "second";
  size_t i = 0;
  int index = 0;
  while (i < size) {
    uint8_t head = data[i++];
    size_t n = 3 + head % 10;
    if (i + 2 * n > size) break;
    truce::geo::Polygon p;
    for (size_t k = 0; k < n; ++k, i += 2) {
      p.outer.push_back(truce::geo::LatLng(
          truce::geo::Latitude{48 + 0.25 * (data[i + 1] % 16)},
          truce::geo::Longitude{30 + 0.25 * (data[i] % 16)}));
    }
    truce::territory::ControlFeature f;
    f.index = index++;
    f.party = "P";
    f.area.polygons.push_back(p);
    int where = head & 3;
    if (where != 3) maps[0].features.push_back(f);
    if (where != 2) maps[1].features.push_back(f);
  }
  auto a = truce::territory::Dissolve(maps[0]);
  auto b = truce::territory::Dissolve(maps[1]);
  if (!a || !b || a->parties.empty() || b->parties.empty()) return 0;
  GeosContext ctx;
  using truce::territory::internal::Frame;
  using truce::territory::internal::OverlayMode;
  using truce::territory::internal::ToGeos;
  Geom ga = ToGeos(ctx, a->parties[0].area, nullptr, Frame::kWest);
  Geom gb = ToGeos(ctx, b->parties[0].area, nullptr, Frame::kWest);
  Geom ga2 = ToGeos(ctx, a->parties[0].area, nullptr, Frame::kWest);
  Geom gb2 = ToGeos(ctx, b->parties[0].area, nullptr, Frame::kWest);
  if (!ga || !gb || !ga2 || !gb2) __builtin_trap();
  Differences local, global;
  bool ok_local = truce::territory::internal::Difference(
      ctx, ga.get(), gb.get(), OverlayMode::kLocalAlways, &local);
  bool ok_global = truce::territory::internal::Difference(
      ctx, ga2.get(), gb2.get(), OverlayMode::kGlobal, &global);
  if (!ok_global) return 0;  // GEOS itself failed: nothing to compare
  if (!ok_local) __builtin_trap();
  SameRegions(ctx, local.a_minus_b, global.a_minus_b);
  SameRegions(ctx, local.b_minus_a, global.b_minus_a);
  return 0;
}
