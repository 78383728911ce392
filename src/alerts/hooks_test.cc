// hooks.yaml: a full file, and each mistake reported at its line and column
// (counted by hand in the texts below).
#include "alerts/hooks.h"

#include <gtest/gtest.h>

#include "alerts/delivery.h"

namespace truce::alerts {
namespace {

TEST(Hooks, ParsesEveryField) {
  auto r = ParseHooks(R"(endpoints:
  - name: guarantor-a
    url: https://alerts.example.org/cap
    timeout_ms: 5000
    max_attempts: 3
    backoff_ms: 200
    max_backoff_ms: 1000
    headers:
      X-Token: abc
      Authorization: Bearer t
  - name: b
    url: http://127.0.0.1:8080/
)",
                      "hooks.yaml");
  ASSERT_TRUE(r.has_value()) << r.error().front().ToString();
  ASSERT_EQ(r->endpoints.size(), 2u);
  const Endpoint& a = r->endpoints[0];
  EXPECT_EQ(a.name, "guarantor-a");
  EXPECT_EQ(a.url, "https://alerts.example.org/cap");
  EXPECT_EQ(a.timeout_ms, 5000);
  EXPECT_EQ(a.max_attempts, 3);
  EXPECT_EQ(a.backoff_ms, 200);
  EXPECT_EQ(a.max_backoff_ms, 1000);
  // Sorted by name.
  ASSERT_EQ(a.headers.size(), 2u);
  EXPECT_EQ(a.headers[0].first, "Authorization");
  EXPECT_EQ(a.headers[1].second, "abc");
  const Endpoint& b = r->endpoints[1];
  EXPECT_EQ(b.timeout_ms, 10'000);  // defaults
  EXPECT_EQ(b.max_attempts, 8);
  // Backoff doubles from backoff_ms up to max_backoff_ms: 200, 400, 800,
  // then 1000 for good.
  EXPECT_EQ(BackoffMs(a, 1), 200);
  EXPECT_EQ(BackoffMs(a, 2), 400);
  EXPECT_EQ(BackoffMs(a, 3), 800);
  EXPECT_EQ(BackoffMs(a, 4), 1000);
  EXPECT_EQ(BackoffMs(a, 60), 1000);
}

TEST(Retry, EqualJitterWithinBoundsAndReproducible) {
  Endpoint ep;
  ep.backoff_ms = 1000;
  ep.max_backoff_ms = 8000;
  auto a = JitterStream(7, "guarantor-a");
  auto b = JitterStream(7, "guarantor-a");
  auto other = JitterStream(7, "guarantor-b");
  bool differs = false;
  for (int64_t n = 1; n <= 12; ++n) {
    // delay(n) = min(8000, 1000 * 2^(n-1)): 1000, 2000, 4000, then 8000.
    int64_t d = n >= 4 ? 8000 : 1000 << (n - 1);
    int64_t wa = RetryWaitMs(ep, n, a);
    EXPECT_GE(wa, d / 2) << n;
    EXPECT_LE(wa, d) << n;
    EXPECT_EQ(RetryWaitMs(ep, n, b), wa) << n;  // same seed, same schedule
    differs = differs || RetryWaitMs(ep, n, other) != wa;
  }
  EXPECT_TRUE(differs);  // another endpoint has its own stream
}

struct Expected {
  int line, column;
  std::string field, message_part;
};

void ExpectErrors(const std::string& text, const std::vector<Expected>& want) {
  auto r = ParseHooks(text, "hooks.yaml");
  ASSERT_FALSE(r.has_value());
  ASSERT_EQ(r.error().size(), want.size());
  for (size_t i = 0; i < want.size(); ++i) {
    const Error& e = r.error()[i];
    EXPECT_EQ(e.where.file, "hooks.yaml");
    EXPECT_EQ(e.where.line, want[i].line) << e.ToString();
    EXPECT_EQ(e.where.column, want[i].column) << e.ToString();
    EXPECT_EQ(e.where.field, want[i].field) << e.ToString();
    EXPECT_NE(e.message.find(want[i].message_part), std::string::npos)
        << e.ToString();
    EXPECT_FALSE(e.hint.empty()) << e.ToString();
  }
}

TEST(Hooks, EveryErrorLocated) {
  ExpectErrors(
      R"(endpoints:
  - name: a
    url: ftp://x/
    tmeout_ms: 5
  - name: a
    url: http://ok/
    max_attempts: 0
    headers:
      Content-Type: text/plain
      Bad Name: x
)",
      {
          {4, 5, "endpoints[0].tmeout_ms", "unknown key 'tmeout_ms'"},
          {3, 10, "endpoints[0].url", "not an http:// or https://"},
          {5, 11, "endpoints[1].name", "duplicate endpoint name 'a'"},
          {7, 19, "endpoints[1].max_attempts", "max_attempts"},
          {9, 7, "endpoints[1].headers.Content-Type", "set by truce"},
          {10, 7, "endpoints[1].headers", "header name must be an HTTP token"},
      });
}

TEST(Hooks, StructureErrors) {
  ExpectErrors("endpoints: []\n", {{1, 12, "endpoints", "non-empty list"}});
  ExpectErrors("hooks:\n  - name: a\n",
               {{1, 1, "hooks", "unknown key 'hooks'"},
                {1, 1, "endpoints", "missing key 'endpoints'"}});
  // An unclosed flow list is found where the input ends: line 4, column 1.
  ExpectErrors("endpoints:\n  - name: a\n    url: [x\n",
               {{4, 1, "", "YAML syntax error"}});
  ExpectErrors("endpoints:\n  - name: a b\n    url: http://h/\n",
               {{2, 11, "endpoints[0].name", "characters other than"}});
}

}  // namespace
}  // namespace truce::alerts
