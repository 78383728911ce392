// Test helpers for the geo tests: GeographicLib's command-line tools as
// oracles, and GeoJSON loading of the shared boundary data. Test-only.
#ifndef TRUCE_GEO_TEST_UTIL_H_
#define TRUCE_GEO_TEST_UTIL_H_

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "geo/latlng.h"

namespace truce::geo::testing {

// Runs `command` with `input` written to a temporary file passed as
// --input-file; returns stdout split into lines, or nullopt on failure.
std::optional<std::vector<std::string>> RunTool(const std::string& command,
                                                const std::string& input);

// All Polygon/MultiPolygon features of a GeoJSON FeatureCollection whose
// properties[name_key] == name (or every feature when name is empty).
std::optional<MultiPolygon> LoadGeoJson(const std::filesystem::path& path,
                                        const std::string& name_key = "",
                                        const std::string& name = "");

// Every feature of a FeatureCollection as its own MultiPolygon.
std::vector<MultiPolygon> LoadGeoJsonFeatures(
    const std::filesystem::path& path);

}  // namespace truce::geo::testing

#endif  // TRUCE_GEO_TEST_UTIL_H_
