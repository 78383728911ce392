// truce territory area|diff|series: controlled area of control maps and the
// changes between them (src/territory/, docs/formats/control-map.md).
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <fstream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "territory/control_map.h"
#include "territory/diff.h"
#include "territory/dissolve.h"
#include "territory/mapping.h"
#include "territory/regions.h"
#include "territory/report.h"

namespace truce::cli {
namespace {

using territory::MapArea;

int Report(const Error& e) {
  std::fprintf(stderr, "%s\n", e.ToString().c_str());
  return ExitCodeFor(e.code);
}

Result<territory::Mapping> MappingFor(const std::string& path) {
  if (path.empty()) return territory::DefaultMapping();
  return territory::LoadMapping(path);
}

Result<MapArea> LoadAndDissolve(const std::string& file,
                                const territory::Mapping& mapping) {
  auto map = territory::LoadControlMap(file, mapping);
  if (!map) return std::unexpected(map.error());
  auto t = territory::Dissolve(*map);
  if (!t) return std::unexpected(t.error());
  return MapArea{map->stats, std::move(*t)};
}

// Repairs are never silent: a line on stderr for each map that needed one.
void WarnRepairs(const territory::Territory& t) {
  if (t.repair.features_repaired == 0) return;
  std::fprintf(stderr,
               "%s: repaired %d of %d features (GEOS MakeValid, structure "
               "method); area moved %.6f km2\n",
               t.file.c_str(), t.repair.features_repaired,
               t.repair.features_checked, t.repair.area_moved_km2);
}

struct Common {
  std::string mapping;
  bool json = false;
  bool csv = false;
};

void AddCommon(CLI::App* cmd, Common& c) {
  cmd->add_option("--mapping,-m", c.mapping,
                  "Mapping YAML: which feature property/value is which party "
                  "(examples/territory/*.yaml). Default: every area feature "
                  "is party 'controlled'");
  cmd->add_flag("--json", c.json, "Print one JSON document");
  cmd->add_flag("--csv", c.csv, "Print CSV");
}

int RunArea(const std::vector<std::string>& files, const Common& c,
            bool series) {
  auto mapping = MappingFor(c.mapping);
  if (!mapping) return Report(mapping.error());
  std::vector<MapArea> maps;
  for (const std::string& f : files) {
    auto m = LoadAndDissolve(f, *mapping);
    if (!m) return Report(m.error());
    WarnRepairs(m->territory);
    maps.push_back(std::move(*m));
  }
  std::string out;
  if (series) {
    out = c.json ? territory::FormatAreaJson(maps)
                 : territory::FormatSeriesCsv(maps);
  } else if (c.json) {
    out = territory::FormatAreaJson(maps);
  } else if (c.csv) {
    out = territory::FormatAreaCsv(maps);
  } else {
    out = territory::FormatAreaTable(maps);
  }
  std::fwrite(out.data(), 1, out.size(), stdout);
  return 0;
}

struct DiffOptions {
  std::string before, after, regions, geojson;
  double min_km2 = 0;
};

int RunDiff(const DiffOptions& o, const Common& c) {
  if (o.min_km2 < 0) {
    return Report(Error{ErrorCode::kInvalidInput,
                        "--min-km2 must be >= 0",
                        "e.g. --min-km2 0.5",
                        {}});
  }
  auto mapping = MappingFor(c.mapping);
  if (!mapping) return Report(mapping.error());
  std::optional<territory::RegionIndex> regions;
  if (!o.regions.empty()) {
    auto r = territory::RegionIndex::Load(o.regions);
    if (!r) return Report(r.error());
    regions = std::move(*r);
  }
  auto before = LoadAndDissolve(o.before, *mapping);
  if (!before) return Report(before.error());
  auto after = LoadAndDissolve(o.after, *mapping);
  if (!after) return Report(after.error());
  WarnRepairs(before->territory);
  WarnRepairs(after->territory);
  auto d = territory::DiffTerritories(before->territory, after->territory,
                                      o.min_km2);
  if (!d) return Report(d.error());
  if (regions) {
    for (territory::ChangePiece& p : d->pieces) {
      p.region = regions->RegionOf(p.inside);
    }
  }
  if (!o.geojson.empty()) {
    std::string g = territory::FormatDiffGeoJson(*d);
    std::ofstream out(o.geojson, std::ios::binary);
    out << g;
    if (!out) {
      SourceLocation loc;
      loc.file = o.geojson;
      return Report(Error{ErrorCode::kIo, "cannot write the GeoJSON file",
                          "check the folder exists and is writable", loc});
    }
  }
  std::string out = c.json  ? territory::FormatDiffJson(*d)
                    : c.csv ? territory::FormatDiffCsv(*d)
                            : territory::FormatDiffTable(*d);
  std::fwrite(out.data(), 1, out.size(), stdout);
  return 0;
}

}  // namespace

void AddTerritoryCommands(CLI::App& root, int* exit_code) {
  auto* cmd = root.add_subcommand(
      "territory",
      "Territorial control from GeoJSON control maps (NZZ, DeepStateMap): "
      "geodesic area of each party's dissolved territory, and every piece "
      "gained or lost between two maps. Invalid geometry is repaired and "
      "reported, never silently.");
  cmd->require_subcommand(1);

  auto area_files = std::make_shared<std::vector<std::string>>();
  auto area_common = std::make_shared<Common>();
  auto* area = cmd->add_subcommand(
      "area",
      "Area of each party's territory in each map, km2, with the "
      "error bound, load statistics and repairs");
  area->add_option("files", *area_files, "Control map GeoJSON files")
      ->required();
  AddCommon(area, *area_common);
  area->callback(
      [=] { *exit_code = RunArea(*area_files, *area_common, false); });

  auto series_files = std::make_shared<std::vector<std::string>>();
  auto series_common = std::make_shared<Common>();
  auto* series = cmd->add_subcommand(
      "series",
      "One CSV row per map, in the order given: date, file, area "
      "per party and change since the previous map");
  series->add_option("files", *series_files, "Control map GeoJSON files")
      ->required();
  AddCommon(series, *series_common);
  series->callback(
      [=] { *exit_code = RunArea(*series_files, *series_common, true); });

  auto diff_opts = std::make_shared<DiffOptions>();
  auto diff_common = std::make_shared<Common>();
  auto* diff = cmd->add_subcommand(
      "diff",
      "Per party: gained, lost and net km2 from BEFORE to AFTER, and "
      "every changed piece (area, centroid, bounding box, region), "
      "largest first");
  diff->add_option("before", diff_opts->before, "Earlier control map")
      ->required();
  diff->add_option("after", diff_opts->after, "Later control map")->required();
  diff->add_option("--min-km2", diff_opts->min_km2,
                   "List only pieces of at least this area (smaller ones "
                   "are still counted in the totals)");
  diff->add_option("--regions", diff_opts->regions,
                   "Admin-1 boundaries GeoJSON (or a folder holding one) to "
                   "name the region of each piece");
  diff->add_option("--geojson", diff_opts->geojson,
                   "Also write the pieces as a GeoJSON FeatureCollection");
  AddCommon(diff, *diff_common);
  diff->callback([=] { *exit_code = RunDiff(*diff_opts, *diff_common); });
}

}  // namespace truce::cli
