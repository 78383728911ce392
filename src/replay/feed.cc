#include "replay/feed.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <queue>
#include <tuple>

#include "observe/report_mapping.h"
#include "replay/decoder.h"
#include "replay/reorder.h"

namespace truce::replay {
namespace {

using observe::Observation;

// A feed that decodes its input (decoder.h) in chunks and releases
// observations through the reorder window (reorder.h).
class BufferedFeed : public Feed, DecodeSink {
 public:
  BufferedFeed(std::string path, FeedFormat format, DurationNs window,
               const observe::ReportMapping* report_mapping)
      : Feed(std::move(path), format),
        window_(window),
        decoder_(
            Decoder::Make(format, source_name_, path_, report_mapping, this)) {}

  std::optional<Observation> Next() override {
    while (true) {
      if (!heap_.empty() &&
          (eof_ || heap_.top().time_ns <=
                       window_.max_time_ns() - window_.window().ns)) {
        Observation o = heap_.top();
        heap_.pop();
        ++stats_.observations;
        return o;
      }
      if (eof_) return std::nullopt;
      eof_ = !Fill();
      stats_.lines = decoder_->lines();
    }
  }

  void OnObservation(const Observation& o, uint64_t line,
                     std::string_view raw) override {
    auto verdict = window_.Admit(o);
    if (verdict == ReorderWindow::Verdict::kAdmitted) {
      heap_.push(o);
      return;
    }
    if (verdict == ReorderWindow::Verdict::kLate) ++stats_.late;
    Quarantine(line, raw, window_.Reason(o, verdict));
  }
  void OnReject(uint64_t line, std::string_view raw,
                std::string reason) override {
    Quarantine(line, raw, std::move(reason));
  }

 protected:
  // Decodes more input; false at the end of the input (after
  // decoder().Finish()).
  virtual bool Fill() = 0;
  Decoder& decoder() { return *decoder_; }

 private:
  struct Later {
    bool operator()(const Observation& a, const Observation& b) const {
      return ObservationBefore(b, a);
    }
  };
  ReorderWindow window_;
  std::unique_ptr<Decoder> decoder_;
  std::priority_queue<Observation, std::vector<Observation>, Later> heap_;
  bool eof_ = false;
};

// AIS and SBS-1: reads a file line by line.
class LineFeed : public BufferedFeed {
 public:
  LineFeed(std::string path, FeedFormat format, DurationNs window,
           std::ifstream in)
      : BufferedFeed(std::move(path), format, window, nullptr),
        in_(std::move(in)) {}

 protected:
  bool Fill() override {
    for (int i = 0; i < 256; ++i) {
      if (!std::getline(in_, line_)) {
        decoder().Finish();
        return false;
      }
      if (!line_.empty() && line_.back() == '\r') line_.pop_back();
      decoder().AddLine(line_);
    }
    return true;
  }

 private:
  std::ifstream in_;
  std::string line_;
};

// Field reports and aircraft.json: read in chunks.
class ChunkFeed : public BufferedFeed {
 public:
  ChunkFeed(std::string path, FeedFormat format, DurationNs window,
            std::ifstream in, const observe::ReportMapping* mapping)
      : BufferedFeed(std::move(path), format, window, mapping),
        in_(std::move(in)) {}

 protected:
  bool Fill() override {
    char buf[1 << 16];
    in_.read(buf, sizeof buf);
    std::streamsize n = in_.gcount();
    if (n > 0) decoder().AddBytes(std::string_view(buf, n));
    if (n > 0 && in_) return true;
    decoder().Finish();
    return false;
  }

 private:
  std::ifstream in_;
};

FeedFormat Detect(std::string_view head) {
  size_t i = head.find_first_not_of(" \t\r\n\xEF\xBB\xBF");
  if (i == std::string_view::npos) return FeedFormat::kAis;
  std::string_view s = head.substr(i);
  if (s.starts_with("{") || s.starts_with("[")) {
    if (s.find("\"aircraft\"") != std::string_view::npos) {
      return FeedFormat::kReadsb;
    }
    std::string_view body = s.substr(1);
    body.remove_prefix(
        std::min(body.find_first_not_of(" \t\r\n"), body.size()));
    if (body.starts_with("\"value\"") ||
        s.find("\"Polygon\"") != std::string_view::npos ||
        s.find("\"MultiPolygon\"") != std::string_view::npos) {
      return FeedFormat::kControlMap;
    }
    return FeedFormat::kReports;
  }
  if (s.starts_with("MSG,") || s.starts_with("SEL,") || s.starts_with("ID,") ||
      s.starts_with("AIR,") || s.starts_with("STA,") || s.starts_with("CLK,")) {
    return FeedFormat::kSbs;
  }
  if (s.starts_with("time,") || s.starts_with("\"time\"")) {
    return FeedFormat::kReports;
  }
  std::string_view first_line = s.substr(0, s.find('\n'));
  if (first_line.find_first_of("!$\\") == std::string_view::npos &&
      first_line.find(',') != std::string_view::npos) {
    return FeedFormat::kReports;  // a CSV header: reports in another shape
  }
  return FeedFormat::kAis;
}

}  // namespace

std::string_view Name(FeedFormat f) {
  switch (f) {
    case FeedFormat::kAuto:
      return "auto";
    case FeedFormat::kAis:
      return "ais";
    case FeedFormat::kSbs:
      return "sbs";
    case FeedFormat::kReadsb:
      return "readsb";
    case FeedFormat::kReports:
      return "reports";
    case FeedFormat::kControlMap:
      return "control-map";
  }
  return "auto";
}

std::optional<FeedFormat> ParseFeedFormat(std::string_view name) {
  for (auto f :
       {FeedFormat::kAuto, FeedFormat::kAis, FeedFormat::kSbs,
        FeedFormat::kReadsb, FeedFormat::kReports, FeedFormat::kControlMap}) {
    if (Name(f) == name) return f;
  }
  return std::nullopt;
}

// Lexicographic on (time, kind, scheme, subject, source, digest), with early
// exits: this is the merge's hottest comparison, and most pairs differ in
// time.
bool ObservationBefore(const Observation& a, const Observation& b) {
  if (a.time_ns != b.time_ns) return a.time_ns < b.time_ns;
  if (a.kind != b.kind)
    return static_cast<int>(a.kind) < static_cast<int>(b.kind);
  if (a.scheme != b.scheme) {
    return static_cast<int>(a.scheme) < static_cast<int>(b.scheme);
  }
  if (a.subject_id != b.subject_id) return a.subject_id < b.subject_id;
  if (int c = a.source_id.view().compare(b.source_id.view()); c != 0) {
    return c < 0;
  }
  return std::memcmp(a.raw_sha256.data(), b.raw_sha256.data(),
                     a.raw_sha256.size()) < 0;
}

Feed::Feed(std::string path, FeedFormat format)
    : path_(path),
      source_name_(std::filesystem::path(path).filename().string()),
      format_(format) {}

std::vector<QuarantineEntry> Feed::TakeQuarantine() {
  std::vector<QuarantineEntry> out;
  out.swap(quarantine_);
  return out;
}

void Feed::Quarantine(uint64_t line, std::string_view raw, std::string reason) {
  ++stats_.quarantined;
  std::string key = reason.substr(0, reason.find(':'));
  ++stats_.quarantined_by_reason[key];
  quarantine_.push_back({path_, line, std::string(raw), std::move(reason)});
}

Result<FeedFormat> DetectFeedFormat(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return Fail(ErrorCode::kNotFound,
                fmt::format("cannot read feed '{}'", path),
                "check the path of --feeds");
  }
  char head[4096];
  in.read(head, sizeof head);
  return Detect(std::string_view(head, in.gcount()));
}

Result<std::unique_ptr<Feed>> Feed::Open(
    const std::string& path, FeedFormat format, DurationNs window,
    const observe::ReportMapping* report_mapping) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return Fail(ErrorCode::kNotFound,
                fmt::format("cannot read feed '{}'", path),
                "check the path of --feeds");
  }
  if (format == FeedFormat::kAuto) {
    auto detected = DetectFeedFormat(path);
    if (!detected) return std::unexpected(detected.error());
    format = *detected;
  }
  switch (format) {
    case FeedFormat::kAis:
    case FeedFormat::kSbs:
      return std::make_unique<LineFeed>(path, format, window, std::move(in));
    case FeedFormat::kReports:
    case FeedFormat::kReadsb:
      return std::make_unique<ChunkFeed>(path, format, window, std::move(in),
                                         report_mapping);
    case FeedFormat::kControlMap:
      return Fail(ErrorCode::kInvalidInput,
                  fmt::format("'{}' is a control map, not a feed of "
                              "observations",
                              path),
                  "give it to `truce replay` (which compares it with the "
                  "agreement's baseline) or to `truce territory`");
    case FeedFormat::kAuto:
      break;
  }
  return Fail(ErrorCode::kInternal, "unreachable feed format");
}

}  // namespace truce::replay
