// LiveImpl (live_impl.h): Open, the merge, the engine thread, queries.
#include <fmt/format.h>
#include <sys/stat.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <nlohmann/json.hpp>

#include "base/canonical_json.h"
#include "ledger/checkpoint.h"
#include "ledger/merkle_tree.h"
#include "ledger/note.h"
#include "ledger/proof_bundle.h"
#include "live/live_impl.h"
#include "rules/incident.h"

namespace truce::live {
namespace {

namespace fs = std::filesystem;
using observe::Observation;

constexpr size_t kHistory = kStreamHistoryEvents;  // for Last-Event-ID
// Latest fixes kept per subject for /api/tracks: enough for a map's trail,
// bounded so memory grows with the number of subjects only (24 bytes a
// fix; 10,000 subjects hold at most 60 MB).
constexpr size_t kFixesPerTrack = 200;
constexpr int64_t kTrackEventEveryNs = 30'000'000'000;  // per subject
constexpr const char* kKeyName = "truce-serve";

int64_t WallNowNs() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string SubjectOf(const Observation& o) {
  switch (o.scheme) {
    case observe::SubjectScheme::kMmsi:
      return fmt::format("mmsi:{}", o.subject_id);
    case observe::SubjectScheme::kIcaoAddress:
      return fmt::format("icao:{:06x}", o.subject_id);
    default:
      return fmt::format("id:{}", o.subject_id);
  }
}

std::string KindOf(const Observation& o) {
  return o.kind == observe::ObservationKind::kAircraft ? "aircraft" : "vessel";
}

nlohmann::json HealthJson(const FeedHealth& h) {
  nlohmann::json j = {{"type", "feed"},
                      {"name", h.name},
                      {"kind", h.kind},
                      {"address", h.address},
                      {"state", h.state},
                      {"messages", h.messages},
                      {"observations", h.observations},
                      {"rejects", h.rejects},
                      {"dropped", h.dropped},
                      {"rate_per_s", h.rate_per_s},
                      {"last_reject", h.last_reject}};
  j["last_message"] = h.last_message
                          ? nlohmann::json(FormatRfc3339(*h.last_message))
                          : nlohmann::json(nullptr);
  return j;
}

// The signer key of a data folder: given, or data_dir/keys/truce-serve.key,
// created (with its .vkey) on the first start.
Result<ledger::SignerKey> LoadOrCreateKey(const LiveOptions& options) {
  if (!options.log_key.empty()) {
    return ledger::LoadSignerKeyFile(options.log_key);
  }
  fs::path dir = options.data_dir / "keys";
  fs::path skey = dir / (std::string(kKeyName) + ".key");
  if (fs::exists(skey)) return ledger::LoadSignerKeyFile(skey);
  std::error_code ec;
  fs::create_directories(dir, ec);
  auto key = ledger::GenerateSignerKey(kKeyName, ledger::kAlgEd25519);
  if (!key) return std::unexpected(key.error());
  for (auto [path, text, mode] :
       {std::tuple{skey, ledger::FormatSignerKey(*key), 0600},
        std::tuple{dir / (std::string(kKeyName) + ".vkey"),
                   ledger::FormatVerifierKey(ledger::VerifierFor(*key)),
                   0644}}) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << text << '\n';
    out.close();
    if (!out) {
      return Fail(ErrorCode::kIo,
                  fmt::format("cannot write the log key '{}'", path.string()),
                  "check that the data folder is writable");
    }
    ::chmod(path.c_str(), mode);
  }
  return key;
}

// The revision's object with "type" and its "log_index" (so a reader can
// tell when a checkpoint covers it) added in front.
std::string IncidentEvent(const std::string& json, uint64_t log_index) {
  return fmt::format("{{\"type\":\"incident\",\"log_index\":{},{}", log_index,
                     std::string_view(json).substr(1));
}

std::unexpected<Error> Stopping() {
  return Fail(ErrorCode::kUnavailable, "truce is stopping",
              "try again once it has restarted");
}

}  // namespace

bool LiveImpl::HeapLater::operator()(const HeapItem& a,
                                     const HeapItem& b) const {
  if (replay::ObservationBefore(b.s.observation, a.s.observation)) return true;
  if (replay::ObservationBefore(a.s.observation, b.s.observation)) {
    return false;
  }
  return a.s.seq > b.s.seq;
}

Result<std::unique_ptr<Live>> Live::Open(const agreement::Agreement& agreement,
                                         const std::string& agreement_path,
                                         LiveOptions options) {
  auto live =
      std::make_unique<LiveImpl>(agreement, agreement_path, std::move(options));
  if (auto r = live->Start(); !r) return std::unexpected(r.error());
  return live;
}

LiveImpl::LiveImpl(const agreement::Agreement& agreement,
                   std::string agreement_path, LiveOptions options)
    : agreement_(agreement),
      agreement_path_(std::move(agreement_path)),
      options_(std::move(options)),
      engine_(agreement) {}

LiveImpl::~LiveImpl() { Stop(); }

Result<void> LiveImpl::Start() {
  auto store = store::Store::Open(options_.data_dir);
  if (!store) return std::unexpected(store.error());
  store_ = std::move(*store);
  auto key = LoadOrCreateKey(options_);
  if (!key) return std::unexpected(key.error());
  auto log = ledger::EvidenceLog::Open(options_.data_dir / "log", *key);
  if (!log) return std::unexpected(log.error());
  log_ = std::move(*log);
  if (!options_.report_mapping.empty()) {
    std::ifstream in(options_.report_mapping, std::ios::binary);
    std::string text((std::istreambuf_iterator<char>(in)), {});
    if (!in && !in.eof()) {
      return Fail(ErrorCode::kNotFound,
                  fmt::format("cannot read '{}'", options_.report_mapping),
                  "check the path of the report mapping");
    }
    auto m = observe::LoadReportMapping(text, options_.report_mapping);
    if (!m) return std::unexpected(m.error());
    report_mapping_ = std::move(*m);
  }
  bool has_territory_rule = std::any_of(
      agreement_.rules.begin(), agreement_.rules.end(),
      [](const auto& r) { return r.kind == agreement::RuleKind::kTerritory; });
  if (has_territory_rule) {
    auto baseline = replay::LoadBaseline(agreement_);
    if (!baseline) return std::unexpected(baseline.error());
    baseline_ = std::move(*baseline);
    map_mapping_ = baseline_->mapping;
    if (!options_.control_mapping.empty()) {
      auto m = territory::LoadMapping(options_.control_mapping);
      if (!m) return std::unexpected(m.error());
      map_mapping_ = std::move(*m);
    }
    watch_ = std::make_unique<replay::TerritoryWatch>(
        agreement_, *baseline_,
        map_mapping_->source.empty() ? std::string("control-map")
                                     : map_mapping_->source);
  }
  {
    std::lock_guard lock(mu_);
    auto latest = log_->store().LatestCheckpoint();
    if (latest && *latest) {
      auto note = ledger::ParseNote(**latest);
      if (note) {
        auto cp = ledger::ParseCheckpoint(note->text);
        if (cp) {
          checkpoint_size_ = cp->size;
          checkpoint_note_ = **latest;
        }
      }
    }
  }
  if (auto r = Resume(); !r) return r;
  last_checkpoint_wall_ns_ = WallNowNs();
  last_retention_wall_ns_ = WallNowNs();
  engine_thread_ = std::thread([this] { EngineLoop(); });
  return {};
}

// Rebuilds the engine from the stored observations, in the merge's order,
// with the control maps where they were judged; revisions already stored
// are recognised by (id, engine revision) and not emitted again.
Result<void> LiveImpl::Resume() {
  auto revisions = store_->LoadRevisions();
  if (!revisions) return std::unexpected(revisions.error());
  for (const auto& r : *revisions) {
    if (r.engine_revision) {
      stored_keys_.insert({r.id, *r.engine_revision});
    } else {
      ++dispute_offset_[r.id];
    }
    std::lock_guard lock(mu_);
    IndexRevision({r.id, r.json, r.revision, r.engine_revision, r.log_index});
  }
  auto maps = store_->LoadControlMaps();
  if (!maps) return std::unexpected(maps.error());
  std::vector<PendingMap> positioned;
  for (const auto& m : *maps) {
    fs::path path = options_.data_dir / m.file;
    {
      std::lock_guard lock(mu_);
      maps_.emplace_back(m.date, path);
    }
    if (!watch_) continue;
    auto snapshot =
        replay::LoadSnapshot(path.string(), *map_mapping_, *baseline_);
    if (!snapshot) return std::unexpected(snapshot.error());
    PendingMap p{
        std::make_shared<replay::ControlSnapshot>(std::move(*snapshot)), m.seq,
        m.after_seq, m.after_time_ns};
    if (m.after_seq) {
      positioned.push_back(std::move(p));
    } else {
      pending_maps_.push_back(std::move(p));
    }
  }
  std::stable_sort(pending_maps_.begin(), pending_maps_.end(),
                   [](const auto& a, const auto& b) {
                     return a.snapshot->time < b.snapshot->time;
                   });
  auto stored = store_->LoadObservations(/*with_raw=*/false);
  if (!stored) return std::unexpected(stored.error());
  std::set<uint64_t> seqs;
  for (const auto& s : *stored) seqs.insert(s.seq);
  std::sort(stored->begin(), stored->end(), [](const auto& a, const auto& b) {
    return HeapLater{}(HeapItem{b}, HeapItem{a});
  });
  std::map<uint64_t, std::vector<size_t>> after;  // seq -> positioned maps
  std::vector<size_t> by_time;                    // seq no longer stored
  for (size_t i = 0; i < positioned.size(); ++i) {
    if (*positioned[i].after_seq == 0 || seqs.count(*positioned[i].after_seq)) {
      after[*positioned[i].after_seq].push_back(i);
    } else {
      by_time.push_back(i);
    }
  }
  auto apply_positioned = [&](size_t i) {
    CollectRevisions();
    watch_->Apply(*positioned[i].snapshot);
    auto revs = watch_->TakeRevisions();
    collected_.insert(collected_.end(), revs.begin(), revs.end());
  };
  if (auto it = after.find(0); it != after.end()) {
    for (size_t i : it->second) apply_positioned(i);
  }
  size_t next_by_time = 0;
  for (const auto& s : *stored) {
    while (next_by_time < by_time.size() &&
           positioned[by_time[next_by_time]].after_time_ns <
               s.observation.time_ns) {
      apply_positioned(by_time[next_by_time++]);
    }
    ApplyDueMaps(s.observation.time_ns, false);
    engine_.Process(s.observation);
    last_released_ = s.observation;
    last_seq_ = s.seq;
    end_ns_ = std::max(end_ns_, s.observation.time_ns);
    merge_time_ns_ = s.observation.time_ns;
    TrackFix(s.observation);
    if (auto it = after.find(s.seq); it != after.end()) {
      for (size_t i : it->second) apply_positioned(i);
    }
  }
  for (; next_by_time < by_time.size(); ++next_by_time) {
    apply_positioned(by_time[next_by_time]);
  }
  auto finished = store_->GetMeta("finished");
  if (!finished) return std::unexpected(finished.error());
  if (*finished) {
    CollectRevisions();
    engine_.Finish(TimeNs{end_ns_});
    ApplyDueMaps(0, true);
    finished_ = true;
  }
  {
    std::lock_guard lock(mu_);
    engine_stats_ = engine_.stats();
  }
  return FlushRevisions();
}

// --- Feeds -------------------------------------------------------------

std::unique_ptr<FeedIngest> LiveImpl::NewFeed(
    std::string name, std::string health_name, std::string source_name,
    replay::FeedFormat format, bool persistent_decoder, bool open) {
  uint64_t id = next_feed_id_++;
  auto feed = std::make_unique<FeedIngest>(
      this, id, std::move(name), std::move(health_name), std::move(source_name),
      format, persistent_decoder);
  if (open) OpenFeed(id);
  return feed;
}

void LiveImpl::OpenFeed(uint64_t id) {
  Item item{Item::kFeedOpen};
  item.feed = id;
  Push(std::move(item));
}

void LiveImpl::CloseFeed(uint64_t id) {
  Item item{Item::kFeedClose};
  item.feed = id;
  Push(std::move(item));
}

void LiveImpl::AddHealth(const std::string& name, const std::string& kind,
                         const std::string& address, const std::string& state) {
  FeedHealth h;
  {
    std::lock_guard lock(mu_);
    auto& info = feeds_[name];
    info.health.name = name;
    info.health.kind = kind;
    info.health.address = address;
    info.health.state = state;
    h = info.health;
  }
  Publish("feed", HealthJson(h).dump());
}

void LiveImpl::SetFeedState(const std::string& name, const std::string& state) {
  FeedHealth h;
  {
    std::lock_guard lock(mu_);
    auto it = feeds_.find(name);
    if (it == feeds_.end() || it->second.health.state == state) return;
    it->second.health.state = state;
    h = it->second.health;
  }
  Publish("feed", HealthJson(h).dump());
}

void LiveImpl::CountFeed(const std::string& name, uint64_t messages,
                         uint64_t observations, uint64_t rejects,
                         uint64_t dropped, const std::string& last_reject) {
  std::lock_guard lock(mu_);
  auto& info = feeds_[name];
  if (info.health.name.empty()) info.health.name = name;
  FeedHealth& h = info.health;
  h.messages += messages;
  h.observations += observations;
  h.rejects += rejects;
  h.dropped += dropped;
  if (!last_reject.empty()) h.last_reject = last_reject;
  int64_t now = WallNowNs();
  h.last_message = TimeNs{now};
  int64_t second = now / 1'000'000'000;
  if (info.per_second.empty() || info.per_second.back().first != second) {
    info.per_second.emplace_back(second, 0);
  }
  info.per_second.back().second += messages;
  while (!info.per_second.empty() &&
         info.per_second.front().first < second - 60) {
    info.per_second.pop_front();
  }
}

bool LiveImpl::HasRoom(size_t n) const {
  return pending_observations_.load() + n <= options_.queue_capacity;
}

void LiveImpl::Enqueue(uint64_t feed_id,
                       std::vector<store::StoredObservation> obs) {
  if (obs.empty()) return;
  pending_observations_ += obs.size();
  Item item{Item::kObservations};
  item.feed = feed_id;
  item.observations = std::move(obs);
  Push(std::move(item));
}

void LiveImpl::Push(Item item) {
  {
    std::lock_guard lock(queue_mu_);
    if (engine_done_) {
      if (item.reply) item.reply->set_value(Stopping());
      return;
    }
    queue_.push_back(std::move(item));
    ++enqueued_items_;
  }
  queue_cv_.notify_one();
}

Result<IngestResult> LiveImpl::PostReports(std::string_view source,
                                           std::string_view body) {
  if (source.empty()) {
    return Fail(ErrorCode::kInvalidInput, "the report source has no name",
                "post with a named token", SourceLocation{"", 0, 0, "source"});
  }
  FeedIngest* feed;
  {
    std::lock_guard lock(http_feeds_mu_);
    std::string key = fmt::format("reports/{}", source);
    auto& slot = http_feeds_[key];
    if (!slot) {
      slot = NewFeed(std::string(source), std::string(source),
                     std::string(source), replay::FeedFormat::kReports, false);
      AddHealth(std::string(source), "reports-http", "", "idle");
    }
    feed = slot.get();
  }
  return feed->IngestBody(body);
}

Result<IngestResult> LiveImpl::PostControlMap(std::string_view name,
                                              std::string_view body) {
  SourceLocation where{"", 0, 0, "name"};
  if (name.empty() || name.find('/') != std::string_view::npos ||
      name.find("..") != std::string_view::npos) {
    return Fail(ErrorCode::kInvalidInput,
                fmt::format("'{}' is not a control map file name", name),
                "name the map as a file, with its date: "
                "control-2025-06-16.geojson",
                where);
  }
  auto rel = store_->SaveControlMapFile(name, body);
  if (!rel) return std::unexpected(rel.error());
  fs::path path = options_.data_dir / *rel;
  std::shared_ptr<replay::ControlSnapshot> snapshot;
  std::string date;
  if (watch_) {
    auto loaded =
        replay::LoadSnapshot(path.string(), *map_mapping_, *baseline_);
    if (!loaded) {
      std::error_code ec;
      fs::remove_all(path.parent_path(), ec);
      Error e = loaded.error();
      if (e.where.field.empty()) e.where.field = "body";
      e.where.file = std::string(name);
      e.code = ErrorCode::kInvalidInput;
      return std::unexpected(e);
    }
    snapshot = std::make_shared<replay::ControlSnapshot>(std::move(*loaded));
    date = snapshot->date;
  }
  ledger::BatchRecord record;
  record.source = std::string(name);
  record.count = 1;
  record.first_time = record.last_time =
      snapshot ? snapshot->time : TimeNs{WallNowNs()};
  record.sha256 = ledger::Sha256(body);
  auto leaf = ledger::BatchRecordJson(record);
  if (!leaf) return std::unexpected(leaf.error());
  auto index = log_->Append({*leaf});
  if (!index) return std::unexpected(index.error());
  store::WriteBatch batch;
  batch.maps.push_back({0, std::string(name), date, *rel,
                        rules::Hex(record.sha256), TimeNs{WallNowNs()},
                        std::nullopt, 0});
  batch.batches.push_back({std::string(name), "control-map",
                           TimeNs{WallNowNs()}, 1, 1, 0,
                           rules::Hex(record.sha256), *index});
  auto written = store_->Write(&batch);
  if (!written) return std::unexpected(written.error());
  {
    std::lock_guard lock(mu_);
    maps_.emplace_back(date, path);
    std::stable_sort(
        maps_.begin(), maps_.end(),
        [](const auto& a, const auto& b) { return a.first < b.first; });
  }
  AddHealth("control-maps", "control-map-http", "", "idle");
  CountFeed("control-maps", 1, 1, 0, 0, "");
  if (snapshot) {
    Item item{Item::kMap};
    item.map = snapshot;
    item.map_seq = batch.maps[0].seq;
    Push(std::move(item));
  }
  IngestResult r;
  r.records = 1;
  r.accepted = 1;
  r.log_index = *index;
  return r;
}

Result<std::string> LiveImpl::Dispute(const std::string& incident_id,
                                      const std::string& party,
                                      const std::string& reason) {
  if (reason.empty()) {
    return Fail(ErrorCode::kInvalidInput, "the dispute has no reason",
                "say why the incident is disputed in \"reason\"",
                SourceLocation{"", 0, 0, "reason"});
  }
  if (party.empty()) {
    return Fail(ErrorCode::kInvalidInput, "the dispute names no party",
                "dispute with a party's token",
                SourceLocation{"", 0, 0, "party"});
  }
  if (stopping_) return Stopping();
  Item item{Item::kDispute};
  item.id = incident_id;
  item.party = party;
  item.reason = reason;
  item.reply = std::make_shared<std::promise<Result<std::string>>>();
  auto future = item.reply->get_future();
  Push(std::move(item));
  return future.get();
}

Result<void> LiveImpl::Finish() {
  if (stopping_) return Stopping();
  Item item{Item::kFinish};
  item.reply = std::make_shared<std::promise<Result<std::string>>>();
  auto future = item.reply->get_future();
  Push(std::move(item));
  auto r = future.get();
  if (!r) return std::unexpected(r.error());
  return {};
}

bool LiveImpl::Drain(DurationNs timeout) {
  std::unique_lock lock(queue_mu_);
  if (engine_done_) return false;
  queue_.push_back(Item{Item::kMarker});
  uint64_t target = ++enqueued_items_;
  queue_cv_.notify_one();
  return drained_cv_.wait_for(lock, std::chrono::nanoseconds(timeout.ns), [&] {
    return processed_items_ >= target || stopped_;
  });
}

// --- Engine thread -----------------------------------------------------

int64_t LiveImpl::Watermark(int64_t wall_now_ns) const {
  int64_t w = std::numeric_limits<int64_t>::max();
  for (const auto& [id, f] : engine_feeds_) {
    if (wall_now_ns - f.last_activity_wall_ns >= options_.idle_release.ns) {
      continue;  // idle: no longer holds the merge
    }
    if (f.max_time_ns == replay::ReorderWindow::kNoTime) {
      return replay::ReorderWindow::kNoTime;
    }
    w = std::min(w, f.max_time_ns - options_.reorder_window.ns);
  }
  return w;
}

void LiveImpl::EngineLoop() {
  while (true) {
    std::deque<Item> items;
    {
      std::unique_lock lock(queue_mu_);
      queue_cv_.wait_for(lock, std::chrono::milliseconds(100),
                         [&] { return !queue_.empty() || stopping_; });
      items.swap(queue_);
      if (items.empty() && stopping_) break;
    }
    int64_t now = WallNowNs();
    uint64_t done = 0;
    for (auto& item : items) {
      ++done;
      switch (item.kind) {
        case Item::kFeedOpen:
          engine_feeds_[item.feed] = {replay::ReorderWindow::kNoTime, now};
          break;
        case Item::kFeedClose:
          engine_feeds_.erase(item.feed);
          break;
        case Item::kObservations: {
          // A feed that is not open (closed since) holds nothing.
          auto open = engine_feeds_.find(item.feed);
          if (open != engine_feeds_.end()) {
            open->second.last_activity_wall_ns = now;
          }
          for (auto& s : item.observations) {
            if (open != engine_feeds_.end()) {
              open->second.max_time_ns =
                  std::max(open->second.max_time_ns, s.observation.time_ns);
            }
            if (finished_) {
              --pending_observations_;
              continue;  // stored; the monitoring period has ended
            }
            heap_.push_back(HeapItem{std::move(s)});
            std::push_heap(heap_.begin(), heap_.end(), HeapLater{});
          }
          break;
        }
        case Item::kMap: {
          PendingMap m{item.map, item.map_seq, std::nullopt, 0};
          if (finished_) break;
          if (last_released_ &&
              m.snapshot->time.ns_since_epoch <= last_released_->time_ns) {
            ApplyMap(m);  // its date has passed: judged where it arrives
          } else {
            auto at =
                std::upper_bound(pending_maps_.begin(), pending_maps_.end(), m,
                                 [](const auto& a, const auto& b) {
                                   return a.snapshot->time < b.snapshot->time;
                                 });
            pending_maps_.insert(at, std::move(m));
          }
          break;
        }
        case Item::kDispute: {
          Release(false);
          if (auto f = FlushRevisions(); !f) {
            item.reply->set_value(std::unexpected(f.error()));
            break;
          }
          item.reply->set_value(DoDispute(item.id, item.party, item.reason));
          break;
        }
        case Item::kFinish: {
          Result<std::string> r = std::string();
          if (!finished_) {
            Release(true);
            CollectRevisions();
            engine_.Finish(TimeNs{end_ns_});
            ApplyDueMaps(0, true);
            finished_ = true;
            if (auto m = store_->SetMeta("finished", "1"); !m) {
              r = std::unexpected(m.error());
            }
          }
          if (auto f = FlushRevisions(); !f) r = std::unexpected(f.error());
          MaybeCheckpoint(true);
          item.reply->set_value(std::move(r));
          break;
        }
        case Item::kMarker:
          Release(false);
          if (auto f = FlushRevisions(); !f) {
            fmt::print(stderr, "truce serve: {}\n", f.error().ToString());
          }
          break;
      }
    }
    Release(false);
    if (auto f = FlushRevisions(); !f) {
      fmt::print(stderr, "truce serve: {}\n", f.error().ToString());
    }
    MaybeCheckpoint(false);
    if (now - last_retention_wall_ns_ > 60'000'000'000 && end_ns_ > 0) {
      last_retention_wall_ns_ = now;
      (void)store_->DeleteObservationsBefore(end_ns_ - options_.retention.ns);
    }
    {
      std::lock_guard lock(queue_mu_);
      processed_items_ += done;
    }
    drained_cv_.notify_all();
  }
  // Stopping: what was received is processed as far as the merge allows;
  // what is held stays stored and is processed on the next start. Callers
  // still waiting for an answer get one.
  {
    std::lock_guard lock(queue_mu_);
    for (auto& item : queue_) {
      if (item.reply) item.reply->set_value(Stopping());
    }
    queue_.clear();
    engine_done_ = true;
  }
  drained_cv_.notify_all();
  Release(false);
  if (auto f = FlushRevisions(); !f) {
    fmt::print(stderr, "truce serve: {}\n", f.error().ToString());
  }
  MaybeCheckpoint(true);
}

void LiveImpl::Release(bool all) {
  int64_t w =
      all ? std::numeric_limits<int64_t>::max() : Watermark(WallNowNs());
  while (!heap_.empty() && heap_.front().s.observation.time_ns <= w) {
    std::pop_heap(heap_.begin(), heap_.end(), HeapLater{});
    HeapItem item = std::move(heap_.back());
    heap_.pop_back();
    Process(item.s);
    --pending_observations_;
  }
  std::lock_guard lock(mu_);
  engine_stats_ = engine_.stats();
}

void LiveImpl::Process(const store::StoredObservation& s) {
  const Observation& o = s.observation;
  if (last_released_ && replay::ObservationBefore(o, *last_released_)) {
    // Behind what the engine has judged: never applied out of order.
    late_.push_back(
        {s.feed, 0, s.raw,
         fmt::format("late: {} is behind the merge, which has reached {} "
                     "(a feed was idle or joined late)",
                     FormatRfc3339(TimeNs{o.time_ns}),
                     FormatRfc3339(TimeNs{last_released_->time_ns})),
         TimeNs{WallNowNs()}});
    late_seqs_.push_back(s.seq);
    std::lock_guard lock(mu_);
    ++late_total_;
    return;
  }
  ApplyDueMaps(o.time_ns, false);
  engine_.Process(o);
  last_released_ = o;
  last_seq_ = s.seq;
  end_ns_ = std::max(end_ns_, o.time_ns);
  merge_time_ns_ = o.time_ns;
  TrackFix(o);
}

void LiveImpl::ApplyDueMaps(int64_t until_ns, bool all) {
  size_t n = 0;
  for (; n < pending_maps_.size() &&
         (all || pending_maps_[n].snapshot->time.ns_since_epoch <= until_ns);
       ++n) {
    ApplyMap(pending_maps_[n]);
  }
  pending_maps_.erase(pending_maps_.begin(), pending_maps_.begin() + n);
}

void LiveImpl::ApplyMap(const PendingMap& m) {
  if (!watch_) return;
  CollectRevisions();
  watch_->Apply(*m.snapshot);
  auto revs = watch_->TakeRevisions();
  collected_.insert(collected_.end(), revs.begin(), revs.end());
  judged_.push_back(
      {m.seq, last_seq_, last_released_ ? last_released_->time_ns : 0});
}

void LiveImpl::CollectRevisions() {
  auto revs = engine_.TakeRevisions();
  collected_.insert(collected_.end(), std::make_move_iterator(revs.begin()),
                    std::make_move_iterator(revs.end()));
}

Result<void> LiveImpl::FlushRevisions() {
  CollectRevisions();
  std::vector<Emitted> emitted;
  for (auto& r : collected_) {
    if (stored_keys_.count({r.id, r.revision})) {
      std::lock_guard lock(mu_);
      ++resumed_revisions_;
      continue;  // re-emitted on resume: already stored and logged
    }
    int engine_revision = r.revision;
    r.revision += dispute_offset_[r.id];
    auto json = rules::ToCanonicalJson(r);
    if (!json) return std::unexpected(json.error());
    emitted.push_back({r.id, std::move(*json), r.revision, engine_revision, 0});
  }
  collected_.clear();
  if (emitted.empty() && judged_.empty() && late_.empty()) return {};
  if (!emitted.empty()) {
    std::vector<std::string> leaves;
    for (const auto& e : emitted) leaves.push_back(e.json);
    auto first = log_->Append(std::move(leaves));
    if (!first) return std::unexpected(first.error());
    for (size_t i = 0; i < emitted.size(); ++i)
      emitted[i].log_index = *first + i;
  }
  store::WriteBatch batch;
  for (const auto& e : emitted) {
    batch.revisions.push_back(
        {0, e.id, e.revision, e.engine_revision, e.json, e.log_index});
  }
  batch.judged = std::move(judged_);
  batch.quarantine = std::move(late_);
  batch.drop_observations = std::move(late_seqs_);
  judged_.clear();
  late_.clear();
  late_seqs_.clear();
  auto written = store_->Write(&batch);
  if (!written) return std::unexpected(written.error());
  for (const auto& e : emitted) {
    {
      std::lock_guard lock(mu_);
      IndexRevision(e);
    }
    Publish("incident", IncidentEvent(e.json, e.log_index));
  }
  return {};
}

Result<std::string> LiveImpl::DoDispute(const std::string& id,
                                        const std::string& party,
                                        const std::string& reason) {
  std::string latest;
  {
    std::lock_guard lock(mu_);
    auto it = incidents_.find(id);
    if (it == incidents_.end()) {
      return Fail(ErrorCode::kNotFound, fmt::format("no incident '{}'", id),
                  "take the id from /api/incidents",
                  SourceLocation{"", 0, 0, "id"});
    }
    latest = revisions_[it->second.revisions.back()];
  }
  nlohmann::json j = nlohmann::json::parse(latest, nullptr, false);
  if (j.is_discarded()) {
    return Fail(ErrorCode::kCorrupt, "a stored revision is not JSON");
  }
  int revision = j.value("revision", 0) + 1;
  j["revision"] = revision;
  j["status"] = "disputed";
  j["observations"] = nlohmann::json::array();
  j["details"]["dispute_party"] = party;
  j["details"]["dispute_reason"] = reason;
  auto json = CanonicalJson(j);
  if (!json) return std::unexpected(json.error());
  auto index = log_->Append({*json});
  if (!index) return std::unexpected(index.error());
  store::WriteBatch batch;
  batch.revisions.push_back({0, id, revision, std::nullopt, *json, *index});
  auto written = store_->Write(&batch);
  if (!written) return std::unexpected(written.error());
  ++dispute_offset_[id];
  {
    std::lock_guard lock(mu_);
    IndexRevision({id, *json, revision, std::nullopt, *index});
  }
  Publish("incident", IncidentEvent(*json, *index));
  return *json;
}

void LiveImpl::MaybeCheckpoint(bool force) {
  int64_t now = WallNowNs();
  if (!force && now - last_checkpoint_wall_ns_ < options_.checkpoint_every.ns) {
    return;
  }
  last_checkpoint_wall_ns_ = now;
  uint64_t size = log_->Size();
  {
    std::lock_guard lock(mu_);
    if (size == checkpoint_size_ || size == 0) return;
  }
  auto note = log_->SignCheckpoint();
  if (!note) {
    fmt::print(stderr, "truce serve: {}\n", note.error().ToString());
    return;
  }
  auto parsed = ledger::ParseNote(*note);
  if (!parsed) return;
  auto cp = ledger::ParseCheckpoint(parsed->text);
  if (!cp) return;
  std::string root;
  {
    // The body's third line is the root in base64.
    size_t a = parsed->text.find('\n');
    size_t b = parsed->text.find('\n', a + 1);
    size_t c = parsed->text.find('\n', b + 1);
    if (b != std::string::npos && c != std::string::npos) {
      root = parsed->text.substr(b + 1, c - b - 1);
    }
  }
  {
    std::lock_guard lock(mu_);
    checkpoint_size_ = cp->size;
    checkpoint_note_ = *note;
  }
  nlohmann::json j = {{"type", "checkpoint"},
                      {"size", cp->size},
                      {"root", root},
                      {"note", *note}};
  Publish("checkpoint", j.dump());
  // Feed health rides along, at the checkpoint's pace.
  for (const auto& h : Feeds()) Publish("feed", HealthJson(h).dump());
}

void LiveImpl::Publish(std::string type, std::string json) {
  std::lock_guard lock(events_mu_);
  LiveEvent e{next_event_seq_++, std::move(type), std::move(json)};
  history_.push_back(e);
  if (history_.size() > kHistory) history_.pop_front();
  for (auto& [handle, fn] : subscribers_) fn(e);
}

void LiveImpl::IndexRevision(const Emitted& e) {
  size_t index = revisions_.size();
  revisions_.push_back(e.json);
  revision_log_.push_back(e.log_index);
  IncidentEntry& entry = incidents_[e.id];
  entry.revisions.push_back(index);
  nlohmann::json j = nlohmann::json::parse(e.json, nullptr, false);
  if (j.is_discarded()) return;
  entry.rule = j.value("rule", "");
  entry.status = j.value("status", "");
  entry.confidence = j.value("confidence", "");
  entry.party.clear();
  if (auto a = j.find("attribution"); a != j.end() && a->is_object()) {
    if (auto p = a->find("party"); p != a->end() && p->is_string()) {
      entry.party = p->get<std::string>();
    }
  }
  for (const auto& r : agreement_.rules) {
    if (r.id == entry.rule) entry.zone = r.zone;
  }
  if (auto t = ParseRfc3339(j.value("first", "")); t)
    entry.first_ns = t->ns_since_epoch;
  if (auto t = ParseRfc3339(j.value("last", "")); t)
    entry.last_ns = t->ns_since_epoch;
}

void LiveImpl::TrackFix(const Observation& o) {
  if (!o.has_position || (o.kind != observe::ObservationKind::kVessel &&
                          o.kind != observe::ObservationKind::kAircraft)) {
    return;
  }
  std::string subject = SubjectOf(o);
  {
    std::lock_guard lock(mu_);
    Track& t = tracks_[subject];
    if (t.subject.empty()) {
      t.subject = subject;
      t.kind = KindOf(o);
    }
    if (o.name.size > 0) t.name = std::string(o.name.view());
    if (o.party.size > 0) {
      t.party = std::string(o.party.view());
    } else if (o.flag_iso2.size > 0) {
      // As the engine attributes tracks: the party whose flag it flies.
      for (const auto& p : agreement_.parties) {
        if (std::find(p.flags.begin(), p.flags.end(), o.flag_iso2.view()) !=
            p.flags.end()) {
          t.party = p.id;
        }
      }
    }
    t.fixes.push_back(
        {TimeNs{o.time_ns}, {o.position.lat_deg, o.position.lng_deg}});
    if (t.fixes.size() > kFixesPerTrack + kFixesPerTrack / 4) {
      t.fixes.erase(t.fixes.begin(), t.fixes.end() - kFixesPerTrack);
    }
  }
  uint64_t key = (static_cast<uint64_t>(o.scheme) << 56) ^ o.subject_id;
  auto [it, fresh] = track_emitted_.try_emplace(key, o.time_ns);
  if (!fresh && o.time_ns - it->second < kTrackEventEveryNs) return;
  it->second = o.time_ns;
  nlohmann::json j = {
      {"type", "track"},           {"subject", subject},
      {"kind", KindOf(o)},         {"time", FormatRfc3339(TimeNs{o.time_ns})},
      {"lat", o.position.lat_deg}, {"lng", o.position.lng_deg}};
  std::string party;
  {
    std::lock_guard lock(mu_);
    party = tracks_[subject].party;
  }
  if (!party.empty()) j["party"] = party;
  Publish("track", j.dump());
}

// --- Queries -----------------------------------------------------------

std::vector<std::string> LiveImpl::Incidents(const IncidentQuery& q) {
  std::lock_guard lock(mu_);
  std::vector<std::string> out;
  auto it =
      q.after.empty() ? incidents_.begin() : incidents_.upper_bound(q.after);
  for (; it != incidents_.end() && out.size() < q.limit; ++it) {
    const IncidentEntry& e = it->second;
    // The latest revision the caller may see.
    size_t shown = e.revisions.back();
    if (q.published_only) {
      bool found = false;
      for (auto r = e.revisions.rbegin(); r != e.revisions.rend(); ++r) {
        if (revision_log_[*r] < checkpoint_size_) {
          shown = *r;
          found = true;
          break;
        }
      }
      if (!found) continue;
    }
    if (q.since && e.last_ns < q.since->ns_since_epoch) continue;
    if (q.until && e.first_ns > q.until->ns_since_epoch) continue;
    if (!q.zone.empty() && e.zone != q.zone) continue;
    if (!q.party.empty() && e.party != q.party) continue;
    if (!q.rule.empty() && e.rule != q.rule) continue;
    if (!q.confidence.empty() && e.confidence != q.confidence) continue;
    if (!q.status.empty() && e.status != q.status) continue;
    out.push_back(revisions_[shown]);
  }
  return out;
}

Result<IncidentDetail> LiveImpl::Incident(const std::string& id) {
  IncidentDetail d;
  uint64_t size;
  std::string note;
  {
    std::lock_guard lock(mu_);
    auto it = incidents_.find(id);
    if (it == incidents_.end()) {
      return Fail(ErrorCode::kNotFound, fmt::format("no incident '{}'", id),
                  "take the id from /api/incidents",
                  SourceLocation{"", 0, 0, "id"});
    }
    for (size_t r : it->second.revisions) {
      d.revisions.push_back(revisions_[r]);
      d.log_indexes.push_back(revision_log_[r]);
    }
    size = checkpoint_size_;
    note = checkpoint_note_;
  }
  uint64_t index = d.log_indexes.back();
  if (index < size) {
    auto proof = ledger::InclusionProof(log_->store(), index, size);
    if (!proof) return std::unexpected(proof.error());
    ledger::ProofBundle bundle;
    bundle.extra =
        ledger::Bytes(d.revisions.back().begin(), d.revisions.back().end());
    bundle.index = index;
    bundle.proof = std::move(*proof);
    bundle.signed_checkpoint = note;
    d.proof_bundle = ledger::FormatProofBundle(bundle);
  }
  return d;
}

std::vector<Track> LiveImpl::Tracks(TimeNs since, size_t limit) {
  std::lock_guard lock(mu_);
  std::vector<const Track*> recent;
  for (const auto& [subject, t] : tracks_) {
    if (!t.fixes.empty() && t.fixes.back().first >= since) recent.push_back(&t);
  }
  // The most recently heard first, then by subject.
  std::sort(recent.begin(), recent.end(), [](const Track* a, const Track* b) {
    if (a->fixes.back().first != b->fixes.back().first) {
      return a->fixes.back().first > b->fixes.back().first;
    }
    return a->subject < b->subject;
  });
  if (recent.size() > limit) recent.resize(limit);
  std::vector<Track> out;
  for (const Track* t : recent) {
    Track copy = *t;
    auto first = std::lower_bound(
        copy.fixes.begin(), copy.fixes.end(), since,
        [](const auto& fix, TimeNs s) { return fix.first < s; });
    copy.fixes.erase(copy.fixes.begin(), first);
    if (copy.fixes.size() > kFixesPerTrack) {
      copy.fixes.erase(copy.fixes.begin(), copy.fixes.end() - kFixesPerTrack);
    }
    out.push_back(std::move(copy));
  }
  return out;
}

std::vector<FeedHealth> LiveImpl::Feeds() {
  std::lock_guard lock(mu_);
  std::vector<FeedHealth> out;
  int64_t second = WallNowNs() / 1'000'000'000;
  for (const auto& [name, info] : feeds_) {
    FeedHealth h = info.health;
    uint64_t n = 0;
    for (const auto& [s, c] : info.per_second) {
      if (s > second - 60) n += c;
    }
    h.rate_per_s = static_cast<double>(n) / 60.0;
    out.push_back(std::move(h));
  }
  return out;
}

std::vector<std::pair<std::string, fs::path>> LiveImpl::ControlMaps() {
  std::lock_guard lock(mu_);
  return maps_;
}

std::vector<std::string> LiveImpl::Revisions() {
  std::lock_guard lock(mu_);
  return revisions_;
}

std::vector<std::pair<std::string, double>> LiveImpl::Metrics() {
  auto counts = store_->Counts();
  std::vector<std::pair<std::string, double>> m;
  uint64_t messages = 0, rejects = 0, dropped = 0, observations = 0;
  {
    std::lock_guard lock(mu_);
    for (const auto& [name, info] : feeds_) {
      messages += info.health.messages;
      rejects += info.health.rejects;
      dropped += info.health.dropped;
      observations += info.health.observations;
    }
    m = {
        {"truce_messages_total", double(messages)},
        {"truce_observations_total", double(observations)},
        {"truce_quarantined_total", double(rejects)},
        {"truce_dropped_total", double(dropped)},
        {"truce_late_total", double(late_total_)},
        {"truce_engine_observations_total", double(engine_stats_.observations)},
        {"truce_engine_duplicates_total", double(engine_stats_.duplicates)},
        {"truce_incidents", double(incidents_.size())},
        {"truce_revisions_total", double(revisions_.size())},
        {"truce_resumed_revisions_total", double(resumed_revisions_)},
        {"truce_checkpoint_size", double(checkpoint_size_)},
        {"truce_feeds", double(feeds_.size())}};
  }
  m.push_back({"truce_log_size", double(log_->Size())});
  m.push_back(
      {"truce_queue_observations", double(pending_observations_.load())});
  m.push_back({"truce_queue_capacity", double(options_.queue_capacity)});
  m.push_back({"truce_store_observations", double(counts.observations)});
  m.push_back({"truce_store_commits_total", double(counts.commits)});
  m.push_back({"truce_store_writes_total", double(counts.writes)});
  return m;
}

uint64_t LiveImpl::Subscribe(uint64_t after_seq,
                             std::function<void(const LiveEvent&)> fn) {
  std::lock_guard lock(events_mu_);
  for (const auto& e : history_) {
    if (e.seq > after_seq) fn(e);
  }
  uint64_t handle = next_subscriber_++;
  subscribers_[handle] = std::move(fn);
  return handle;
}

void LiveImpl::Unsubscribe(uint64_t handle) {
  std::lock_guard lock(events_mu_);
  subscribers_.erase(handle);
}

}  // namespace truce::live
