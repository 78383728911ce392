// The /metrics text against the Prometheus text format 0.0.4 grammar: every
// line a comment (HELP/TYPE) or a sample of a family typed before it, label
// values quoted and escaped, histogram buckets cumulative up to +Inf = count.
#include "server/metrics.h"

#include <gtest/gtest.h>

#include <map>
#include <sstream>

#include "server/testing/prometheus_text.h"

namespace truce::server {
namespace {

TEST(MetricsTest, FormatIsValidPrometheusText) {
  HttpMetrics m;
  m.Record("/api/incidents", "GET", 200, 0.0007);
  m.Record("/api/incidents", "GET", 200, 0.03);
  m.Record("/api/incidents", "GET", 400, 3.0);
  m.Record("/api/reports", "POST", 413, 0);
  m.Record("we\"ird\\route\n", "GET", 404, 0.001);
  ++m.rate_limited;
  std::string text =
      m.Format({{"truce_observations_total", 12},
                {"truce_queue_depth", 3.5},
                {"truce_feed_messages_total{feed=\"ais-tcp\"}", 7},
                {"truce_other", 1},
                {"truce_feed_messages_total{feed=\"sbs\"}", 2},
                {"bad name", 1}});
  auto problems = testing::PrometheusTextProblems(text);
  EXPECT_TRUE(problems.empty()) << problems << "\n" << text;
  EXPECT_NE(text.find("truce_http_requests_total{route=\"/api/incidents\","
                      "method=\"GET\",status=\"200\"} 2\n"),
            std::string::npos);
  EXPECT_NE(text.find("truce_http_request_duration_seconds_bucket{route=\"/api/"
                      "incidents\",le=\"+Inf\"} 3\n"),
            std::string::npos);
  EXPECT_NE(text.find("truce_http_request_duration_seconds_bucket{route=\"/api/"
                      "incidents\",le=\"0.001\"} 1\n"),
            std::string::npos);
  EXPECT_NE(text.find("truce_http_rate_limited_total 1\n"), std::string::npos);
  EXPECT_NE(text.find("truce_queue_depth 3.5\n"), std::string::npos);
  EXPECT_EQ(text.find("bad name"), std::string::npos);
}

TEST(MetricsTest, CheckerRejectsBrokenText) {
  EXPECT_FALSE(testing::PrometheusTextProblems("x 1\n").empty());  // untyped
  EXPECT_FALSE(
      testing::PrometheusTextProblems("# TYPE x counter\nx{a=b} 1\n").empty());
  EXPECT_FALSE(
      testing::PrometheusTextProblems("# TYPE x counter\nx one\n").empty());
  EXPECT_FALSE(testing::PrometheusTextProblems(
                   "# TYPE h histogram\nh_bucket{le=\"1\"} 2\n"
                   "h_bucket{le=\"+Inf\"} 1\nh_count 1\nh_sum 0\n")
                   .empty());
  EXPECT_TRUE(
      testing::PrometheusTextProblems("# TYPE x gauge\nx -1.5e3\n").empty());
}

}  // namespace
}  // namespace truce::server
