// Live: the agreement's rules over feeds that arrive while truce runs. What
// `truce serve` runs behind its HTTP API (server/).
//
// The same engine as `truce replay` (rules/engine.h), fed through the same
// decoders and the same total order of observations (replay/feed.h), so a
// scenario streamed over the sockets gives the incidents a replay of the same
// files gives (tests/live/). Each connection or listener is one feed with
// its own reorder window; the feeds are merged under a watermark: an
// observation reaches the engine once every active feed has shown one at
// least `reorder_window` later, or the feed has been idle (wall clock) for
// `idle_release`.
//
// Store (`data_dir`, docs/formats/store.md):
//   store.db   SQLite (WAL): observations with their raw bytes (kept for
//              `retention`), incident revisions, ingested batches, control
//              maps, quarantine.
//   log/       the evidence log (ledger/evidence_log.h); a signer key is
//              created in data_dir/keys on the first start unless given.
// Acknowledged means durable: a POST returns, and a TCP line is counted as
// accepted, only after its record is committed. Restart resumes: the engine
// is rebuilt from the stored observations in their stored order and the
// revisions it re-emits are checked against the stored ones, not repeated.
// Past saturation (the engine queue is full) new lines are dropped and
// counted per feed, never silently; what was acknowledged is never dropped.
//
// Thread safety: every public method may be called from any thread.
// Subscribers are called on truce's engine thread: they must not block
// (copy the event and return).
#ifndef TRUCE_LIVE_LIVE_H_
#define TRUCE_LIVE_LIVE_H_

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "agreement/agreement.h"
#include "base/error.h"
#include "base/time.h"

namespace truce::ledger {
class EvidenceLog;
}

namespace truce::live {

struct LiveOptions {
  std::filesystem::path data_dir;  // created if missing
  DurationNs reorder_window = DurationNs::Minutes(5);
  // Wall-clock time after which a silent feed no longer holds back the merge.
  DurationNs idle_release = DurationNs::Seconds(2);
  // Observations older than this (event time, behind the newest) are deleted
  // from the store; incidents, revisions and the log are kept forever.
  DurationNs retention = DurationNs::Hours(24 * 7);
  std::string log_key;          // signer key file; empty: data_dir/keys
  std::string control_mapping;  // as replay::ReplayOptions
  std::string report_mapping;
  // Bounded queue between the feeds and the engine (observations).
  size_t queue_capacity = 1 << 20;
  // A checkpoint is signed this often (wall clock) when the log has grown.
  DurationNs checkpoint_every = DurationNs::Seconds(5);
};

// What one ingest (a POST body, or a batch of socket lines) did.
struct IngestResult {
  uint64_t records = 0;      // lines or features read
  uint64_t accepted = 0;     // became observations (or a control map)
  uint64_t quarantined = 0;  // kept in quarantine with their reason
  // The first 100 quarantined: 1-based line (0: not line-based) and reason.
  std::vector<std::pair<uint64_t, std::string>> rejects;
  uint64_t log_index = 0;  // of the batch record in the evidence log
};

// One feed's health, as /api/feeds shows it.
struct FeedHealth {
  std::string name;     // "ais-tcp", "ais-udp", "sbs", "reports", ...
  std::string kind;     // "ais-tcp-listen" | "ais-udp" | "sbs-client" |
                        // "reports-http" | "control-map-http"
  std::string address;  // "127.0.0.1:10110"; empty for HTTP feeds
  std::string state;    // "listening" | "connected" | "connecting" |
                        // "reconnecting" | "idle" | "stopped"
  uint64_t messages = 0, observations = 0, rejects = 0, dropped = 0;
  double rate_per_s = 0;               // messages per second, last minute
  std::optional<TimeNs> last_message;  // wall clock
  std::string last_reject;             // reason of the latest reject
};

// One event on the live stream: `json` is one JSON object, already
// serialised, with a "type" field ("incident": an incident revision;
// "track": {"subject","kind","time","lat","lng","party"?}; "feed":
// FeedHealth; "checkpoint": {"size","root","note"}). `seq` increases by one
// per event, so a client can say where it stopped (SSE Last-Event-ID).
// How many of the latest events Subscribe can replay (for Last-Event-ID).
inline constexpr size_t kStreamHistoryEvents = 10'000;

struct LiveEvent {
  uint64_t seq = 0;
  std::string type;
  std::string json;
};

struct IncidentQuery {
  std::optional<TimeNs> since, until;  // overlap with [first, last]
  std::string zone, party, rule, confidence, status;  // empty: any
  bool published_only = false;  // only revisions covered by a checkpoint
  size_t limit = 500;
  std::string after;  // id to continue after (ids in ascending order)
};

struct IncidentDetail {
  std::vector<std::string> revisions;  // canonical JSON, oldest first
  std::vector<uint64_t> log_indexes;   // of each revision's leaf
  // A proof bundle (ledger/proof_bundle.h, docs/formats/evidence-log.md)
  // proving the latest revision against the latest checkpoint; empty if the
  // revision is not yet covered by one.
  std::string proof_bundle;
};

struct Track {
  std::string subject, kind, party, name;
  std::vector<std::pair<TimeNs, std::pair<double, double>>> fixes;  // lat,lng
};

class Live {
 public:
  static Result<std::unique_ptr<Live>> Open(
      const agreement::Agreement& agreement, const std::string& agreement_path,
      LiveOptions options);
  virtual ~Live() = default;

  // Feeds. Each returns the bound address ("127.0.0.1:10110"; port 0 picks
  // one). ConnectSbs returns at once and keeps reconnecting with backoff.
  virtual Result<std::string> ListenAisTcp(const std::string& host,
                                           int port) = 0;
  virtual Result<std::string> ListenAisUdp(const std::string& host,
                                           int port) = 0;
  virtual void ConnectSbs(const std::string& host, int port) = 0;

  // HTTP inputs: durable when they return. `source` names the feed (the
  // token's name); the body is the format `truce decode reports` reads, or a
  // control-map GeoJSON. kInvalidInput names what is wrong and where.
  virtual Result<IngestResult> PostReports(std::string_view source,
                                           std::string_view body) = 0;
  virtual Result<IngestResult> PostControlMap(std::string_view name,
                                              std::string_view body) = 0;
  // A party disputes an incident: appended as a new revision with status
  // "disputed" (never an edit), logged, streamed. Returns its JSON.
  virtual Result<std::string> Dispute(const std::string& incident_id,
                                      const std::string& party,
                                      const std::string& reason) = 0;
  // Ends the monitoring period: releases every held observation and judges
  // open gaps as of the last observation (rules::Engine::Finish).
  virtual Result<void> Finish() = 0;
  // Waits until everything received so far has been processed by the engine
  // (tests, the demo). Returns false on timeout.
  virtual bool Drain(DurationNs timeout) = 0;

  // Queries: consistent snapshots, safe from any thread.
  virtual std::vector<std::string> Incidents(const IncidentQuery& q) = 0;
  virtual Result<IncidentDetail> Incident(const std::string& id) = 0;
  virtual std::vector<Track> Tracks(TimeNs since, size_t limit) = 0;
  virtual std::vector<FeedHealth> Feeds() = 0;
  // Control maps received, oldest date first: (date, path in data_dir).
  virtual std::vector<std::pair<std::string, std::filesystem::path>>
  ControlMaps() = 0;
  // All incident revisions so far in emission order (canonical JSON), as
  // incidents.ndjson would hold them.
  virtual std::vector<std::string> Revisions() = 0;
  virtual ledger::EvidenceLog& log() = 0;
  // Counters for /metrics: name -> value ("truce_observations_total", ...).
  virtual std::vector<std::pair<std::string, double>> Metrics() = 0;

  // Live stream. Events after `after_seq` already kept (a bounded history of
  // the latest events) are delivered first. Returns a handle for
  // Unsubscribe.
  virtual uint64_t Subscribe(uint64_t after_seq,
                             std::function<void(const LiveEvent&)> fn) = 0;
  virtual void Unsubscribe(uint64_t handle) = 0;

  // Stops the feeds, processes what was received, flushes the store and
  // signs a last checkpoint. Called by the destructor if not before.
  virtual void Stop() = 0;
};

}  // namespace truce::live

#endif  // TRUCE_LIVE_LIVE_H_
