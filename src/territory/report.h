// Report: the text, JSON, CSV and GeoJSON that `truce territory` prints.
// The byte-level formats are specified in docs/formats/control-map.md.
//
// Numbers: areas in km2 with 6 decimals (1 m2), coordinates with 7 decimals
// (about 1 cm) in JSON/CSV and shortest round-trip in GeoJSON geometry.
// Output is deterministic: the same inputs give the same bytes.
//
// Thread safety: pure functions.
#ifndef TRUCE_TERRITORY_REPORT_H_
#define TRUCE_TERRITORY_REPORT_H_

#include <string>
#include <vector>

#include "territory/control_map.h"
#include "territory/diff.h"
#include "territory/dissolve.h"

namespace truce::territory {

// One map as `area` and `series` report it.
struct MapArea {
  LoadStats stats;
  Territory territory;
};

std::string FormatAreaTable(const std::vector<MapArea>& maps);
std::string FormatAreaJson(const std::vector<MapArea>& maps);
std::string FormatAreaCsv(const std::vector<MapArea>& maps);

// One row per map, in the order given: date, file, then per party (sorted by
// name, over all maps) its area and the change since the previous row.
std::string FormatSeriesCsv(const std::vector<MapArea>& maps);

std::string FormatDiffTable(const TerritoryDiff& diff);
std::string FormatDiffJson(const TerritoryDiff& diff);
std::string FormatDiffCsv(const TerritoryDiff& diff);
std::string FormatDiffGeoJson(const TerritoryDiff& diff);

}  // namespace truce::territory

#endif  // TRUCE_TERRITORY_REPORT_H_
