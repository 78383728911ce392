// `truce decode reports`: field reports (CSV or GeoJSON) to NDJSON.
//
//   truce decode reports [--map MAPPING.yaml] [--quarantine FILE] [--strict]
//                        [--observations] FILE...|-
//
// Input: the native report CSV, any CSV through a YAML column mapping
// (--map), or a GeoJSON FeatureCollection of Points (recognised by a first
// non-blank byte '{'). CSV streams in constant memory; GeoJSON is read whole.
// Output (stdout): one JSON object per imported report
// (docs/formats/reports.md), or with --observations the normalized
// observation records. Every rejected record goes to the quarantine file as
// {"source","line","raw","reason"}; a one-line summary goes to stderr.
//
// Exit codes: 0 done (rejections are counted, not fatal); 1 a bad mapping,
// a header without a mapped column, or with --strict any rejection; 3 an
// input or the mapping does not exist; 4 a read or write failed.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "base/error.h"
#include "cli/commands.h"
#include "cli/decode_common.h"
#include "observe/observation_json.h"
#include "observe/report.h"
#include "observe/report_mapping.h"
#include "observe/report_reader.h"

namespace truce::cli {
namespace {

using decode::Output;
using observe::Report;
using observe::ReportRejectReason;
using observe::ReportStats;

struct ReportOptions : decode::CommonOptions {
  std::string map;
};

class Sink : public observe::ReportSink {
 public:
  Sink(bool observations, Output* out, Output* quarantine)
      : observations_(observations), out_(out), quarantine_(quarantine) {}
  void set_input(std::string_view input) { input_ = input; }
  uint64_t records() const { return records_; }

  void OnReport(const Report& r) override {
    ++records_;
    std::string& b = out_->buf();
    if (observations_) {
      observe::AppendObservationJson(observe::ToObservation(r),
                                     {r.source_kind, r.text}, &b);
    } else {
      observe::AppendReportJson(r, input_, &b);
    }
    b.push_back('\n');
    out_->MaybeFlush();
  }
  void OnReject(uint64_t line, std::string_view raw, ReportRejectReason reason,
                std::string_view) override {
    ++records_;
    decode::WriteQuarantine(quarantine_, input_, line, raw,
                            observe::ReportRejectReasonName(reason));
  }

 private:
  bool observations_;
  Output* out_;
  Output* quarantine_;
  std::string_view input_;
  uint64_t records_ = 0;
};

Result<ReportStats> DecodeOne(FILE* f, const std::string& name,
                              const observe::ReportMapping& mapping, Sink* sink,
                              decode::Progress* progress) {
  const std::string input(decode::SourceName(name));
  sink->set_input(input);
  std::vector<char> chunk(decode::kReadChunk);
  size_t n = std::fread(chunk.data(), 1, chunk.size(), f);
  if (observe::LooksLikeJson(std::string_view(chunk.data(), n))) {
    std::string text(chunk.data(), n);
    while ((n = std::fread(chunk.data(), 1, chunk.size(), f)) > 0) {
      text.append(chunk.data(), n);
    }
    if (std::ferror(f)) {
      return Fail(ErrorCode::kIo, fmt::format("read error on {}", name));
    }
    return observe::ReadGeoJsonReports(text, mapping, sink, input);
  }
  observe::ReportCsvReader reader(&mapping, sink, input);
  while (n > 0) {
    reader.Feed(std::string_view(chunk.data(), n));
    progress->Tick(name, sink->records(), "records");
    n = std::fread(chunk.data(), 1, chunk.size(), f);
  }
  progress->Done();
  if (std::ferror(f)) {
    return Fail(ErrorCode::kIo, fmt::format("read error on {}", name));
  }
  return reader.Finish();
}

std::string Summary(const ReportStats& s) {
  return fmt::format(
      "decode reports: {} records, {} imported, {} rejected{}, {} blank lines",
      s.records, s.reports, s.rejected,
      decode::ReasonCounts(s.rejected_by_reason,
                           [](size_t i) {
                             return observe::ReportRejectReasonName(
                                 static_cast<ReportRejectReason>(i));
                           }),
      s.blank);
}

Result<observe::ReportMapping> LoadMapping(const std::string& path) {
  if (path.empty()) return observe::NativeReportMapping();
  FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) {
    const int err = errno;
    return Fail(
        err == ENOENT ? ErrorCode::kNotFound : ErrorCode::kIo,
        fmt::format("cannot open mapping {}: {}", path, std::strerror(err)));
  }
  std::string text;
  char buf[4096];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) text.append(buf, n);
  const bool failed = std::ferror(f) != 0;
  std::fclose(f);
  if (failed) return Fail(ErrorCode::kIo, "read error on " + path);
  return observe::LoadReportMapping(text, path);
}

int RunDecodeReports(const ReportOptions& o) {
  auto mapping = LoadMapping(o.map);
  if (!mapping) {
    fmt::print(stderr, "error: {}\n", mapping.error().ToString());
    return ExitCodeFor(mapping.error().code);
  }
  decode::Outputs outputs;
  if (int code = outputs.Open(o.quarantine)) return code;
  Sink sink(o.observations, &outputs.out(), outputs.quarantine());
  decode::Progress progress;
  ReportStats total;
  const int code = decode::ForEachInput(
      o.files, [&](FILE* f, const std::string& name) -> Result<void> {
        auto stats = DecodeOne(f, name, *mapping, &sink, &progress);
        if (!stats) return std::unexpected(stats.error());
        total.records += stats->records;
        total.reports += stats->reports;
        total.rejected += stats->rejected;
        total.blank += stats->blank;
        for (size_t i = 0; i < total.rejected_by_reason.size(); ++i) {
          total.rejected_by_reason[i] += stats->rejected_by_reason[i];
        }
        return {};
      });
  return outputs.Finish(code, o.strict && total.rejected > 0, Summary(total));
}

}  // namespace

void AddDecodeReportsCommand(CLI::App* decode, int* exit_code) {
  auto* cmd = decode->add_subcommand(
      "reports",
      "Field reports (native CSV, any CSV through a YAML column mapping, or "
      "GeoJSON Points) to NDJSON (docs/formats/reports.md)");
  auto o = std::make_shared<ReportOptions>();
  cmd->add_option("--map", o->map,
                  "YAML column mapping (e.g. examples/reports/"
                  "cir-bellingcat.yaml); default: the native schema");
  decode::AddCommonOptions(cmd, o.get(),
                           "Write normalized observation records instead "
                           "(with the report's event, class, party, count, "
                           "precisions, source kind and text)",
                           "record", "Exit 1 if any record was rejected",
                           "Input files, or - for standard input");
  cmd->callback([o, exit_code] { *exit_code = RunDecodeReports(*o); });
}

}  // namespace truce::cli
