#include "server/rate_limit.h"

#include <gtest/gtest.h>

namespace truce::server {
namespace {

constexpr int64_t kSecond = 1'000'000'000;

TEST(RateLimitTest, BurstThenRefill) {
  RateLimiter limiter({/*per_second=*/2, /*burst=*/4});
  int64_t t = 100 * kSecond;
  for (int i = 0; i < 4; ++i) EXPECT_FALSE(limiter.Take("a", t)) << i;
  auto wait = limiter.Take("a", t);
  ASSERT_TRUE(wait);
  EXPECT_EQ(*wait, 1);
  // Another caller has its own bucket.
  EXPECT_FALSE(limiter.Take("b", t));
  // Half a second later one request is available again (2 per second).
  EXPECT_FALSE(limiter.Take("a", t + kSecond / 2));
  EXPECT_TRUE(limiter.Take("a", t + kSecond / 2));
}

TEST(RateLimitTest, RetryAfterRoundsUp) {
  RateLimiter limiter({/*per_second=*/0.25, /*burst=*/1});
  EXPECT_FALSE(limiter.Take("a", 0));
  auto wait = limiter.Take("a", 0);
  ASSERT_TRUE(wait);
  EXPECT_EQ(*wait, 4);
}

TEST(RateLimitTest, FullBucketsAreForgotten) {
  RateLimiter limiter({/*per_second=*/10, /*burst=*/10});
  for (int i = 0; i < 100; ++i) limiter.Take("k" + std::to_string(i), 0);
  EXPECT_EQ(limiter.buckets(), 100u);
  limiter.Take("late", 20 * kSecond);
  EXPECT_EQ(limiter.buckets(), 1u);
}

}  // namespace
}  // namespace truce::server
