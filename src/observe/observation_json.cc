#include "observe/observation_json.h"

#include <fmt/format.h>

#include <cmath>
#include <iterator>

#include "base/time.h"
#include "observe/ais_json.h"

namespace truce::observe {
namespace {

std::string_view KindName(ObservationKind k) {
  switch (k) {
    case ObservationKind::kVessel:
      return "vessel";
    case ObservationKind::kAircraft:
      return "aircraft";
    case ObservationKind::kReport:
      return "report";
    case ObservationKind::kControl:
      return "control";
  }
  return "unknown";
}

std::string_view SchemeName(SubjectScheme s) {
  switch (s) {
    case SubjectScheme::kMmsi:
      return "mmsi";
    case SubjectScheme::kIcaoAddress:
      return "icao";
    case SubjectScheme::kReportId:
      return "report";
    case SubjectScheme::kNone:
      return "none";
  }
  return "none";
}

void Str(std::string* out, std::string_view key, std::string_view v) {
  fmt::format_to(std::back_inserter(*out), ",\"{}\":\"", key);
  AppendJsonEscaped(v, out);
  out->push_back('"');
}

// Shortest round-trip representation; omitted when NaN.
void Num(std::string* out, std::string_view key, double v) {
  if (std::isnan(v)) return;
  fmt::format_to(std::back_inserter(*out), ",\"{}\":{}", key, v);
}

}  // namespace

void AppendObservationJson(const Observation& o, std::string* out) {
  fmt::format_to(std::back_inserter(*out), "{{\"kind\":\"{}\"",
                 KindName(o.kind));
  if (o.time_ns != std::numeric_limits<int64_t>::min()) {
    Str(out, "time", FormatRfc3339(TimeNs{o.time_ns}));
  }
  Str(out, "source", o.source_id.view());
  Str(out, "scheme", SchemeName(o.scheme));
  if (o.scheme == SubjectScheme::kIcaoAddress) {
    Str(out, "subject", fmt::format("{:06x}", o.subject_id));
  } else {
    fmt::format_to(std::back_inserter(*out), ",\"subject\":{}", o.subject_id);
  }
  if (o.has_position) {
    Num(out, "lat", o.position.lat_deg);
    Num(out, "lng", o.position.lng_deg);
  }
  Num(out, "altitude_m", o.altitude_m);
  Num(out, "uncertainty_m", o.uncertainty_m);
  if (!o.class_name.empty()) Str(out, "class", o.class_name);
  if (o.flag_iso2.size > 0) Str(out, "flag", o.flag_iso2.view());
  if (o.name.size > 0) Str(out, "name", o.name.view());
  Num(out, "speed_knots", o.kinematics.speed_knots);
  Num(out, "course_deg", o.kinematics.course_deg);
  Num(out, "heading_deg", o.kinematics.heading_deg);
  Num(out, "turn_deg_per_min", o.kinematics.turn_deg_per_min);
  Num(out, "vertical_rate_m_s", o.kinematics.vertical_rate_m_s);
  if (o.military) out->append(",\"military\":true");
  out->append(",\"sha256\":\"");
  static constexpr char kHex[] = "0123456789abcdef";
  for (uint8_t b : o.raw_sha256) {
    out->push_back(kHex[b >> 4]);
    out->push_back(kHex[b & 15]);
  }
  out->append("\"}");
}

}  // namespace truce::observe
