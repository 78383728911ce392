// HttpMetrics: the server's own counters and latency histograms, and the
// Prometheus text exposition (format 0.0.4) of them with the live pipeline's
// counters (Live::Metrics).
//
//   truce_http_requests_total{route,method,status}        counter
//   truce_http_request_duration_seconds{route}            histogram
//   truce_http_rate_limited_total                         counter
//   truce_stream_clients                                  gauge
//   truce_stream_events_total / truce_stream_cut_off_total counters
//
// Thread safety: every method may be called from any thread.
#ifndef TRUCE_SERVER_METRICS_H_
#define TRUCE_SERVER_METRICS_H_

#include <array>
#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

namespace truce::server {

class HttpMetrics {
 public:
  // Upper bounds of the latency buckets, seconds.
  static constexpr std::array<double, 12> kBuckets = {
      0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
      0.05,   0.1,   0.25,   0.5,   1.0,  2.5};

  void Record(const std::string& route, const std::string& method, int status,
              double seconds);
  std::atomic<uint64_t> rate_limited{0};
  std::atomic<int64_t> stream_clients{0};
  std::atomic<uint64_t> stream_events{0};
  std::atomic<uint64_t> stream_cut_off{0};

  // The whole exposition: these metrics, then `live` (names as given;
  // "_total" names typed counter, others gauge).
  std::string Format(
      const std::vector<std::pair<std::string, double>>& live) const;

 private:
  struct Histogram {
    std::array<uint64_t, kBuckets.size()> counts{};
    uint64_t count = 0;
    double sum = 0;
  };
  mutable std::mutex mu_;
  std::map<std::tuple<std::string, std::string, int>, uint64_t> requests_;
  std::map<std::string, Histogram> latency_;
};

}  // namespace truce::server

#endif  // TRUCE_SERVER_METRICS_H_
