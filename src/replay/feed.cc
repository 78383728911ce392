#include "replay/feed.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <queue>
#include <tuple>

#include "observe/ais_observation.h"
#include "observe/ais_stream.h"
#include "observe/readsb.h"
#include "observe/report_mapping.h"
#include "observe/report_reader.h"
#include "observe/sbs.h"

namespace truce::replay {
namespace {

using observe::Observation;

constexpr int64_t kNoTime = std::numeric_limits<int64_t>::min();

// A feed that decodes its input in chunks and releases observations through
// the reorder window.
class BufferedFeed : public Feed {
 public:
  BufferedFeed(std::string path, FeedFormat format, DurationNs window)
      : Feed(std::move(path), format), window_(window) {}

  std::optional<Observation> Next() override {
    while (true) {
      if (!heap_.empty() &&
          (eof_ || heap_.top().time_ns <= max_time_ns_ - window_.ns)) {
        Observation o = heap_.top();
        heap_.pop();
        ++stats_.observations;
        return o;
      }
      if (eof_) return std::nullopt;
      eof_ = !Fill();
    }
  }

 protected:
  // Decodes more input, calling Offer for each observation; false at the
  // end of the input.
  virtual bool Fill() = 0;

  void Offer(const Observation& o, uint64_t line, std::string_view raw) {
    if (o.time_ns == kNoTime) {
      Quarantine(line, raw, "no_time: the record carries no time");
      return;
    }
    // Late: more than the window behind the latest time this feed has
    // shown. A property of the feed alone, so the verdict does not depend on
    // the other feeds or on when the merge pulls.
    if (max_time_ns_ != kNoTime && o.time_ns < max_time_ns_ - window_.ns) {
      ++stats_.late;
      Quarantine(line, raw,
                 fmt::format("late: {} is more than the reorder window of {} "
                             "s behind {}, already seen in this feed",
                             FormatRfc3339(TimeNs{o.time_ns}),
                             window_.ns / 1'000'000'000,
                             FormatRfc3339(TimeNs{max_time_ns_})));
      return;
    }
    max_time_ns_ = std::max(max_time_ns_, o.time_ns);
    heap_.push(o);
  }

 private:
  struct Later {
    bool operator()(const Observation& a, const Observation& b) const {
      return ObservationBefore(b, a);
    }
  };
  DurationNs window_;
  std::priority_queue<Observation, std::vector<Observation>, Later> heap_;
  int64_t max_time_ns_ = kNoTime;
  bool eof_ = false;
};

// Reads a file line by line.
class LineFeed : public BufferedFeed {
 public:
  LineFeed(std::string path, FeedFormat format, DurationNs window,
           std::ifstream in)
      : BufferedFeed(std::move(path), format, window), in_(std::move(in)) {}

 protected:
  bool Fill() override {
    for (int i = 0; i < 256; ++i) {
      if (!std::getline(in_, line_)) {
        Finish();
        return false;
      }
      ++stats_.lines;
      if (!line_.empty() && line_.back() == '\r') line_.pop_back();
      Line(stats_.lines, line_);
    }
    return true;
  }
  virtual void Line(uint64_t number, std::string_view line) = 0;
  virtual void Finish() {}

 private:
  std::ifstream in_;
  std::string line_;
};

class AisFeed : public LineFeed, observe::AisSink {
 public:
  using LineFeed::LineFeed;

  void OnMessage(const observe::AisMessage& m,
                 const observe::CompletedMessage& source) override {
    Observation o;
    if (observe::AisToObservation(m, source, source_name_, &o)) {
      Offer(o, source.first_line, source.raw);
    }
  }
  void OnReject(uint64_t line, std::string_view raw,
                const observe::Rejection& r) override {
    Quarantine(
        line, raw,
        fmt::format("{}: {}{}", observe::RejectReasonName(r.reason),
                    observe::RejectReasonText(r.reason),
                    r.detail.empty() ? "" : fmt::format(" ({})", r.detail)));
  }
  void OnIncomplete(const observe::IncompleteGroup& g) override {
    for (const auto& l : g.lines) {
      Quarantine(l.line, l.raw,
                 "incomplete: a multipart message lost fragments");
    }
  }

 protected:
  void Line(uint64_t, std::string_view line) override { stream_.AddLine(line); }
  void Finish() override { stream_.Finish(); }

 private:
  observe::AisStream stream_{this};
};

class SbsFeed : public LineFeed {
 public:
  using LineFeed::LineFeed;

 protected:
  void Line(uint64_t number, std::string_view line) override {
    if (line.find_first_not_of(" \t") == std::string_view::npos) return;
    auto r = observe::ParseSbsLine(line);
    if (!r) {
      Quarantine(
          number, line,
          fmt::format("{}: {}", observe::RejectReasonName(r.error().reason),
                      observe::RejectReasonText(r.error().reason)));
      return;
    }
    Observation o;
    if (observe::SbsToObservation(*r, line, source_name_, &o))
      Offer(o, number, line);
  }
};

class ReportsFeed : public BufferedFeed, observe::ReportSink {
 public:
  ReportsFeed(std::string path, DurationNs window, std::ifstream in,
              const observe::ReportMapping* mapping)
      : BufferedFeed(path, FeedFormat::kReports, window),
        in_(std::move(in)),
        reader_(mapping != nullptr ? mapping : &native_, this, path) {}

  void OnReport(const observe::Report& r) override {
    Offer(observe::ToObservation(r), r.line, "");
  }
  void OnReject(uint64_t line, std::string_view raw,
                observe::ReportRejectReason reason,
                std::string_view detail) override {
    Quarantine(line, raw,
               fmt::format("{}{}", observe::ReportRejectReasonName(reason),
                           detail.empty() ? "" : fmt::format(": {}", detail)));
  }

 protected:
  bool Fill() override {
    char buf[1 << 16];
    in_.read(buf, sizeof buf);
    std::streamsize n = in_.gcount();
    if (n > 0) reader_.Feed(std::string_view(buf, n));
    if (n > 0 && in_) return true;
    auto stats = reader_.Finish();
    if (!stats) Quarantine(0, "", stats.error().ToString());
    return false;
  }

 private:
  std::ifstream in_;
  observe::ReportMapping native_ = observe::NativeReportMapping();
  observe::ReportCsvReader reader_;
};

// aircraft.json: one snapshot per file, decoded whole.
class ReadsbFeed : public BufferedFeed {
 public:
  ReadsbFeed(std::string path, DurationNs window, std::string text)
      : BufferedFeed(path, FeedFormat::kReadsb, window),
        text_(std::move(text)) {}

 protected:
  bool Fill() override {
    if (done_) return false;
    done_ = true;
    stats_.lines = 1;
    auto snapshot = observe::ParseReadsbJson(text_);
    if (!snapshot) {
      Quarantine(0, text_.substr(0, 200), snapshot.error().ToString());
      return false;
    }
    auto digest = observe::Sha256(text_);
    for (const auto& r : snapshot->rejected) {
      Quarantine(
          r.index + 1, r.raw,
          fmt::format("{}: aircraft[{}]: {}",
                      observe::RejectReasonName(r.rejection.reason), r.index,
                      observe::RejectReasonText(r.rejection.reason)));
    }
    for (const auto& a : snapshot->aircraft) {
      Observation o;
      if (observe::ReadsbToObservation(a, snapshot->now_s, source_name_, digest,
                                       &o)) {
        Offer(o, 0, "");
      }
    }
    return false;
  }

 private:
  std::string text_;
  bool done_ = false;
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
      return std::make_unique<AisFeed>(path, format, window, std::move(in));
    case FeedFormat::kSbs:
      return std::make_unique<SbsFeed>(path, format, window, std::move(in));
    case FeedFormat::kReports:
      return std::make_unique<ReportsFeed>(path, window, std::move(in),
                                           report_mapping);
    case FeedFormat::kReadsb: {
      std::string text((std::istreambuf_iterator<char>(in)), {});
      return std::make_unique<ReadsbFeed>(path, window, std::move(text));
    }
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
