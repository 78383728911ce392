#include "replay/territory_watch.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "geo/contains.h"
#include "ledger/hash.h"
#include "territory/control_map.h"
#include "territory/dissolve.h"

namespace truce::replay {
namespace {

namespace fs = std::filesystem;

Result<std::string> ReadFile(const std::string& path, std::string_view what) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return Fail(ErrorCode::kNotFound,
                fmt::format("cannot read {} '{}'", what, path),
                "check the path");
  }
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string Km2(double v) { return fmt::format("{:.3f}", v); }

bool Binds(const agreement::Rule& rule, const std::string& party) {
  return rule.parties.empty() ||
         std::find(rule.parties.begin(), rule.parties.end(), party) !=
             rule.parties.end();
}

bool InForce(const agreement::Rule& rule, TimeNs t) {
  return !(t < rule.from) && !(rule.until && !(t < *rule.until));
}

}  // namespace

Result<TerritoryBaseline> LoadBaseline(const agreement::Agreement& a) {
  if (!a.baseline) {
    return Fail(ErrorCode::kNotFound, "the agreement has no baseline map",
                "add baseline: {file: ..., property: ...} to the agreement");
  }
  const agreement::Baseline& b = *a.baseline;
  TerritoryBaseline out;
  out.mapping.source = "control-map";
  out.mapping.property = b.property;
  for (const auto& [value, party] : b.values) {
    out.mapping.rules.push_back({b.property,
                                 territory::MappingRule::Test::kEquals,
                                 territory::NormalizeLabel(value), party, ""});
  }
  for (const auto& p : a.parties) {
    out.mapping.rules.push_back({b.property,
                                 territory::MappingRule::Test::kEquals,
                                 territory::NormalizeLabel(p.id), p.id, ""});
  }
  auto bytes = ReadFile(b.path, "the baseline map");
  if (!bytes) return std::unexpected(bytes.error());
  out.sha256 = rules::Hex(ledger::Sha256(*bytes));
  out.file = fs::path(b.file).filename().string();
  out.date = b.date;

  territory::ControlMap map;
  map.file = b.file;
  map.date = b.date;
  for (const auto& area : b.areas) {
    territory::ControlFeature f;
    f.index = static_cast<int>(map.features.size());
    f.party = area.party;
    f.area = area.polygon;
    map.features.push_back(std::move(f));
  }
  auto dissolved = territory::Dissolve(map);
  if (!dissolved) return std::unexpected(dissolved.error());
  out.territory = std::move(*dissolved);
  return out;
}

Result<ControlSnapshot> LoadSnapshot(const std::string& path,
                                     const territory::Mapping& mapping,
                                     const TerritoryBaseline& baseline) {
  auto bytes = ReadFile(path, "control map");
  if (!bytes) return std::unexpected(bytes.error());
  auto map = territory::ParseControlMap(*bytes, mapping, path);
  if (!map) return std::unexpected(map.error());
  ControlSnapshot s;
  s.path = path;
  s.file = fs::path(path).filename().string();
  s.date = map->date;
  auto time = ParseRfc3339(s.date + "T00:00:00Z");
  if (s.date.empty() || !time) {
    return Fail(ErrorCode::kInvalidInput,
                fmt::format("control map '{}' has no date", path),
                "put its date in the file name (e.g. 2025-06-10.geojson) or "
                "name the property holding it with date_property in the "
                "mapping");
  }
  s.time = *time;
  s.sha256 = rules::Hex(ledger::Sha256(*bytes));
  auto after = territory::Dissolve(*map);
  if (!after) return std::unexpected(after.error());
  auto diff = territory::DiffTerritories(baseline.territory, *after, 0);
  if (!diff) return std::unexpected(diff.error());
  s.diff = std::move(*diff);
  return s;
}

TerritoryWatch::TerritoryWatch(const agreement::Agreement& agreement,
                               const TerritoryBaseline& baseline,
                               std::string source)
    : agreement_(agreement),
      baseline_file_(baseline.file),
      baseline_date_(baseline.date),
      baseline_sha256_(baseline.sha256),
      source_(std::move(source)) {}

void TerritoryWatch::Apply(const ControlSnapshot& s) {
  ++maps_;
  std::vector<bool> continued(open_.size(), false);
  std::vector<Open> next;
  for (const auto& rule : agreement_.rules) {
    if (rule.kind != agreement::RuleKind::kTerritory) continue;
    if (!InForce(rule, s.time)) continue;
    const double threshold_km2 = rule.threshold_m2 / 1e6;
    // diff.pieces is largest first, so a split piece continues the incident
    // with its largest part.
    for (const auto& piece : s.diff.pieces) {
      if (piece.change != territory::Change::kGained) continue;
      if (piece.area_km2 < threshold_km2 || !Binds(rule, piece.party)) continue;
      geo::MultiPolygon shape{{piece.shape}};
      size_t match = open_.size();
      for (size_t i = 0; i < open_.size(); ++i) {
        const Open& o = open_[i];
        if (continued[i] || o.rule != &rule || o.party != piece.party) continue;
        if (geo::Contains(shape, o.inside) ||
            geo::Contains(o.shape, piece.inside)) {
          match = i;
          break;
        }
      }
      size_t handle;
      geo::LatLng inside = piece.inside;
      if (match < open_.size()) {
        continued[match] = true;
        handle = open_[match].handle;
        inside = open_[match].inside;  // the subject's anchor stays put
      } else {
        handle = book_.Open(
            rule,
            fmt::format("area:{:.3f},{:.3f}", piece.inside.lat_deg,
                        piece.inside.lng_deg),
            s.time, piece.party,
            fmt::format("control map {} of {} shows party {} holding this "
                        "piece, which the baseline map {} of {} does not",
                        s.file, s.date, piece.party, baseline_file_,
                        baseline_date_),
            "");
        book_.AddDocument(handle, s.time, baseline_sha256_, source_);
      }
      rules::Incident& in = book_.incident(handle);
      in.summary = fmt::format(
          "party {} holds {} km² beyond its control at signing (map of {})",
          piece.party, Km2(piece.area_km2), s.date);
      in.position = piece.inside;
      in.bbox = {};
      in.bbox.Extend(
          {geo::Latitude{piece.south_deg}, geo::Longitude{piece.west_deg}});
      in.bbox.Extend(
          {geo::Latitude{piece.north_deg}, geo::Longitude{piece.east_deg}});
      in.area = piece.shape;
      book_.AddDocument(handle, s.time, s.sha256, source_);
      book_.SetDetail(handle, "area_km2", Km2(piece.area_km2));
      book_.SetDetail(handle, "area_error_km2",
                      fmt::format("{:.6f}", piece.area_error_km2));
      book_.SetDetail(handle, "threshold_km2", Km2(threshold_km2));
      book_.SetDetail(handle, "map", s.file);
      book_.SetDetail(handle, "map_date", s.date);
      book_.SetDetail(handle, "baseline", baseline_file_);
      book_.SetDetail(handle, "baseline_date", baseline_date_);
      next.push_back({&rule, piece.party, handle, std::move(shape), inside});
    }
  }
  for (size_t i = 0; i < open_.size(); ++i) {
    if (continued[i]) continue;
    book_.SetDetail(open_[i].handle, "ended_by_map", s.file);
    book_.Close(open_[i].handle, s.time);
  }
  open_ = std::move(next);
  book_.Flush();
}

}  // namespace truce::replay
