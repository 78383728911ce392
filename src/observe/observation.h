// Observation: one normalized, timestamped fact from one source, the unit the
// rule engine consumes (SPEC.md, "Observation"): a vessel position (AIS), an
// aircraft position (ADS-B, AIS SAR aircraft), a field report, or a
// territorial-control snapshot. Each keeps the SHA-256 of the raw bytes it
// came from, so that any party can check it against the evidence.
//
// A plain value of fixed size (no heap members), so that batches of
// observations are laid out for the cache and building one never allocates.
// NaN means "not known" for every double.
//
// Thread safety: plain value.
#ifndef TRUCE_OBSERVE_OBSERVATION_H_
#define TRUCE_OBSERVE_OBSERVATION_H_

#include <array>
#include <cstdint>
#include <limits>
#include <string_view>

#include "geo/latlng.h"
#include "observe/fixed_string.h"

namespace truce::observe {

enum class ObservationKind : uint8_t {
  kVessel,
  kAircraft,
  kReport,
  kControl,
};

// Which identifier space `subject_id` is in.
enum class SubjectScheme : uint8_t {
  kMmsi,         // AIS Maritime Mobile Service Identity
  kIcaoAddress,  // ADS-B 24-bit address
  kReportId,     // field report id
  kNone,
};

inline constexpr double kUnknown = std::numeric_limits<double>::quiet_NaN();

struct Kinematics {
  double speed_knots = kUnknown;       // over ground
  double course_deg = kUnknown;        // over ground, true north, [0, 360)
  double heading_deg = kUnknown;       // true heading, [0, 360)
  double turn_deg_per_min = kUnknown;  // rate of turn, + to starboard
  double vertical_rate_m_s = kUnknown;
};

struct Observation {
  int64_t time_ns = std::numeric_limits<int64_t>::min();  // UTC; min: unknown
  FixedString<32> source_id;  // receiver, station or feed that heard it
  ObservationKind kind = ObservationKind::kVessel;
  SubjectScheme scheme = SubjectScheme::kNone;
  uint64_t subject_id = 0;
  bool has_position = false;
  geo::LatLng position;             // WGS84 degrees, when has_position
  double altitude_m = kUnknown;     // above mean sea level
  double uncertainty_m = kUnknown;  // horizontal position uncertainty
  std::string_view class_name;      // static text: "military", "cargo"
  FixedString<2> flag_iso2;         // flag state / state of registry
  FixedString<20> name;             // vessel name or call sign if known
  Kinematics kinematics;
  std::array<uint8_t, 32> raw_sha256{};  // SHA-256 of the raw input bytes

  // Field reports (kind kReport) and platform facts decoders know:
  std::string_view event;         // static text: "shelling", "access_denied",
                                  // "equipment_sighting"; empty for tracks
  FixedString<16> party;          // the party a report names, if any
  uint32_t count = 1;             // items seen (e.g. 4 howitzers)
  int64_t time_precision_ns = 0;  // how exactly time_ns is known (0: exact)
  bool military = false;          // a decoder's military flag (readsb dbFlags)
};

}  // namespace truce::observe

#endif  // TRUCE_OBSERVE_OBSERVATION_H_
