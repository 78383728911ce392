// Fuzz target: arbitrary bytes as a native report CSV, fed whole and in
// two pieces split at a byte taken from the input. Checks that every record
// is imported or rejected exactly once, that both feeds agree, and that each
// report's NDJSON is valid JSON.
#include <cstdint>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "observe/report.h"
#include "observe/report_csv_writer.h"
#include "observe/report_reader.h"

namespace {

using namespace truce::observe;

class CheckingSink : public ReportSink {
 public:
  void OnReport(const Report& r) override {
    ++reports;
    json_.clear();
    AppendReportJson(r, "fuzz", &json_);
    if (!nlohmann::json::accept(json_)) std::abort();
    if (r.count == 0 || r.party.size() > 16 || r.source.size() > 32) {
      std::abort();
    }
    csv_.clear();
    AppendReportCsvRow(r, &csv_);
  }
  void OnReject(uint64_t, std::string_view raw, ReportRejectReason reason,
                std::string_view) override {
    ++rejected;
    if (ReportRejectReasonName(reason) == "unknown") std::abort();
    if (raw.size() > kMaxReportRecordBytes) std::abort();
  }
  uint64_t reports = 0;
  uint64_t rejected = 0;

 private:
  std::string json_, csv_;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const ReportMapping mapping = NativeReportMapping();
  CheckingSink whole;
  ReportCsvReader a(&mapping, &whole, "fuzz");
  a.Feed(text);
  const auto sa = a.Finish();

  CheckingSink split;
  ReportCsvReader b(&mapping, &split, "fuzz");
  const size_t cut = size == 0 ? 0 : data[0] % (size + 1);
  b.Feed(text.substr(0, cut));
  b.Feed(text.substr(cut));
  const auto sb = b.Finish();

  if (sa.has_value() != sb.has_value()) std::abort();
  if (sa) {
    if (sa->records != sa->reports + sa->rejected) std::abort();
    if (whole.reports != sa->reports || whole.rejected != sa->rejected) {
      std::abort();
    }
    if (sb->reports != sa->reports || sb->rejected != sa->rejected) {
      std::abort();
    }
  }
  CheckingSink geo;
  (void)ReadGeoJsonReports(text, mapping, &geo, "fuzz");
  return 0;
}
