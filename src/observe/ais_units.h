// The AIS raw-field conversions to Observation units, shared by
// AisToObservation (ais_observation.cc) and the fast path (ais_fast.cc) so
// that both give the same numbers by construction.
//
// Thread safety: pure functions.
#ifndef TRUCE_OBSERVE_AIS_UNITS_H_
#define TRUCE_OBSERVE_AIS_UNITS_H_

#include <cmath>
#include <cstdint>

#include "observe/observation.h"

namespace truce::observe::ais_units {

// Position of a report in 1/10000 minute into *o; false (and *o untouched)
// when "not available" (181, 91 degrees) or out of range.
inline bool SetPositionE4(int32_t lon, int32_t lat, bool accuracy,
                          Observation* o) {
  if (lon == 181 * 600000 || lat == 91 * 600000) return false;
  const double lon_deg = lon / 600000.0;
  const double lat_deg = lat / 600000.0;
  if (std::fabs(lon_deg) > 180 || std::fabs(lat_deg) > 90) return false;
  o->has_position = true;
  o->position = geo::LatLng(geo::Latitude{lat_deg}, geo::Longitude{lon_deg});
  // ITU-R M.1371 position accuracy flag: 1 = better than 10 m (DGNSS);
  // 0 = worse than 10 m, for which we take 100 m (unaugmented GNSS, 95%).
  o->uncertainty_m = accuracy ? 10.0 : 100.0;
  return true;
}

// Speed over ground in 0.1 knot; 1023 is "not available", 1022 ">= 102.2".
inline double SpeedKnots(unsigned decikn) {
  return decikn == 1023 ? kUnknown : decikn / 10.0;
}

// Course over ground in 0.1 degree; 3600 and above are "not available".
inline double CourseDeg(unsigned decideg) {
  return decideg >= 3600 ? kUnknown : decideg / 10.0;
}

// True heading in degrees; 511 (and anything from 360) is "not available".
inline double HeadingDeg(unsigned deg) { return deg >= 360 ? kUnknown : deg; }

// ROT_AIS = 4.733 * sqrt(ROT deg/min), signed; +-127 and -128 carry no rate.
inline double TurnDegPerMin(int8_t raw) {
  if (raw == -128 || raw == 127 || raw == -127) return kUnknown;
  const double r = raw / 4.733;
  return raw < 0 ? -r * r : r * r;
}

}  // namespace truce::observe::ais_units

#endif  // TRUCE_OBSERVE_AIS_UNITS_H_
