#include "server/metrics.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <set>

namespace truce::server {
namespace {

// Prometheus label values escape backslash, quote and newline.
std::string Escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '\\' || c == '"') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

std::string Number(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  if (v == std::floor(v) && std::fabs(v) < 1e15) {
    return fmt::format("{}", static_cast<int64_t>(v));
  }
  return fmt::format("{}", v);
}

bool ValidName(const std::string& n) {
  if (n.empty()) return false;
  for (size_t i = 0; i < n.size(); ++i) {
    char c = n[i];
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
              c == ':' || (i > 0 && c >= '0' && c <= '9');
    if (!ok) return false;
  }
  return true;
}

}  // namespace

void HttpMetrics::Record(const std::string& route, const std::string& method,
                         int status, double seconds) {
  std::lock_guard lock(mu_);
  ++requests_[{route, method, status}];
  Histogram& h = latency_[route];
  for (size_t i = 0; i < kBuckets.size(); ++i) {
    if (seconds <= kBuckets[i]) ++h.counts[i];
  }
  ++h.count;
  h.sum += seconds;
}

std::string HttpMetrics::Format(
    const std::vector<std::pair<std::string, double>>& live) const {
  std::string out;
  {
    std::lock_guard lock(mu_);
    out +=
        "# HELP truce_http_requests_total HTTP requests by route, method and "
        "status.\n# TYPE truce_http_requests_total counter\n";
    for (const auto& [key, n] : requests_) {
      const auto& [route, method, status] = key;
      out += fmt::format(
          "truce_http_requests_total{{route=\"{}\",method=\"{}\",status=\"{}"
          "\"}} {}\n",
          Escape(route), Escape(method), status, n);
    }
    out +=
        "# HELP truce_http_request_duration_seconds Time to answer, by "
        "route.\n# TYPE truce_http_request_duration_seconds histogram\n";
    for (const auto& [route, h] : latency_) {
      for (size_t i = 0; i < kBuckets.size(); ++i) {
        out += fmt::format(
            "truce_http_request_duration_seconds_bucket{{route=\"{}\",le=\"{}"
            "\"}} {}\n",
            Escape(route), Number(kBuckets[i]), h.counts[i]);
      }
      out += fmt::format(
          "truce_http_request_duration_seconds_bucket{{route=\"{}\",le=\"+Inf"
          "\"}} {}\n",
          Escape(route), h.count);
      out += fmt::format(
          "truce_http_request_duration_seconds_sum{{route=\"{}\"}} {}\n",
          Escape(route), Number(h.sum));
      out += fmt::format(
          "truce_http_request_duration_seconds_count{{route=\"{}\"}} {}\n",
          Escape(route), h.count);
    }
  }
  auto scalar = [&](const char* name, const char* type, const char* help,
                    double v) {
    out += fmt::format("# HELP {} {}\n# TYPE {} {}\n{} {}\n", name, help, name,
                       type, name, Number(v));
  };
  scalar("truce_http_rate_limited_total", "counter",
         "Requests refused with 429.", static_cast<double>(rate_limited));
  scalar("truce_stream_clients", "gauge", "Live stream clients connected.",
         static_cast<double>(stream_clients));
  scalar("truce_stream_events_total", "counter",
         "Events written to live stream clients.",
         static_cast<double>(stream_events));
  scalar("truce_stream_cut_off_total", "counter",
         "Live stream clients cut off because they read too slowly.",
         static_cast<double>(stream_cut_off));
  // A family's samples must be contiguous, after its one TYPE line.
  auto sorted = live;
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const auto& a, const auto& b) {
                     return a.first.substr(0, a.first.find('{')) <
                            b.first.substr(0, b.first.find('{'));
                   });
  std::set<std::string> typed;
  for (const auto& [full, v] : sorted) {
    std::string base = full.substr(0, full.find('{'));
    if (!ValidName(base)) continue;
    if (typed.insert(base).second) {
      bool counter =
          base.size() > 6 && base.compare(base.size() - 6, 6, "_total") == 0;
      out += fmt::format("# TYPE {} {}\n", base, counter ? "counter" : "gauge");
    }
    out += fmt::format("{} {}\n", full, Number(v));
  }
  return out;
}

}  // namespace truce::server
