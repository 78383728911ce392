// Simulate: a seeded, reproducible world for an agreement (ships on its
// corridor, patrol and airliner traffic, artillery that withdraws or does
// not, monitors refused access) written as feeds in the real formats, with
// the violations it planted (truth). docs/formats/simulation.md.
//
// Every planted violation is unambiguous under the rules: the simulator
// judges it with the engine's own predicates (rules::CompiledZones, geodesic
// distances), keeps lawful traffic well outside every zone and threshold
// (margins far beyond jitter and entry hysteresis), and keeps violations
// well inside for long enough. The truth follows what the sensors delivered
// (a dropped fix is not evidence).
//
// Thread safety: pure function of its inputs (no global state).
#ifndef TRUCE_SIMULATE_SIMULATE_H_
#define TRUCE_SIMULATE_SIMULATE_H_

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "agreement/agreement.h"
#include "base/error.h"
#include "simulate/truth.h"

namespace truce::simulate {

struct Options {
  uint64_t seed = 7;
  double hours = 24;
  int vessels = 12;    // merchant ships on the corridor
  int aircraft = 10;   // airliners
  int reports = 40;    // lawful field reports (sightings of withdrawn arms)
  double noise = 1.0;  // scales drops, second witnesses, repeats and jitter
  // Start of the simulated period; 0: the first midnight (UTC) after every
  // rule of the agreement is in force.
  int64_t start_unix_s = 0;
};

struct Simulation {
  TimeNs start, end;
  std::map<std::string, std::string> feeds;  // file name -> bytes
  std::vector<TruthRecord> truth;            // in order of first time
};

Result<Simulation> Simulate(const agreement::Agreement& agreement,
                            const Options& options);

// Writes DIR/feeds/<name> and DIR/truth.ndjson (creating DIR/feeds).
Result<void> WriteSimulation(const Simulation& sim,
                             const std::filesystem::path& dir);

}  // namespace truce::simulate

#endif  // TRUCE_SIMULATE_SIMULATE_H_
