// Prefetcher: reads a replay's feeds ahead on worker threads, so decoding
// (NMEA armour, JSON, CSV) runs beside the rule engine.
//
// Each feed is read by exactly one worker, in its own order, in chunks; the
// consumer takes observations and quarantine entries per feed in exactly the
// order Feed::Next would have given them. So the replay's merge sees the
// same sequences whatever the number of workers, and its output cannot
// depend on it (tests/replay/check.sh runs 1 and 3 threads).
//
// Memory: at most kChunksAhead chunks of kChunkSize observations per feed.
//
// Thread safety: Next and TakeQuarantine are for one consumer thread. The
// feeds must not be touched by anyone else until every feed has returned
// nullopt from Next (or the Prefetcher is destroyed, which stops and joins
// the workers).
#ifndef TRUCE_REPLAY_PREFETCH_H_
#define TRUCE_REPLAY_PREFETCH_H_

#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "replay/feed.h"

namespace truce::replay {

class Prefetcher {
 public:
  static constexpr size_t kChunkSize = 2048;
  static constexpr size_t kChunksAhead = 4;

  // `feeds` must outlive the Prefetcher; `workers` >= 1.
  Prefetcher(const std::vector<std::unique_ptr<Feed>>& feeds, int workers);
  ~Prefetcher();
  Prefetcher(const Prefetcher&) = delete;
  Prefetcher& operator=(const Prefetcher&) = delete;

  // The next observation of feed `i`, or nullopt at its end. Blocks until
  // the worker has read it.
  std::optional<observe::Observation> Next(size_t i);
  // Quarantine entries of feed `i` that came before what Next returned.
  std::vector<QuarantineEntry> TakeQuarantine(size_t i);

 private:
  struct Chunk {
    std::vector<observe::Observation> observations;
    std::vector<QuarantineEntry> quarantine;
  };
  struct Slot {
    std::deque<Chunk> ready;  // guarded by mu_
    bool done = false;        // guarded by mu_: the last chunk is in `ready`
    // Consumer side only.
    Chunk current;
    size_t pos = 0;
    bool finished = false;
    std::vector<QuarantineEntry> quarantine;
  };

  void Work(size_t worker, size_t workers);

  const std::vector<std::unique_ptr<Feed>>& feeds_;
  std::vector<Slot> slots_;
  std::mutex mu_;
  std::condition_variable produced_;  // a chunk is ready
  std::condition_variable consumed_;  // a slot has room again
  bool stop_ = false;                 // guarded by mu_
  std::vector<std::thread> threads_;
};

}  // namespace truce::replay

#endif  // TRUCE_REPLAY_PREFETCH_H_
