// ControlMap: the areas a territorial-control map assigns to each party.
//
// Reads GeoJSON (RFC 7946, longitude first) in the shapes control maps come
// in: a FeatureCollection; a FeatureCollection wrapped as {"value": ...} (NZZ
// daily files); a single Feature or bare geometry; raw DeepStateMap exports
// with mixed geometry types, GeometryCollections and 3-D positions. Each
// feature is classified by a Mapping (territory/mapping.h). Only areas count:
// Polygon and MultiPolygon members (also inside GeometryCollections) are kept;
// points and lines are counted and skipped; a third (or further) coordinate
// is dropped and counted. Rings are stored without the closing point
// (geo/latlng.h). Geometry is NOT repaired or checked here: see dissolve.h.
//
// Errors: invalid JSON gives file:line:column; a malformed feature gives the
// file and the field path (e.g. "features[12].geometry.coordinates[0][3]").
// One malformed feature fails the whole map: a half-read map would give
// wrong areas.
//
// Thread safety: pure functions; results are plain values.
#ifndef TRUCE_TERRITORY_CONTROL_MAP_H_
#define TRUCE_TERRITORY_CONTROL_MAP_H_

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.h"
#include "geo/latlng.h"
#include "territory/mapping.h"

namespace truce::territory {

struct ControlFeature {
  int index = 0;       // position in the file's list of features
  std::string party;   // from the Mapping; never empty here
  std::string status;  // from the Mapping
  // The feature's label: the first string among its properties named by
  // Mapping::property, "name", "shapeName", "NAME_1", "name_en"; or "".
  std::string name;
  geo::MultiPolygon area;
};

struct LoadStats {
  int features = 0;        // features in the file
  int area_features = 0;   // with a party and at least one polygon
  int unmapped = 0;        // with area, but no party (no rule or party: "")
  int without_area = 0;    // only points/lines, or null geometry
  int points_skipped = 0;  // Point/MultiPoint members
  int lines_skipped = 0;   // LineString/MultiLineString members
  int positions_3d = 0;    // positions whose third+ coordinates were dropped
};

struct ControlMap {
  std::string file;  // label used in messages and reports
  std::string date;  // YYYY-MM-DD, or empty when unknown (see DateOf)
  std::vector<ControlFeature> features;
  LoadStats stats;
};

// Parses `json_text`; `file_label` names it in errors and in the result.
Result<ControlMap> ParseControlMap(std::string_view json_text,
                                   const Mapping& mapping,
                                   std::string_view file_label);
Result<ControlMap> LoadControlMap(const std::filesystem::path& path,
                                  const Mapping& mapping);

// The date a map stands for, from its file name: YYYY-MM-DD, YYYYMMDD, or a
// 10-digit Unix time in seconds (UTC); empty when none is found. Used when the
// mapping names no date_property.
std::string DateFromFileName(std::string_view file_name);

}  // namespace truce::territory

#endif  // TRUCE_TERRITORY_CONTROL_MAP_H_
