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
#include <iterator>
#include <memory>
#include <string>
#include <vector>

#include "base/error.h"
#include "observe/ais_json.h"
#include "observe/observation_json.h"
#include "observe/report.h"
#include "observe/report_mapping.h"
#include "observe/report_reader.h"

namespace truce::cli {
namespace {

using observe::Report;
using observe::ReportRejectReason;
using observe::ReportStats;

constexpr size_t kReadChunk = 1 << 20;
constexpr size_t kFlushAt = 1 << 16;

struct ReportOptions {
  std::string map;
  std::string quarantine;
  bool strict = false;
  bool observations = false;
  std::vector<std::string> files;
};

// Buffers output to a FILE*; remembers the first write error.
class Out {
 public:
  explicit Out(FILE* f) : f_(f) {}
  std::string& buf() { return buf_; }
  void MaybeFlush() {
    if (buf_.size() >= kFlushAt) Flush();
  }
  void Flush() {
    if (f_ != nullptr && ok_ && !buf_.empty()) {
      ok_ = std::fwrite(buf_.data(), 1, buf_.size(), f_) == buf_.size();
    }
    buf_.clear();
  }
  bool Finish() {
    Flush();
    return !(f_ != nullptr && std::fflush(f_) != 0) && ok_;
  }

 private:
  FILE* f_;
  std::string buf_;
  bool ok_ = true;
};

class Sink : public observe::ReportSink {
 public:
  Sink(bool observations, Out* out, Out* quarantine)
      : observations_(observations), out_(out), quarantine_(quarantine) {}
  void set_input(std::string_view input) { input_ = input; }

  void OnReport(const Report& r) override {
    std::string& b = out_->buf();
    if (observations_) {
      observe::AppendObservationJson(observe::ToObservation(r), &b);
    } else {
      observe::AppendReportJson(r, input_, &b);
    }
    b.push_back('\n');
    out_->MaybeFlush();
  }
  void OnReject(uint64_t line, std::string_view raw, ReportRejectReason reason,
                std::string_view) override {
    if (quarantine_ == nullptr) return;
    std::string& b = quarantine_->buf();
    b.append("{\"source\":\"");
    observe::AppendJsonEscaped(input_, &b);
    fmt::format_to(std::back_inserter(b), "\",\"line\":{},\"raw\":\"", line);
    observe::AppendJsonEscaped(raw, &b);
    b.append("\",\"reason\":\"");
    b.append(observe::ReportRejectReasonName(reason));
    b.append("\"}\n");
    quarantine_->MaybeFlush();
  }

 private:
  bool observations_;
  Out* out_;
  Out* quarantine_;
  std::string_view input_;
};

Result<FILE*> OpenRead(const std::string& name) {
  if (name == "-") return stdin;
  FILE* f = std::fopen(name.c_str(), "rb");
  if (f == nullptr) {
    const int err = errno;
    return Fail(err == ENOENT ? ErrorCode::kNotFound : ErrorCode::kIo,
                fmt::format("cannot open {}: {}", name, std::strerror(err)),
                "give an existing file, or - for standard input");
  }
  return f;
}

Result<ReportStats> DecodeOne(const std::string& name,
                              const observe::ReportMapping& mapping,
                              Sink* sink) {
  auto opened = OpenRead(name);
  if (!opened) return std::unexpected(opened.error());
  std::unique_ptr<FILE, int (*)(FILE*)> owned(
      *opened == stdin ? nullptr : *opened, &std::fclose);
  FILE* f = *opened;
  const std::string input = name == "-" ? "stdin" : name;
  sink->set_input(input);
  std::vector<char> chunk(kReadChunk);
  size_t n = std::fread(chunk.data(), 1, chunk.size(), f);
  Result<ReportStats> stats = ReportStats{};
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
    n = std::fread(chunk.data(), 1, chunk.size(), f);
  }
  if (std::ferror(f)) {
    return Fail(ErrorCode::kIo, fmt::format("read error on {}", name));
  }
  return reader.Finish();
}

std::string Summary(const ReportStats& s) {
  std::string out =
      fmt::format("decode reports: {} records, {} imported, {} rejected",
                  s.records, s.reports, s.rejected);
  if (s.rejected > 0) {
    out += " (";
    bool first = true;
    for (int i = 0; i < observe::kReportRejectReasonCount; ++i) {
      if (s.rejected_by_reason[i] == 0) continue;
      out += fmt::format(
          "{}{} {}", first ? "" : ", ",
          observe::ReportRejectReasonName(static_cast<ReportRejectReason>(i)),
          s.rejected_by_reason[i]);
      first = false;
    }
    out += ")";
  }
  out += fmt::format(", {} blank lines", s.blank);
  return out;
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
  FILE* qf = nullptr;
  if (!o.quarantine.empty()) {
    qf = std::fopen(o.quarantine.c_str(), "wb");
    if (qf == nullptr) {
      fmt::print(stderr, "error: cannot write quarantine file {}: {}\n",
                 o.quarantine, std::strerror(errno));
      return ExitCodeFor(ErrorCode::kIo);
    }
  }
  Out out(stdout);
  Out quarantine(qf);
  Sink sink(o.observations, &out, qf != nullptr ? &quarantine : nullptr);
  ReportStats total;
  int code = 0;
  for (const std::string& file : o.files) {
    auto stats = DecodeOne(file, *mapping, &sink);
    if (!stats) {
      fmt::print(stderr, "error: {}\n", stats.error().ToString());
      code = ExitCodeFor(stats.error().code);
      break;
    }
    total.records += stats->records;
    total.reports += stats->reports;
    total.rejected += stats->rejected;
    total.blank += stats->blank;
    for (size_t i = 0; i < total.rejected_by_reason.size(); ++i) {
      total.rejected_by_reason[i] += stats->rejected_by_reason[i];
    }
  }
  const bool out_ok = out.Finish();
  const bool q_ok = quarantine.Finish();
  if (qf != nullptr && std::fclose(qf) != 0 && code == 0) {
    code = ExitCodeFor(ErrorCode::kIo);
  }
  fmt::print(stderr, "{}\n", Summary(total));
  if (!out_ok || !q_ok) {
    fmt::print(stderr, "error: write failed: {}\n", std::strerror(errno));
    return ExitCodeFor(ErrorCode::kIo);
  }
  if (code != 0) return code;
  if (o.strict && total.rejected > 0) {
    return ExitCodeFor(ErrorCode::kInvalidInput);
  }
  return 0;
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
  cmd->add_flag("--observations", o->observations,
                "Write normalized observation records instead");
  cmd->add_option("--quarantine", o->quarantine,
                  "Write every rejected record here as NDJSON "
                  "{source, line, raw, reason}");
  cmd->add_flag("--strict", o->strict, "Exit 1 if any record was rejected");
  cmd->add_option("files", o->files, "Input files, or - for standard input")
      ->required();
  cmd->callback([o, exit_code] { *exit_code = RunDecodeReports(*o); });
}

}  // namespace truce::cli
