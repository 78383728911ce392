// RateLimiter: a token bucket per caller (the token's id, or the client IP
// for the public role).
//
// Each bucket holds up to `burst` requests and refills at `per_second`; a
// request takes one. When the bucket is empty the request is refused with
// the whole seconds until one is available (HTTP 429 Retry-After). Buckets
// idle long enough to be full again are forgotten, so memory is bounded by
// the callers of the last few seconds. Time is passed in (steady clock
// nanoseconds), so tests need no sleeping.
//
// Thread safety: every method may be called from any thread (one mutex).
#ifndef TRUCE_SERVER_RATE_LIMIT_H_
#define TRUCE_SERVER_RATE_LIMIT_H_

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace truce::server {

struct RateLimit {
  double per_second = 50;
  double burst = 100;
};

class RateLimiter {
 public:
  explicit RateLimiter(RateLimit limit) : limit_(limit) {}

  // Empty: allowed (one taken). Else: seconds to wait (>= 1).
  std::optional<int64_t> Take(const std::string& key, int64_t now_ns);
  size_t buckets() const;

 private:
  struct Bucket {
    double tokens;
    int64_t updated_ns;
  };
  RateLimit limit_;
  mutable std::mutex mu_;
  std::unordered_map<std::string, Bucket> buckets_;
  int64_t last_sweep_ns_ = 0;
};

}  // namespace truce::server

#endif  // TRUCE_SERVER_RATE_LIMIT_H_
