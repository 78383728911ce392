// The part of an ADS-B aircraft observation that SBS-1 records and readsb
// snapshots share: identity (24-bit address and the State of registry of its
// ICAO Annex 10 block, icao_state.h), time, source, position and kinematics
// in observation units (feet to metres, feet per minute to metres per
// second). Each decoder adds what only it knows (military flag, digest).
//
// Thread safety: pure function.
#ifndef TRUCE_OBSERVE_ADSB_OBSERVATION_H_
#define TRUCE_OBSERVE_ADSB_OBSERVATION_H_

#include <cstdint>
#include <string_view>

#include "observe/observation.h"

namespace truce::observe {

struct AircraftFix {
  uint32_t address = 0;
  bool icao_assigned = true;  // false for non-ICAO ("~") addresses
  int64_t time_ns = 0;
  std::string_view source;
  double lat_deg = 0, lon_deg = 0;
  double altitude_ft = kUnknown;  // barometric; NaN when unknown
  double ground_speed_kn = kUnknown;
  double track_deg = kUnknown;
  double vertical_rate_ft_min = kUnknown;
  std::string_view name;  // flight / call sign
};

// *o = a fresh aircraft observation of `fix`.
void SetAircraftObservation(const AircraftFix& fix, Observation* o);

}  // namespace truce::observe

#endif  // TRUCE_OBSERVE_ADSB_OBSERVATION_H_
