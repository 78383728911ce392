// Field reports: one geolocated, timestamped report of an event (shelling,
// an explosion, a monitor refused access) or of equipment seen, as read from
// the native CSV / GeoJSON schema or from another shape through a column
// mapping (report_mapping.h). Formats: docs/formats/reports.md.
//
// A Report owns its text fields; `event` and `class_name` are static words
// (report_vocabulary.h) or empty. Readers reuse one Report per record, so a
// sink must copy what it keeps. ToObservation() gives the normalized record.
//
// Rejections are values: every record a reader cannot turn into a Report is
// passed to ReportSink::OnReject with its line, raw bytes and a stable reason.
//
// Thread safety: plain values and pure functions.
#ifndef TRUCE_OBSERVE_REPORT_H_
#define TRUCE_OBSERVE_REPORT_H_

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "observe/observation.h"

namespace truce::observe {

struct Report {
  uint64_t line = 0;    // first line of the CSV record, or GeoJSON feature 1..n
  int64_t time_ns = 0;  // UTC, start of the interval it names
  int64_t time_precision_ns = 0;  // length of that interval (0: exact)
  double lat_deg = 0;             // WGS84
  double lon_deg = 0;             // WGS84, [-180, 180]
  double precision_m = kUnknown;  // horizontal uncertainty; NaN: unknown
  std::string_view event;         // static word or empty
  std::string_view class_name;    // static word or empty
  uint32_t count = 1;             // items seen, >= 1
  std::string party;              // <= 16 bytes
  std::string source;             // <= 32 bytes
  std::string source_kind;
  std::string report_id;
  std::string unit;
  std::string text;
  std::array<uint8_t, 32> raw_sha256{};  // SHA-256 of the raw record bytes
};

// Why a record was not imported. Names are stable (quarantine files).
enum class ReportRejectReason : uint8_t {
  kBadQuoting,       // RFC 4180 quoting broken (stray or unclosed quote)
  kRecordTooLong,    // a record longer than kMaxReportRecordBytes
  kBadUtf8,          // the record is not valid UTF-8
  kBadFieldCount,    // not as many fields as the header
  kMissingTime,      // the time is empty
  kBadTime,          // the time does not parse in the mapping's format
  kTimeOutOfRange,   // outside the mapping's not_before / not_after
  kMissingPosition,  // latitude or longitude empty
  kBadPosition,      // not a number, or out of range
  kUnknownEvent,     // an event word outside the vocabulary / value map
  kUnknownClass,     // a class word outside the vocabulary / value map
  kBadNumber,        // count, precision_m or time_precision_s malformed
  kFieldTooLong,     // party > 16 bytes or source > 32 bytes
  kBadFeature,       // GeoJSON: a feature that is not an object / Point
  kCount,            // number of reasons; not a reason
};

inline constexpr int kReportRejectReasonCount =
    static_cast<int>(ReportRejectReason::kCount);
inline constexpr size_t kMaxReportRecordBytes = 64 * 1024;

// Stable snake_case token, e.g. "bad_time".
std::string_view ReportRejectReasonName(ReportRejectReason reason);

// Receives the results of a reader, in input order.
class ReportSink {
 public:
  virtual ~ReportSink() = default;
  virtual void OnReport(const Report& report) = 0;
  // `raw`: the record's bytes without its line terminator (truncated to
  // kMaxReportRecordBytes); `detail`: static text or empty.
  virtual void OnReject(uint64_t line, std::string_view raw,
                        ReportRejectReason reason, std::string_view detail) = 0;
};

struct ReportStats {
  uint64_t records = 0;  // data records seen (header and blank lines not)
  uint64_t reports = 0;
  uint64_t rejected = 0;
  uint64_t blank = 0;  // empty lines skipped
  std::array<uint64_t, kReportRejectReasonCount> rejected_by_reason{};
};

// The normalized observation: kind kReport, scheme kReportId, subject the
// first 8 bytes (big-endian) of SHA-256 of report_id, else of unit, else
// the record digest; source_id = source.
Observation ToObservation(const Report& report);

// The subject id ToObservation uses.
uint64_t ReportSubjectId(const Report& report);

// One NDJSON object (no newline) as docs/formats/reports.md describes.
void AppendReportJson(const Report& report, std::string_view input,
                      std::string* out);

}  // namespace truce::observe

#endif  // TRUCE_OBSERVE_REPORT_H_
