// Delivery of the outbox's messages to webhook endpoints over HTTP(S) with
// libcurl (why libcurl: docs/decisions/0006-alerts-http-client-and-outbox.md).
//
// Contract: Deliver runs one worker thread per endpoint with pending
// messages, so one slow or failing endpoint never holds another. Each worker
// POSTs its endpoint's head message (Outbox::Head), with the endpoint's
// timeout for the whole request; a 2xx answer delivers it, anything else (an
// error, a timeout, a 3xx, 4xx or 5xx) is a failed attempt, retried after
//   delay(n) = min(max_backoff_ms, backoff_ms * 2^(n-1)), n = attempts so far,
//   waited  = delay(n)/2 + uniform[0, delay(n)/2]  ("equal jitter")
// until max_attempts, when the message is dead-lettered and the next one is
// taken. Deliver returns when no endpoint it knows has a pending message.
// Pending messages for an endpoint no longer in hooks.yaml are left pending
// and counted in `orphaned`, never dropped.
//
// Thread safety: Deliver may be called from any thread; it owns its workers.
#ifndef TRUCE_ALERTS_DELIVERY_H_
#define TRUCE_ALERTS_DELIVERY_H_

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <random>
#include <string>
#include <string_view>

#include "alerts/hooks.h"
#include "alerts/outbox.h"

namespace truce::alerts {

struct DeliveryOptions {
  uint64_t seed = 0;  // of the jitter; each endpoint's stream derives from it
  // When set and it becomes true, each worker returns before its next
  // attempt (a retry wait is cut short); what is pending stays pending.
  // For a server that must stop promptly while an endpoint is failing.
  const std::atomic<bool>* stop = nullptr;
  // Called after each attempt (from the worker's thread); may be empty.
  std::function<void(const OutboxMessage&, const AttemptResult&)> on_attempt;
};

struct DeliveryReport {
  std::map<std::string, int64_t> delivered, dead, failed_attempts;
  int64_t orphaned = 0;  // pending for endpoints not in the hooks
};

Result<DeliveryReport> Deliver(Outbox& outbox, const Hooks& hooks,
                               const DeliveryOptions& options);

// The retry delay before attempt n+1 after n failures, before jitter.
int64_t BackoffMs(const Endpoint& ep, int64_t failures);

// An endpoint's jitter stream: `seed` mixed with the endpoint's name, so that
// adding an endpoint does not change another's schedule.
std::mt19937_64 JitterStream(uint64_t seed, std::string_view endpoint);

// The wait before the next attempt after `failures` failures, with equal
// jitter: BackoffMs/2 + uniform[0, BackoffMs/2], drawn from `rng`.
int64_t RetryWaitMs(const Endpoint& ep, int64_t failures, std::mt19937_64& rng);

// Wall clock, Unix milliseconds (delivery bookkeeping only; never in alerts).
int64_t NowMs();

}  // namespace truce::alerts

#endif  // TRUCE_ALERTS_DELIVERY_H_
