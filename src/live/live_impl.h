// LiveImpl: the implementation of live::Live (live.h), internal to
// truce_live. live.cc holds Open and the resume, the merge, the engine
// thread and the queries; feed_ingest.cc a feed's decode, late check, log,
// store and hand-over; net.cc the socket feeds (AIS over TCP and UDP, the
// SBS-1 client) and Stop.
//
// Threads: one engine thread owns the rules engine, the territory watch, the
// merge heap and the emission of revisions. Feed threads (one per TCP
// connection, one per UDP socket, one per SBS client, and HTTP callers)
// decode and store what they receive and hand the observations to the
// engine through a bounded queue. Queries read snapshots kept under mu_.
//
// Thread safety: as live.h.
#ifndef TRUCE_LIVE_LIVE_IMPL_H_
#define TRUCE_LIVE_LIVE_IMPL_H_

#include <atomic>
#include <condition_variable>
#include <deque>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "ledger/evidence_log.h"
#include "live/live.h"
#include "observe/report_mapping.h"
#include "replay/decoder.h"
#include "replay/feed.h"
#include "replay/reorder.h"
#include "replay/territory_watch.h"
#include "rules/engine.h"
#include "store/store.h"

namespace truce::live {

class LiveImpl;

// One feed: a TCP connection, the UDP socket, the SBS client, or one HTTP
// source. Decodes what it is given and ingests it durably: the batch record
// to the evidence log, then the observations and quarantine to the store,
// then the observations to the engine. Thread safety: one ingest at a time
// (mu_); any thread.
class FeedIngest : replay::DecodeSink {
 public:
  FeedIngest(LiveImpl* live, uint64_t id, std::string name,
             std::string health_name, std::string source_name,
             replay::FeedFormat format, bool persistent_decoder);
  ~FeedIngest() override;

  // Lines (AIS, SBS) without their endings, numbered on from earlier calls.
  // `raw` is the received bytes, hashed into the batch record. Past
  // saturation the lines are dropped (counted) and nothing is stored.
  // `finish`: the input ended (a closed connection).
  Result<IngestResult> IngestLines(const std::vector<std::string_view>& lines,
                                   std::string_view raw, bool drop_if_full,
                                   bool finish = false);
  // A whole body (reports CSV or JSON).
  Result<IngestResult> IngestBody(std::string_view body);

  uint64_t id() const { return id_; }
  const std::string& name() const { return name_; }

 private:
  void OnObservation(const observe::Observation& o, uint64_t line,
                     std::string_view raw) override;
  void OnReject(uint64_t line, std::string_view raw,
                std::string reason) override;
  Result<IngestResult> Commit(std::string_view raw, uint64_t records);

  LiveImpl* live_;
  const uint64_t id_;
  const std::string name_, health_name_, source_name_;
  const replay::FeedFormat format_;
  std::mutex mu_;  // one ingest at a time per feed
  std::unique_ptr<replay::Decoder> decoder_;
  replay::ReorderWindow window_;
  // Collected during one ingest:
  std::vector<store::StoredObservation> observations_;
  std::vector<store::QuarantineRow> quarantine_;
  std::vector<std::pair<uint64_t, std::string>> rejects_;
};

class LiveImpl : public Live {
 public:
  LiveImpl(const agreement::Agreement& agreement, std::string agreement_path,
           LiveOptions options);
  ~LiveImpl() override;
  Result<void> Start();

  Result<std::string> ListenAisTcp(const std::string& host, int port) override;
  Result<std::string> ListenAisUdp(const std::string& host, int port) override;
  void ConnectSbs(const std::string& host, int port) override;
  Result<IngestResult> PostReports(std::string_view source,
                                   std::string_view body) override;
  Result<IngestResult> PostControlMap(std::string_view name,
                                      std::string_view body) override;
  Result<std::string> Dispute(const std::string& incident_id,
                              const std::string& party,
                              const std::string& reason) override;
  Result<void> Finish() override;
  bool Drain(DurationNs timeout) override;
  std::vector<std::string> Incidents(const IncidentQuery& q) override;
  Result<IncidentDetail> Incident(const std::string& id) override;
  std::vector<Track> Tracks(TimeNs since, size_t limit) override;
  std::vector<FeedHealth> Feeds() override;
  std::vector<std::pair<std::string, std::filesystem::path>> ControlMaps()
      override;
  std::vector<std::string> Revisions() override;
  ledger::EvidenceLog& log() override { return *log_; }
  std::vector<std::pair<std::string, double>> Metrics() override;
  uint64_t Subscribe(uint64_t after_seq,
                     std::function<void(const LiveEvent&)> fn) override;
  void Unsubscribe(uint64_t handle) override;
  void Stop() override;

  // For FeedIngest and the socket threads.
  struct FeedInfo {
    FeedHealth health;
    std::deque<std::pair<int64_t, uint64_t>> per_second;  // wall s, messages
  };
  // A new feed; with `open` it is registered with the merge at once (see
  // OpenFeed).
  std::unique_ptr<FeedIngest> NewFeed(std::string name, std::string health_name,
                                      std::string source_name,
                                      replay::FeedFormat format,
                                      bool persistent_decoder,
                                      bool open = true);
  void AddHealth(const std::string& name, const std::string& kind,
                 const std::string& address, const std::string& state);
  // The feed has a sender (a connection, a first datagram): it holds the
  // merge until it shows data or idles.
  void OpenFeed(uint64_t id);
  // The feed is gone: it no longer holds the merge.
  void CloseFeed(uint64_t id);
  void SetFeedState(const std::string& name, const std::string& state);
  void CountFeed(const std::string& name, uint64_t messages,
                 uint64_t observations, uint64_t rejects, uint64_t dropped,
                 const std::string& last_reject);
  // Whether `n` more observations fit in the engine queue.
  bool HasRoom(size_t n) const;
  // Hands stored observations to the engine.
  void Enqueue(uint64_t feed_id, std::vector<store::StoredObservation> obs);
  store::Store& store() { return *store_; }
  const LiveOptions& options() const { return options_; }
  const observe::ReportMapping* report_mapping() const {
    return report_mapping_ ? &*report_mapping_ : nullptr;
  }
  bool stopping() const { return stopping_; }
  // The time of the latest observation the engine has judged (kNoTime
  // before any): anything older is late for the merge.
  int64_t merge_time_ns() const { return merge_time_ns_.load(); }
  void CountLate() {
    std::lock_guard lock(mu_);
    ++late_total_;
  }

 private:
  friend class FeedIngest;
  // An item for the engine thread.
  struct Item {
    enum Kind {
      kObservations,
      kFeedOpen,
      kFeedClose,
      kMap,
      kDispute,
      kFinish,
      kMarker
    };
    explicit Item(Kind k) : kind(k) {}
    Kind kind;
    uint64_t feed = 0;
    std::vector<store::StoredObservation> observations;
    std::shared_ptr<replay::ControlSnapshot> map;
    uint64_t map_seq = 0;
    std::string id, party, reason;
    std::shared_ptr<std::promise<Result<std::string>>> reply;
  };
  struct EngineFeed {
    int64_t max_time_ns = replay::ReorderWindow::kNoTime;
    int64_t last_activity_wall_ns = 0;
  };
  struct PendingMap {
    std::shared_ptr<replay::ControlSnapshot> snapshot;
    uint64_t seq = 0;
    std::optional<uint64_t> after_seq;  // resume: judged after this seq
    int64_t after_time_ns = 0;
  };
  struct HeapItem {
    store::StoredObservation s;
  };
  struct HeapLater {
    bool operator()(const HeapItem& a, const HeapItem& b) const;
  };
  // Latest state of one incident, for queries.
  struct IncidentEntry {
    std::vector<size_t> revisions;  // indexes into revisions_
    std::string rule, zone, party, confidence, status;
    int64_t first_ns = 0, last_ns = 0;
  };
  struct Emitted {
    std::string id, json;
    int revision = 0;
    std::optional<int> engine_revision;
    uint64_t log_index = 0;
  };

  void Push(Item item);
  void EngineLoop();
  Result<void> Resume();
  void Release(bool all);
  void Process(const store::StoredObservation& s);
  void ApplyMap(const PendingMap& m);
  void ApplyDueMaps(int64_t until_ns, bool all);
  void CollectRevisions();
  Result<void> FlushRevisions();
  Result<std::string> DoDispute(const std::string& id, const std::string& party,
                                const std::string& reason);
  void MaybeCheckpoint(bool force);
  void Publish(std::string type, std::string json);
  void IndexRevision(const Emitted& e);
  void TrackFix(const observe::Observation& o);
  int64_t Watermark(int64_t wall_now_ns) const;
  void ServeTcpConnection(int fd, std::string peer, std::string health);
  void AddNetThread(std::thread t);
  void AddFd(int fd);
  void RemoveFd(int fd);

  const agreement::Agreement& agreement_;
  std::string agreement_path_;
  LiveOptions options_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<ledger::EvidenceLog> log_;
  std::optional<observe::ReportMapping> report_mapping_;
  std::optional<replay::TerritoryBaseline> baseline_;
  std::optional<territory::Mapping> map_mapping_;

  // Engine thread state (touched only by the engine thread after Start).
  rules::Engine engine_;
  std::unique_ptr<replay::TerritoryWatch> watch_;
  std::vector<HeapItem> heap_;
  std::map<uint64_t, EngineFeed> engine_feeds_;
  std::vector<PendingMap> pending_maps_;  // by time
  std::optional<observe::Observation> last_released_;
  uint64_t last_seq_ = 0;
  int64_t end_ns_ = 0;
  std::vector<rules::Incident> collected_;
  // Resume: (id, engine revision) of stored revisions.
  std::set<std::pair<std::string, int>> stored_keys_;
  std::map<std::string, int> dispute_offset_;
  std::vector<store::MapJudged> judged_;
  std::vector<store::QuarantineRow> late_;
  std::vector<uint64_t> late_seqs_;
  bool finished_ = false;
  int64_t last_checkpoint_wall_ns_ = 0;
  int64_t last_retention_wall_ns_ = 0;
  std::map<uint64_t, int64_t> track_emitted_;  // subject key -> time

  // Queue to the engine.
  mutable std::mutex queue_mu_;
  std::condition_variable queue_cv_;
  std::condition_variable drained_cv_;
  std::deque<Item> queue_;
  std::atomic<size_t> pending_observations_{0};
  std::atomic<int64_t> merge_time_ns_{replay::ReorderWindow::kNoTime};
  uint64_t enqueued_items_ = 0, processed_items_ = 0;  // guarded: queue_mu_
  bool engine_done_ = false;  // guarded by queue_mu_: the engine has ended

  // Snapshots for queries (guarded by mu_).
  mutable std::mutex mu_;
  std::vector<std::string> revisions_;
  std::vector<uint64_t> revision_log_;
  std::map<std::string, IncidentEntry> incidents_;
  std::map<std::string, Track> tracks_;
  std::map<std::string, FeedInfo> feeds_;
  std::vector<std::pair<std::string, std::filesystem::path>> maps_;
  uint64_t checkpoint_size_ = 0;
  std::string checkpoint_note_;
  rules::EngineStats engine_stats_;
  uint64_t late_total_ = 0, resumed_revisions_ = 0, resume_mismatches_ = 0;
  std::atomic<uint64_t> next_feed_id_{1};

  // Events (guarded by events_mu_).
  std::recursive_mutex events_mu_;  // a subscriber may unsubscribe itself
  std::deque<LiveEvent> history_;
  uint64_t next_event_seq_ = 1;
  std::map<uint64_t, std::function<void(const LiveEvent&)>> subscribers_;
  uint64_t next_subscriber_ = 1;

  // Sockets and their threads.
  std::mutex net_mu_;
  std::vector<std::thread> net_threads_;
  std::vector<int> net_fds_;  // listening and connected sockets, to shut down
  std::map<std::string, int> connections_;  // open, per listener
  std::atomic<bool> stopping_{false};
  bool stopped_ = false;
  std::thread engine_thread_;
  std::mutex http_feeds_mu_;
  std::map<std::string, std::unique_ptr<FeedIngest>> http_feeds_;
};

}  // namespace truce::live

#endif  // TRUCE_LIVE_LIVE_IMPL_H_
