// Internal to the agreement loader: GeoJSON geometry (RFC 7946) read from
// YAML nodes, inline in the agreement or from referenced .geojson files, with
// every problem located at the offending position (file:line:column).
//
// Referenced files are read with the same YAML parser (JSON is YAML 1.2), so
// errors inside them carry their own line and column too.
#ifndef TRUCE_AGREEMENT_GEOJSON_READER_H_
#define TRUCE_AGREEMENT_GEOJSON_READER_H_

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "agreement/yaml_reader.h"
#include "geo/latlng.h"

namespace truce::agreement::internal {

// Where geometry is read from: the agreement's diagnostics and folder.
struct GeometryContext {
  Diagnostics& diag;
  std::filesystem::path base_dir;  // referenced files are relative to it
};

// A GeoJSON document loaded from a file referenced by `ref` (the YAML node
// holding the file name, for locating "file not found"). Problems inside the
// file are reported against the file itself.
struct LoadedFile {
  YAML::Node root;
  std::string display_path;  // as it appears in messages
};
std::optional<LoadedFile> LoadGeoJsonFile(const YAML::Node& ref,
                                          std::string_view field,
                                          const GeometryContext& ctx);

// A LineString: inline {type: LineString, coordinates: [...]}, or
// {file: PATH} whose content is a LineString, or a Feature or a
// FeatureCollection of one LineString feature.
std::optional<geo::Polyline> ReadLine(const YAML::Node& node,
                                      std::string_view field,
                                      const GeometryContext& ctx,
                                      std::string* file_out);

// A Polygon or MultiPolygon (or a Feature / FeatureCollection whose features
// are polygons, taken together), inline or from {file: PATH}. An empty
// MultiPolygon is allowed (the caller warns where it matters).
std::optional<geo::MultiPolygon> ReadArea(const YAML::Node& node,
                                          std::string_view field,
                                          const GeometryContext& ctx,
                                          std::string* file_out);

// The polygons of a GeoJSON value that is a geometry, Feature or
// FeatureCollection (with `diag` being the diagnostics of the file it is in).
std::optional<geo::MultiPolygon> ReadAreaValue(const YAML::Node& value,
                                               std::string_view field,
                                               Diagnostics& diag);

}  // namespace truce::agreement::internal

#endif  // TRUCE_AGREEMENT_GEOJSON_READER_H_
