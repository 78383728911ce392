// FeedIngest (live_impl.h): decode, late check, store, log, hand over.
#include <fmt/format.h>

#include <algorithm>

#include "ledger/hash.h"
#include "live/live_impl.h"
#include "observe/ais_observation.h"
#include "rules/incident.h"

namespace truce::live {
namespace {

TimeNs WallNow() {
  return TimeNs{std::chrono::duration_cast<std::chrono::nanoseconds>(
                    std::chrono::system_clock::now().time_since_epoch())
                    .count()};
}

}  // namespace

FeedIngest::FeedIngest(LiveImpl* live, uint64_t id, std::string name,
                       std::string health_name, std::string source_name,
                       replay::FeedFormat format, bool persistent_decoder)
    : live_(live),
      id_(id),
      name_(std::move(name)),
      health_name_(std::move(health_name)),
      source_name_(std::move(source_name)),
      format_(format),
      window_(live->options().reorder_window) {
  if (persistent_decoder) {
    decoder_ = replay::Decoder::Make(format_, source_name_, name_,
                                     live_->report_mapping(), this);
  }
}

FeedIngest::~FeedIngest() = default;

void FeedIngest::OnObservation(const observe::Observation& o, uint64_t line,
                               std::string_view raw) {
  auto verdict = window_.Admit(o);
  if (verdict != replay::ReorderWindow::Verdict::kAdmitted) {
    OnReject(line, raw, window_.Reason(o, verdict));
    return;
  }
  // Older than what the engine has already judged: told now, to the
  // sender, rather than found by the merge after the acknowledgement.
  if (int64_t merge = live_->merge_time_ns(); o.time_ns < merge) {
    live_->CountLate();
    OnReject(line, raw,
             fmt::format("late: {} is behind the merge, which has reached {} "
                         "(the live engine judges in time order; records "
                         "this old belong in a `truce replay`)",
                         FormatRfc3339(TimeNs{o.time_ns}),
                         FormatRfc3339(TimeNs{merge})));
    return;
  }
  observations_.push_back({0, name_, o, std::string(raw), WallNow()});
}

void FeedIngest::OnReject(uint64_t line, std::string_view raw,
                          std::string reason) {
  if (rejects_.size() < 100) rejects_.emplace_back(line, reason);
  quarantine_.push_back(
      {name_, line, std::string(raw), std::move(reason), WallNow()});
}

Result<IngestResult> FeedIngest::IngestLines(
    const std::vector<std::string_view>& lines, std::string_view raw,
    bool drop_if_full, bool finish) {
  std::lock_guard lock(mu_);
  if (drop_if_full && !lines.empty() && !live_->HasRoom(lines.size())) {
    // Past saturation: the newest lines are dropped, counted, never stored
    // (so never acknowledged).
    live_->CountFeed(health_name_, lines.size(), 0, 0, lines.size(), "");
    IngestResult r;
    r.records = lines.size();
    return r;
  }
  // Plain NMEA from a receiver (AIS-catcher, rtl-ais) often has no TAG
  // block: its time is when it reached truce.
  decoder_->SetArrivalTime(WallNow().ns_since_epoch);
  for (std::string_view line : lines) decoder_->AddLine(line);
  if (finish) decoder_->Finish();
  return Commit(raw, lines.size());
}

Result<IngestResult> FeedIngest::IngestBody(std::string_view body) {
  std::lock_guard lock(mu_);
  auto decoder = replay::Decoder::Make(format_, source_name_, name_,
                                       live_->report_mapping(), this);
  decoder->AddBytes(body);
  decoder->Finish();
  if (observations_.empty()) {
    // A body that gave no report for a reason of the whole body (no header,
    // not CSV or JSON) or gave nothing at all is refused, saying why and
    // where; one whose rows were each rejected is quarantined row by row.
    auto whole = std::find_if(quarantine_.begin(), quarantine_.end(),
                              [](const auto& q) { return q.line == 0; });
    if (whole != quarantine_.end() || quarantine_.empty()) {
      std::string reason = whole != quarantine_.end()
                               ? whole->reason
                               : "the body holds no report";
      quarantine_.clear();
      rejects_.clear();
      SourceLocation where;
      where.field = "body";
      return Fail(ErrorCode::kInvalidInput,
                  fmt::format("no report could be read: {}", reason),
                  "send field reports as CSV with the header of "
                  "docs/formats/reports.md, or JSON as `truce decode "
                  "reports` reads",
                  where);
    }
  }
  return Commit(body, observations_.size() + quarantine_.size());
}

Result<IngestResult> FeedIngest::Commit(std::string_view raw,
                                        uint64_t records) {
  IngestResult result;
  result.records = records;
  result.accepted = observations_.size();
  result.quarantined = quarantine_.size();
  result.rejects = std::move(rejects_);
  rejects_.clear();
  auto clear = [&] {
    observations_.clear();
    quarantine_.clear();
  };
  if (observations_.empty() && quarantine_.empty()) {
    live_->CountFeed(health_name_, records, 0, 0, 0, "");
    return result;
  }
  TimeNs received = WallNow();
  ledger::BatchRecord record;
  record.source = name_;
  record.count = observations_.size();
  if (observations_.empty()) {
    record.first_time = record.last_time = received;
  } else {
    int64_t lo = observations_.front().observation.time_ns, hi = lo;
    for (const auto& o : observations_) {
      lo = std::min(lo, o.observation.time_ns);
      hi = std::max(hi, o.observation.time_ns);
    }
    record.first_time = TimeNs{lo};
    record.last_time = TimeNs{hi};
  }
  record.sha256 = ledger::Sha256(raw);
  auto leaf = ledger::BatchRecordJson(record);
  if (!leaf) {
    clear();
    return std::unexpected(leaf.error());
  }
  // The log first: a batch the store has is always in the log; one the log
  // has but the store lacks was never acknowledged (the sender retries).
  auto index = live_->log().Append({*leaf});
  if (!index) {
    clear();
    return std::unexpected(index.error());
  }
  result.log_index = *index;
  store::WriteBatch batch;
  batch.observations = std::move(observations_);
  batch.quarantine = std::move(quarantine_);
  clear();
  batch.batches.push_back({name_, std::string(replay::Name(format_)), received,
                           records, result.accepted, result.quarantined,
                           rules::Hex(record.sha256), *index});
  auto written = live_->store().Write(&batch);
  if (!written) return std::unexpected(written.error());
  std::string last_reject =
      batch.quarantine.empty() ? "" : batch.quarantine.back().reason;
  live_->CountFeed(health_name_, records, result.accepted, result.quarantined,
                   0, last_reject);
  live_->Enqueue(id_, std::move(batch.observations));
  return result;
}

}  // namespace truce::live
