#include "observe/adsb_observation.h"

#include <cmath>

#include "observe/icao_state.h"

namespace truce::observe {

void SetAircraftObservation(const AircraftFix& f, Observation* out) {
  Observation o;
  o.kind = ObservationKind::kAircraft;
  o.scheme = SubjectScheme::kIcaoAddress;
  o.subject_id = f.address;
  // State of registry from the address block (ICAO Annex 10); non-ICAO
  // addresses (TIS-B "~") are assigned by no State.
  if (const IcaoBlock* b = f.icao_assigned ? IcaoStateOf(f.address) : nullptr) {
    o.flag_iso2.assign(b->iso2);
  }
  o.time_ns = f.time_ns;
  o.source_id.assign(f.source);
  o.has_position = true;
  o.position = geo::LatLng(geo::Latitude{f.lat_deg}, geo::Longitude{f.lon_deg});
  if (!std::isnan(f.altitude_ft)) o.altitude_m = f.altitude_ft * 0.3048;
  o.kinematics.speed_knots = f.ground_speed_kn;
  o.kinematics.course_deg = f.track_deg;
  if (!std::isnan(f.vertical_rate_ft_min)) {
    o.kinematics.vertical_rate_m_s = f.vertical_rate_ft_min * 0.3048 / 60;
  }
  o.name.assign(f.name);
  *out = o;
}

}  // namespace truce::observe
