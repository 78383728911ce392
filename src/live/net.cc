// LiveImpl's socket feeds (live_impl.h): AIS NMEA over TCP (a listener,
// one feed per connection) and UDP (datagrams of lines), and the SBS-1
// client with reconnect and exponential backoff. And Stop.
#include <arpa/inet.h>
#include <fmt/format.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "live/live_impl.h"

namespace truce::live {
namespace {

constexpr size_t kReadSize = 1 << 16;
// A line longer than this without an end is cut and quarantined by the
// decoder; it bounds the memory one connection can hold.
constexpr size_t kMaxLine = 1 << 16;

Result<sockaddr_in> Resolve(const std::string& host, int port) {
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  std::string h = host.empty() || host == "localhost" ? "127.0.0.1" : host;
  if (::inet_pton(AF_INET, h.c_str(), &addr.sin_addr) == 1) return addr;
  addrinfo hints{};
  hints.ai_family = AF_INET;
  addrinfo* res = nullptr;
  if (::getaddrinfo(h.c_str(), nullptr, &hints, &res) != 0 || res == nullptr) {
    return Fail(ErrorCode::kInvalidInput,
                fmt::format("cannot resolve host '{}'", host),
                "give an IPv4 address or a resolvable host name");
  }
  addr.sin_addr = reinterpret_cast<sockaddr_in*>(res->ai_addr)->sin_addr;
  ::freeaddrinfo(res);
  return addr;
}

std::string AddressOf(const sockaddr_in& addr) {
  char buf[INET_ADDRSTRLEN] = {};
  ::inet_ntop(AF_INET, &addr.sin_addr, buf, sizeof buf);
  return fmt::format("{}:{}", buf, ntohs(addr.sin_port));
}

Result<std::pair<int, std::string>> Bind(const std::string& host, int port,
                                         int type) {
  if (port < 0 || port > 65535) {
    return Fail(ErrorCode::kInvalidInput,
                fmt::format("port {} is out of range", port),
                "give a port from 0 (any free one) to 65535");
  }
  auto addr = Resolve(host, port);
  if (!addr) return std::unexpected(addr.error());
  int fd = ::socket(AF_INET, type | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    return Fail(ErrorCode::kIo,
                fmt::format("socket: {}", std::strerror(errno)));
  }
  int one = 1;
  ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  if (::bind(fd, reinterpret_cast<sockaddr*>(&*addr), sizeof *addr) != 0 ||
      (type == SOCK_STREAM && ::listen(fd, 64) != 0)) {
    int e = errno;
    ::close(fd);
    return Fail(
        ErrorCode::kUnavailable,
        fmt::format("cannot listen on {}:{}: {}", host, port, std::strerror(e)),
        "choose another port (0 picks a free one) or stop what "
        "holds it");
  }
  sockaddr_in bound{};
  socklen_t len = sizeof bound;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&bound), &len);
  return std::pair{fd, AddressOf(bound)};
}

// Splits complete lines off `buffer` (keeping a partial last line), without
// their endings.
std::vector<std::string_view> SplitLines(const std::string& buffer,
                                         size_t* consumed) {
  std::vector<std::string_view> lines;
  size_t start = 0;
  while (true) {
    size_t nl = buffer.find('\n', start);
    if (nl == std::string::npos) break;
    std::string_view line(buffer.data() + start, nl - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.push_back(line);
    start = nl + 1;
  }
  if (buffer.size() - start > kMaxLine) {  // cut an endless line
    lines.emplace_back(buffer.data() + start, buffer.size() - start);
    start = buffer.size();
  }
  *consumed = start;
  return lines;
}

// Reads `fd` line by line into `feed` until the peer closes or Stop.
void ReadLines(int fd, FeedIngest* feed, const std::atomic<bool>& stopping) {
  std::string buffer;
  char chunk[kReadSize];
  while (!stopping) {
    ssize_t n = ::read(fd, chunk, sizeof chunk);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    buffer.append(chunk, static_cast<size_t>(n));
    size_t consumed = 0;
    auto lines = SplitLines(buffer, &consumed);
    if (!lines.empty()) {
      auto r =
          feed->IngestLines(lines, std::string_view(buffer).substr(0, consumed),
                            /*drop_if_full=*/true);
      if (!r) {
        fmt::print(stderr, "truce serve: {}: {}\n", feed->name(),
                   r.error().ToString());
      }
    }
    buffer.erase(0, consumed);
  }
  std::vector<std::string_view> last;
  if (!buffer.empty()) last.emplace_back(buffer);
  (void)feed->IngestLines(last, buffer, /*drop_if_full=*/false,
                          /*finish=*/true);
}

}  // namespace

void LiveImpl::AddNetThread(std::thread t) {
  std::lock_guard lock(net_mu_);
  net_threads_.push_back(std::move(t));
}

void LiveImpl::AddFd(int fd) {
  std::lock_guard lock(net_mu_);
  net_fds_.push_back(fd);
}

void LiveImpl::RemoveFd(int fd) {
  std::lock_guard lock(net_mu_);
  net_fds_.erase(std::remove(net_fds_.begin(), net_fds_.end(), fd),
                 net_fds_.end());
}

Result<std::string> LiveImpl::ListenAisTcp(const std::string& host, int port) {
  auto bound = Bind(host, port, SOCK_STREAM);
  if (!bound) return std::unexpected(bound.error());
  auto [fd, address] = *bound;
  std::string health = "ais-tcp";
  {
    std::lock_guard lock(mu_);
    if (feeds_.count(health)) health = fmt::format("ais-tcp {}", address);
  }
  AddHealth(health, "ais-tcp-listen", address, "listening");
  AddFd(fd);
  AddNetThread(std::thread([this, fd, health] {
    while (!stopping_) {
      pollfd p{fd, POLLIN, 0};
      if (::poll(&p, 1, 200) <= 0) continue;
      sockaddr_in peer{};
      socklen_t len = sizeof peer;
      int c =
          ::accept4(fd, reinterpret_cast<sockaddr*>(&peer), &len, SOCK_CLOEXEC);
      if (c < 0) continue;
      AddFd(c);
      AddNetThread(std::thread([this, c, peer, health] {
        ServeTcpConnection(c, AddressOf(peer), health);
      }));
    }
    RemoveFd(fd);
    ::close(fd);
    SetFeedState(health, "stopped");
  }));
  return address;
}

void LiveImpl::ServeTcpConnection(int fd, std::string peer,
                                  std::string health) {
  // Each connection is its own feed, with its own reorder window and AIS
  // reassembly; observations that name no receiver take the listener's
  // name, as a replay names them after the file.
  auto feed = NewFeed(fmt::format("{}/{}", health, peer), health, "ais-tcp",
                      replay::FeedFormat::kAis, true);
  int open;
  {
    std::lock_guard lock(net_mu_);
    open = ++connections_[health];
  }
  SetFeedState(health, "connected");
  ReadLines(fd, feed.get(), stopping_);
  RemoveFd(fd);
  ::close(fd);
  CloseFeed(feed->id());
  {
    std::lock_guard lock(net_mu_);
    open = --connections_[health];
  }
  // "connected" while any connection is open.
  if (!stopping_ && open == 0) SetFeedState(health, "listening");
}

Result<std::string> LiveImpl::ListenAisUdp(const std::string& host, int port) {
  auto bound = Bind(host, port, SOCK_DGRAM);
  if (!bound) return std::unexpected(bound.error());
  auto [fd, address] = *bound;
  std::string health = "ais-udp";
  {
    std::lock_guard lock(mu_);
    if (feeds_.count(health)) health = fmt::format("ais-udp {}", address);
  }
  AddHealth(health, "ais-udp", address, "listening");
  AddFd(fd);
  // Registered with the merge at the first datagram: a listener nobody
  // sends to holds nothing back.
  std::shared_ptr<FeedIngest> feed =
      NewFeed(health, health, "ais-udp", replay::FeedFormat::kAis, true, false);
  AddNetThread(std::thread([this, fd, feed, health] {
    std::string datagram(kReadSize, '\0');
    bool opened = false;
    while (!stopping_) {
      pollfd p{fd, POLLIN, 0};
      if (::poll(&p, 1, 200) <= 0) continue;
      ssize_t n = ::recv(fd, datagram.data(), datagram.size(), 0);
      if (n <= 0) continue;
      if (!opened) {
        OpenFeed(feed->id());
        opened = true;
      }
      std::string text = datagram.substr(0, static_cast<size_t>(n));
      if (text.back() != '\n') text.push_back('\n');
      size_t consumed = 0;
      auto lines = SplitLines(text, &consumed);
      auto r = feed->IngestLines(lines, text, /*drop_if_full=*/true);
      if (!r) {
        fmt::print(stderr, "truce serve: {}: {}\n", health,
                   r.error().ToString());
      }
    }
    (void)feed->IngestLines({}, "", false, /*finish=*/true);
    CloseFeed(feed->id());
    RemoveFd(fd);
    ::close(fd);
    SetFeedState(health, "stopped");
  }));
  return address;
}

void LiveImpl::ConnectSbs(const std::string& host, int port) {
  std::string address = fmt::format("{}:{}", host, port);
  std::string health = "sbs";
  {
    std::lock_guard lock(mu_);
    if (feeds_.count(health)) health = fmt::format("sbs {}", address);
  }
  AddHealth(health, "sbs-client", address, "connecting");
  // One feed for the client's life: its reorder window spans reconnects.
  // It holds the merge only while connected.
  std::shared_ptr<FeedIngest> feed =
      NewFeed(health, health, "sbs", replay::FeedFormat::kSbs, true, false);
  AddNetThread(std::thread([this, host, port, feed, health] {
    int64_t backoff_ms = 250;
    bool ever = false;
    while (!stopping_) {
      SetFeedState(health, ever ? "reconnecting" : "connecting");
      auto addr = Resolve(host, port);
      int fd = -1;
      if (addr) {
        fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (fd >= 0 && ::connect(fd, reinterpret_cast<sockaddr*>(&*addr),
                                 sizeof *addr) != 0) {
          ::close(fd);
          fd = -1;
        }
      }
      if (fd >= 0) {
        ever = true;
        backoff_ms = 250;
        AddFd(fd);
        OpenFeed(feed->id());
        SetFeedState(health, "connected");
        std::string buffer;
        char chunk[kReadSize];
        while (!stopping_) {
          ssize_t n = ::read(fd, chunk, sizeof chunk);
          if (n < 0 && errno == EINTR) continue;
          if (n <= 0) break;
          buffer.append(chunk, static_cast<size_t>(n));
          size_t consumed = 0;
          auto lines = SplitLines(buffer, &consumed);
          if (!lines.empty()) {
            auto r = feed->IngestLines(
                lines, std::string_view(buffer).substr(0, consumed), true);
            if (!r) {
              fmt::print(stderr, "truce serve: {}: {}\n", health,
                         r.error().ToString());
            }
          }
          buffer.erase(0, consumed);
        }
        if (!buffer.empty()) {
          std::vector<std::string_view> last{buffer};
          (void)feed->IngestLines(last, buffer, false);
        }
        RemoveFd(fd);
        ::close(fd);
        CloseFeed(feed->id());
        if (stopping_) break;
        SetFeedState(health, "reconnecting");
      }
      // Exponential backoff, 250 ms doubling up to 30 s, in steps that
      // notice Stop.
      for (int64_t waited = 0; waited < backoff_ms && !stopping_;
           waited += 50) {
        ::usleep(50'000);
      }
      backoff_ms = std::min<int64_t>(backoff_ms * 2, 30'000);
    }
    (void)feed->IngestLines({}, "", false, /*finish=*/true);
    SetFeedState(health, "stopped");
  }));
}

void LiveImpl::Stop() {
  {
    std::lock_guard lock(net_mu_);
    if (stopped_) return;
  }
  stopping_ = true;
  {
    std::lock_guard lock(net_mu_);
    for (int fd : net_fds_) ::shutdown(fd, SHUT_RDWR);
  }
  // Threads may start others (a listener, connections): join until none.
  while (true) {
    std::vector<std::thread> threads;
    {
      std::lock_guard lock(net_mu_);
      threads.swap(net_threads_);
      for (int fd : net_fds_) ::shutdown(fd, SHUT_RDWR);
    }
    if (threads.empty()) break;
    for (auto& t : threads) t.join();
  }
  queue_cv_.notify_all();
  if (engine_thread_.joinable()) engine_thread_.join();
  {
    std::lock_guard lock(net_mu_);
    stopped_ = true;
  }
  { std::lock_guard lock(queue_mu_); }
  drained_cv_.notify_all();
  {
    std::lock_guard lock(mu_);
    for (auto& [name, info] : feeds_) info.health.state = "stopped";
  }
}

}  // namespace truce::live
