#include "observe/report_reader.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <nlohmann/json.hpp>
#include <optional>
#include <vector>

#include "observe/ais_observation.h"
#include "observe/report_csv.h"
#include "observe/report_vocabulary.h"

namespace truce::observe {
namespace {

using Reason = ReportRejectReason;

struct Rejected {
  Reason reason;
  std::string_view detail;
};

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
    s.remove_prefix(1);
  }
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) {
    s.remove_suffix(1);
  }
  return s;
}

bool ValidUtf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<uint8_t>(s[i]);
    int n = 0;
    uint32_t cp = 0;
    if (c < 0x80) {
      ++i;
      continue;
    } else if ((c & 0xE0) == 0xC0) {
      n = 1;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      n = 2;
      cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      n = 3;
      cp = c & 0x07;
    } else {
      return false;
    }
    for (int k = 1; k <= n; ++k) {
      if (i + k >= s.size()) return false;
      const auto b = static_cast<uint8_t>(s[i + k]);
      if ((b & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (b & 0x3F);
    }
    if ((n == 1 && cp < 0x80) || (n == 2 && cp < 0x800) ||
        (n == 3 && (cp < 0x10000 || cp > 0x10FFFF)) ||
        (cp >= 0xD800 && cp <= 0xDFFF)) {
      return false;
    }
    i += n + 1;
  }
  return true;
}

std::optional<double> Number(std::string_view s) {
  if (!s.empty() && s[0] == '+') s.remove_prefix(1);
  double v = 0;
  const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size() || !std::isfinite(v)) {
    return std::nullopt;
  }
  return v;
}

// The compiled mapping: each field's column index in the current header.
class Converter {
 public:
  explicit Converter(const ReportMapping* m) : m_(m) {}

  // Resolves the mapped columns against `header`; the error names the
  // first missing column.
  std::optional<std::string> Bind(std::span<const std::string_view> header) {
    header_size_ = header.size();
    std::optional<std::string> missing;
    auto bind = [&](const FieldMap& f, int* index, bool required) {
      *index = -1;
      if (f.column.empty()) return;
      for (size_t i = 0; i < header.size(); ++i) {
        if (Trim(header[i]) == f.column) {
          *index = static_cast<int>(i);
          return;
        }
      }
      if ((required || !m_->lenient_columns) && !missing) missing = f.column;
    };
    bind(m_->time, &i_time_, true);
    bind(m_->time_precision_s, &i_time_precision_, false);
    bind(m_->lat, &i_lat_, true);
    bind(m_->lon, &i_lon_, true);
    bind(m_->lat_lon, &i_lat_lon_, true);
    bind(m_->precision_m, &i_precision_, false);
    bind(m_->event, &i_event_, false);
    bind(m_->class_name, &i_class_, false);
    bind(m_->count, &i_count_, false);
    bind(m_->party, &i_party_, false);
    bind(m_->source, &i_source_, false);
    bind(m_->source_kind, &i_source_kind_, false);
    bind(m_->report_id, &i_report_id_, false);
    bind(m_->unit, &i_unit_, false);
    bind(m_->text, &i_text_, false);
    return missing;
  }

  // Fills *r from one record; `position` overrides the mapped lat/lon.
  std::optional<Rejected> Convert(std::span<const std::string_view> cells,
                                  std::string_view raw,
                                  std::optional<geo::LatLng> position,
                                  Report* r) const {
    if (!ValidUtf8(raw)) return Rejected{Reason::kBadUtf8, {}};
    if (cells.size() != header_size_) {
      return Rejected{Reason::kBadFieldCount,
                      cells.size() < header_size_
                          ? "fewer fields than the header"
                          : "more fields than the header"};
    }
    auto get = [&](const FieldMap& f,
                   int i) -> std::optional<std::string_view> {
      if (!f.mapped()) return std::string_view();
      return f.Resolve(i >= 0 ? Trim(cells[i]) : std::string_view());
    };
    // Time.
    const auto time_text = get(m_->time, i_time_);
    if (!time_text || time_text->empty())
      return Rejected{Reason::kMissingTime, {}};
    const auto t = ParseReportTime(*time_text, m_->time_format);
    if (!t) {
      return Rejected{Reason::kBadTime,
                      m_->time_format.empty()
                          ? "expected RFC 3339 or YYYY-MM-DD"
                          : "not in the mapping's time format"};
    }
    if ((m_->not_before_ns && t->time_ns < *m_->not_before_ns) ||
        (m_->not_after_ns && t->time_ns > *m_->not_after_ns)) {
      return Rejected{Reason::kTimeOutOfRange, {}};
    }
    r->time_ns = t->time_ns;
    r->time_precision_ns = t->precision_ns;
    const auto tp = get(m_->time_precision_s, i_time_precision_);
    if (!tp) return Rejected{Reason::kBadNumber, "time_precision_s"};
    if (!tp->empty()) {
      const auto v = Number(*tp);
      if (!v || *v < 0 || *v > 1e9) {
        return Rejected{Reason::kBadNumber, "time_precision_s"};
      }
      r->time_precision_ns = std::llround(*v * 1e9);
    }
    // Position.
    if (position) {
      r->lat_deg = position->lat_deg;
      r->lon_deg = position->lng_deg;
    } else {
      std::optional<std::string_view> lat, lon;
      if (m_->lat_lon.mapped()) {
        const auto both = get(m_->lat_lon, i_lat_lon_);
        if (!both) return Rejected{Reason::kBadPosition, {}};
        const size_t cut = both->find_first_of(", ");
        lat = Trim(both->substr(0, cut));
        lon = cut == std::string_view::npos ? std::string_view()
                                            : Trim(both->substr(cut + 1));
        if (!lon->empty() && (*lon)[0] == ',') lon = Trim(lon->substr(1));
      } else {
        lat = get(m_->lat, i_lat_);
        lon = get(m_->lon, i_lon_);
      }
      if (!lat || !lon) return Rejected{Reason::kBadPosition, {}};
      if (lat->empty() || lon->empty()) {
        return Rejected{Reason::kMissingPosition, {}};
      }
      const auto la = Number(*lat), lo = Number(*lon);
      if (!la || !lo) return Rejected{Reason::kBadPosition, "not a number"};
      r->lat_deg = *la;
      r->lon_deg = *lo;
    }
    if (!(std::abs(r->lat_deg) <= 90) || !(std::abs(r->lon_deg) <= 180)) {
      return Rejected{Reason::kBadPosition, "out of range"};
    }
    const auto pm = get(m_->precision_m, i_precision_);
    if (!pm) return Rejected{Reason::kBadNumber, "precision_m"};
    r->precision_m = kUnknown;
    if (!pm->empty()) {
      const auto v = Number(*pm);
      if (!v || *v < 0) return Rejected{Reason::kBadNumber, "precision_m"};
      r->precision_m = *v;
    }
    // Event and class.
    const auto ev = get(m_->event, i_event_);
    if (!ev) return Rejected{Reason::kUnknownEvent, "no value matches"};
    r->event = InternEventName(*ev);
    if (r->event.empty() && !ev->empty()) {
      return Rejected{Reason::kUnknownEvent, {}};
    }
    const auto cl = get(m_->class_name, i_class_);
    if (!cl) return Rejected{Reason::kUnknownClass, "no value matches"};
    r->class_name = InternClassName(*cl);
    if (r->class_name.empty() && !cl->empty()) {
      return Rejected{Reason::kUnknownClass, {}};
    }
    const auto count = get(m_->count, i_count_);
    r->count = 1;
    if (!count) return Rejected{Reason::kBadNumber, "count"};
    if (!count->empty()) {
      uint32_t n = 0;
      const auto [p, ec] =
          std::from_chars(count->data(), count->data() + count->size(), n);
      if (ec != std::errc() || p != count->data() + count->size() || n == 0) {
        return Rejected{Reason::kBadNumber, "count"};
      }
      r->count = n;
    }
    // Text fields.
    auto text = [&](const FieldMap& f, int i, std::string* out) {
      const auto v = get(f, i);
      out->assign(v ? *v : std::string_view());
    };
    text(m_->party, i_party_, &r->party);
    text(m_->source, i_source_, &r->source);
    text(m_->source_kind, i_source_kind_, &r->source_kind);
    text(m_->report_id, i_report_id_, &r->report_id);
    text(m_->unit, i_unit_, &r->unit);
    text(m_->text, i_text_, &r->text);
    if (r->party.size() > 16) return Rejected{Reason::kFieldTooLong, "party"};
    if (r->source.size() > 32) return Rejected{Reason::kFieldTooLong, "source"};
    r->raw_sha256 = Sha256(raw);
    return std::nullopt;
  }

 private:
  const ReportMapping* m_;
  size_t header_size_ = 0;
  int i_time_ = -1, i_time_precision_ = -1, i_lat_ = -1, i_lon_ = -1,
      i_lat_lon_ = -1, i_precision_ = -1, i_event_ = -1, i_class_ = -1,
      i_count_ = -1, i_party_ = -1, i_source_ = -1, i_source_kind_ = -1,
      i_report_id_ = -1, i_unit_ = -1, i_text_ = -1;
};

void Count(ReportStats* s, std::optional<Rejected> rej) {
  ++s->records;
  if (rej) {
    ++s->rejected;
    ++s->rejected_by_reason[static_cast<int>(rej->reason)];
  } else {
    ++s->reports;
  }
}

}  // namespace

class ReportCsvReader::Impl : public CsvRecordSink {
 public:
  Impl(const ReportMapping* m, ReportSink* sink, std::string_view input)
      : converter_(m), sink_(sink), input_(input), scanner_(this) {}

  void OnRecord(const CsvRecord& rec) override {
    if (error_) return;
    if (!have_header_) {
      have_header_ = true;
      if (rec.bad_quoting || rec.too_long) {
        error_ = fmt::format("the header row is not valid CSV");
        error_line_ = rec.line;
        return;
      }
      if (auto missing = converter_.Bind(rec.fields)) {
        error_ = fmt::format("the header has no column '{}'", *missing);
        error_line_ = rec.line;
      }
      return;
    }
    std::optional<Rejected> rej;
    if (rec.too_long) {
      rej = Rejected{Reason::kRecordTooLong, {}};
    } else if (rec.bad_quoting) {
      rej = Rejected{Reason::kBadQuoting, {}};
    } else {
      report_.line = rec.line;
      rej = converter_.Convert(rec.fields, rec.raw, std::nullopt, &report_);
    }
    Count(&stats_, rej);
    if (rej) {
      sink_->OnReject(rec.line, rec.raw, rej->reason, rej->detail);
    } else {
      sink_->OnReport(report_);
    }
  }
  void OnBlankLine(uint64_t) override {
    if (have_header_ && !error_) ++stats_.blank;
  }

  Converter converter_;
  ReportSink* sink_;
  std::string input_;
  CsvScanner scanner_;
  bool have_header_ = false;
  std::optional<std::string> error_;
  uint64_t error_line_ = 0;
  ReportStats stats_;
  Report report_;
};

ReportCsvReader::ReportCsvReader(const ReportMapping* mapping, ReportSink* sink,
                                 std::string_view input)
    : impl_(std::make_unique<Impl>(mapping, sink, input)) {}
ReportCsvReader::~ReportCsvReader() = default;

void ReportCsvReader::Feed(std::string_view bytes) {
  if (!impl_->error_) impl_->scanner_.Feed(bytes);
}

Result<ReportStats> ReportCsvReader::Finish() {
  if (!impl_->error_) impl_->scanner_.Finish();
  if (!impl_->error_ && !impl_->have_header_) {
    impl_->error_ = "the file is empty: a header row is required";
    impl_->error_line_ = 1;
  }
  if (impl_->error_) {
    return Fail(
        ErrorCode::kInvalidInput, *impl_->error_,
        "see docs/formats/reports.md, or give --map",
        SourceLocation{
            impl_->input_, static_cast<int>(impl_->error_line_), 0, {}});
  }
  return impl_->stats_;
}

bool LooksLikeJson(std::string_view head) {
  if (head.starts_with("\xEF\xBB\xBF")) head.remove_prefix(3);
  for (char c : head) {
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') continue;
    return c == '{';
  }
  return false;
}

Result<ReportStats> ReadGeoJsonReports(std::string_view text,
                                       const ReportMapping& mapping,
                                       ReportSink* sink,
                                       std::string_view input) {
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  const auto doc = nlohmann::json::parse(text, nullptr, false);
  if (doc.is_discarded() || !doc.is_object() || !doc.contains("features") ||
      !doc["features"].is_array() ||
      doc.value("type", "") != "FeatureCollection") {
    return Fail(ErrorCode::kInvalidInput, "not a GeoJSON FeatureCollection",
                "see docs/formats/reports.md",
                SourceLocation{std::string(input), 0, 0, {}});
  }
  // The "header": every column the mapping names, once.
  std::vector<std::string> names;
  for (const FieldMap* f :
       {&mapping.time, &mapping.time_precision_s, &mapping.lat, &mapping.lon,
        &mapping.lat_lon, &mapping.precision_m, &mapping.event,
        &mapping.class_name, &mapping.count, &mapping.party, &mapping.source,
        &mapping.source_kind, &mapping.report_id, &mapping.unit,
        &mapping.text}) {
    if (!f->column.empty() &&
        std::find(names.begin(), names.end(), f->column) == names.end()) {
      names.push_back(f->column);
    }
  }
  std::vector<std::string_view> header(names.begin(), names.end());
  Converter converter(&mapping);
  converter.Bind(header);  // cannot miss: the header is the mapping's
  ReportStats stats;
  Report report;
  std::vector<std::string> cells(names.size());
  std::vector<std::string_view> views(names.size());
  uint64_t n = 0;
  for (const auto& feature : doc["features"]) {
    ++n;
    const std::string raw =
        feature.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    std::optional<Rejected> rej;
    std::optional<geo::LatLng> position;
    if (!feature.is_object() || feature.value("type", "") != "Feature") {
      rej = Rejected{Reason::kBadFeature, "not a Feature object"};
    } else {
      const auto g = feature.find("geometry");
      if (g != feature.end() && !g->is_null()) {
        const auto c = g->is_object() ? g->find("coordinates") : g->end();
        if (!g->is_object() || g->value("type", "") != "Point" ||
            c == g->end() || !c->is_array() || c->size() < 2 ||
            !(*c)[0].is_number() || !(*c)[1].is_number()) {
          rej = Rejected{Reason::kBadFeature, "geometry is not a Point"};
        } else {
          position = geo::LatLng(geo::Latitude{(*c)[1].get<double>()},
                                 geo::Longitude{(*c)[0].get<double>()});
        }
      }
      const auto p = feature.find("properties");
      const bool props = p != feature.end() && p->is_object();
      for (size_t i = 0; i < names.size(); ++i) {
        cells[i].clear();
        if (!props) continue;
        const auto v = p->find(names[i]);
        if (v == p->end() || v->is_null()) continue;
        cells[i] = v->is_string() ? v->get<std::string>() : v->dump();
      }
      for (size_t i = 0; i < names.size(); ++i) views[i] = cells[i];
      if (!rej) {
        report.line = n;
        rej = converter.Convert(views, raw, position, &report);
      }
    }
    Count(&stats, rej);
    if (rej) {
      sink->OnReject(n, raw, rej->reason, rej->detail);
    } else {
      sink->OnReport(report);
    }
  }
  return stats;
}

}  // namespace truce::observe
