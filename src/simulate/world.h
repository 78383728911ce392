// Internal to the simulate library: the state the parts of a simulated world
// share (the sea, the air, the ground), and their entry points.
#ifndef TRUCE_SIMULATE_WORLD_H_
#define TRUCE_SIMULATE_WORLD_H_

#include <map>
#include <string>
#include <vector>

#include "agreement/agreement.h"
#include "base/error.h"
#include "rules/zones.h"
#include "simulate/feeds.h"
#include "simulate/random.h"
#include "simulate/simulate.h"
#include "simulate/truth.h"

namespace truce::simulate::internal {

struct World {
  const agreement::Agreement& agreement;
  const rules::CompiledZones& zones;
  const Options& options;
  Rng& rng;
  Feeds& feeds;
  int64_t start_s = 0, end_s = 0;
  std::vector<TruthRecord> truth;
  std::map<std::string, std::string> documents;  // other files: name -> bytes

  double hours() const { return (end_s - start_s) / 3600.0; }
  // Uniform whole second in [lo, hi].
  int64_t TimeIn(int64_t lo, int64_t hi) {
    return rng.Int(lo, std::max(lo, hi));
  }
  // The party whose flag state is `iso2`; empty if none.
  std::string PartyOfFlag(std::string_view iso2) const;
  void Plant(const agreement::Rule& rule, std::string violation,
             std::string subject, std::string party, int64_t first_s,
             int64_t last_s, geo::LatLng at, double radius_m = 0);
};

TimeNs Seconds(int64_t s);

// Each part plants the violations of its rules and writes its feeds.
Result<void> SimulateSea(World& w);
Result<void> SimulateAir(World& w);
Result<void> SimulateGround(World& w);
Result<void> SimulateTerritory(World& w);  // daily control maps

}  // namespace truce::simulate::internal

#endif  // TRUCE_SIMULATE_WORLD_H_
