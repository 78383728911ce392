#include "observe/report_csv_writer.h"

#include <fmt/format.h>

#include <cmath>
#include <iterator>

#include "base/time.h"

namespace truce::observe {
namespace {

constexpr int64_t kDayNs = 86'400'000'000'000;

void Field(std::string_view v, std::string* out) {
  if (v.find_first_of(",\"\r\n") == std::string_view::npos &&
      (v.empty() || (v.front() != ' ' && v.back() != ' ' && v.front() != '\t' &&
                     v.back() != '\t'))) {
    out->append(v);
    return;
  }
  out->push_back('"');
  for (char c : v) {
    if (c == '"') out->push_back('"');
    out->push_back(c);
  }
  out->push_back('"');
}

}  // namespace

void AppendReportCsvHeader(std::string* out) {
  out->append(
      "time,time_precision_s,lat,lon,precision_m,event,class,count,party,"
      "source,source_kind,report_id,unit,text\n");
}

void AppendReportCsvRow(const Report& r, std::string* out) {
  auto it = std::back_inserter(*out);
  const int64_t p = r.time_precision_ns;
  if (p == kDayNs && r.time_ns % kDayNs == 0) {
    out->append(FormatRfc3339(TimeNs{r.time_ns}).substr(0, 10));
  } else {
    out->append(FormatRfc3339(TimeNs{r.time_ns}));
  }
  out->push_back(',');
  if (p % 1'000'000'000 == 0) {
    fmt::format_to(it, "{}", p / 1'000'000'000);
  } else {
    std::string frac = fmt::format("{:09d}", p % 1'000'000'000);
    while (frac.back() == '0') frac.pop_back();
    fmt::format_to(it, "{}.{}", p / 1'000'000'000, frac);
  }
  fmt::format_to(it, ",{},{},", r.lat_deg, r.lon_deg);
  if (!std::isnan(r.precision_m)) fmt::format_to(it, "{}", r.precision_m);
  out->push_back(',');
  Field(r.event, out);
  out->push_back(',');
  Field(r.class_name, out);
  fmt::format_to(it, ",{},", r.count);
  Field(r.party, out);
  out->push_back(',');
  Field(r.source, out);
  out->push_back(',');
  Field(r.source_kind, out);
  out->push_back(',');
  Field(r.report_id, out);
  out->push_back(',');
  Field(r.unit, out);
  out->push_back(',');
  Field(r.text, out);
  out->push_back('\n');
}

}  // namespace truce::observe
