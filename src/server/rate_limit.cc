#include "server/rate_limit.h"

#include <algorithm>
#include <cmath>

namespace truce::server {

std::optional<int64_t> RateLimiter::Take(const std::string& key,
                                         int64_t now_ns) {
  std::lock_guard lock(mu_);
  // Full buckets carry no state: drop them now and then (every ~10 s).
  const double refill_s = limit_.burst / std::max(limit_.per_second, 1e-9);
  if (now_ns - last_sweep_ns_ > 10'000'000'000) {
    last_sweep_ns_ = now_ns;
    std::erase_if(buckets_, [&](const auto& kv) {
      return (now_ns - kv.second.updated_ns) / 1e9 >= refill_s;
    });
  }
  auto [it, inserted] = buckets_.try_emplace(key, Bucket{limit_.burst, now_ns});
  Bucket& b = it->second;
  if (!inserted) {
    double elapsed_s = std::max<int64_t>(now_ns - b.updated_ns, 0) / 1e9;
    b.tokens = std::min(limit_.burst, b.tokens + elapsed_s * limit_.per_second);
    b.updated_ns = now_ns;
  }
  if (b.tokens >= 1) {
    b.tokens -= 1;
    return std::nullopt;
  }
  double wait_s = (1 - b.tokens) / std::max(limit_.per_second, 1e-9);
  return std::max<int64_t>(1, static_cast<int64_t>(std::ceil(wait_s)));
}

size_t RateLimiter::buckets() const {
  std::lock_guard lock(mu_);
  return buckets_.size();
}

}  // namespace truce::server
