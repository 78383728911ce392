#include "observe/observation_json.h"

#include <fmt/compile.h>
#include <fmt/format.h>

#include <charconv>
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

void Key(std::string* out, std::string_view key) {
  out->append(",\"").append(key).append("\":");
}

void Str(std::string* out, std::string_view key, std::string_view v) {
  Key(out, key);
  out->push_back('"');
  AppendJsonEscaped(v, out);
  out->push_back('"');
}

// Shortest round-trip representation; omitted when NaN. The format string
// is compiled (FMT_COMPILE): no parsing per number.
void Num(std::string* out, std::string_view key, double v) {
  if (std::isnan(v)) return;
  Key(out, key);
  fmt::format_to(std::back_inserter(*out), FMT_COMPILE("{}"), v);
}

}  // namespace

void AppendDecimalSeconds(int64_t ns, std::string* out) {
  const bool negative = ns < 0;
  const uint64_t a =
      negative ? 0 - static_cast<uint64_t>(ns) : static_cast<uint64_t>(ns);
  if (negative) out->push_back('-');
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof buf, a / 1'000'000'000);
  out->append(buf, r.ptr);
  uint64_t frac = a % 1'000'000'000;
  if (frac == 0) return;
  char digits[9];
  for (int i = 8; i >= 0; --i) {
    digits[i] = static_cast<char>('0' + frac % 10);
    frac /= 10;
  }
  int n = 9;
  while (digits[n - 1] == '0') --n;
  out->push_back('.');
  out->append(digits, static_cast<size_t>(n));
}

void AppendObservationJson(const Observation& o, std::string* out) {
  AppendObservationJson(o, ReportText{}, out);
}

void AppendObservationJson(const Observation& o, const ReportText& report,
                           std::string* out) {
  out->append("{\"kind\":\"").append(KindName(o.kind)).push_back('"');
  if (o.time_ns != std::numeric_limits<int64_t>::min()) {
    Str(out, "time", FormatRfc3339(TimeNs{o.time_ns}));
  }
  Str(out, "source", o.source_id.view());
  Str(out, "scheme", SchemeName(o.scheme));
  if (o.scheme == SubjectScheme::kIcaoAddress) {
    Str(out, "subject", fmt::format("{:06x}", o.subject_id));
  } else {
    Key(out, "subject");
    char buf[24];
    const auto r = std::to_chars(buf, buf + sizeof buf, o.subject_id);
    out->append(buf, r.ptr);
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
  // What a field report says (kind "report"); tracks leave these empty.
  if (!o.event.empty()) Str(out, "event", o.event);
  if (o.party.size > 0) Str(out, "party", o.party.view());
  if (o.kind == ObservationKind::kReport) {
    Key(out, "count");
    char buf[24];
    const auto r = std::to_chars(buf, buf + sizeof buf, o.count);
    out->append(buf, r.ptr);
    Key(out, "time_precision_s");
    AppendDecimalSeconds(o.time_precision_ns, out);
  }
  if (!report.source_kind.empty()) Str(out, "source_kind", report.source_kind);
  if (!report.text.empty()) Str(out, "text", report.text);
  out->append(",\"sha256\":\"");
  static constexpr char kHex[] = "0123456789abcdef";
  for (uint8_t b : o.raw_sha256) {
    out->push_back(kHex[b >> 4]);
    out->push_back(kHex[b & 15]);
  }
  out->append("\"}");
}

}  // namespace truce::observe
