// Load generator for `truce serve` (make bench, section "serve";
// bench/README.md "Live server"). It starts a real `truce serve` on loopback
// with a generated agreement of N square zones, one exclusion rule each, and
// drives it like an AIS receiver (AIS-catcher) pushing NMEA over TCP:
//
//  1. steady: `--rate` position reports per second (TAG-block times in ms,
//     one report per vessel per `vessels/rate` s) for `--seconds`. Every
//     vessel steps into its own zone once per `--visit-every` s; the latency
//     of each visit is the wall time from writing the report that entered the
//     zone to reading the incident's "open" revision on /api/stream (SSE).
//     Meanwhile a client queries /api/incidents and /api/feeds without pause
//     and the server's RSS is sampled every second.
//  2. hour: `--hour-vessels` vessels report every 10 s of event time for one
//     hour of event time, sent as fast as the server takes them; RSS sampled
//     (the goal is flat memory).
//  3. saturation: reports written as fast as the socket takes them for
//     `--blast-seconds`; then the server's own counts (/api/feeds) are
//     compared with what was written: every line is accepted, quarantined or
//     counted as dropped, none silently lost.
//
// Prints a table, and JSON with --json FILE. Exit 1 if a check fails (lines
// unaccounted for), never because of a figure.
#include <arpa/inet.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <httplib.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "base/time.h"
#include "observe/ais.h"
#include "observe/testing/ais_encoder.h"

namespace {

using Clock = std::chrono::steady_clock;
using truce::observe::AisMessage;

struct Options {
  std::string truce = "build/bench/src/cli/truce";
  int zones = 10000;
  int vessels = 10000;
  int rate = 10000;  // position reports per second
  int seconds = 60;
  int visit_every_s = 300;
  int hour_vessels = 1000;
  int blast_seconds = 10;
  double reorder_window_s = 0.05;
  std::string json;
};

// Zones: a square grid of `n` squares of 0.02 deg, 0.05 deg apart, from
// 43 N 30 E; vessel i lives beside zone i % n, in the gap to its south.
constexpr double kLat0 = 43.0, kLng0 = 30.0, kPitch = 0.05, kSide = 0.02;
int GridSide(int n) { return static_cast<int>(std::ceil(std::sqrt(n))); }
std::pair<double, double> ZoneCorner(int zone, int n) {
  int side = GridSide(n);
  return {kLat0 + (zone / side) * kPitch, kLng0 + (zone % side) * kPitch};
}

std::string Agreement(int n) {
  std::string s =
      "truce: 1\ntitle: serve load benchmark\nversion: \"1\"\n"
      "effective: 2025-01-01T00:00:00Z\nparties:\n"
      "  - {id: A, name: Party A, flags: [UA]}\n"
      "  - {id: B, name: Party B, flags: [RU]}\nzones:\n";
  std::string rules = "rules:\n";
  for (int i = 0; i < n; ++i) {
    auto [lat, lng] = ZoneCorner(i, n);
    s += fmt::format(
        "  - id: z{0}\n    geometry: {{type: Polygon, coordinates: "
        "[[[{2:.4f}, {1:.4f}], [{4:.4f}, {1:.4f}], [{4:.4f}, {3:.4f}], "
        "[{2:.4f}, {3:.4f}], [{2:.4f}, {1:.4f}]]]}}\n",
        i, lat, lng, lat + kSide, lng + kSide);
    rules += fmt::format(
        "  - {{id: r{0}, kind: exclusion, clause: Art. 3, zone: z{0}, "
        "classes: [military_vessel]}}\n",
        i);
  }
  return s + rules;
}

int32_t E4Min(double deg) {
  return static_cast<int32_t>(std::lround(deg * 600000));
}

std::string Tagged(int64_t time_ms, const std::string& sentence) {
  std::string tag = fmt::format("s:load,c:{}", time_ms);
  return "\\" + tag + "*" + truce::observe::testing::ChecksumHex(tag) + "\\" +
         sentence + "\n";
}

uint32_t Mmsi(int vessel) { return 273000000u + vessel; }  // MID 273: RU

std::string StaticLine(int vessel, int64_t time_ms) {
  AisMessage m;
  m.type = 5;
  m.mmsi = Mmsi(vessel);
  truce::observe::StaticVoyageData d;
  d.shipname.assign(fmt::format("LOAD {}", vessel));
  d.shiptype = 35;  // military operations
  m.body = d;
  std::string out;
  truce::observe::testing::SentenceOptions o;
  o.sequence_id = vessel % 10;
  for (const auto& s : truce::observe::testing::ToSentences(
           truce::observe::testing::EncodeAis(m), o)) {
    out += Tagged(time_ms, s);
  }
  return out;
}

std::string PositionLine(int vessel, int64_t time_ms, bool inside, int zones) {
  auto [lat, lng] = ZoneCorner(vessel % zones, zones);
  double at_lat = inside ? lat + kSide / 2 : lat - (kPitch - kSide) / 2;
  // Drift along the row so that consecutive fixes are distinct.
  double at_lng = lng + kSide / 2 + ((time_ms / 1000) % 100) * 1e-5;
  AisMessage m;
  m.type = 1;
  m.mmsi = Mmsi(vessel);
  truce::observe::PositionReportA r;
  r.turn_raw = -128;
  r.speed_decikn = 80;
  r.lon_e4min = E4Min(at_lng);
  r.lat_e4min = E4Min(at_lat);
  r.course_decideg = 900;
  r.heading_deg = 90;
  r.second = static_cast<uint8_t>((time_ms / 1000) % 60);
  m.body = r;
  return Tagged(time_ms, truce::observe::testing::ToSentences(
                             truce::observe::testing::EncodeAis(m))[0]);
}

int64_t WallMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// The server under test, with the addresses it printed.
struct Server {
  pid_t pid = -1;
  std::string http_host;
  int http_port = 0;
  std::string ais_host;
  int ais_port = 0;
};

std::pair<std::string, int> HostPort(std::string s) {
  if (s.rfind("http://", 0) == 0) s = s.substr(7);
  while (!s.empty() && s.back() == '/') s.pop_back();
  auto colon = s.rfind(':');
  return {s.substr(0, colon), std::stoi(s.substr(colon + 1))};
}

// An admin token made with `truce token create`: the stream then carries
// every revision at once (the public sees only checkpointed ones), and
// /api/feeds answers.
std::string AdminToken(const Options& opt, const std::filesystem::path& dir) {
  std::string cmd = fmt::format(
      "'{}' token create --data '{}' --role admin --name serve-load", opt.truce,
      (dir / "data").string());
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) throw std::runtime_error("cannot run truce token create");
  char line[512];
  std::string token;
  while (fgets(line, sizeof line, p)) token = line;
  if (pclose(p) != 0) throw std::runtime_error("truce token create failed");
  while (!token.empty() && (token.back() == '\n' || token.back() == ' ')) {
    token.pop_back();
  }
  return token;
}

Server Start(const Options& opt, const std::filesystem::path& dir) {
  std::ofstream(dir / "agreement.yaml") << Agreement(opt.zones);
  int out[2];
  if (pipe(out) != 0) throw std::runtime_error("pipe");
  pid_t pid = fork();
  if (pid == 0) {
    dup2(out[1], 1);
    close(out[0]);
    std::string agreement = (dir / "agreement.yaml").string();
    std::string data = (dir / "data").string();
    std::string window = fmt::format("{}", opt.reorder_window_s);
    execl(opt.truce.c_str(), opt.truce.c_str(), "serve", "--agreement",
          agreement.c_str(), "--data", data.c_str(), "--listen", "127.0.0.1:0",
          "--ais-tcp", "127.0.0.1:0", "--reorder-window", window.c_str(),
          static_cast<char*>(nullptr));
    _exit(127);
  }
  close(out[1]);
  Server s;
  s.pid = pid;
  FILE* f = fdopen(out[0], "r");
  char line[512];
  while ((s.http_port == 0 || s.ais_port == 0) && fgets(line, sizeof line, f)) {
    std::string l(line);
    while (!l.empty() && (l.back() == '\n' || l.back() == '\r')) l.pop_back();
    auto space = l.find(' ');
    if (space == std::string::npos) continue;
    std::string what = l.substr(0, space), addr = l.substr(space + 1);
    if (what == "dashboard")
      std::tie(s.http_host, s.http_port) = HostPort(addr);
    if (what == "ais-tcp") std::tie(s.ais_host, s.ais_port) = HostPort(addr);
  }
  if (s.http_port == 0 || s.ais_port == 0) {
    throw std::runtime_error("truce serve did not print its addresses");
  }
  // Keep draining its stdout so that it never blocks on a full pipe.
  std::thread([f] {
    char buf[4096];
    while (fgets(buf, sizeof buf, f)) {
    }
    fclose(f);
  }).detach();
  return s;
}

double RssMiB(pid_t pid) {
  std::ifstream in(fmt::format("/proc/{}/status", pid));
  std::string key;
  while (in >> key) {
    if (key == "VmRSS:") {
      double kb;
      in >> kb;
      return kb / 1024;
    }
    std::string rest;
    std::getline(in, rest);
  }
  return 0;
}

int Connect(const std::string& host, int port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(port);
  inet_pton(AF_INET, host.c_str(), &a.sin_addr);
  if (connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
    throw std::runtime_error("cannot connect to the AIS listener");
  }
  int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  return fd;
}

uint64_t g_written_lines = 0;  // NMEA lines written to the server

void WriteAll(int fd, const std::string& s) {
  g_written_lines += std::count(s.begin(), s.end(), '\n');
  size_t off = 0;
  while (off < s.size()) {
    ssize_t n = ::write(fd, s.data() + off, s.size() - off);
    if (n <= 0) throw std::runtime_error("the AIS connection closed");
    off += n;
  }
}

double Percentile(std::vector<double> v, double p) {
  if (v.empty()) return NAN;
  std::sort(v.begin(), v.end());
  size_t i =
      std::min(v.size() - 1, static_cast<size_t>(p * (v.size() - 1) + 0.5));
  return v[i];
}

// Reads /api/stream and records when each incident's "open" revision
// arrives, by (subject, first time in ms).
class StreamReader {
 public:
  StreamReader(const std::string& host, int port, const std::string& token)
      : client_(host, port) {
    client_.set_read_timeout(3600, 0);
    client_.set_bearer_token_auth(token.c_str());
    thread_ = std::thread([this] { Run(); });
  }
  ~StreamReader() {
    stop_ = true;
    client_.stop();
    thread_.join();
  }
  std::map<std::pair<std::string, int64_t>, Clock::time_point> Opened() {
    std::lock_guard l(mu_);
    return opened_;
  }
  uint64_t events() const { return events_; }

 private:
  void Run() {
    std::string buffer;
    client_.Get("/api/stream", [&](const char* data, size_t n) {
      buffer.append(data, n);
      size_t end;
      while ((end = buffer.find("\n\n")) != std::string::npos) {
        Event(buffer.substr(0, end));
        buffer.erase(0, end + 2);
      }
      return !stop_.load();
    });
  }
  void Event(const std::string& text) {
    ++events_;
    std::string type, data;
    size_t pos = 0;
    while (pos < text.size()) {
      size_t nl = text.find('\n', pos);
      std::string line =
          text.substr(pos, nl == std::string::npos ? nl : nl - pos);
      pos = nl == std::string::npos ? text.size() : nl + 1;
      if (line.rfind("event: ", 0) == 0) type = line.substr(7);
      if (line.rfind("data: ", 0) == 0) data += line.substr(6);
    }
    if (type != "incident") return;
    auto now = Clock::now();
    auto j = nlohmann::json::parse(data, nullptr, false);
    if (j.is_discarded() || j.value("revision", 0) != 1) return;
    auto first = truce::ParseRfc3339(j.value("first", ""));
    if (!first) return;
    std::lock_guard l(mu_);
    opened_.emplace(
        std::pair{j.value("subject", ""), first->ns_since_epoch / 1'000'000},
        now);
  }

  httplib::Client client_;
  std::thread thread_;
  std::atomic<bool> stop_{false};
  std::atomic<uint64_t> events_{0};
  std::mutex mu_;
  std::map<std::pair<std::string, int64_t>, Clock::time_point> opened_;
};

struct FeedCounts {
  uint64_t messages = 0, observations = 0, rejects = 0, dropped = 0;
};
FeedCounts AisCounts(httplib::Client& c) {
  FeedCounts f;
  auto r = c.Get("/api/feeds");
  if (!r || r->status != 200) return f;
  auto j = nlohmann::json::parse(r->body, nullptr, false);
  if (!j.is_array()) return f;
  for (const auto& feed : j) {
    if (feed.value("kind", "") != "ais-tcp-listen") continue;
    f.messages += feed.value("messages", 0ull);
    f.observations += feed.value("observations", 0ull);
    f.rejects += feed.value("rejects", 0ull);
    f.dropped += feed.value("dropped", 0ull);
  }
  return f;
}

// A value of the server's /metrics (Prometheus text), or -1.
double Metric(httplib::Client& c, const std::string& name) {
  auto r = c.Get("/metrics");
  if (!r || r->status != 200) return -1;
  size_t at = 0;
  while ((at = r->body.find(name + " ", at)) != std::string::npos) {
    if (at == 0 || r->body[at - 1] == '\n') {
      return std::stod(r->body.substr(at + name.size() + 1));
    }
    at += name.size();
  }
  return -1;
}

int Main(const Options& opt) {
  auto dir = std::filesystem::temp_directory_path() /
             fmt::format("truce-serve-load-{}", getpid());
  std::filesystem::create_directories(dir);
  std::string token = AdminToken(opt, dir);
  Server server = Start(opt, dir);
  httplib::Client api(server.http_host, server.http_port);
  api.set_read_timeout(60, 0);
  api.set_bearer_token_auth(token.c_str());
  nlohmann::json report;
  int failures = 0;
  uint64_t written_lines = 0;

  int fd = Connect(server.ais_host, server.ais_port);
  int64_t t0_ms = WallMs();
  // Identities first: the exclusion rules bind military vessels.
  std::string batch;
  for (int v = 0; v < std::max(opt.vessels, opt.hour_vessels); ++v) {
    batch += StaticLine(v, t0_ms);
    if (batch.size() > 1 << 16) {
      WriteAll(fd, batch);
      batch.clear();
    }
  }
  WriteAll(fd, batch);

  // 1. Steady load at the target rate.
  StreamReader stream(server.http_host, server.http_port, token);
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  std::vector<double> query_ms;
  std::atomic<bool> querying{true};
  std::thread queries([&] {
    httplib::Client c(server.http_host, server.http_port);
    c.set_bearer_token_auth(token.c_str());
    while (querying) {
      auto a = Clock::now();
      auto r = c.Get("/api/incidents?limit=100");
      auto b = Clock::now();
      c.Get("/api/feeds");
      if (r && r->status == 200) {
        query_ms.push_back(
            std::chrono::duration<double, std::milli>(b - a).count());
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  });
  std::vector<std::pair<double, double>> rss;  // seconds, MiB
  std::map<std::pair<std::string, int64_t>, Clock::time_point> entered;
  auto start = Clock::now();
  const int slices_per_s = 100;
  const int per_slice = std::max(1, opt.rate / slices_per_s);
  int next_vessel = 0;
  uint64_t steady_lines = 0;
  std::vector<bool> was_inside(opt.vessels, false);
  for (int slice = 0; slice < opt.seconds * slices_per_s; ++slice) {
    auto due = start + std::chrono::milliseconds(slice * 1000 / slices_per_s);
    std::this_thread::sleep_until(due);
    int64_t now_ms = WallMs();
    std::string out;
    std::vector<std::pair<std::string, int64_t>> entries;
    for (int k = 0; k < per_slice; ++k) {
      int v = next_vessel;
      next_vessel = (next_vessel + 1) % opt.vessels;
      // Inside for about one report in every visit_every seconds, at a
      // phase of its own.
      int64_t period_ms = int64_t{opt.visit_every_s} * 1000;
      int64_t phase = (now_ms + int64_t{v} * 7919) % period_ms;
      int64_t report_every_ms =
          std::max<int64_t>(1, 1000LL * opt.vessels / opt.rate);
      bool inside = phase < report_every_ms;
      out += PositionLine(v, now_ms, inside, opt.zones);
      // The first fix inside opens the incident (entry after one fix).
      if (inside && !was_inside[v]) {
        entries.emplace_back(fmt::format("mmsi:{:09d}", Mmsi(v)), now_ms);
      }
      was_inside[v] = inside;
    }
    WriteAll(fd, out);
    auto written = Clock::now();
    for (auto& e : entries) entered.emplace(e, written);
    steady_lines += per_slice;
    if (slice % slices_per_s == 0) {
      rss.emplace_back(slice / double(slices_per_s), RssMiB(server.pid));
    }
  }
  auto steady_end = Clock::now();
  // Let the last incidents through (the reorder window, then the engine).
  std::this_thread::sleep_for(std::chrono::seconds(3));
  querying = false;
  queries.join();
  auto opened = stream.Opened();
  std::vector<double> latency_ms;
  uint64_t missing = 0;
  for (const auto& [key, at] : entered) {
    auto it = opened.find(key);
    if (it == opened.end()) {
      ++missing;
      continue;
    }
    latency_ms.push_back(
        std::chrono::duration<double, std::milli>(it->second - at).count());
  }
  double steady_s = std::chrono::duration<double>(steady_end - start).count();
  fmt::print("== steady: {} zones, {} vessels, {} reports/s for {:.1f} s\n",
             opt.zones, opt.vessels, steady_lines / steady_s, steady_s);
  fmt::print(
      "  arrival -> incident on /api/stream: {} visits, p50 {:.1f} ms, "
      "p99 {:.1f} ms, max {:.1f} ms ({} without an incident)\n",
      latency_ms.size(), Percentile(latency_ms, 0.5),
      Percentile(latency_ms, 0.99), Percentile(latency_ms, 1.0), missing);
  fmt::print(
      "  GET /api/incidents?limit=100 meanwhile: {} queries, p50 {:.1f} "
      "ms, p99 {:.1f} ms\n",
      query_ms.size(), Percentile(query_ms, 0.5), Percentile(query_ms, 0.99));
  fmt::print("  server RSS: {:.0f} MiB at 1 s, {:.0f} MiB at {:.0f} s\n",
             rss.size() > 1 ? rss[1].second : 0.0, rss.back().second,
             rss.back().first);
  report["steady"] = {{"zones", opt.zones},
                      {"vessels", opt.vessels},
                      {"rate_per_s", steady_lines / steady_s},
                      {"visits", latency_ms.size()},
                      {"missing", missing},
                      {"latency_p50_ms", Percentile(latency_ms, 0.5)},
                      {"latency_p99_ms", Percentile(latency_ms, 0.99)},
                      {"query_p50_ms", Percentile(query_ms, 0.5)},
                      {"query_p99_ms", Percentile(query_ms, 0.99)},
                      {"rss_mib", rss}};

  // 2. An hour of event time, as fast as the server takes it.
  if (opt.hour_vessels > 0) {
    std::vector<std::pair<double, double>> hour_rss{{0.0, RssMiB(server.pid)}};
    int64_t base_ms = WallMs() + 1000;
    auto hour_start = Clock::now();
    uint64_t hour_lines = 0;
    // Each 10 s of event time is written, then the server is given time to
    // read it, so that the RSS samples show memory after the work, not a
    // backlog in the socket.
    for (int64_t s = 0; s < 3600; s += 10) {
      std::string out;
      for (int v = 0; v < opt.hour_vessels; ++v) {
        out += PositionLine(v, base_ms + s * 1000 + v % 1000, false, opt.zones);
      }
      WriteAll(fd, out);
      hour_lines += opt.hour_vessels;
      if (s % 300 == 290) {
        // Read, and judged: the engine's queue empty, so that the sample
        // is the state's memory, not a backlog's.
        for (int tries = 0; tries < 1200; ++tries) {
          FeedCounts c = AisCounts(api);
          if (c.messages + c.dropped >= g_written_lines &&
              Metric(api, "truce_queue_observations") == 0) {
            break;
          }
          std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        hour_rss.emplace_back((s + 10) / 60.0, RssMiB(server.pid));
      }
    }
    double hour_wall_s =
        std::chrono::duration<double>(Clock::now() - hour_start).count();
    hour_rss.emplace_back(60.0, RssMiB(server.pid));
    fmt::print(
        "== one hour of event time: {} vessels every 10 s, {} reports "
        "in {:.1f} s wall\n  RSS (minute of event time: MiB):",
        opt.hour_vessels, hour_lines, hour_wall_s);
    for (auto [m, mib] : hour_rss) fmt::print(" {:.0f}:{:.0f}", m, mib);
    fmt::print("\n");
    report["hour"] = {{"vessels", opt.hour_vessels},
                      {"reports", hour_lines},
                      {"wall_s", hour_wall_s},
                      {"rss_mib", hour_rss}};
  }

  // 3. Past saturation: as fast as the socket takes lines.
  {
    int64_t base_ms = WallMs() + 7200 * 1000;
    auto blast_start = Clock::now();
    uint64_t blast_lines = 0;
    int64_t i = 0;
    while (Clock::now() - blast_start <
           std::chrono::seconds(opt.blast_seconds)) {
      std::string out;
      for (int k = 0; k < 1000; ++k, ++i) {
        out += PositionLine(static_cast<int>(i % opt.vessels), base_ms + i / 10,
                            false, opt.zones);
      }
      WriteAll(fd, out);
      blast_lines += 1000;
    }
    double blast_s =
        std::chrono::duration<double>(Clock::now() - blast_start).count();
    close(fd);
    written_lines = g_written_lines;
    // Wait until the server has read everything it was sent.
    FeedCounts c;
    for (int tries = 0; tries < 600; ++tries) {
      c = AisCounts(api);
      if (c.messages + c.dropped >= written_lines) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(500));
    }
    bool accounted = c.messages + c.dropped == written_lines;
    fmt::print(
        "== saturation: {} reports written in {:.1f} s ({:.0f}/s offered)\n"
        "  server: {} messages read, {} observations, {} rejected, {} "
        "dropped (counted); written {}: {}\n",
        blast_lines, blast_s, blast_lines / blast_s, c.messages, c.observations,
        c.rejects, c.dropped, written_lines,
        accounted ? "every line accounted for" : "LINES UNACCOUNTED FOR");
    if (!accounted) ++failures;
    report["saturation"] = {{"offered_per_s", blast_lines / blast_s},
                            {"written", written_lines},
                            {"messages", c.messages},
                            {"observations", c.observations},
                            {"rejects", c.rejects},
                            {"dropped", c.dropped},
                            {"accounted", accounted}};
  }
  if (auto m = api.Get("/metrics"); m && m->status == 200) {
    report["metrics_bytes"] = m->body.size();
  }
  kill(server.pid, SIGTERM);
  int status = 0;
  waitpid(server.pid, &status, 0);
  report["server_exit"] = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  if (!opt.json.empty()) std::ofstream(opt.json) << report.dump(2) << "\n";
  std::filesystem::remove_all(dir);
  return failures == 0 ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  Options opt;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string k = argv[i], v = argv[i + 1];
    if (k == "--truce")
      opt.truce = v;
    else if (k == "--zones")
      opt.zones = std::stoi(v);
    else if (k == "--vessels")
      opt.vessels = std::stoi(v);
    else if (k == "--rate")
      opt.rate = std::stoi(v);
    else if (k == "--seconds")
      opt.seconds = std::stoi(v);
    else if (k == "--visit-every")
      opt.visit_every_s = std::stoi(v);
    else if (k == "--hour-vessels")
      opt.hour_vessels = std::stoi(v);
    else if (k == "--blast-seconds")
      opt.blast_seconds = std::stoi(v);
    else if (k == "--reorder-window")
      opt.reorder_window_s = std::stod(v);
    else if (k == "--json")
      opt.json = v;
    else {
      fmt::print(stderr, "serve_load: unknown option {}\n", k);
      return 2;
    }
  }
  signal(SIGPIPE, SIG_IGN);
  try {
    return Main(opt);
  } catch (const std::exception& e) {
    fmt::print(stderr, "serve_load: {}\n", e.what());
    return 1;
  }
}
