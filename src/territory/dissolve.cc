#include "territory/dissolve.h"

#include <cmath>
#include <map>

#include "territory/geos_internal.h"

namespace truce::territory {
namespace {

using internal::Geom;
using internal::GeosContext;

constexpr double kM2PerKm2 = 1e6;

std::unexpected<Error> GeosFailure(const GeosContext& ctx,
                                   const std::string& file, int feature,
                                   const char* step) {
  return Fail(
      ErrorCode::kInvalidInput,
      std::string("geometry engine failed to ") + step + ": " +
          ctx.last_error(),
      "check the feature's geometry",
      SourceLocation{
          file, 0, 0,
          feature >= 0 ? "features[" + std::to_string(feature) + "]" : ""});
}

}  // namespace

Result<Territory> Dissolve(const ControlMap& map) {
  GeosContext ctx;
  GEOSContextHandle_t h = ctx.get();
  Territory out;
  out.file = map.file;
  out.date = map.date;
  internal::Frame frame = internal::Frame::kWest;
  for (const ControlFeature& f : map.features) {
    if (internal::NeedsEastFrame(f.area)) frame = internal::Frame::kEast;
  }
  std::map<std::string, std::vector<Geom>> by_party;
  std::map<std::string, int> counts;
  for (const ControlFeature& f : map.features) {
    ++out.repair.features_checked;
    internal::ToGeosStats stats;
    Geom g = internal::ToGeos(ctx, f.area, &stats, frame);
    if (!g) return GeosFailure(ctx, map.file, f.index, "build a polygon");
    out.repair.rings_dropped += stats.rings_dropped;
    char valid = GEOSisValid_r(h, g.get());
    if (valid == 2) return GeosFailure(ctx, map.file, f.index, "validate");
    if (valid == 0) {
      GEOSMakeValidParams* params = GEOSMakeValidParams_create_r(h);
      GEOSMakeValidParams_setMethod_r(h, params, GEOS_MAKE_VALID_STRUCTURE);
      GEOSMakeValidParams_setKeepCollapsed_r(h, params, 0);
      Geom fixed(h, GEOSMakeValidWithParams_r(h, g.get(), params));
      GEOSMakeValidParams_destroy_r(h, params);
      if (!fixed) return GeosFailure(ctx, map.file, f.index, "repair");
      double before_m2 = geo::MeasureMultiPolygon(f.area).area_m2;
      double after_m2 =
          geo::MeasureMultiPolygon(internal::FromGeos(ctx, fixed.get()))
              .area_m2;
      ++out.repair.features_repaired;
      out.repair.repaired_features.push_back(f.index);
      out.repair.area_moved_km2 += std::abs(before_m2 - after_m2) / kM2PerKm2;
      g = std::move(fixed);
    } else if (stats.rings_dropped > 0) {
      ++out.repair.features_repaired;
      out.repair.repaired_features.push_back(f.index);
    }
    ++counts[f.party];
    by_party[f.party].push_back(std::move(g));
  }
  for (auto& [party, geoms] : by_party) {
    std::vector<GEOSGeometry*> raw;
    raw.reserve(geoms.size());
    for (Geom& g : geoms) raw.push_back(g.release());
    Geom all(h,
             GEOSGeom_createCollection_r(h, GEOS_GEOMETRYCOLLECTION, raw.data(),
                                         static_cast<unsigned>(raw.size())));
    if (!all) {
      for (GEOSGeometry* g : raw) GEOSGeom_destroy_r(h, g);
      return GeosFailure(ctx, map.file, -1, "collect a party's features");
    }
    Geom merged(h, GEOSUnaryUnion_r(h, all.get()));
    if (!merged) return GeosFailure(ctx, map.file, -1, "dissolve");
    PartyTerritory t;
    t.party = party;
    t.features = counts[party];
    t.area = internal::FromGeos(ctx, merged.get());
    geo::AreaMeasure m = geo::MeasureMultiPolygon(t.area);
    t.area_km2 = m.area_m2 / kM2PerKm2;
    t.area_error_km2 = m.area_error_m2 / kM2PerKm2;
    out.parties.push_back(std::move(t));
  }
  return out;
}

}  // namespace truce::territory
