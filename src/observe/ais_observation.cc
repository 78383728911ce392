#include "observe/ais_observation.h"

#include <sodium.h>

#include <cmath>

#include "observe/mid.h"

namespace truce::observe {
namespace {

// Position of a report in 1/10000 minute; false when "not available" or out
// of range.
bool SetPositionE4(int32_t lon, int32_t lat, bool accuracy, Observation* o) {
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

double SpeedKnots(uint16_t decikn) {
  return decikn == 1023 ? kUnknown : decikn / 10.0;  // 1022 means >= 102.2
}

double CourseDeg(uint16_t decideg) {
  return decideg >= 3600 ? kUnknown : decideg / 10.0;
}

double HeadingDeg(uint16_t deg) { return deg >= 360 ? kUnknown : deg; }

// ROT_AIS = 4.733 * sqrt(ROT deg/min), signed; +-127 and -128 carry no rate.
double TurnDegPerMin(int8_t raw) {
  if (raw == -128 || raw == 127 || raw == -127) return kUnknown;
  const double r = raw / 4.733;
  return raw < 0 ? -r * r : r * r;
}

void SetStatic(unsigned shiptype, std::string_view name, Observation* o) {
  const VesselClass c = VesselClassForShipType(shiptype);
  o->class_name = VesselClassName(c);
  o->military = c == VesselClass::kMilitary;
  o->name.assign(name);
}

}  // namespace

std::array<uint8_t, 32> Sha256(std::string_view bytes) {
  std::array<uint8_t, 32> out{};
  crypto_hash_sha256(out.data(),
                     reinterpret_cast<const unsigned char*>(bytes.data()),
                     bytes.size());
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
  o.raw_sha256 = Sha256(source.raw);
  *out = o;
  return true;
}

}  // namespace truce::observe
