// `truce decode ais`: AIS NMEA 0183 to NDJSON, streaming in constant memory.
//
//   truce decode ais [--unscaled] [--observations] [--quarantine FILE]
//                    [--strict] FILE...|-
//
// Output (stdout): one JSON object per decoded message, in gpsd's field names
// and scaling (`gpsdecode -j`, or `-u -j` with --unscaled), or with
// --observations the normalized observation records. Every rejected line goes
// to the quarantine file as {"source","line","raw","reason"}; a one-line
// summary goes to stderr. Formats: docs/formats/ais-ndjson.md.
//
// Exit codes: 0 done (rejections are counted, not fatal); 1 with --strict
// when anything was rejected or incomplete; 3 an input file does not exist;
// 4 a read or write failed.
#include <fmt/format.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "base/error.h"
#include "cli/commands.h"
#include "observe/ais_json.h"
#include "observe/ais_observation.h"
#include "observe/ais_stream.h"
#include "observe/observation_json.h"

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
    if (quarantine_ == nullptr) return;
    std::string& b = quarantine_->buf();
    b.append("{\"source\":\"");
    observe::AppendJsonEscaped(source_, &b);
    fmt::format_to(std::back_inserter(b), "\",\"line\":{},\"raw\":\"", line);
    observe::AppendJsonEscaped(raw, &b);
    b.append("\",\"reason\":\"");
    b.append(reason);
    b.append("\"}\n");
    quarantine_->MaybeFlush();
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

// Streams one input through a fresh AisStream. Lines are cut from fixed-size
// reads; only a line split across two reads is copied.
Result<AisStreamStats> DecodeFile(const std::string& name, DecodeSink* sink,
                                  bool progress) {
  FILE* f = stdin;
  std::unique_ptr<FILE, int (*)(FILE*)> owned(nullptr, &std::fclose);
  if (name != "-") {
    f = std::fopen(name.c_str(), "rb");
    if (f == nullptr) {
      const int err = errno;
      return Fail(err == ENOENT ? ErrorCode::kNotFound : ErrorCode::kIo,
                  fmt::format("cannot open {}: {}", name, std::strerror(err)),
                  "give an existing file, or - for standard input");
    }
    owned.reset(f);
  }
  sink->set_source(name == "-" ? std::string_view("stdin")
                               : std::string_view(name));
  AisStream stream(sink);
  std::vector<char> chunk(kReadChunk);
  std::string carry;
  bool carry_too_long = false;
  uint64_t next_progress = 1'000'000;
  auto emit = [&](std::string_view line) {
    if (line.size() > kMaxLineBytes) {
      stream.AddRejectedLine(line.substr(0, kMaxLineBytes),
                             Rejection{RejectReason::kLineTooLong, {}});
    } else {
      stream.AddLine(line);
    }
    if (progress && stream.stats().lines >= next_progress) {
      fmt::print(stderr, "\r{}: {} lines, {} decoded", name,
                 stream.stats().lines, stream.stats().decoded);
      next_progress += 1'000'000;
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
        stream.AddRejectedLine(carry,
                               Rejection{RejectReason::kLineTooLong, {}});
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
    stream.AddRejectedLine(carry, Rejection{RejectReason::kLineTooLong, {}});
  } else if (!carry.empty()) {
    emit(carry);
  }
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

}  // namespace

void AddDecodeCommand(CLI::App& root, int* exit_code) {
  auto* decode = root.add_subcommand(
      "decode", "Decode a feed into NDJSON (docs/formats/): ais, ...");
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
}

}  // namespace truce::cli
