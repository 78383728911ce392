// ReportMapping: how the columns of a report file (CSV header names, or
// GeoJSON property names) become the fields of a Report, so that files in
// other shapes import without editing. Loaded from YAML (LoadReportMapping;
// schema in docs/formats/reports.md, example examples/reports/
// cir-bellingcat.yaml); NativeReportMapping() is the identity mapping of the
// native schema.
//
// Each field is a FieldMap: a source column, or a constant; an optional
// value map from their words to ours ("Bombing or Explosion*" matches by
// prefix); and a default for empty or unmapped cells.
//
// Thread safety: plain values; LoadReportMapping is reentrant.
#ifndef TRUCE_OBSERVE_REPORT_MAPPING_H_
#define TRUCE_OBSERVE_REPORT_MAPPING_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/error.h"

namespace truce::observe {

struct FieldMap {
  std::string column;                   // source column; empty: not mapped
  std::optional<std::string> constant;  // used for every row when set
  // Pattern -> our value, in file order; a pattern ending in '*' matches by
  // prefix, any other exactly. Exact patterns win over prefixes.
  std::vector<std::pair<std::string, std::string>> values;
  std::optional<std::string> fallback;  // YAML `default`: empty/unmapped

  bool mapped() const { return constant.has_value() || !column.empty(); }
  // The value for a (trimmed) cell; nullopt: the cell matches no value and
  // there is no default.
  std::optional<std::string_view> Resolve(std::string_view cell) const;
};

struct ReportMapping {
  FieldMap time;
  // "" : RFC 3339 or a date YYYY-MM-DD; else strftime-like: %Y %m %d %H %M
  // %S %% and literal bytes.
  std::string time_format;
  std::optional<int64_t> not_before_ns;  // earlier times are rejected
  std::optional<int64_t> not_after_ns;   // later times are rejected
  FieldMap time_precision_s;
  FieldMap lat, lon;
  FieldMap lat_lon;  // one column "lat, lon" (comma or space), instead
  FieldMap precision_m;
  FieldMap event;
  FieldMap class_name;
  FieldMap count;
  FieldMap party;
  FieldMap source;
  FieldMap source_kind;
  FieldMap report_id;
  FieldMap unit;
  FieldMap text;
  // When true (the native schema), a column missing from the header leaves
  // its field unmapped, except time and position; when false it is an error.
  bool lenient_columns = false;
};

// The native schema: every field read from the column of the same name
// (class from "class").
ReportMapping NativeReportMapping();

// Parses a mapping. Errors name `file_name`, line and column, and unknown
// keys, event/class values outside the vocabulary, and bad time formats.
Result<ReportMapping> LoadReportMapping(std::string_view yaml_text,
                                        std::string_view file_name);

// Parses `text` in `format` (see ReportMapping::time_format). Returns the
// start of the interval in ns since the epoch (UTC) and its length.
struct ParsedTime {
  int64_t time_ns = 0;
  int64_t precision_ns = 0;
};
std::optional<ParsedTime> ParseReportTime(std::string_view text,
                                          std::string_view format);

}  // namespace truce::observe

#endif  // TRUCE_OBSERVE_REPORT_MAPPING_H_
