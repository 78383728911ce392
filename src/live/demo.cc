#include "live/demo.h"

#include <arpa/inet.h>
#include <fmt/format.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <map>
#include <sstream>
#include <thread>

#include "simulate/simulate.h"

namespace truce::live {
namespace {

namespace fs = std::filesystem;

constexpr const char* kReportSource = "demo-monitors";

enum class Channel { kAis, kSbs, kReport, kMap };

struct Event {
  int64_t time_ns;
  Channel channel;
  size_t stream;  // AIS: which receiver file; map: which map
  std::string text;
};

std::optional<int64_t> AisTime(std::string_view line) {
  // A TAG block's c: field, in Unix seconds.
  if (!line.starts_with("\\")) return std::nullopt;
  size_t end = line.find('\\', 1);
  std::string_view tag = line.substr(
      1, end == std::string_view::npos ? std::string_view::npos : end - 1);
  size_t c = tag.find("c:");
  if (c == std::string_view::npos) return std::nullopt;
  int64_t s = 0;
  bool any = false;
  for (size_t i = c + 2; i < tag.size() && std::isdigit(tag[i]); ++i) {
    s = s * 10 + (tag[i] - '0');
    any = true;
  }
  if (!any) return std::nullopt;
  return s * 1'000'000'000;
}

std::optional<int64_t> SbsTime(std::string_view line) {
  std::vector<std::string_view> f;
  size_t start = 0;
  while (f.size() < 8) {
    size_t comma = line.find(',', start);
    if (comma == std::string_view::npos) return std::nullopt;
    f.push_back(line.substr(start, comma - start));
    start = comma + 1;
  }
  std::string text = fmt::format("{}T{}Z", f[6], f[7]);
  std::replace(text.begin(), text.begin() + 10, '/', '-');
  auto t = ParseRfc3339(text);
  if (!t) return std::nullopt;
  return t->ns_since_epoch;
}

std::optional<int64_t> ReportTime(std::string_view line) {
  auto t = ParseRfc3339(line.substr(0, line.find(',')));
  if (!t) return std::nullopt;
  return t->ns_since_epoch;
}

std::optional<int64_t> MapTime(const std::string& name) {
  // control-YYYY-MM-DD.geojson
  for (size_t i = 0; i + 10 <= name.size(); ++i) {
    auto t = ParseRfc3339(name.substr(i, 10) + "T00:00:00Z");
    if (t) return t->ns_since_epoch;
  }
  return std::nullopt;
}

class Feeder : public DemoFeeder {
 public:
  Feeder(Live& live, int sbs_listen, std::vector<Event> events,
         size_t ais_streams, std::vector<std::string> map_names,
         std::vector<std::string> map_bodies, std::string report_header,
         sockaddr_in ais, double speed)
      : live_(live),
        sbs_listen_(sbs_listen),
        events_(std::move(events)),
        ais_streams_(ais_streams),
        map_names_(std::move(map_names)),
        map_bodies_(std::move(map_bodies)),
        report_header_(std::move(report_header)),
        ais_(ais),
        speed_(speed) {
    thread_ = std::thread([this] { Play(); });
  }
  ~Feeder() override { Stop(); }

  void Stop() override {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
  }
  bool done() const override { return done_; }
  TimeNs now() const override { return TimeNs{now_ns_.load()}; }

 private:
  void Play() {
    std::vector<int> ais(ais_streams_, -1);
    for (auto& fd : ais) {
      fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
      if (::connect(fd, reinterpret_cast<const sockaddr*>(&ais_),
                    sizeof ais_) != 0) {
        fmt::print(stderr,
                   "truce serve --demo: cannot connect to the AIS "
                   "listener\n");
        ::close(fd);
        fd = -1;
      }
    }
    int sbs = -1;
    auto wall0 = std::chrono::steady_clock::now();
    const int64_t t0 = events_.empty() ? 0 : events_.front().time_ns;
    size_t next = 0;
    while (!stop_ && next < events_.size()) {
      if (sbs < 0) {
        pollfd p{sbs_listen_, POLLIN, 0};
        if (::poll(&p, 1, 0) > 0) sbs = ::accept(sbs_listen_, nullptr, nullptr);
      }
      double elapsed_s = std::chrono::duration<double>(
                             std::chrono::steady_clock::now() - wall0)
                             .count();
      int64_t sim_now = t0 + static_cast<int64_t>(elapsed_s * speed_ * 1e9);
      std::vector<std::string> ais_out(ais.size());
      std::string sbs_out, reports;
      std::vector<size_t> maps;
      // SBS lines wait (and everything after them) until the live client
      // has connected to the feeder's server.
      for (; next < events_.size() && events_[next].time_ns <= sim_now &&
             !(events_[next].channel == Channel::kSbs && sbs < 0);
           ++next) {
        const Event& e = events_[next];
        switch (e.channel) {
          case Channel::kAis:
            ais_out[e.stream] += e.text + "\n";
            break;
          case Channel::kSbs:
            sbs_out += e.text + "\n";
            break;
          case Channel::kReport:
            reports += e.text + "\n";
            break;
          case Channel::kMap:
            maps.push_back(e.stream);
            break;
        }
      }
      for (size_t m : maps) {
        auto r = live_.PostControlMap(map_names_[m], map_bodies_[m]);
        if (!r) {
          fmt::print(stderr, "truce serve --demo: {}\n", r.error().ToString());
        }
      }
      if (!reports.empty()) {
        auto r = live_.PostReports(kReportSource, report_header_ + reports);
        if (!r) {
          fmt::print(stderr, "truce serve --demo: {}\n", r.error().ToString());
        }
      }
      for (size_t i = 0; i < ais.size(); ++i) {
        if (ais[i] >= 0 && !ais_out[i].empty()) Send(ais[i], ais_out[i]);
      }
      if (sbs >= 0 && !sbs_out.empty()) Send(sbs, sbs_out);
      now_ns_ =
          std::min(sim_now, next < events_.size() ? events_[next].time_ns
                                                  : events_.back().time_ns);
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    done_ = next >= events_.size();
    for (int fd : ais) {
      if (fd >= 0) ::close(fd);
    }
    if (sbs >= 0) ::close(sbs);
    ::close(sbs_listen_);
  }

  static void Send(int fd, const std::string& bytes) {
    size_t done = 0;
    while (done < bytes.size()) {
      ssize_t n =
          ::send(fd, bytes.data() + done, bytes.size() - done, MSG_NOSIGNAL);
      if (n <= 0) return;
      done += static_cast<size_t>(n);
    }
  }

  Live& live_;
  int sbs_listen_;
  std::vector<Event> events_;
  size_t ais_streams_;
  std::vector<std::string> map_names_, map_bodies_;
  std::string report_header_;
  sockaddr_in ais_;
  double speed_;
  std::atomic<bool> stop_{false}, done_{false};
  std::atomic<int64_t> now_ns_{0};
  std::thread thread_;
};

}  // namespace

Result<std::unique_ptr<DemoFeeder>> StartDemo(
    Live& live, const agreement::Agreement& agreement,
    const DemoOptions& options) {
  if (!(options.speed > 0)) {
    return Fail(ErrorCode::kInvalidInput,
                fmt::format("speed {} is not above 0", options.speed),
                "give --speed a factor such as 120 (two simulated minutes "
                "per second)",
                SourceLocation{"", 0, 0, "speed"});
  }
  size_t colon = options.ais_tcp.rfind(':');
  sockaddr_in ais{};
  ais.sin_family = AF_INET;
  if (colon == std::string::npos ||
      ::inet_pton(AF_INET, options.ais_tcp.substr(0, colon).c_str(),
                  &ais.sin_addr) != 1) {
    return Fail(ErrorCode::kInvalidInput,
                fmt::format("'{}' is not an IPv4 HOST:PORT", options.ais_tcp),
                "give the address ListenAisTcp returned",
                SourceLocation{"", 0, 0, "ais_tcp"});
  }
  ais.sin_port = htons(
      static_cast<uint16_t>(std::stoi(options.ais_tcp.substr(colon + 1))));
  if (ais.sin_addr.s_addr == htonl(INADDR_ANY)) {
    ais.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  }

  simulate::Options sim_options;
  sim_options.seed = options.seed;
  sim_options.hours = options.hours;
  auto sim = simulate::Simulate(agreement, sim_options);
  if (!sim) return std::unexpected(sim.error());
  fs::path dir = options.data_dir / "demo-feeds";
  if (auto w = simulate::WriteSimulation(*sim, dir); !w) {
    return std::unexpected(w.error());
  }

  std::vector<Event> events;
  size_t ais_streams = 0;
  std::vector<std::string> map_names, map_bodies;
  std::string report_header;
  for (const auto& [name, bytes] : sim->feeds) {
    std::istringstream in(bytes);
    std::string line;
    if (name.ends_with(".nmea")) {
      size_t stream = ais_streams++;
      int64_t last = sim->start.ns_since_epoch;
      while (std::getline(in, line)) {
        if (auto t = AisTime(line)) last = *t;
        events.push_back({last, Channel::kAis, stream, line});
      }
    } else if (name.ends_with(".sbs")) {
      int64_t last = sim->start.ns_since_epoch;
      while (std::getline(in, line)) {
        if (auto t = SbsTime(line)) last = *t;
        events.push_back({last, Channel::kSbs, 0, line});
      }
    } else if (name.ends_with(".csv")) {
      std::getline(in, report_header);
      report_header += "\n";
      while (std::getline(in, line)) {
        if (auto t = ReportTime(line)) {
          events.push_back({*t, Channel::kReport, 0, line});
        }
      }
    } else if (name.ends_with(".geojson")) {
      auto t = MapTime(name);
      if (!t) continue;
      events.push_back({*t, Channel::kMap, map_names.size(), ""});
      map_names.push_back(name);
      map_bodies.push_back(bytes);
    }
  }
  // Time order; at equal times a stable order (maps first, as a replay
  // judges a map before the observations of its date).
  std::stable_sort(
      events.begin(), events.end(), [](const Event& a, const Event& b) {
        if (a.time_ns != b.time_ns) return a.time_ns < b.time_ns;
        return (a.channel == Channel::kMap) > (b.channel == Channel::kMap);
      });

  // The loopback SBS-1 server the live client connects to.
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  if (fd < 0 || ::bind(fd, reinterpret_cast<sockaddr*>(&addr), len) != 0 ||
      ::listen(fd, 4) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    if (fd >= 0) ::close(fd);
    return Fail(ErrorCode::kIo, "cannot open the demo's SBS-1 server",
                "check that loopback sockets are allowed");
  }
  live.ConnectSbs("127.0.0.1", ntohs(addr.sin_port));
  return std::make_unique<Feeder>(live, fd, std::move(events), ais_streams,
                                  std::move(map_names), std::move(map_bodies),
                                  std::move(report_header), ais, options.speed);
}

}  // namespace truce::live
