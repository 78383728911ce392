// `truce decode ais|sbs|readsb`: feeds to NDJSON, streaming in constant
// memory (readsb: one snapshot document at a time).
//
//   truce decode ais [--unscaled] [--observations] [--quarantine FILE]
//                    [--strict] FILE...|-
//   truce decode sbs [--observations] [--quarantine FILE] [--strict] FILE...|-
//   truce decode readsb [--observations] [--quarantine FILE] [--strict] FILE...
//
// Output (stdout): one JSON object per decoded message, in gpsd's field names
// and scaling (`gpsdecode -j`, or `-u -j` with --unscaled), or with
// --observations the normalized observation records. Every rejected line goes
// to the quarantine file as {"source","line","raw","reason"}; a one-line
// summary goes to stderr. Formats: docs/formats/ais-ndjson.md and
// docs/formats/adsb-ndjson.md.
//
// Exit codes: 0 done (rejections are counted, not fatal); 1 with --strict
// when anything was rejected or incomplete; 3 an input file does not exist;
// 4 a read or write failed.
#include <fmt/format.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "base/error.h"
#include "cli/commands.h"
#include "observe/adsb_json.h"
#include "observe/ais_json.h"
#include "observe/ais_observation.h"
#include "observe/ais_stream.h"
#include "observe/observation_json.h"
#include "observe/readsb.h"
#include "observe/sbs.h"

namespace truce::cli {
namespace {

using observe::AisMessage;
using observe::AisStream;
using observe::AisStreamStats;
using observe::CompletedMessage;
using observe::IncompleteGroup;
using observe::Rejection;
using observe::RejectReason;

constexpr size_t kReadChunk = 1 << 20;     // bytes per read
constexpr size_t kFlushAt = 1 << 16;       // output buffer flush threshold
constexpr size_t kMaxLineBytes = 1 << 16;  // longer lines are rejected

struct Options {
  bool unscaled = false;
  bool observations = false;
  bool strict = false;
  std::string quarantine;
  std::vector<std::string> files;
};

// A FILE* with a reusable buffer; remembers the first write error.
class Output {
 public:
  explicit Output(FILE* f) : f_(f) { buf_.reserve(kFlushAt * 2); }
  std::string& buf() { return buf_; }
  void MaybeFlush() {
    if (buf_.size() >= kFlushAt) Flush();
  }
  void Flush() {
    if (!buf_.empty() && f_ != nullptr && ok_) {
      ok_ = std::fwrite(buf_.data(), 1, buf_.size(), f_) == buf_.size();
    }
    buf_.clear();
  }
  bool Finish() {
    Flush();
    if (f_ != nullptr && std::fflush(f_) != 0) ok_ = false;
    return ok_;
  }

 private:
  FILE* f_;
  std::string buf_;
  bool ok_ = true;
};

// One quarantine record: {"source","line","raw","reason"}.
void WriteQuarantine(Output* q, std::string_view source, uint64_t line,
                     std::string_view raw, std::string_view reason) {
  if (q == nullptr) return;
  std::string& b = q->buf();
  b.append("{\"source\":\"");
  observe::AppendJsonEscaped(source, &b);
  fmt::format_to(std::back_inserter(b), "\",\"line\":{},\"raw\":\"", line);
  observe::AppendJsonEscaped(raw, &b);
  b.append("\",\"reason\":\"");
  b.append(reason);
  b.append("\"}\n");
  q->MaybeFlush();
}

class DecodeSink : public observe::AisSink {
 public:
  DecodeSink(const Options& o, Output* out, Output* quarantine)
      : options_(o), out_(out), quarantine_(quarantine) {}

  void set_source(std::string_view source) { source_ = source; }

  void OnMessage(const AisMessage& m, const CompletedMessage& c) override {
    std::string& b = out_->buf();
    if (options_.observations) {
      observe::Observation o;
      if (!observe::AisToObservation(m, c, source_, &o)) return;
      observe::AppendObservationJson(o, &b);
      b.push_back('\n');
    } else if (observe::AppendAisJson(m, {!options_.unscaled, {}}, &b)) {
      b.push_back('\n');
    }
    out_->MaybeFlush();
  }

  void OnReject(uint64_t line, std::string_view raw,
                const Rejection& r) override {
    Quarantine(line, raw, observe::RejectReasonName(r.reason));
  }

  void OnIncomplete(const IncompleteGroup& g) override {
    for (const auto& l : g.lines) {
      Quarantine(l.line, l.raw, observe::RejectReasonName(g.reason));
    }
  }

 private:
  void Quarantine(uint64_t line, std::string_view raw,
                  std::string_view reason) {
    WriteQuarantine(quarantine_, source_, line, raw, reason);
  }

  const Options& options_;
  Output* out_;
  Output* quarantine_;
  std::string_view source_;
};

void Add(AisStreamStats* total, const AisStreamStats& s) {
  total->lines += s.lines;
  total->sentences += s.sentences;
  total->decoded += s.decoded;
  total->skipped += s.skipped;
  total->rejected += s.rejected;
  for (size_t i = 0; i < s.rejected_by_reason.size(); ++i) {
    total->rejected_by_reason[i] += s.rejected_by_reason[i];
  }
  total->incomplete_groups += s.incomplete_groups;
  total->incomplete_lines += s.incomplete_lines;
}

// Opens `name` ("-" for standard input).
Result<FILE*> Open(const std::string& name) {
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

// Calls on_line(line) for every line of `f` (without its '\n'), and
// on_too_long(first_64_KiB) for a line longer than kMaxLineBytes. Lines are
// cut from fixed-size reads; only a line split across two reads is copied.
template <typename OnLine, typename OnTooLong>
Result<void> ForEachLine(FILE* f, const std::string& name, OnLine on_line,
                         OnTooLong on_too_long) {
  std::vector<char> chunk(kReadChunk);
  std::string carry;
  bool carry_too_long = false;
  auto emit = [&](std::string_view line) {
    if (line.size() > kMaxLineBytes) {
      on_too_long(line.substr(0, kMaxLineBytes));
    } else {
      on_line(line);
    }
  };
  for (;;) {
    const size_t n = std::fread(chunk.data(), 1, chunk.size(), f);
    if (n == 0) break;
    std::string_view data(chunk.data(), n);
    while (!data.empty()) {
      const size_t nl = data.find('\n');
      if (nl == std::string_view::npos) {
        if (!carry_too_long) carry.append(data);
        if (carry.size() > kMaxLineBytes) {  // keep its first 64 KiB only
          carry_too_long = true;
          carry.resize(kMaxLineBytes);
        }
        break;
      }
      std::string_view line = data.substr(0, nl);
      data.remove_prefix(nl + 1);
      if (carry_too_long) {  // the rest of an over-long line
        on_too_long(carry);
        carry.clear();
        carry_too_long = false;
        continue;
      }
      if (!carry.empty()) {
        carry.append(line);
        emit(carry);
        carry.clear();
      } else {
        emit(line);
      }
    }
  }
  if (std::ferror(f)) {
    return Fail(ErrorCode::kIo, fmt::format("read error on {}", name));
  }
  if (carry_too_long) {
    on_too_long(carry);
  } else if (!carry.empty()) {
    emit(carry);
  }
  return {};
}

// Streams one input through a fresh AisStream.
Result<AisStreamStats> DecodeFile(const std::string& name, DecodeSink* sink,
                                  bool progress) {
  auto opened = Open(name);
  if (!opened) return std::unexpected(opened.error());
  std::unique_ptr<FILE, int (*)(FILE*)> owned(name == "-" ? nullptr : *opened,
                                              &std::fclose);
  sink->set_source(name == "-" ? std::string_view("stdin")
                               : std::string_view(name));
  AisStream stream(sink);
  uint64_t next_progress = 1'000'000;
  auto read = ForEachLine(
      *opened, name,
      [&](std::string_view line) {
        stream.AddLine(line);
        if (progress && stream.stats().lines >= next_progress) {
          fmt::print(stderr, "\r{}: {} lines, {} decoded", name,
                     stream.stats().lines, stream.stats().decoded);
          next_progress += 1'000'000;
        }
      },
      [&](std::string_view head) {
        stream.AddRejectedLine(head, Rejection{RejectReason::kLineTooLong, {}});
      });
  if (!read) return std::unexpected(read.error());
  stream.Finish();
  if (progress && stream.stats().lines >= 1'000'000) fmt::print(stderr, "\n");
  return stream.stats();
}

std::string Summary(const AisStreamStats& s) {
  std::string out = fmt::format("decode ais: {} lines, {} decoded, {} rejected",
                                s.lines, s.decoded, s.rejected);
  if (s.rejected > 0) {
    out += " (";
    bool first = true;
    for (int i = 0; i < observe::kRejectReasonCount; ++i) {
      if (s.rejected_by_reason[i] == 0) continue;
      out +=
          fmt::format("{}{} {}", first ? "" : ", ",
                      observe::RejectReasonName(static_cast<RejectReason>(i)),
                      s.rejected_by_reason[i]);
      first = false;
    }
    out += ")";
  }
  out += fmt::format(", {} incomplete multipart groups ({} lines), {} skipped",
                     s.incomplete_groups, s.incomplete_lines, s.skipped);
  return out;
}

int RunDecodeAis(const Options& o) {
  Output out(stdout);
  FILE* qf = nullptr;
  if (!o.quarantine.empty()) {
    qf = std::fopen(o.quarantine.c_str(), "wb");
    if (qf == nullptr) {
      fmt::print(stderr, "error: cannot write quarantine file {}: {}\n",
                 o.quarantine, std::strerror(errno));
      return ExitCodeFor(ErrorCode::kIo);
    }
  }
  Output quarantine(qf);
  DecodeSink sink(o, &out, qf != nullptr ? &quarantine : nullptr);
  const bool progress = isatty(STDERR_FILENO) == 1;
  AisStreamStats total;
  int code = 0;
  for (const std::string& file : o.files) {
    auto stats = DecodeFile(file, &sink, progress);
    if (!stats) {
      fmt::print(stderr, "error: {}\n", stats.error().ToString());
      code = ExitCodeFor(stats.error().code);
      break;
    }
    Add(&total, *stats);
  }
  const bool out_ok = out.Finish();
  const bool q_ok = quarantine.Finish();
  if (qf != nullptr && std::fclose(qf) != 0)
    code = code ? code : ExitCodeFor(ErrorCode::kIo);
  fmt::print(stderr, "{}\n", Summary(total));
  if (!out_ok || !q_ok) {
    fmt::print(stderr, "error: write failed: {}\n", std::strerror(errno));
    return ExitCodeFor(ErrorCode::kIo);
  }
  if (code != 0) return code;
  if (o.strict && (total.rejected > 0 || total.incomplete_groups > 0)) {
    return ExitCodeFor(ErrorCode::kInvalidInput);
  }
  return 0;
}

// Counts for sbs and readsb.
struct AdsbStats {
  uint64_t lines = 0;  // lines (sbs) or aircraft entries (readsb)
  uint64_t decoded = 0;
  uint64_t skipped = 0;
  uint64_t rejected = 0;
  std::array<uint64_t, observe::kRejectReasonCount> by_reason{};
};

std::string AdsbSummary(std::string_view what, std::string_view unit,
                        const AdsbStats& s) {
  std::string out = fmt::format("decode {}: {} {}, {} decoded, {} rejected",
                                what, s.lines, unit, s.decoded, s.rejected);
  if (s.rejected > 0) {
    out += " (";
    bool first = true;
    for (int i = 0; i < observe::kRejectReasonCount; ++i) {
      if (s.by_reason[i] == 0) continue;
      out +=
          fmt::format("{}{} {}", first ? "" : ", ",
                      observe::RejectReasonName(static_cast<RejectReason>(i)),
                      s.by_reason[i]);
      first = false;
    }
    out += ")";
  }
  out += fmt::format(", {} skipped", s.skipped);
  return out;
}

// Shared tail of every decode command: close outputs, print the summary,
// choose the exit code.
int Finish(Output& out, Output& quarantine, FILE* qf, int code,
           bool strict_failed, const std::string& summary) {
  const bool out_ok = out.Finish();
  const bool q_ok = quarantine.Finish();
  if (qf != nullptr && std::fclose(qf) != 0 && code == 0) {
    code = ExitCodeFor(ErrorCode::kIo);
  }
  fmt::print(stderr, "{}\n", summary);
  if (!out_ok || !q_ok) {
    fmt::print(stderr, "error: write failed: {}\n", std::strerror(errno));
    return ExitCodeFor(ErrorCode::kIo);
  }
  if (code != 0) return code;
  return strict_failed ? ExitCodeFor(ErrorCode::kInvalidInput) : 0;
}

Result<FILE*> OpenQuarantine(const std::string& path) {
  if (path.empty()) return static_cast<FILE*>(nullptr);
  FILE* f = std::fopen(path.c_str(), "wb");
  if (f == nullptr) {
    return Fail(ErrorCode::kIo,
                fmt::format("cannot write quarantine file {}: {}", path,
                            std::strerror(errno)));
  }
  return f;
}

int RunDecodeSbs(const Options& o) {
  auto qf = OpenQuarantine(o.quarantine);
  if (!qf) {
    fmt::print(stderr, "error: {}\n", qf.error().ToString());
    return ExitCodeFor(qf.error().code);
  }
  Output out(stdout);
  Output quarantine(*qf);
  Output* q = *qf != nullptr ? &quarantine : nullptr;
  AdsbStats stats;
  int code = 0;
  for (const std::string& name : o.files) {
    auto opened = Open(name);
    if (!opened) {
      fmt::print(stderr, "error: {}\n", opened.error().ToString());
      code = ExitCodeFor(opened.error().code);
      break;
    }
    std::unique_ptr<FILE, int (*)(FILE*)> owned(name == "-" ? nullptr : *opened,
                                                &std::fclose);
    const std::string_view source =
        name == "-" ? std::string_view("stdin") : std::string_view(name);
    uint64_t line_no = 0;
    auto reject = [&](std::string_view raw, RejectReason reason) {
      ++stats.rejected;
      ++stats.by_reason[static_cast<size_t>(reason)];
      WriteQuarantine(q, source, line_no, raw,
                      observe::RejectReasonName(reason));
    };
    auto read = ForEachLine(
        *opened, name,
        [&](std::string_view line) {
          ++line_no;
          ++stats.lines;
          while (!line.empty() && line.back() == '\r') line.remove_suffix(1);
          if (line.empty()) {
            ++stats.skipped;
            return;
          }
          auto r = observe::ParseSbsLine(line);
          if (!r) {
            reject(line, r.error().reason);
            return;
          }
          ++stats.decoded;
          std::string& b = out.buf();
          if (o.observations) {
            observe::Observation obs;
            if (!observe::SbsToObservation(*r, line, source, &obs)) return;
            observe::AppendObservationJson(obs, &b);
          } else {
            observe::AppendSbsJson(*r, &b);
          }
          b.push_back('\n');
          out.MaybeFlush();
        },
        [&](std::string_view head) {
          ++line_no;
          ++stats.lines;
          reject(head, RejectReason::kLineTooLong);
        });
    if (!read) {
      fmt::print(stderr, "error: {}\n", read.error().ToString());
      code = ExitCodeFor(read.error().code);
      break;
    }
  }
  return Finish(out, quarantine, *qf, code, o.strict && stats.rejected > 0,
                AdsbSummary("sbs", "lines", stats));
}

int RunDecodeReadsb(const Options& o) {
  auto qf = OpenQuarantine(o.quarantine);
  if (!qf) {
    fmt::print(stderr, "error: {}\n", qf.error().ToString());
    return ExitCodeFor(qf.error().code);
  }
  Output out(stdout);
  Output quarantine(*qf);
  Output* q = *qf != nullptr ? &quarantine : nullptr;
  AdsbStats stats;
  int code = 0;
  for (const std::string& name : o.files) {
    auto opened = Open(name);
    if (!opened) {
      fmt::print(stderr, "error: {}\n", opened.error().ToString());
      code = ExitCodeFor(opened.error().code);
      break;
    }
    std::unique_ptr<FILE, int (*)(FILE*)> owned(name == "-" ? nullptr : *opened,
                                                &std::fclose);
    std::string text;
    std::vector<char> chunk(kReadChunk);
    for (size_t n;
         (n = std::fread(chunk.data(), 1, chunk.size(), *opened)) > 0;) {
      text.append(chunk.data(), n);
    }
    const std::string_view source =
        name == "-" ? std::string_view("stdin") : std::string_view(name);
    auto snap = observe::ParseReadsbJson(text);
    if (!snap) {
      Error e = snap.error();
      e.where.file = name;
      fmt::print(stderr, "error: {}\n", e.ToString());
      code = ExitCodeFor(e.code);
      break;
    }
    const auto digest = observe::Sha256(text);
    stats.lines += snap->aircraft.size() + snap->rejected.size();
    for (const auto& r : snap->rejected) {
      ++stats.rejected;
      ++stats.by_reason[static_cast<size_t>(r.rejection.reason)];
      WriteQuarantine(q, source, r.index + 1, r.raw,
                      observe::RejectReasonName(r.rejection.reason));
    }
    for (const auto& a : snap->aircraft) {
      ++stats.decoded;
      std::string& b = out.buf();
      if (o.observations) {
        observe::Observation obs;
        if (!observe::ReadsbToObservation(a, snap->now_s, source, digest,
                                          &obs)) {
          continue;
        }
        observe::AppendObservationJson(obs, &b);
      } else {
        observe::AppendReadsbJson(a, snap->now_s, &b);
      }
      b.push_back('\n');
      out.MaybeFlush();
    }
  }
  return Finish(out, quarantine, *qf, code, o.strict && stats.rejected > 0,
                AdsbSummary("readsb", "aircraft", stats));
}

}  // namespace

void AddDecodeCommand(CLI::App& root, int* exit_code) {
  auto* decode = root.add_subcommand(
      "decode", "Decode a feed into NDJSON (docs/formats/): ais, sbs, readsb, reports");
  decode->require_subcommand(1);
  auto* ais = decode->add_subcommand(
      "ais",
      "AIS NMEA 0183 (!AIVDM/!AIVDO, any talker, multipart, NMEA 4.0 TAG "
      "blocks, receiver wrappers) to NDJSON in gpsd's JSON (gpsdecode -j)");
  auto o = std::make_shared<Options>();
  ais->add_flag("--unscaled", o->unscaled,
                "Raw integer fields, as gpsdecode -u -j");
  ais->add_flag("--observations", o->observations,
                "Write normalized observation records instead");
  ais->add_option("--quarantine", o->quarantine,
                  "Write every rejected line here as NDJSON "
                  "{source, line, raw, reason}");
  ais->add_flag("--strict", o->strict,
                "Exit 1 if any line was rejected or any multipart message "
                "stayed incomplete");
  ais->add_option("files", o->files, "Input files, or - for standard input")
      ->required();
  ais->callback([o, exit_code] { *exit_code = RunDecodeAis(*o); });

  auto* sbs = decode->add_subcommand(
      "sbs",
      "SBS-1 / BaseStation port-30003 CSV (every record kind) to NDJSON");
  auto so = std::make_shared<Options>();
  sbs->add_flag("--observations", so->observations,
                "Write normalized observation records (aircraft positions)");
  sbs->add_option("--quarantine", so->quarantine,
                  "Write every rejected line here as NDJSON "
                  "{source, line, raw, reason}");
  sbs->add_flag("--strict", so->strict, "Exit 1 if any line was rejected");
  sbs->add_option("files", so->files, "Input files, or - for standard input")
      ->required();
  sbs->callback([so, exit_code] { *exit_code = RunDecodeSbs(*so); });

  auto* readsb = decode->add_subcommand(
      "readsb",
      "readsb / dump1090 aircraft.json snapshots (both schema generations) "
      "to NDJSON, one object per aircraft");
  auto ro = std::make_shared<Options>();
  readsb->add_flag("--observations", ro->observations,
                   "Write normalized observation records (aircraft with a "
                   "position)");
  readsb->add_option("--quarantine", ro->quarantine,
                     "Write every rejected aircraft entry here as NDJSON "
                     "{source, line (entry number), raw, reason}");
  readsb->add_flag("--strict", ro->strict, "Exit 1 if any entry was rejected");
  readsb->add_option("files", ro->files, "aircraft.json files, or -")
      ->required();
  readsb->callback([ro, exit_code] { *exit_code = RunDecodeReadsb(*ro); });
}

}  // namespace truce::cli
