#include "server/territory_series.h"

#include <cmath>
#include <nlohmann/json.hpp>
#include <set>

#include "replay/territory_watch.h"
#include "territory/control_map.h"
#include "territory/dissolve.h"

namespace truce::server {
namespace {

double Round6(double v) { return std::round(v * 1e6) / 1e6; }

}  // namespace

Result<TerritorySeries::Areas> TerritorySeries::AreasOf(
    const std::filesystem::path& path) {
  if (auto it = cache_.find(path); it != cache_.end()) return it->second;
  if (!mapping_) {
    auto baseline = replay::LoadBaseline(agreement_);
    if (!baseline) return std::unexpected(baseline.error());
    mapping_ = baseline->mapping;
  }
  auto map = territory::LoadControlMap(path, *mapping_);
  if (!map) return std::unexpected(map.error());
  auto t = territory::Dissolve(*map);
  if (!t) return std::unexpected(t.error());
  Areas areas;
  for (const auto& p : t->parties) areas[p.party] = p.area_km2;
  cache_[path] = areas;
  return areas;
}

Result<std::string> TerritorySeries::Json(
    const std::vector<std::pair<std::string, std::filesystem::path>>& maps) {
  std::lock_guard lock(mu_);
  if (!agreement_.baseline) {
    return Fail(ErrorCode::kNotFound, "the agreement has no baseline map",
                "add a baseline control map to the agreement to follow "
                "territory");
  }
  std::vector<std::pair<std::string, std::filesystem::path>> all;
  all.emplace_back(agreement_.baseline->date, agreement_.baseline->path);
  all.insert(all.end(), maps.begin(), maps.end());
  // date -> (file, areas); a later map of the same date replaces it.
  std::map<std::string, std::pair<std::string, Areas>> by_date;
  std::set<std::string> parties;
  for (const auto& p : agreement_.parties) parties.insert(p.id);
  for (const auto& [date, path] : all) {
    auto areas = AreasOf(path);
    if (!areas) return std::unexpected(areas.error());
    for (const auto& [party, km2] : *areas) parties.insert(party);
    by_date[date] = {path.filename().string(), *areas};
  }
  nlohmann::ordered_json j;
  j["dates"] = nlohmann::ordered_json::array();
  j["files"] = nlohmann::ordered_json::array();
  j["parties"] = nlohmann::ordered_json::object();
  for (const auto& party : parties) {
    j["parties"][party] = nlohmann::ordered_json::array();
  }
  for (const auto& [date, entry] : by_date) {
    j["dates"].push_back(date);
    j["files"].push_back(entry.first);
    for (const auto& party : parties) {
      auto it = entry.second.find(party);
      j["parties"][party].push_back(
          Round6(it == entry.second.end() ? 0.0 : it->second));
    }
  }
  return j.dump();
}

}  // namespace truce::server
