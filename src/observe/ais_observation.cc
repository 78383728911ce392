#include "observe/ais_observation.h"

#include <cmath>

#include "observe/ais_units.h"
#include "observe/mid.h"
#include "observe/sha256.h"

namespace truce::observe {
namespace {

using ais_units::CourseDeg;
using ais_units::HeadingDeg;
using ais_units::SetPositionE4;
using ais_units::SpeedKnots;
using ais_units::TurnDegPerMin;

void SetStatic(unsigned shiptype, std::string_view name, Observation* o) {
  const VesselClass c = VesselClassForShipType(shiptype);
  o->class_name = VesselClassName(c);
  o->military = c == VesselClass::kMilitary;
  o->name.assign(name);
}

}  // namespace

std::array<uint8_t, 32> Sha256(std::string_view bytes) {
  std::array<uint8_t, 32> out{};
  Sha256Into(bytes, out.data());
  return out;
}

bool AisToObservation(const AisMessage& m, const CompletedMessage& source,
                      std::string_view feed, Observation* out) {
  Observation o;
  o.time_ns = source.time_ns;
  o.source_id.assign(source.source.empty() ? feed : source.source);
  o.kind = ObservationKind::kVessel;
  o.scheme = SubjectScheme::kMmsi;
  o.subject_id = m.mmsi;
  const MmsiInfo info = ClassifyMmsi(m.mmsi);
  if (info.flag) o.flag_iso2.assign(info.flag->iso2);

  bool useful = true;
  std::visit(
      [&](const auto& b) {
        using T = std::decay_t<decltype(b)>;
        if constexpr (std::is_same_v<T, PositionReportA>) {
          SetPositionE4(b.lon_e4min, b.lat_e4min, b.accuracy, &o);
          o.kinematics.speed_knots = SpeedKnots(b.speed_decikn);
          o.kinematics.course_deg = CourseDeg(b.course_decideg);
          o.kinematics.heading_deg = HeadingDeg(b.heading_deg);
          o.kinematics.turn_deg_per_min = TurnDegPerMin(b.turn_raw);
        } else if constexpr (std::is_same_v<T, PositionReportB>) {
          SetPositionE4(b.lon_e4min, b.lat_e4min, b.accuracy, &o);
          o.kinematics.speed_knots = SpeedKnots(b.speed_decikn);
          o.kinematics.course_deg = CourseDeg(b.course_decideg);
          o.kinematics.heading_deg = HeadingDeg(b.heading_deg);
        } else if constexpr (std::is_same_v<T, PositionReportBExtended>) {
          SetPositionE4(b.lon_e4min, b.lat_e4min, b.accuracy, &o);
          o.kinematics.speed_knots = SpeedKnots(b.speed_decikn);
          o.kinematics.course_deg = CourseDeg(b.course_decideg);
          o.kinematics.heading_deg = HeadingDeg(b.heading_deg);
          SetStatic(b.shiptype, b.shipname.view(), &o);
        } else if constexpr (std::is_same_v<T, SarAircraftPosition>) {
          o.kind = ObservationKind::kAircraft;
          SetPositionE4(b.lon_e4min, b.lat_e4min, b.accuracy, &o);
          o.kinematics.speed_knots = b.speed_kn == 1023 ? kUnknown : b.speed_kn;
          o.kinematics.course_deg = CourseDeg(b.course_decideg);
          o.altitude_m = b.alt_m == 4095 ? kUnknown : b.alt_m;
          o.class_name = "sar_aircraft";
        } else if constexpr (std::is_same_v<T, LongRangeBroadcast>) {
          if (b.lon_e1min != 181 * 600 && b.lat_e1min != 91 * 600 &&
              std::abs(b.lon_e1min) <= 180 * 600 &&
              std::abs(b.lat_e1min) <= 90 * 600) {
            o.has_position = true;
            o.position = geo::LatLng(geo::Latitude{b.lat_e1min / 600.0},
                                     geo::Longitude{b.lon_e1min / 600.0});
            // 1/10 minute steps: up to 0.05' (93 m) of rounding on top.
            o.uncertainty_m = (b.accuracy ? 10.0 : 100.0) + 93.0;
          }
          o.kinematics.speed_knots = b.speed_kn == 63 ? kUnknown : b.speed_kn;
          o.kinematics.course_deg =
              b.course_deg >= 360 ? kUnknown : b.course_deg;
        } else if constexpr (std::is_same_v<T, StaticVoyageData>) {
          SetStatic(b.shiptype, b.shipname.view(), &o);
        } else if constexpr (std::is_same_v<T, StaticDataB>) {
          if (b.part == StaticDataB::Part::kA) {
            o.name.assign(b.shipname.view());
          } else {
            SetStatic(b.shiptype, b.shipname.view(), &o);
          }
        } else {
          useful = false;
        }
      },
      m.body);
  if (!useful) return false;
  Sha256Into(source.raw, o.raw_sha256.data());
  *out = o;
  return true;
}

}  // namespace truce::observe
