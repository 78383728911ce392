// The webhook outbox: a durable SQLite queue of (endpoint, CAP message)
// deliveries with their state and every attempt (docs/formats/webhooks.md
// has the schema; docs/decisions/ on why SQLite and how durable).
//
// Contract: Enqueue is idempotent on (endpoint, CAP identifier), so running
// `truce alerts send` again on the same incidents enqueues nothing twice. A
// message is `pending` until a 2xx answer makes it `delivered` or its
// endpoint's max_attempts failures make it `dead` (dead-lettered: kept, with
// its last error, never dropped). Per endpoint, messages are delivered in
// enqueue order (the `id` column): Head returns the oldest pending one, and
// the next is not offered before it is delivered or dead. WAL mode with
// synchronous=FULL: a state change that returned has survived a crash or
// power loss.
//
// Thread safety: one Outbox may be used from many threads (one connection,
// serialized by a mutex; statements are short, HTTP happens outside). Several
// processes may open the same file (SQLite locking; busy timeout 10 s), but
// two `send` processes on one outbox would deliver the same heads twice
// (at-least-once allows it; don't).
#ifndef TRUCE_ALERTS_OUTBOX_H_
#define TRUCE_ALERTS_OUTBOX_H_

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "alerts/cap.h"
#include "base/error.h"

struct sqlite3;

namespace truce::alerts {

struct OutboxMessage {
  int64_t id = 0;
  std::string endpoint, identifier, incident_id, msg_type, content_type, body;
  int revision = 0;
  int64_t attempts = 0;         // made so far, over all runs
  int64_t next_attempt_ms = 0;  // Unix ms; not before this
};

// One attempt's outcome. http_status 0: no HTTP answer (error says why).
struct AttemptResult {
  int64_t started_ms = 0, duration_ms = 0;
  int http_status = 0;
  std::string error;  // empty on success
};

struct EndpointStatus {
  int64_t pending = 0, delivered = 0, dead = 0;
  int64_t attempts = 0, failed_attempts = 0;
  int64_t max_attempts_on_one = 0;         // most attempts any message took
  int64_t request_ms_max = 0;              // slowest attempt
  double request_ms_mean = 0;              // mean over attempts
  int64_t oldest_pending_enqueued_ms = 0;  // 0 if none pending
  std::string last_error;                  // of the latest failed attempt
};

struct DeadMessage {
  std::string endpoint, identifier, last_error;
  int64_t attempts = 0;
};

struct OutboxStatus {
  std::map<std::string, EndpointStatus> endpoints;  // by name
  std::vector<DeadMessage> dead;                    // in enqueue order
};

class Outbox {
 public:
  // Opens or creates the outbox at `path` (kIo if it cannot; kCorrupt if the
  // file is not an outbox).
  static Result<std::unique_ptr<Outbox>> Open(const std::string& path);
  ~Outbox();
  Outbox(const Outbox&) = delete;
  Outbox& operator=(const Outbox&) = delete;

  // Enqueues every message for every endpoint name, in one transaction, in
  // message order; returns how many were new.
  Result<int64_t> Enqueue(std::span<const std::string> endpoints,
                          std::span<const CapMessage> messages, int64_t now_ms);

  // The endpoint's oldest pending message, if any.
  Result<std::optional<OutboxMessage>> Head(const std::string& endpoint);

  // Records one attempt on message `id`, and its new state: delivered (on
  // success), dead (if `dead`), else pending until `next_attempt_ms`.
  Result<void> Record(int64_t id, const AttemptResult& attempt, bool dead,
                      int64_t next_attempt_ms);

  // Endpoint names that have pending messages.
  Result<std::vector<std::string>> PendingEndpoints();

  Result<OutboxStatus> Status();

 private:
  explicit Outbox(sqlite3* db) : db_(db) {}
  Result<void> Exec(const char* sql);
  sqlite3* db_;
  std::mutex mu_;
};

}  // namespace truce::alerts

#endif  // TRUCE_ALERTS_OUTBOX_H_
