#include "territory/diff.h"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "geo/measure.h"
#include "territory/geos_internal.h"
#include "territory/local_overlay.h"

namespace truce::territory {
namespace {

using internal::Geom;
using internal::GeosContext;

constexpr double kM2PerKm2 = 1e6;

// Longitude in [-180, 180) (territories in the east frame reach past 180).
double NormalLon(double lon) {
  while (lon >= 180) lon -= 360;
  while (lon < -180) lon += 360;
  return lon;
}

const PartyTerritory* Find(const Territory& t, const std::string& party) {
  for (const PartyTerritory& p : t.parties) {
    if (p.party == party) return &p;
  }
  return nullptr;
}

geo::LatLng PointOf(GEOSContextHandle_t h, const GEOSGeometry* pt) {
  double x = 0, y = 0;
  if (pt && GEOSisEmpty_r(h, pt) == 0) {
    GEOSGeomGetX_r(h, pt, &x);
    GEOSGeomGetY_r(h, pt, &y);
  }
  return geo::LatLng(geo::Latitude{y}, geo::Longitude{x});
}

// Appends the pieces of `g` to `out`, updating the party's totals.
Result<void> AddPieces(const GeosContext& ctx, const GEOSGeometry* g,
                       const std::string& party, Change change, double min_km2,
                       PartyChange& totals, std::vector<ChangePiece>& out) {
  GEOSContextHandle_t h = ctx.get();
  int n = GEOSGetNumGeometries_r(h, g);
  for (int i = 0; i < n; ++i) {
    const GEOSGeometry* part = GEOSGetGeometryN_r(h, g, i);
    if (GEOSGeomTypeId_r(h, part) != GEOS_POLYGON ||
        GEOSisEmpty_r(h, part) == 1) {
      continue;
    }
    ChangePiece piece;
    piece.party = party;
    piece.change = change;
    piece.shape = internal::PolygonFromGeos(ctx, part);
    geo::AreaMeasure m = geo::MeasurePolygon(piece.shape);
    piece.area_km2 = m.area_m2 / kM2PerKm2;
    piece.area_error_km2 = m.area_error_m2 / kM2PerKm2;
    (change == Change::kGained ? totals.gained_km2 : totals.lost_km2) +=
        piece.area_km2;
    if (piece.area_km2 < min_km2) {
      ++totals.pieces_below_min;
      totals.below_min_km2 += piece.area_km2;
      continue;
    }
    Geom c(h, GEOSGetCentroid_r(h, part));
    Geom s(h, GEOSPointOnSurface_r(h, part));
    if (!c || !s) {
      return Fail(
          ErrorCode::kInternal,
          "geometry engine failed on a changed piece: " + ctx.last_error());
    }
    piece.centroid = PointOf(h, c.get());
    piece.inside = PointOf(h, s.get());
    GEOSGeom_getXMin_r(h, part, &piece.west_deg);
    GEOSGeom_getYMin_r(h, part, &piece.south_deg);
    GEOSGeom_getXMax_r(h, part, &piece.east_deg);
    GEOSGeom_getYMax_r(h, part, &piece.north_deg);
    // RFC 7946 section 5.2: a box across the antimeridian has west > east.
    piece.centroid.lng_deg = NormalLon(piece.centroid.lng_deg);
    piece.inside.lng_deg = NormalLon(piece.inside.lng_deg);
    if (piece.east_deg - piece.west_deg < 360) {
      piece.west_deg = NormalLon(piece.west_deg);
      piece.east_deg = NormalLon(piece.east_deg);
      if (piece.east_deg == -180) piece.east_deg = 180;
    } else {
      piece.west_deg = -180;
      piece.east_deg = 180;
    }
    out.push_back(std::move(piece));
  }
  return {};
}

}  // namespace

const char* ChangeName(Change c) {
  return c == Change::kGained ? "gained" : "lost";
}

Result<TerritoryDiff> DiffTerritories(const Territory& before,
                                      const Territory& after, double min_km2) {
  GeosContext ctx;
  TerritoryDiff d;
  d.before_file = before.file;
  d.before_date = before.date;
  d.after_file = after.file;
  d.after_date = after.date;
  d.min_km2 = min_km2;
  std::set<std::string> parties;
  for (const auto& p : before.parties) parties.insert(p.party);
  for (const auto& p : after.parties) parties.insert(p.party);
  static const PartyTerritory kNone;
  internal::Frame frame = internal::Frame::kWest;
  for (const Territory* t : {&before, &after}) {
    for (const PartyTerritory& p : t->parties) {
      if (internal::NeedsEastFrame(p.area)) frame = internal::Frame::kEast;
    }
  }
  for (const std::string& party : parties) {
    const PartyTerritory* b = Find(before, party);
    const PartyTerritory* a = Find(after, party);
    if (!b) b = &kNone;
    if (!a) a = &kNone;
    PartyChange totals;
    totals.party = party;
    totals.before_km2 = b->area_km2;
    totals.after_km2 = a->area_km2;
    Geom gb = internal::ToGeos(ctx, b->area, nullptr, frame);
    Geom ga = internal::ToGeos(ctx, a->area, nullptr, frame);
    if (!gb || !ga) {
      return Fail(ErrorCode::kInternal, "cannot rebuild territory of " + party +
                                            ": " + ctx.last_error());
    }
    // Only where the maps differ (local_overlay.h): the same pieces as
    // GEOSDifference on the whole territories, several times faster for two
    // maps of the same front.
    internal::Differences diffs;
    if (!internal::Difference(ctx, ga.get(), gb.get(),
                              internal::OverlayMode::kLocal, &diffs)) {
      return Fail(ErrorCode::kInvalidInput,
                  "overlay failed for party " + party + ": " + ctx.last_error(),
                  "report this map pair; the territories are valid GEOS "
                  "polygons, so this is unexpected");
    }
    for (const Geom& g : diffs.a_minus_b) {
      if (auto r = AddPieces(ctx, g.get(), party, Change::kGained, min_km2,
                             totals, d.pieces);
          !r) {
        return std::unexpected(r.error());
      }
    }
    for (const Geom& g : diffs.b_minus_a) {
      if (auto r = AddPieces(ctx, g.get(), party, Change::kLost, min_km2,
                             totals, d.pieces);
          !r) {
        return std::unexpected(r.error());
      }
    }
    totals.net_km2 = totals.gained_km2 - totals.lost_km2;
    d.parties.push_back(totals);
  }
  std::sort(d.pieces.begin(), d.pieces.end(),
            [](const ChangePiece& x, const ChangePiece& y) {
              if (x.area_km2 != y.area_km2) return x.area_km2 > y.area_km2;
              return std::tuple(x.party, x.change, x.centroid.lng_deg,
                                x.centroid.lat_deg) <
                     std::tuple(y.party, y.change, y.centroid.lng_deg,
                                y.centroid.lat_deg);
            });
  return d;
}

}  // namespace truce::territory
