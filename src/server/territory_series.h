// TerritorySeries: km² held by each party on each control map's date, from
// the agreement's baseline and the control maps received (Live::ControlMaps),
// for GET /api/territory/series.
//
// Maps are read with the baseline's mapping (as replay's territory watch
// reads them), dissolved, and measured geodesically (territory/dissolve.h).
// A map is read once and its areas kept: stored maps never change. Several
// maps of one date: the last received stands for the date.
//
// Thread safety: every method may be called from any thread (one mutex).
#ifndef TRUCE_SERVER_TERRITORY_SERIES_H_
#define TRUCE_SERVER_TERRITORY_SERIES_H_

#include <filesystem>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "agreement/agreement.h"
#include "base/error.h"
#include "territory/mapping.h"

namespace truce::server {

class TerritorySeries {
 public:
  // `agreement` must outlive this.
  explicit TerritorySeries(const agreement::Agreement& agreement)
      : agreement_(agreement) {}

  // {"dates":[...],"parties":{"A":[km2,...]},"files":[...]}; a party absent
  // from a map has 0 on that date. kNotFound if the agreement has no
  // baseline (no mapping to read maps with).
  Result<std::string> Json(
      const std::vector<std::pair<std::string, std::filesystem::path>>& maps);

 private:
  using Areas = std::map<std::string, double>;  // party -> km2
  Result<Areas> AreasOf(const std::filesystem::path& path);

  const agreement::Agreement& agreement_;
  std::mutex mu_;
  std::optional<territory::Mapping> mapping_;  // the baseline's
  std::map<std::filesystem::path, Areas> cache_;
};

}  // namespace truce::server

#endif  // TRUCE_SERVER_TERRITORY_SERIES_H_
