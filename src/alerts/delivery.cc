#include "alerts/delivery.h"

#include <curl/curl.h>
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <mutex>
#include <random>
#include <thread>

namespace truce::alerts {
namespace {

void GlobalInit() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

size_t KeepSome(char* data, size_t size, size_t n, void* user) {
  auto* out = static_cast<std::string*>(user);
  size_t len = size * n;
  if (out->size() < 200) out->append(data, std::min(len, 200 - out->size()));
  return len;
}

// One POST; the handle is reused by the worker so connections are kept alive.
AttemptResult Post(CURL* curl, const Endpoint& ep, const OutboxMessage& m) {
  AttemptResult r;
  r.started_ms = NowMs();
  auto t0 = std::chrono::steady_clock::now();
  curl_easy_reset(curl);
  struct curl_slist* headers = nullptr;
  std::vector<std::string> lines = {
      "Content-Type: " + m.content_type,
      "Idempotency-Key: " + m.identifier,
      "X-Truce-Identifier: " + m.identifier,
      fmt::format("X-Truce-Attempt: {}", m.attempts + 1),
      "X-Truce-Endpoint: " + ep.name,
      "Expect:",  // no 100-continue round trip
  };
  for (const auto& [k, v] : ep.headers) lines.push_back(k + ": " + v);
  for (const auto& l : lines) headers = curl_slist_append(headers, l.c_str());
  std::string answer;
  char errbuf[CURL_ERROR_SIZE] = {0};
  curl_easy_setopt(curl, CURLOPT_URL, ep.url.c_str());
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);  // threads: no SIGALRM
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(ep.timeout_ms));
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS,
                   static_cast<long>(ep.timeout_ms));
  curl_easy_setopt(curl, CURLOPT_POST, 1L);
  curl_easy_setopt(curl, CURLOPT_POSTFIELDS, m.body.data());
  curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE,
                   static_cast<curl_off_t>(m.body.size()));
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(curl, CURLOPT_USERAGENT, "truce/0.1.0");
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, KeepSome);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &answer);
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, errbuf);
  CURLcode rc = curl_easy_perform(curl);
  long status = 0;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
  curl_slist_free_all(headers);
  r.duration_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                      std::chrono::steady_clock::now() - t0)
                      .count();
  r.http_status = static_cast<int>(status);
  if (rc != CURLE_OK) {
    r.error = fmt::format("{}: {}", curl_easy_strerror(rc),
                          errbuf[0] ? errbuf : "no detail");
  } else if (status < 200 || status > 299) {
    for (auto& c : answer) {
      if (c == '\n' || c == '\r') c = ' ';
    }
    r.error =
        fmt::format("HTTP {}{}{}", status, answer.empty() ? "" : ": ", answer);
  }
  return r;
}

struct Worker {
  const Endpoint* ep = nullptr;
  Outbox* outbox = nullptr;
  const DeliveryOptions* options = nullptr;
  std::mt19937_64 rng;
  int64_t delivered = 0, dead = 0, failed = 0;
  std::optional<Error> error;

  void Run() {
    CURL* curl = curl_easy_init();
    if (!curl) {
      error = Error{ErrorCode::kInternal, "curl_easy_init failed", "", {}};
      return;
    }
    auto stopped = [this] { return options->stop && options->stop->load(); };
    while (!stopped()) {
      auto head = outbox->Head(ep->name);
      if (!head) {
        error = head.error();
        break;
      }
      if (!*head) break;
      const OutboxMessage& m = **head;
      // Waits in short steps so that a stop is seen within 50 ms.
      int64_t wait;
      while ((wait = m.next_attempt_ms - NowMs()) > 0 && !stopped()) {
        std::this_thread::sleep_for(
            std::chrono::milliseconds(std::min<int64_t>(wait, 50)));
      }
      if (stopped()) break;
      AttemptResult a = Post(curl, *ep, m);
      bool ok = a.error.empty();
      int64_t failures = m.attempts + 1;
      bool is_dead = !ok && failures >= ep->max_attempts;
      int64_t next = 0;
      if (!ok && !is_dead) {
        next = NowMs() + RetryWaitMs(*ep, failures, rng);
      }
      if (auto r = outbox->Record(m.id, a, is_dead, next); !r) {
        error = r.error();
        break;
      }
      if (ok) ++delivered;
      if (is_dead) ++dead;
      if (!ok) ++failed;
      if (options->on_attempt) options->on_attempt(m, a);
    }
    curl_easy_cleanup(curl);
  }
};

}  // namespace

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

int64_t BackoffMs(const Endpoint& ep, int64_t failures) {
  int64_t d = ep.backoff_ms;
  for (int64_t i = 1; i < failures && d < ep.max_backoff_ms; ++i) d *= 2;
  return std::min(d, ep.max_backoff_ms);
}

std::mt19937_64 JitterStream(uint64_t seed, std::string_view endpoint) {
  // FNV-1a over the name, starting from the seed.
  uint64_t h = seed ^ 0xCBF29CE484222325ULL;
  for (unsigned char c : endpoint) h = (h ^ c) * 0x100000001B3ULL;
  return std::mt19937_64(h);
}

int64_t RetryWaitMs(const Endpoint& ep, int64_t failures,
                    std::mt19937_64& rng) {
  int64_t d = BackoffMs(ep, failures);
  std::uniform_int_distribution<int64_t> jitter(0, d / 2);
  return d - d / 2 + jitter(rng);
}

Result<DeliveryReport> Deliver(Outbox& outbox, const Hooks& hooks,
                               const DeliveryOptions& options) {
  GlobalInit();
  std::vector<Worker> workers;
  workers.reserve(hooks.endpoints.size());
  for (const auto& ep : hooks.endpoints) {
    Worker w;
    w.ep = &ep;
    w.outbox = &outbox;
    w.options = &options;
    w.rng = JitterStream(options.seed, ep.name);
    workers.push_back(std::move(w));
  }
  std::vector<std::thread> threads;
  for (auto& w : workers) threads.emplace_back([&w] { w.Run(); });
  for (auto& t : threads) t.join();
  DeliveryReport report;
  for (const auto& w : workers) {
    if (w.error) return std::unexpected(*w.error);
    report.delivered[w.ep->name] = w.delivered;
    report.dead[w.ep->name] = w.dead;
    report.failed_attempts[w.ep->name] = w.failed;
  }
  auto pending = outbox.PendingEndpoints();
  if (!pending) return std::unexpected(pending.error());
  if (!pending->empty()) {
    auto status = outbox.Status();
    if (!status) return std::unexpected(status.error());
    for (const auto& name : *pending) {
      report.orphaned += status->endpoints[name].pending;
    }
  }
  return report;
}

}  // namespace truce::alerts
