#include "observe/report.h"

#include <fmt/format.h>

#include <cmath>
#include <iterator>

#include "base/time.h"
#include "observe/ais_json.h"
#include "observe/ais_observation.h"
#include "observe/observation_json.h"

namespace truce::observe {

std::string_view ReportRejectReasonName(ReportRejectReason reason) {
  switch (reason) {
    case ReportRejectReason::kBadQuoting:
      return "bad_quoting";
    case ReportRejectReason::kRecordTooLong:
      return "record_too_long";
    case ReportRejectReason::kBadUtf8:
      return "bad_utf8";
    case ReportRejectReason::kBadFieldCount:
      return "bad_field_count";
    case ReportRejectReason::kMissingTime:
      return "missing_time";
    case ReportRejectReason::kBadTime:
      return "bad_time";
    case ReportRejectReason::kTimeOutOfRange:
      return "time_out_of_range";
    case ReportRejectReason::kMissingPosition:
      return "missing_position";
    case ReportRejectReason::kBadPosition:
      return "bad_position";
    case ReportRejectReason::kUnknownEvent:
      return "unknown_event";
    case ReportRejectReason::kUnknownClass:
      return "unknown_class";
    case ReportRejectReason::kBadNumber:
      return "bad_number";
    case ReportRejectReason::kFieldTooLong:
      return "field_too_long";
    case ReportRejectReason::kBadFeature:
      return "bad_feature";
    case ReportRejectReason::kCount:
      break;
  }
  return "unknown";
}

uint64_t ReportSubjectId(const Report& report) {
  std::array<uint8_t, 32> digest;
  if (!report.report_id.empty()) {
    digest = Sha256(report.report_id);
  } else if (!report.unit.empty()) {
    digest = Sha256(report.unit);
  } else {
    digest = report.raw_sha256;
  }
  uint64_t id = 0;
  for (int i = 0; i < 8; ++i) id = (id << 8) | digest[i];
  return id;
}

Observation ToObservation(const Report& report) {
  Observation o;
  o.time_ns = report.time_ns;
  o.source_id.assign(report.source);
  o.kind = ObservationKind::kReport;
  o.scheme = SubjectScheme::kReportId;
  o.subject_id = ReportSubjectId(report);
  o.has_position = true;
  o.position = geo::LatLng(geo::Latitude{report.lat_deg},
                           geo::Longitude{report.lon_deg});
  o.uncertainty_m = report.precision_m;
  o.class_name = report.class_name;
  o.raw_sha256 = report.raw_sha256;
  o.event = report.event;
  o.party.assign(report.party);
  o.count = report.count;
  o.time_precision_ns = report.time_precision_ns;
  return o;
}

namespace {

void Str(std::string* out, std::string_view key, std::string_view v) {
  if (v.empty()) return;
  fmt::format_to(std::back_inserter(*out), ",\"{}\":\"", key);
  AppendJsonEscaped(v, out);
  out->push_back('"');
}

}  // namespace

void AppendReportJson(const Report& r, std::string_view input,
                      std::string* out) {
  out->append("{\"input\":\"");
  AppendJsonEscaped(input, out);
  fmt::format_to(std::back_inserter(*out), "\",\"line\":{}", r.line);
  Str(out, "time", FormatRfc3339(TimeNs{r.time_ns}));
  out->append(",\"time_precision_s\":");
  AppendDecimalSeconds(r.time_precision_ns, out);
  fmt::format_to(std::back_inserter(*out), ",\"lat\":{},\"lon\":{}", r.lat_deg,
                 r.lon_deg);
  if (!std::isnan(r.precision_m)) {
    fmt::format_to(std::back_inserter(*out), ",\"precision_m\":{}",
                   r.precision_m);
  }
  Str(out, "event", r.event);
  Str(out, "class", r.class_name);
  fmt::format_to(std::back_inserter(*out), ",\"count\":{}", r.count);
  Str(out, "party", r.party);
  Str(out, "source", r.source);
  Str(out, "source_kind", r.source_kind);
  Str(out, "report_id", r.report_id);
  Str(out, "unit", r.unit);
  Str(out, "text", r.text);
  fmt::format_to(std::back_inserter(*out), ",\"subject\":{}",
                 ReportSubjectId(r));
  out->append(",\"sha256\":\"");
  static constexpr char kHex[] = "0123456789abcdef";
  for (uint8_t b : r.raw_sha256) {
    out->push_back(kHex[b >> 4]);
    out->push_back(kHex[b & 15]);
  }
  out->append("\"}");
}

}  // namespace truce::observe
