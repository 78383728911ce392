#include "replay/prefetch.h"

namespace truce::replay {

Prefetcher::Prefetcher(const std::vector<std::unique_ptr<Feed>>& feeds,
                       int workers)
    : feeds_(feeds), slots_(feeds.size()) {
  size_t n = std::max<size_t>(1, std::min<size_t>(workers, feeds.size()));
  for (size_t w = 0; w < n; ++w) {
    threads_.emplace_back([this, w, n] { Work(w, n); });
  }
}

Prefetcher::~Prefetcher() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  consumed_.notify_all();
  for (auto& t : threads_) t.join();
}

void Prefetcher::Work(size_t worker, size_t workers) {
  // Feeds worker, worker + workers, ...: a fixed assignment, so each feed is
  // read by one thread in its own order.
  for (;;) {
    size_t pick = feeds_.size();
    {
      std::unique_lock lock(mu_);
      consumed_.wait(lock, [&] {
        if (stop_) return true;
        bool any_open = false;
        for (size_t i = worker; i < feeds_.size(); i += workers) {
          if (slots_[i].done) continue;
          any_open = true;
          if (slots_[i].ready.size() < kChunksAhead) {
            pick = i;
            return true;
          }
        }
        return !any_open;
      });
      if (stop_ || pick == feeds_.size()) return;
    }
    // Only this worker reads feed `pick`; decode outside the lock.
    Chunk chunk;
    chunk.observations.reserve(kChunkSize);
    bool end = false;
    while (chunk.observations.size() < kChunkSize) {
      auto o = feeds_[pick]->Next();
      if (!o) {
        end = true;
        break;
      }
      chunk.observations.push_back(*o);
    }
    chunk.quarantine = feeds_[pick]->TakeQuarantine();
    {
      std::lock_guard lock(mu_);
      slots_[pick].ready.push_back(std::move(chunk));
      slots_[pick].done = end;
    }
    produced_.notify_all();
  }
}

std::optional<observe::Observation> Prefetcher::Next(size_t i) {
  Slot& s = slots_[i];
  for (;;) {
    if (s.pos < s.current.observations.size()) {
      return s.current.observations[s.pos++];
    }
    if (s.finished) return std::nullopt;
    {
      std::unique_lock lock(mu_);
      produced_.wait(lock, [&] { return !s.ready.empty(); });
      s.current = std::move(s.ready.front());
      s.ready.pop_front();
      s.finished = s.done && s.ready.empty();
    }
    consumed_.notify_all();
    s.pos = 0;
    for (auto& q : s.current.quarantine) s.quarantine.push_back(std::move(q));
    s.current.quarantine.clear();
  }
}

std::vector<QuarantineEntry> Prefetcher::TakeQuarantine(size_t i) {
  std::vector<QuarantineEntry> out;
  out.swap(slots_[i].quarantine);
  return out;
}

}  // namespace truce::replay
