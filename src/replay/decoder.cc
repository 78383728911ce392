#include "replay/decoder.h"

#include <fmt/format.h>

#include "observe/ais_observation.h"
#include "observe/ais_stream.h"
#include "observe/readsb.h"
#include "observe/report_reader.h"
#include "observe/sbs.h"
#include "replay/feed.h"

namespace truce::replay {
namespace {

using observe::Observation;

class AisDecoder : public Decoder, observe::AisSink {
 public:
  AisDecoder(std::string source_name, DecodeSink* sink)
      : source_name_(std::move(source_name)), sink_(sink) {}

  bool line_based() const override { return true; }
  void AddLine(std::string_view line) override {
    ++lines_;
    stream_.AddLine(line);
  }
  void Finish() override { stream_.Finish(); }

  void OnMessage(const observe::AisMessage& m,
                 const observe::CompletedMessage& source) override {
    Observation o;
    if (observe::AisToObservation(m, source, source_name_, &o)) {
      TimeIfUntimed(&o);
      sink_->OnObservation(o, source.first_line, source.raw);
    }
  }
  void OnReject(uint64_t line, std::string_view raw,
                const observe::Rejection& r) override {
    sink_->OnReject(
        line, raw,
        fmt::format("{}: {}{}", observe::RejectReasonName(r.reason),
                    observe::RejectReasonText(r.reason),
                    r.detail.empty() ? "" : fmt::format(" ({})", r.detail)));
  }
  void OnIncomplete(const observe::IncompleteGroup& g) override {
    for (const auto& l : g.lines) {
      sink_->OnReject(l.line, l.raw,
                      "incomplete: a multipart message lost fragments");
    }
  }

 private:
  std::string source_name_;
  DecodeSink* sink_;
  observe::AisStream stream_{this};
};

class SbsDecoder : public Decoder {
 public:
  SbsDecoder(std::string source_name, DecodeSink* sink)
      : source_name_(std::move(source_name)), sink_(sink) {}

  bool line_based() const override { return true; }
  void AddLine(std::string_view line) override {
    uint64_t number = ++lines_;
    if (line.find_first_not_of(" \t") == std::string_view::npos) return;
    auto r = observe::ParseSbsLine(line);
    if (!r) {
      sink_->OnReject(
          number, line,
          fmt::format("{}: {}", observe::RejectReasonName(r.error().reason),
                      observe::RejectReasonText(r.error().reason)));
      return;
    }
    Observation o;
    if (observe::SbsToObservation(*r, line, source_name_, &o)) {
      TimeIfUntimed(&o);
      sink_->OnObservation(o, number, line);
    }
  }
  void Finish() override {}

 private:
  std::string source_name_;
  DecodeSink* sink_;
};

// Field reports: CSV streamed through the CSV reader, or a GeoJSON
// FeatureCollection (first non-blank byte '{') read whole at Finish, as
// `truce decode reports` reads them.
class ReportsDecoder : public Decoder, observe::ReportSink {
 public:
  ReportsDecoder(std::string name, const observe::ReportMapping* mapping,
                 DecodeSink* sink)
      : sink_(sink),
        name_(std::move(name)),
        mapping_(mapping != nullptr ? mapping : &native_),
        reader_(mapping_, this, name_) {}

  bool line_based() const override { return false; }
  void AddBytes(std::string_view bytes) override {
    if (mode_ == Mode::kCsv) {
      reader_.Feed(bytes);
      return;
    }
    held_.append(bytes);
    if (mode_ == Mode::kJson ||
        held_.find_first_not_of(" \t\r\n") == std::string::npos) {
      return;
    }
    mode_ = observe::LooksLikeJson(held_) ? Mode::kJson : Mode::kCsv;
    if (mode_ == Mode::kCsv) {
      reader_.Feed(held_);
      held_.clear();
    }
  }
  void Finish() override {
    if (mode_ == Mode::kJson) {
      auto stats = observe::ReadGeoJsonReports(held_, *mapping_, this, name_);
      if (!stats) sink_->OnReject(0, "", stats.error().ToString());
      return;
    }
    if (!held_.empty()) reader_.Feed(held_);
    auto stats = reader_.Finish();
    if (!stats) sink_->OnReject(0, "", stats.error().ToString());
  }

  void OnReport(const observe::Report& r) override {
    sink_->OnObservation(observe::ToObservation(r), r.line, "");
  }
  void OnReject(uint64_t line, std::string_view raw,
                observe::ReportRejectReason reason,
                std::string_view detail) override {
    sink_->OnReject(
        line, raw,
        fmt::format("{}{}", observe::ReportRejectReasonName(reason),
                    detail.empty() ? "" : fmt::format(": {}", detail)));
  }

 private:
  enum class Mode { kUndecided, kCsv, kJson };
  DecodeSink* sink_;
  std::string name_;
  observe::ReportMapping native_ = observe::NativeReportMapping();
  const observe::ReportMapping* mapping_;
  observe::ReportCsvReader reader_;
  Mode mode_ = Mode::kUndecided;
  std::string held_;  // bytes before the format is known; all of a GeoJSON
};

// aircraft.json: one snapshot, decoded whole at Finish.
class ReadsbDecoder : public Decoder {
 public:
  ReadsbDecoder(std::string source_name, DecodeSink* sink)
      : source_name_(std::move(source_name)), sink_(sink) {}

  bool line_based() const override { return false; }
  void AddBytes(std::string_view bytes) override { text_.append(bytes); }
  void Finish() override {
    lines_ = 1;
    auto snapshot = observe::ParseReadsbJson(text_);
    if (!snapshot) {
      sink_->OnReject(0, std::string_view(text_).substr(0, 200),
                      snapshot.error().ToString());
      return;
    }
    auto digest = observe::Sha256(text_);
    for (const auto& r : snapshot->rejected) {
      sink_->OnReject(
          r.index + 1, r.raw,
          fmt::format("{}: aircraft[{}]: {}",
                      observe::RejectReasonName(r.rejection.reason), r.index,
                      observe::RejectReasonText(r.rejection.reason)));
    }
    for (const auto& a : snapshot->aircraft) {
      Observation o;
      if (observe::ReadsbToObservation(a, snapshot->now_s, source_name_, digest,
                                       &o)) {
        sink_->OnObservation(o, 0, "");
      }
    }
  }

 private:
  std::string source_name_;
  DecodeSink* sink_;
  std::string text_;
};

}  // namespace

std::unique_ptr<Decoder> Decoder::Make(
    FeedFormat format, std::string source_name, std::string name,
    const observe::ReportMapping* report_mapping, DecodeSink* sink) {
  switch (format) {
    case FeedFormat::kAis:
      return std::make_unique<AisDecoder>(std::move(source_name), sink);
    case FeedFormat::kSbs:
      return std::make_unique<SbsDecoder>(std::move(source_name), sink);
    case FeedFormat::kReports:
      return std::make_unique<ReportsDecoder>(std::move(name), report_mapping,
                                              sink);
    case FeedFormat::kReadsb:
      return std::make_unique<ReadsbDecoder>(std::move(source_name), sink);
    default:
      return nullptr;
  }
}

}  // namespace truce::replay
