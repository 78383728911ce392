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

#include <CLI/CLI.hpp>
#include <array>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "base/error.h"
#include "cli/commands.h"
#include "cli/decode_common.h"
#include "observe/adsb_json.h"
#include "observe/ais_json.h"
#include "observe/ais_observation.h"
#include "observe/ais_stream.h"
#include "observe/observation_json.h"
#include "observe/readsb.h"
#include "observe/sbs.h"

namespace truce::cli {
namespace {

using decode::kReadChunk;
using decode::Output;
using decode::Outputs;
using decode::WriteQuarantine;
using observe::AisMessage;
using observe::AisStream;
using observe::AisStreamStats;
using observe::CompletedMessage;
using observe::IncompleteGroup;
using observe::Rejection;
using observe::RejectReason;

constexpr size_t kMaxLineBytes = 1 << 16;  // longer lines are rejected

struct Options : decode::CommonOptions {
  bool unscaled = false;
};

std::string_view ReasonName(size_t i) {
  return observe::RejectReasonName(static_cast<RejectReason>(i));
}

class DecodeSink : public observe::AisSink {
 public:
  DecodeSink(const Options& o, Output* out, Output* quarantine)
      : options_(o), out_(out), quarantine_(quarantine) {}

  void set_source(std::string_view source) { source_ = source; }
  std::string_view source() const { return source_; }
  bool observations() const { return options_.observations; }

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

  void OnObservation(const observe::Observation& o,
                     const CompletedMessage&) override {
    std::string& b = out_->buf();
    observe::AppendObservationJson(o, &b);
    b.push_back('\n');
    out_->MaybeFlush();
  }

  void OnReject(uint64_t line, std::string_view raw,
                const Rejection& r) override {
    WriteQuarantine(quarantine_, source_, line, raw,
                    observe::RejectReasonName(r.reason));
  }

  void OnIncomplete(const IncompleteGroup& g) override {
    for (const auto& l : g.lines) {
      WriteQuarantine(quarantine_, source_, l.line, l.raw,
                      observe::RejectReasonName(g.reason));
    }
  }

 private:
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

// Calls on_line(line) for every line of `f` (without its '\n'), and
// on_too_long(first_64_KiB) for a line longer than kMaxLineBytes. Lines are
// cut from 1 MiB reads; only a line split across two reads is copied.
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

std::string Summary(const AisStreamStats& s) {
  return fmt::format(
      "decode ais: {} lines, {} decoded, {} rejected{}, {} incomplete "
      "multipart groups ({} lines), {} skipped",
      s.lines, s.decoded, s.rejected,
      decode::ReasonCounts(s.rejected_by_reason, ReasonName),
      s.incomplete_groups, s.incomplete_lines, s.skipped);
}

int RunDecodeAis(const Options& o) {
  Outputs outputs;
  if (int code = outputs.Open(o.quarantine)) return code;
  DecodeSink sink(o, &outputs.out(), outputs.quarantine());
  decode::Progress progress;
  AisStreamStats total;
  const int code =
      decode::ForEachInput(o.files, [&](FILE* f, const std::string& name) {
        sink.set_source(decode::SourceName(name));
        AisStream stream(&sink);
        if (o.observations) stream.EmitObservations(sink.source());
        auto read = ForEachLine(
            f, name,
            [&](std::string_view line) {
              stream.AddLine(line);
              progress.Tick(name, stream.stats().lines, "lines");
            },
            [&](std::string_view head) {
              stream.AddRejectedLine(head,
                                     Rejection{RejectReason::kLineTooLong, {}});
            });
        progress.Done();
        if (!read) return read;
        stream.Finish();
        Add(&total, stream.stats());
        return Result<void>{};
      });
  return outputs.Finish(
      code, o.strict && (total.rejected > 0 || total.incomplete_groups > 0),
      Summary(total));
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
  return fmt::format("decode {}: {} {}, {} decoded, {} rejected{}, {} skipped",
                     what, s.lines, unit, s.decoded, s.rejected,
                     decode::ReasonCounts(s.by_reason, ReasonName), s.skipped);
}

int RunDecodeSbs(const Options& o) {
  Outputs outputs;
  if (int code = outputs.Open(o.quarantine)) return code;
  Output& out = outputs.out();
  decode::Progress progress;
  AdsbStats stats;
  const int code =
      decode::ForEachInput(o.files, [&](FILE* f, const std::string& name) {
        const std::string_view source = decode::SourceName(name);
        uint64_t line_no = 0;
        auto reject = [&](std::string_view raw, RejectReason reason) {
          ++stats.rejected;
          ++stats.by_reason[static_cast<size_t>(reason)];
          WriteQuarantine(outputs.quarantine(), source, line_no, raw,
                          observe::RejectReasonName(reason));
        };
        auto read = ForEachLine(
            f, name,
            [&](std::string_view line) {
              ++line_no;
              ++stats.lines;
              progress.Tick(name, line_no, "lines");
              while (!line.empty() && line.back() == '\r')
                line.remove_suffix(1);
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
        progress.Done();
        return read;
      });
  return outputs.Finish(code, o.strict && stats.rejected > 0,
                        AdsbSummary("sbs", "lines", stats));
}

int RunDecodeReadsb(const Options& o) {
  Outputs outputs;
  if (int code = outputs.Open(o.quarantine)) return code;
  Output& out = outputs.out();
  AdsbStats stats;
  const int code = decode::ForEachInput(
      o.files, [&](FILE* f, const std::string& name) -> Result<void> {
        std::string text;
        std::vector<char> chunk(kReadChunk);
        for (size_t n;
             (n = std::fread(chunk.data(), 1, chunk.size(), f)) > 0;) {
          text.append(chunk.data(), n);
        }
        if (std::ferror(f)) {
          return Fail(ErrorCode::kIo, fmt::format("read error on {}", name));
        }
        const std::string_view source = decode::SourceName(name);
        auto snap = observe::ParseReadsbJson(text);
        if (!snap) {
          Error e = snap.error();
          e.where.file = name;
          return std::unexpected(e);
        }
        const auto digest = observe::Sha256(text);
        stats.lines += snap->aircraft.size() + snap->rejected.size();
        for (const auto& r : snap->rejected) {
          ++stats.rejected;
          ++stats.by_reason[static_cast<size_t>(r.rejection.reason)];
          WriteQuarantine(outputs.quarantine(), source, r.index + 1, r.raw,
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
        return {};
      });
  return outputs.Finish(code, o.strict && stats.rejected > 0,
                        AdsbSummary("readsb", "aircraft", stats));
}

}  // namespace

void AddDecodeCommand(CLI::App& root, int* exit_code) {
  auto* decode = root.add_subcommand(
      "decode",
      "Decode a feed into NDJSON (docs/formats/): ais, sbs, readsb, reports");
  decode->require_subcommand(1);
  auto* ais = decode->add_subcommand(
      "ais",
      "AIS NMEA 0183 (!AIVDM/!AIVDO, any talker, multipart, NMEA 4.0 TAG "
      "blocks, receiver wrappers) to NDJSON in gpsd's JSON (gpsdecode -j)");
  auto o = std::make_shared<Options>();
  ais->add_flag("--unscaled", o->unscaled,
                "Raw integer fields, as gpsdecode -u -j");
  decode::AddCommonOptions(
      ais, o.get(), "Write normalized observation records instead", "line",
      "Exit 1 if any line was rejected or any multipart message stayed "
      "incomplete",
      "Input files, or - for standard input");
  ais->callback([o, exit_code] { *exit_code = RunDecodeAis(*o); });

  auto* sbs = decode->add_subcommand(
      "sbs",
      "SBS-1 / BaseStation port-30003 CSV (every record kind) to NDJSON");
  auto so = std::make_shared<Options>();
  decode::AddCommonOptions(
      sbs, so.get(),
      "Write normalized observation records (aircraft positions)", "line",
      "Exit 1 if any line was rejected",
      "Input files, or - for standard input");
  sbs->callback([so, exit_code] { *exit_code = RunDecodeSbs(*so); });

  auto* readsb = decode->add_subcommand(
      "readsb",
      "readsb / dump1090 aircraft.json snapshots (both schema generations) "
      "to NDJSON, one object per aircraft");
  auto ro = std::make_shared<Options>();
  decode::AddCommonOptions(
      readsb, ro.get(),
      "Write normalized observation records (aircraft with a position)",
      "aircraft entry (line: its entry number)",
      "Exit 1 if any entry was rejected", "aircraft.json files, or -");
  readsb->callback([ro, exit_code] { *exit_code = RunDecodeReadsb(*ro); });
}

}  // namespace truce::cli
