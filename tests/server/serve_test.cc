// truce serve end to end: a real server process on loopback (port 0), real
// tokens from `truce token create`, real HTTP with cpp-httplib's client and
// raw sockets, the real live pipeline behind it. Each test starts its own
// server and stops it with SIGTERM (a clean exit, status 0, is asserted).
#include <arpa/inet.h>
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <atomic>
#include <condition_variable>
#include <filesystem>
#include <fstream>
#include <functional>
#include <mutex>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "base/testing/testdata.h"
#include "base/time.h"
#include "ledger/cosignature.h"
#include "ledger/note.h"
#include "ledger/store.h"
#include "serve_process.h"
#include "server/openapi_doc.h"
#include "server/routes.h"
#include "server/testing/prometheus_text.h"

namespace truce::server {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using tests::ServeProcess;
using Clock = std::chrono::steady_clock;

constexpr const char* kSecret = "TOP SECRET: outside the dashboard";

// Two monitors report shelling 5 minutes apart: the ceasefire rule opens an
// incident (tests/replay/feeds/reports.csv, first two rows).
constexpr const char* kShelling =
    "time,lat,lon,precision_m,event,source,source_kind,report_id,text\n"
    "2025-06-03T10:00:00Z,48.2,37.0,100,shelling,monitor-1,monitor,r1,heard "
    "shelling\n"
    "2025-06-03T10:05:00Z,48.201,37.001,100,shelling,monitor-2,monitor,r2,"
    "shelling confirmed\n";

std::string UrlEncode(const std::string& s) {
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", c);
      out += buf;
    }
  }
  return out;
}

httplib::Headers Auth(const std::string& token) {
  if (token.empty()) return {};
  return {{"Authorization", "Bearer " + token}};
}

// Checks the JSON error body shape; returns the parsed "error" object.
json ExpectError(const httplib::Result& r, int status,
                 const std::string& code) {
  EXPECT_TRUE(r) << "no response";
  if (!r) return {};
  EXPECT_EQ(r->status, status) << r->body;
  EXPECT_NE(r->get_header_value("Content-Type").find("application/json"),
            std::string::npos);
  json j = json::parse(r->body, nullptr, false);
  EXPECT_FALSE(j.is_discarded()) << r->body;
  if (j.is_discarded()) return {};
  const json& e = j["error"];
  EXPECT_EQ(e["status"], status) << r->body;
  EXPECT_EQ(e["code"], code) << r->body;
  EXPECT_TRUE(e["message"].is_string() && !e["message"].empty()) << r->body;
  EXPECT_TRUE(e["where"].is_string()) << r->body;
  EXPECT_TRUE(e["hint"].is_string() && !e["hint"].empty()) << r->body;
  return e;
}

// Reads /api/stream on its own thread and keeps the events.
class SseReader {
 public:
  struct Event {
    uint64_t id = 0;
    std::string type, data;
  };
  SseReader(int port, httplib::Headers headers,
            std::string path = "/api/stream")
      : client_("127.0.0.1", port) {
    client_.set_read_timeout(60, 0);
    thread_ = std::thread([this, headers, path] {
      auto r = client_.Get(
          path, headers,
          [this](const httplib::Response& res) {
            std::lock_guard lock(mu_);
            status_ = res.status;
            cv_.notify_all();
            return true;
          },
          [this](const char* data, size_t n) {
            std::lock_guard lock(mu_);
            buffer_.append(data, n);
            Parse();
            cv_.notify_all();
            return !stop_;
          });
      std::lock_guard lock(mu_);
      ended_ = true;
      cv_.notify_all();
    });
  }
  ~SseReader() { Stop(); }
  void Stop() {
    stop_ = true;
    client_.stop();
    if (thread_.joinable()) thread_.join();
  }
  // Waits until `pred(events)` holds; false after `timeout`.
  bool WaitFor(const std::function<bool(const std::vector<Event>&)>& pred,
               std::chrono::seconds timeout) {
    std::unique_lock lock(mu_);
    return cv_.wait_for(lock, timeout, [&] { return pred(events_); });
  }
  std::vector<Event> events() {
    std::lock_guard lock(mu_);
    return events_;
  }
  int status() {
    std::unique_lock lock(mu_);
    cv_.wait_for(lock, std::chrono::seconds(30),
                 [&] { return status_ != 0 || ended_; });
    return status_;
  }

 private:
  void Parse() {  // mu_ held
    size_t end;
    while ((end = buffer_.find("\n\n")) != std::string::npos) {
      std::string block = buffer_.substr(0, end);
      buffer_.erase(0, end + 2);
      Event e;
      std::istringstream in(block);
      std::string line;
      bool any = false;
      while (std::getline(in, line)) {
        if (line.rfind("id: ", 0) == 0) e.id = std::stoull(line.substr(4));
        if (line.rfind("event: ", 0) == 0) e.type = line.substr(7), any = true;
        if (line.rfind("data: ", 0) == 0) e.data += line.substr(6);
      }
      if (any) events_.push_back(std::move(e));
    }
  }
  httplib::Client client_;
  std::thread thread_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::string buffer_;
  std::vector<Event> events_;
  int status_ = 0;
  bool ended_ = false;
  std::atomic<bool> stop_{false};
};

// Connects to 127.0.0.1:port; -1 on failure.
int ConnectLoopback(int port, int rcvbuf = 0) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (rcvbuf > 0) setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof rcvbuf);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    close(fd);
    return -1;
  }
  return fd;
}

class ServeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // A server that answers early and closes must fail a write, not kill
    // the test.
    signal(SIGPIPE, SIG_IGN);
    const char* binary = std::getenv("TRUCE_BINARY");
    binary_ = binary ? binary : TRUCE_BINARY_DEFAULT;
    root_ = fs::temp_directory_path() /
            ("truce-serve-test-" + std::to_string(getpid()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root_);
    fs::create_directories(root_ / "web" / "assets");
    std::ofstream(root_ / "web" / "index.html") << "<!doctype html>dashboard";
    std::ofstream(root_ / "web" / "assets" / "app.js") << "console.log(1)";
    std::ofstream(root_ / "secret.txt") << kSecret;
    fs::create_symlink(root_ / "secret.txt", root_ / "web" / "link.txt");
    source_ = truce::testing::SourceRoot();
    // A witness the server trusts.
    witness_ = *ledger::GenerateSignerKey("witness.example/w1",
                                          ledger::kAlgCosignatureV1);
    std::ofstream(root_ / "witnesses.txt")
        << "# trusted witnesses\n"
        << ledger::FormatVerifierKey(ledger::VerifierFor(witness_)) << "\n";
  }

  void TearDown() override {
    if (serve_) {
      EXPECT_EQ(serve_->Stop(SIGTERM), 0) << "truce serve did not stop cleanly";
    }
    serve_.reset();
    fs::remove_all(root_);
  }

  // Starts the server with the example, commitments and witnesses, and
  // makes one token per role.
  void StartServer(std::vector<std::string> extra = {}) {
    serve_ = std::make_unique<ServeProcess>(binary_, root_ / "data");
    // Tokens first: the CLI creates tokens.db; the server reads it live.
    admin_ = serve_->Token("admin", "admin 1");
    monitor_ = serve_->Token("monitor", "field team 3");
    guarantor_ = serve_->Token("guarantor", "guarantor-a desk", "guarantor-a");
    party_a_ = serve_->Token("party", "party A desk", "A");
    ASSERT_FALSE(admin_.empty());
    ASSERT_FALSE(party_a_.empty());
    std::vector<std::string> args = {
        "--agreement",
        (source_ / "examples/ceasefire-2025/agreement.yaml").string(), "--web",
        (root_ / "web").string()};
    if (extra.empty()) {
      extra = {"--commitments",
               (source_ / "examples/ceasefire-2025/commitments.yaml").string(),
               "--witness-keys", (root_ / "witnesses.txt").string()};
    }
    args.insert(args.end(), extra.begin(), extra.end());
    std::string error;
    ASSERT_TRUE(serve_->Start(args, &error)) << error;
    client_ = std::make_unique<httplib::Client>("127.0.0.1", serve_->port());
    client_->set_read_timeout(60, 0);
  }

  httplib::Result Get(const std::string& path, const std::string& token = "") {
    return client_->Get(path, Auth(token));
  }
  httplib::Result Post(const std::string& path, const std::string& body,
                       const std::string& token,
                       const char* type = "application/json") {
    return client_->Post(path, Auth(token), body, type);
  }

  // Posts the shelling reports and waits (up to 120 s) until the
  // ceasefire incident is listed, corroborated by both reports; returns its
  // latest revision.
  // Simulates a day of the example and sends its AIS feeds to the server,
  // each receiver on its own connection; *lines: how many were sent.
  void SendSimulatedDay(uint64_t* lines) {
    auto [status, out] = tests::RunCapture(
        {binary_, "simulate",
         (source_ / "examples/ceasefire-2025/agreement.yaml").string(), "--out",
         (root_ / "sim").string(), "--seed", "7", "--hours", "24"});
    ASSERT_EQ(status, 0) << out;
    std::string ais = serve_->lines().at("ais-tcp");
    int ais_port = std::stoi(ais.substr(ais.rfind(':') + 1));
    *lines = 0;
    for (const auto& f : fs::directory_iterator(root_ / "sim" / "feeds")) {
      if (f.path().extension() != ".nmea") continue;
      auto text = truce::testing::ReadFile(f.path());
      ASSERT_TRUE(text);
      *lines += std::count(text->begin(), text->end(), '\n');
      int fd = ConnectLoopback(ais_port);
      ASSERT_GE(fd, 0);
      size_t sent = 0;
      while (sent < text->size()) {
        ssize_t n = write(fd, text->data() + sent, text->size() - sent);
        ASSERT_GT(n, 0);
        sent += n;
      }
      close(fd);
    }
  }

  json MakeIncident() {
    auto r = Post("/api/reports", kShelling, monitor_, "text/csv");
    EXPECT_TRUE(r && r->status == 200) << (r ? r->body : "no response");
    return WaitForIncident(admin_);
  }
  json WaitForIncident(const std::string& token) {
    auto deadline = Clock::now() + std::chrono::seconds(120);
    while (Clock::now() < deadline) {
      auto r =
          Get("/api/incidents?rule=ceasefire&confidence=corroborated", token);
      if (r && r->status == 200) {
        json j = json::parse(r->body);
        if (!j["incidents"].empty()) return j["incidents"][0];
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
    ADD_FAILURE() << "no ceasefire incident within 120 s";
    return {};
  }
  json Detail(const std::string& id, const std::string& token) {
    auto r = Get("/api/incidents/" + UrlEncode(id), token);
    if (!r || r->status != 200) return {};
    return json::parse(r->body);
  }
  uint64_t CheckpointSize() {
    auto r = Get("/api/checkpoint");
    if (!r || r->status != 200) return 0;
    return json::parse(r->body)["size"].get<uint64_t>();
  }
  // Waits until the latest checkpoint covers log index `index`.
  bool WaitForCheckpointCovering(uint64_t index) {
    auto deadline = Clock::now() + std::chrono::seconds(120);
    while (Clock::now() < deadline) {
      if (CheckpointSize() > index) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
    return false;
  }

  std::string binary_;
  fs::path root_, source_;
  ledger::SignerKey witness_;
  std::unique_ptr<ServeProcess> serve_;
  std::unique_ptr<httplib::Client> client_;
  std::string admin_, monitor_, guarantor_, party_a_;
};

TEST_F(ServeTest, PrintsListenersServesHealthOpenApiAndDashboard) {
  StartServer();
  const auto& lines = serve_->lines_in_order();
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0].rfind("dashboard http://127.0.0.1:", 0), 0u);
  EXPECT_EQ(lines[1].rfind("ais-tcp 127.0.0.1:", 0), 0u);
  EXPECT_EQ(lines[2].rfind("ais-udp 127.0.0.1:", 0), 0u);
  EXPECT_NE(lines[1].substr(lines[1].rfind(':')), ":0");

  auto health = Get("/api/health");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);
  EXPECT_EQ(json::parse(health->body),
            json::parse(R"({"status":"ok","version":"0.1.0",)"
                        R"("agreement":"ceasefire-2025"})"));

  // The served document is the one in docs/api, valid JSON.
  auto doc = Get("/api/openapi.json");
  ASSERT_TRUE(doc && doc->status == 200);
  auto from_file = truce::testing::ReadFile(source_ / "docs/api/openapi.json");
  ASSERT_TRUE(from_file);
  EXPECT_EQ(json::parse(doc->body), json::parse(*from_file));
  EXPECT_EQ(doc->body, std::string(OpenApiDocument()));

  auto index = Get("/");
  ASSERT_TRUE(index && index->status == 200);
  EXPECT_EQ(index->body, "<!doctype html>dashboard");
  EXPECT_NE(index->get_header_value("Content-Type").find("text/html"),
            std::string::npos);
  auto js = Get("/assets/app.js");
  ASSERT_TRUE(js && js->status == 200);
  EXPECT_EQ(js->body, "console.log(1)");

  auto agreement = Get("/api/agreement");
  ASSERT_TRUE(agreement && agreement->status == 200);
  json a = json::parse(agreement->body);
  EXPECT_EQ(a["id"], "ceasefire-2025");
  EXPECT_EQ(a["parties"].size(), 2u);
  EXPECT_FALSE(a["rules"].empty());
  EXPECT_EQ(a["rules"][0]["id"], "ceasefire");
  EXPECT_EQ(a["rules"][0]["clause"], "Art. 1");

  auto zones = Get("/api/zones");
  ASSERT_TRUE(zones && zones->status == 200);
  json z = json::parse(zones->body);
  EXPECT_EQ(z["type"], "FeatureCollection");
  std::set<std::string> kinds;
  for (const auto& f : z["features"]) {
    kinds.insert(f["properties"]["kind"]);
    EXPECT_TRUE(f["properties"].contains("name"));
    EXPECT_TRUE(f["properties"]["rules"].is_array());
    const auto& ring = f["geometry"]["coordinates"][0][0];
    EXPECT_EQ(ring.front(), ring.back()) << "rings are closed";
  }
  EXPECT_TRUE(kinds.contains("zone"));
  EXPECT_TRUE(kinds.contains("withdrawal_band"));
}

// Every route × every role: the roles of the route table get past auth
// (no 401/403); every other role gets 401 without a token, 403 with one.
TEST_F(ServeTest, EveryRouteChecksEveryRole) {
  StartServer();
  std::map<Role, std::string> tokens = {{Role::kPublic, ""},
                                        {Role::kParty, party_a_},
                                        {Role::kGuarantor, guarantor_},
                                        {Role::kMonitor, monitor_},
                                        {Role::kAdmin, admin_}};
  int checked = 0;
  for (const Route& route : Routes()) {
    std::string path(route.path);
    if (auto open = path.find('{'); open != std::string::npos) {
      path.replace(open, path.find('}') - open + 1, "no-such-incident");
    }
    for (const auto& [role, token] : tokens) {
      const bool allowed = Allows(route, role);
      // Allowed calls that would change the server's state for the other
      // checks, or never end, are left to their own tests.
      if (allowed &&
          (route.id == RouteId::kFinish || route.id == RouteId::kStream ||
           route.id == RouteId::kReports ||
           route.id == RouteId::kControlMaps)) {
        continue;
      }
      auto r =
          route.method == "GET" ? Get(path, token) : Post(path, "{}", token);
      ASSERT_TRUE(r) << route.path;
      ++checked;
      if (allowed) {
        EXPECT_NE(r->status, 401) << route.path << " " << Name(role);
        EXPECT_NE(r->status, 403) << route.path << " " << Name(role);
        EXPECT_NE(r->status, 405) << route.path << " " << Name(role);
        EXPECT_LT(r->status, 500) << route.path << " " << r->body;
      } else if (role == Role::kPublic) {
        ExpectError(r, 401, "unauthorized");
      } else {
        auto e = ExpectError(r, 403, "forbidden");
        EXPECT_NE(e["message"].get<std::string>().find(Name(role)),
                  std::string::npos);
      }
    }
  }
  EXPECT_GT(checked, 80);
  // Finish: admin only (checked last: it ends the monitoring period).
  ExpectError(Post("/api/finish", "", monitor_), 403, "forbidden");
  auto fin = Post("/api/finish", "", admin_);
  ASSERT_TRUE(fin);
  EXPECT_EQ(fin->status, 200) << fin->body;
}

TEST_F(ServeTest, TokensAreVerifiedRevocableAndStoredOnlyHashed) {
  StartServer();
  ExpectError(Get("/api/feeds", "truce_" + std::string(64, '0')), 401,
              "unauthorized");
  ExpectError(client_->Get("/api/feeds", {{"Authorization", "Basic eDp5"}}),
              401, "unauthorized");
  // A bad token is refused even where no token is needed.
  ExpectError(Get("/api/health", "nope"), 401, "unauthorized");
  auto ok = Get("/api/feeds", monitor_);
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 200);
  json feeds = json::parse(ok->body);
  ASSERT_TRUE(feeds.is_array());
  EXPECT_EQ(feeds[0]["name"], "ais-tcp");
  EXPECT_EQ(feeds[0]["state"], "listening");

  // Revoked while the server runs: refused at once.
  auto [status, out] =
      tests::RunCapture({binary_, "token", "revoke", "--data",
                         serve_->data().string(), "field team 3"});
  EXPECT_EQ(status, 0) << out;
  ExpectError(Get("/api/feeds", monitor_), 401, "unauthorized");

  // No token appears in any file of the data folder (tokens.db, its WAL).
  for (const auto& t : {admin_, monitor_, guarantor_, party_a_}) {
    ASSERT_EQ(t.size(), 70u);
    for (const auto& e : fs::recursive_directory_iterator(serve_->data())) {
      if (!e.is_regular_file()) continue;
      std::ifstream in(e.path(), std::ios::binary);
      std::stringstream s;
      s << in.rdbuf();
      EXPECT_EQ(s.str().find(t.substr(6)), std::string::npos) << e.path();
    }
  }
}

// A request's headers (and no body) on a raw socket: the server must answer
// from Content-Length alone, without waiting for the body.
std::pair<int, std::string> RawHeadersOnly(int port, const std::string& head) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  timeval tv{30, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    close(fd);
    return {-1, ""};
  }
  (void)!write(fd, head.data(), head.size());
  std::string resp;
  char buf[4096];
  ssize_t n;
  while ((n = read(fd, buf, sizeof buf)) > 0) resp.append(buf, n);
  close(fd);
  int status = resp.size() > 12 ? std::stoi(resp.substr(9, 3)) : -1;
  size_t body = resp.find("\r\n\r\n");
  return {status, body == std::string::npos ? "" : resp.substr(body + 4)};
}

TEST_F(ServeTest, BodiesOverTheRouteLimitAre413) {
  StartServer();
  auto post = [&](const std::string& target, size_t length,
                  const std::string& token) {
    std::string head = "POST " + target +
                       " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: "
                       "text/plain\r\nContent-Length: " +
                       std::to_string(length) + "\r\n";
    if (!token.empty()) head += "Authorization: Bearer " + token + "\r\n";
    return RawHeadersOnly(serve_->port(), head + "\r\n");
  };
  auto expect_413 = [](const std::pair<int, std::string>& r, size_t limit) {
    EXPECT_EQ(r.first, 413) << r.second;
    json j = json::parse(r.second, nullptr, false);
    ASSERT_FALSE(j.is_discarded()) << r.second;
    EXPECT_EQ(j["error"]["status"], 413);
    EXPECT_EQ(j["error"]["code"], "payload_too_large");
    EXPECT_EQ(j["error"]["where"], "body");
    EXPECT_NE(
        j["error"]["message"].get<std::string>().find(std::to_string(limit)),
        std::string::npos)
        << r.second;
  };
  expect_413(post("/api/incidents/x/disputes", 64 * 1024 + 1, party_a_),
             64 * 1024);
  expect_413(post("/api/reports", 8 * 1024 * 1024 + 1, monitor_),
             8 * 1024 * 1024);
  // Control maps take 64 MiB; no token is needed to be refused early.
  expect_413(post("/api/control-maps?name=m.geojson", 64 * 1024 * 1024 + 1, ""),
             64 * 1024 * 1024);
  expect_413(post("/api/checkpoint/cosignatures", 1 << 20, guarantor_),
             64 * 1024);
  // Up to the limit a body is read and judged on its content.
  ExpectError(
      Post("/api/incidents/x/disputes", std::string(64 * 1024, ' '), party_a_),
      400, "invalid_input");
  auto ok = Post("/api/reports",
                 std::string(kShelling) + std::string(1024 * 1024, '\n'),
                 monitor_, "text/csv");
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 200) << ok->body;
}

TEST_F(ServeTest, RateLimitAnswers429WithRetryAfter) {
  StartServer({"--rate", "0.2", "--burst", "3"});
  for (int i = 0; i < 3; ++i) {
    auto r = Get("/api/health", monitor_);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200) << i;
  }
  auto limited = Get("/api/health", monitor_);
  ExpectError(limited, 429, "rate_limited");
  ASSERT_TRUE(limited);
  int retry = std::stoi(limited->get_header_value("Retry-After", 0));
  EXPECT_GE(retry, 1);
  EXPECT_LE(retry, 5);
  // Another token has its own bucket; the public shares one per IP.
  EXPECT_EQ(Get("/api/health", admin_)->status, 200);
  for (int i = 0; i < 3; ++i) EXPECT_EQ(Get("/api/health")->status, 200);
  ExpectError(Get("/api/health"), 429, "rate_limited");
  // Without --commitments, coverage says how to get it.
  auto e = ExpectError(Get("/api/coverage", guarantor_), 404, "not_found");
  EXPECT_NE(e["hint"].get<std::string>().find("--commitments"),
            std::string::npos);
}

// Raw requests, so no client library normalises the path first.
std::pair<int, std::string> RawGet(int port, const std::string& target) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    close(fd);
    return {-1, ""};
  }
  std::string req = "GET " + target +
                    " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
  (void)!write(fd, req.data(), req.size());
  std::string resp;
  char buf[4096];
  ssize_t n;
  while ((n = read(fd, buf, sizeof buf)) > 0) resp.append(buf, n);
  close(fd);
  int status = resp.size() > 12 ? std::stoi(resp.substr(9, 3)) : -1;
  return {status, resp};
}

TEST_F(ServeTest, NothingOutsideTheDashboardFolderCanBeRead) {
  StartServer();
  for (const char* target :
       {"/../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E/secret.txt",
        "/assets/../../secret.txt", "/assets/%2e%2e/%2e%2e/secret.txt",
        "/..%2fsecret.txt", "/%2e%2e%2fsecret.txt",
        "/assets/..%5c..%5csecret.txt", "/link.txt", "/.%2e/secret.txt",
        "/%252e%252e/secret.txt", "//../secret.txt",
        "/assets/./../../secret.txt", "/%00/../secret.txt",
        "/../data/tokens.db", "/../../../../../../etc/passwd"}) {
    auto [status, resp] = RawGet(serve_->port(), target);
    EXPECT_EQ(resp.find("TOP SECRET"), std::string::npos) << target;
    EXPECT_EQ(resp.find("root:"), std::string::npos) << target;
    EXPECT_TRUE(status == 404 || status == 400) << target << " " << status;
  }
  auto [status, resp] = RawGet(serve_->port(), "/assets/app.js");
  EXPECT_EQ(status, 200);
  EXPECT_NE(resp.find("console.log(1)"), std::string::npos);
}

TEST_F(ServeTest, ErrorsSayWhatWhereAndHow) {
  StartServer();
  EXPECT_EQ(ExpectError(Get("/api/incidents?since=yesterday", monitor_), 400,
                        "invalid_input")["where"],
            "since");
  EXPECT_EQ(
      ExpectError(Get("/api/incidents?limit=0"), 400, "invalid_input")["where"],
      "limit");
  EXPECT_EQ(ExpectError(Get("/api/incidents?confidence=high"), 400,
                        "invalid_input")["where"],
            "confidence");
  EXPECT_EQ(ExpectError(Get("/api/tracks?since=2025-13-01T00:00:00Z", monitor_),
                        400, "invalid_input")["where"],
            "since");
  // A JSON syntax error is located by line and column.
  EXPECT_EQ(ExpectError(Post("/api/incidents/x/disputes", "{\n  \"reason\": }",
                             party_a_),
                        400, "invalid_input")["where"],
            "2:13");
  EXPECT_EQ(ExpectError(Post("/api/incidents/x/disputes", "{}", party_a_), 400,
                        "invalid_input")["where"],
            "reason");
  ExpectError(
      Post("/api/incidents/no-such/disputes", R"({"reason":"r"})", party_a_),
      404, "not_found");
  ExpectError(Get("/api/incidents/no-such-incident", admin_), 404, "not_found");
  EXPECT_EQ(
      ExpectError(Post("/api/control-maps?name=../x.geojson", "{}", monitor_),
                  400, "invalid_input")["where"],
      "name");
  auto put = client_->Put("/api/health", "", "text/plain");
  ExpectError(put, 405, "method_not_allowed");
  EXPECT_EQ(put->get_header_value("Allow"), "GET");
  ExpectError(Get("/api/nope"), 404, "not_found");
  ExpectError(Post("/api/nope", "{}", admin_), 404, "not_found");
  // A bad report line is a reject with its line, not a failed request.
  auto r =
      Post("/api/reports", "time,lat,lon,event\nyesterday,48.2,37.0,shelling\n",
           monitor_, "text/csv");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200) << r->body;
  json j = json::parse(r->body);
  EXPECT_EQ(j["records"], 1);
  EXPECT_EQ(j["quarantined"], 1);
  EXPECT_EQ(j["rejects"][0]["line"], 2);
  EXPECT_NE(j["rejects"][0]["reason"].get<std::string>().find("bad_time"),
            std::string::npos);
}

TEST_F(ServeTest, StreamDeliversAPostedIncidentAndResumes) {
  StartServer();
  SseReader reader(serve_->port(), Auth(admin_));
  ASSERT_EQ(reader.status(), 200);
  auto is_incident = [](const SseReader::Event& e) {
    return e.type == "incident" &&
           e.data.find("\"rule\":\"ceasefire\"") != std::string::npos;
  };
  auto r = Post("/api/reports", kShelling, monitor_, "text/csv");
  ASSERT_TRUE(r && r->status == 200) << (r ? r->body : "");
  ASSERT_TRUE(reader.WaitFor(
      [&](const auto& events) {
        return std::any_of(events.begin(), events.end(), is_incident);
      },
      std::chrono::seconds(120)));
  auto events = reader.events();
  reader.Stop();
  auto it = std::find_if(events.begin(), events.end(), is_incident);
  json incident = json::parse(it->data);
  EXPECT_EQ(incident["type"], "incident");
  EXPECT_EQ(incident["status"], "open");
  EXPECT_EQ(incident["revision"], 1);
  EXPECT_EQ(incident["sources"][0], "monitor-1");
  // Ids increase by one per event.
  for (size_t i = 1; i < events.size(); ++i) {
    EXPECT_EQ(events[i].id, events[i - 1].id + 1);
  }

  // Resume after the event before it: the incident comes first again.
  SseReader resumed(serve_->port(),
                    {{"Authorization", "Bearer " + admin_},
                     {"Last-Event-ID", std::to_string(it->id - 1)}});
  ASSERT_TRUE(resumed.WaitFor([](const auto& e) { return !e.empty(); },
                              std::chrono::seconds(60)));
  auto again = resumed.events();
  EXPECT_EQ(again[0].id, it->id);
  EXPECT_EQ(again[0].data, it->data);
  resumed.Stop();
  // ?after= does the same for clients that cannot set headers.
  SseReader after(serve_->port(), Auth(admin_),
                  "/api/stream?after=" + std::to_string(it->id - 1));
  ASSERT_TRUE(after.WaitFor([](const auto& e) { return !e.empty(); },
                            std::chrono::seconds(60)));
  EXPECT_EQ(after.events()[0].id, it->id);
  after.Stop();
  ExpectError(client_->Get("/api/stream", {{"Last-Event-ID", "x"}}), 400,
              "invalid_input");
}

TEST_F(ServeTest, DisputeAppendsARevisionThatIsLoggedAndProven) {
  StartServer();
  json incident = MakeIncident();
  ASSERT_FALSE(incident.empty());
  std::string id = incident["id"];
  std::string path = "/api/incidents/" + UrlEncode(id) + "/disputes";
  ExpectError(Post(path, R"({"reason":"x"})", ""), 401, "unauthorized");
  ExpectError(Post(path, R"({"reason":"x"})", monitor_), 403, "forbidden");
  // Published means covered by a checkpoint: wait for one, so that the
  // dispute below starts a fresh checkpoint interval (5 s).
  ASSERT_TRUE(WaitForCheckpointCovering(
      Detail(id, admin_)["log"].back()["index"].get<uint64_t>()));
  SseReader public_stream(serve_->port(), {});
  ASSERT_EQ(public_stream.status(), 200);
  auto r = Post(path, R"({"reason":"our artillery was not there"})", party_a_);
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 201) << r->body;
  json disputed = json::parse(r->body);
  EXPECT_EQ(disputed["status"], "disputed");
  EXPECT_EQ(disputed["id"], id);
  int revision = disputed["revision"];
  EXPECT_GE(revision, 2);

  json detail = Detail(id, admin_);
  ASSERT_FALSE(detail.empty());
  EXPECT_EQ(detail["incident"], disputed);
  ASSERT_EQ(detail["revisions"].size(), static_cast<size_t>(revision));
  ASSERT_EQ(detail["log"].size(), static_cast<size_t>(revision));
  // Never an edit: the earlier revisions are unchanged.
  EXPECT_EQ(detail["revisions"][0]["status"], "open");
  uint64_t index = detail["log"].back()["index"];

  // Until a checkpoint covers the disputed revision the public sees the
  // incident as it was, on the API and on the stream (streamed to the admin
  // at once; give it time to reach the public reader too).
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  json public_now = Detail(id, "");
  bool public_streamed = false;
  for (const auto& e : public_stream.events()) {
    if (e.type == "incident" &&
        e.data.find("\"disputed\"") != std::string::npos) {
      public_streamed = true;
    }
  }
  if (CheckpointSize() <= index) {
    EXPECT_FALSE(public_streamed);
    ASSERT_FALSE(public_now.empty());
    EXPECT_NE(public_now["incident"]["status"], "disputed");
    EXPECT_EQ(public_now["revisions"].size(),
              static_cast<size_t>(revision - 1));
    EXPECT_TRUE(public_now["proof"].is_null());
  }
  // Once the checkpoint comes, the public stream carries the revision.
  EXPECT_TRUE(public_stream.WaitFor(
      [](const auto& events) {
        return std::any_of(events.begin(), events.end(), [](const auto& e) {
          return e.type == "incident" &&
                 e.data.find("\"disputed\"") != std::string::npos;
        });
      },
      std::chrono::seconds(120)));
  public_stream.Stop();

  // The revision is the log's entry at that index, byte for byte.
  auto store = ledger::Store::Open(serve_->data() / "log", false);
  ASSERT_TRUE(store) << store.error().ToString();
  auto entry = (*store)->Entry(index);
  ASSERT_TRUE(entry) << entry.error().ToString();
  EXPECT_EQ(*entry, r->body);
  store->reset();

  // Once a checkpoint covers it, the proof bundle verifies.
  ASSERT_TRUE(WaitForCheckpointCovering(index));
  detail = Detail(id, admin_);
  ASSERT_TRUE(detail["proof"].is_object()) << detail.dump();
  EXPECT_EQ(detail["proof"]["verified"], true);
  EXPECT_EQ(detail["proof"]["bundle"].get<std::string>().rfind(
                "c2sp.org/tlog-proof@v1\n", 0),
            0u);
  // The public sees the disputed revision now that it is published.
  json pub = Detail(id, "");
  ASSERT_FALSE(pub.empty());
  EXPECT_EQ(pub["incident"]["status"], "disputed");
}

TEST_F(ServeTest, PublicSeesOnlyPublishedIncidents) {
  StartServer();
  SseReader public_stream(serve_->port(), {});
  ASSERT_EQ(public_stream.status(), 200);
  SseReader admin_stream(serve_->port(), Auth(admin_));
  json incident = MakeIncident();
  ASSERT_FALSE(incident.empty());
  std::string id = incident["id"];
  json admin_detail = Detail(id, admin_);
  uint64_t index = admin_detail["log"][0]["index"];

  // Public reads agree with the checkpoint read after them.
  json pub_list = json::parse(Get("/api/incidents")->body);
  json pub_detail = Detail(id, "");
  uint64_t size_after = CheckpointSize();
  if (!pub_list["incidents"].empty()) {
    EXPECT_GT(size_after, index);
  }
  if (!pub_detail.empty()) {
    EXPECT_GT(size_after, index);
  }
  if (size_after <= index) {
    EXPECT_TRUE(pub_list["incidents"].empty());
    EXPECT_TRUE(pub_detail.empty());
  }

  // On the public stream the incident comes, and only right before a
  // checkpoint that covers its log index; no tracks or feeds ever.
  ASSERT_TRUE(public_stream.WaitFor(
      [&](const auto& events) {
        for (size_t i = 0; i + 1 < events.size(); ++i) {
          if (events[i].type == "incident") return true;
        }
        return false;
      },
      std::chrono::seconds(120)));
  auto events = public_stream.events();
  bool seen = false;
  for (size_t i = 0; i < events.size(); ++i) {
    EXPECT_TRUE(events[i].type == "incident" || events[i].type == "checkpoint")
        << events[i].type;
    if (events[i].type != "incident") continue;
    seen = true;
    size_t j = i;
    while (j < events.size() && events[j].type == "incident") ++j;
    ASSERT_LT(j, events.size());
    ASSERT_EQ(events[j].type, "checkpoint");
    json e = json::parse(events[i].data);
    json d = Detail(e["id"], admin_);
    uint64_t rev_index = d["log"][e["revision"].get<int>() - 1]["index"];
    EXPECT_GT(json::parse(events[j].data)["size"].get<uint64_t>(), rev_index);
  }
  EXPECT_TRUE(seen);
  // The admin stream got the same revision without waiting for anything,
  // and tracks or feed events are among what it may see.
  ASSERT_TRUE(admin_stream.WaitFor(
      [](const auto& events) {
        return std::any_of(events.begin(), events.end(),
                           [](const auto& e) { return e.type == "incident"; });
      },
      std::chrono::seconds(60)));
  public_stream.Stop();
  admin_stream.Stop();
  ASSERT_TRUE(WaitForCheckpointCovering(index));
  json listed = json::parse(Get("/api/incidents")->body);
  ASSERT_FALSE(listed["incidents"].empty());
  EXPECT_EQ(listed["incidents"][0]["id"], id);
  ExpectError(Get("/api/tracks"), 401, "unauthorized");
  ExpectError(Get("/api/feeds"), 401, "unauthorized");
}

TEST_F(ServeTest, MetricsAreValidPrometheusText) {
  StartServer();
  Get("/api/health");
  Get("/api/incidents?limit=0");
  auto r = Get("/metrics", monitor_);
  ASSERT_TRUE(r && r->status == 200);
  EXPECT_NE(r->get_header_value("Content-Type").find("text/plain"),
            std::string::npos);
  EXPECT_EQ(testing::PrometheusTextProblems(r->body), "") << r->body;
  EXPECT_NE(r->body.find("truce_http_requests_total{route=\"/api/health\","
                         "method=\"GET\",status=\"200\"} 1\n"),
            std::string::npos)
      << r->body;
  EXPECT_NE(r->body.find("status=\"400\""), std::string::npos);
  EXPECT_NE(r->body.find("\ntruce_log_size "), std::string::npos);
  ExpectError(Get("/metrics"), 401, "unauthorized");
}

TEST_F(ServeTest, CosignaturesAreVerifiedThenServed) {
  StartServer();
  json incident = MakeIncident();
  ASSERT_FALSE(incident.empty());
  ASSERT_TRUE(WaitForCheckpointCovering(0));
  json cp = json::parse(Get("/api/checkpoint")->body);
  EXPECT_EQ(cp["origin"], "truce-serve");
  std::string note = cp["note"];
  std::string text = note.substr(0, note.find("\n\n") + 1);
  auto sig = ledger::Cosign(witness_, text, 1750000000);
  ASSERT_TRUE(sig);
  std::string cosigned = note + sig->Line();

  ExpectError(
      Post("/api/checkpoint/cosignatures", cosigned, party_a_, "text/plain"),
      403, "forbidden");
  // A flipped byte in the signature: refused.
  auto bad = *sig;
  bad.signature[20] ^= 1;
  ExpectError(Post("/api/checkpoint/cosignatures", note + bad.Line(),
                   guarantor_, "text/plain"),
              400, "verification_failed");
  // A witness the server does not trust: refused.
  auto stranger = *ledger::GenerateSignerKey("witness.example/w1",
                                             ledger::kAlgCosignatureV1);
  auto other = ledger::Cosign(stranger, text, 1750000000);
  ExpectError(Post("/api/checkpoint/cosignatures", note + other->Line(),
                   guarantor_, "text/plain"),
              400, "verification_failed");
  // A checkpoint this log did not sign: refused.
  std::string forged =
      "truce-serve\n1\n" + text.substr(text.find('\n', 12) + 1);
  ExpectError(Post("/api/checkpoint/cosignatures",
                   forged + "\n" + ledger::Cosign(witness_, forged, 1)->Line(),
                   guarantor_, "text/plain"),
              400, "verification_failed");

  auto r =
      Post("/api/checkpoint/cosignatures", cosigned, guarantor_, "text/plain");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 201) << r->body;
  uint64_t size = cp["size"];
  EXPECT_EQ(json::parse(r->body)["stored"][0]["size"], size);
  // Served with the checkpoint while it is the latest: the note verifies
  // with the witness key alone.
  json now = json::parse(Get("/api/checkpoint")->body);
  if (now["size"] == size) {
    ASSERT_EQ(now["cosignatures"].size(), 1u);
    EXPECT_EQ(now["cosignatures"][0]["name"], "witness.example/w1");
    std::vector<ledger::VerifierKey> keys = {ledger::VerifierFor(witness_)};
    EXPECT_TRUE(ledger::OpenNote(
        now["cosignatures"][0]["note"].get<std::string>(), keys));
  }
  // The bare line for the latest checkpoint (retried if a new checkpoint
  // was signed between reading and posting it).
  bool stored = false;
  for (int attempt = 0; attempt < 3 && !stored; ++attempt) {
    json latest = json::parse(Get("/api/checkpoint")->body);
    std::string n = latest["note"];
    std::string t = n.substr(0, n.find("\n\n") + 1);
    auto line = ledger::Cosign(witness_, t, 1750000001)->Line();
    auto p =
        Post("/api/checkpoint/cosignatures", line, guarantor_, "text/plain");
    stored = p && p->status == 201;
  }
  EXPECT_TRUE(stored);
  ExpectError(
      Post("/api/checkpoint/cosignatures", "hello", guarantor_, "text/plain"),
      400, "invalid_input");
}

TEST_F(ServeTest, CoverageObligationsAcksAndTerritory) {
  StartServer();
  auto cov = Get("/api/coverage", guarantor_);
  ASSERT_TRUE(cov && cov->status == 200);
  json c = json::parse(cov->body);
  ASSERT_FALSE(c["requirements"].empty());
  EXPECT_EQ(c["guarantors"].size(), 4u);
  for (const auto& r : c["requirements"]) {
    EXPECT_GE(r["share_covered"].get<double>(), 0);
    EXPECT_LE(r["share_covered"].get<double>(), 1);
  }

  json incident = MakeIncident();
  ASSERT_FALSE(incident.empty());
  std::string id = incident["id"];
  std::string path = "/api/obligations/" + UrlEncode(id) + "/acks";
  ExpectError(
      Post(path, R"({"guarantor":"guarantor-a","action":"acknowledge"})",
           party_a_),
      403, "forbidden");
  ExpectError(
      Post(path, R"({"guarantor":"nobody","action":"acknowledge"})", admin_),
      400, "invalid_input");
  ExpectError(
      Post(path, R"({"guarantor":"guarantor-a","action":"pray"})", guarantor_),
      400, "invalid_input");
  // A guarantor answers for itself only, and cannot date its answer.
  ExpectError(
      Post(path, R"({"guarantor":"guarantor-b","action":"acknowledge"})",
           guarantor_),
      403, "forbidden");
  ExpectError(Post(path,
                   R"({"guarantor":"guarantor-a","action":"acknowledge",)"
                   R"("time":"2025-06-03T11:00:00Z"})",
                   guarantor_),
              403, "forbidden");
  auto now_ack = Post(path, R"({"guarantor":"guarantor-a","action":"notify"})",
                      guarantor_);
  ASSERT_TRUE(now_ack);
  ASSERT_EQ(now_ack->status, 201) << now_ack->body;
  // Dated by the server on arrival (this year, not the scenario's 2025).
  auto dated = truce::ParseRfc3339(
      json::parse(now_ack->body)["time"].get<std::string>());
  ASSERT_TRUE(dated.has_value());
  EXPECT_GT(dated->ns_since_epoch,
            truce::ParseRfc3339("2026-01-01T00:00:00Z")->ns_since_epoch);
  // An admin records an answer given elsewhere, with its time.
  auto ack = Post(path,
                  R"({"guarantor":"guarantor-a","action":"acknowledge",)"
                  R"("time":"2025-06-03T11:00:00Z","note":"seen"})",
                  admin_);
  ASSERT_TRUE(ack);
  ASSERT_EQ(ack->status, 201) << ack->body;
  EXPECT_EQ(json::parse(ack->body)["guarantor"], "guarantor-a");

  auto ob = Get("/api/obligations", party_a_);
  ASSERT_TRUE(ob && ob->status == 200);
  json o = json::parse(ob->body);
  bool acknowledged = false, open_for_b = false;
  for (const auto& x : o["obligations"]) {
    if (x["incident"] != id) continue;
    if (x["guarantor"] == "guarantor-a" && x["action"] == "acknowledge") {
      acknowledged = x["state"] == "acknowledged" && x["late"] == false;
    }
    if (x["guarantor"] == "guarantor-b")
      open_for_b = x["state"] != "acknowledged";
  }
  EXPECT_TRUE(acknowledged) << o.dump();
  EXPECT_TRUE(open_for_b) << o.dump();

  // Territory: the baseline, then a posted control map.
  json s0 = json::parse(Get("/api/territory/series", monitor_)->body);
  ASSERT_EQ(s0["dates"].size(), 1u);
  auto map = truce::testing::ReadFile(
      source_ / "tests/replay/feeds/control-2025-06-10.geojson");
  ASSERT_TRUE(map);
  auto posted = Post("/api/control-maps?name=control-2025-06-10.geojson", *map,
                     monitor_, "application/geo+json");
  ASSERT_TRUE(posted);
  ASSERT_EQ(posted->status, 200) << posted->body;
  json s1 = json::parse(Get("/api/territory/series", monitor_)->body);
  ASSERT_EQ(s1["dates"].size(), 2u) << s1.dump();
  EXPECT_EQ(s1["dates"][1], "2025-06-10");
  for (const auto& [party, areas] : s1["parties"].items()) {
    ASSERT_EQ(areas.size(), 2u);
    EXPECT_GT(areas[0].get<double>(), 0) << party;
  }
}

TEST_F(ServeTest, ABusyPortIsAnErrorNotShared) {
  StartServer();
  auto [status, out] = tests::RunCapture(
      {"/usr/bin/timeout", "120", binary_, "serve", "--agreement",
       (source_ / "examples/ceasefire-2025/agreement.yaml").string(), "--data",
       (root_ / "data2").string(), "--listen",
       "127.0.0.1:" + std::to_string(serve_->port()), "--ais-tcp", "off"});
  EXPECT_EQ(status, 7) << out;  // unavailable, as documented
  EXPECT_TRUE(Get("/api/health"));
}

double MetricValue(const std::string& text, const std::string& name) {
  size_t at = text.find("\n" + name + " ");
  if (at == std::string::npos) return -1;
  return std::stod(text.substr(at + name.size() + 2));
}

// A stream client that stops reading is cut off once its queue overflows,
// counted, and released; the engine and the API go on meanwhile.
TEST_F(ServeTest, ASlowStreamClientIsCutOffNotWaitedFor) {
  StartServer();
  // The slow client: a tiny receive buffer, and it never reads after the
  // first bytes.
  int slow = ConnectLoopback(serve_->port(), 4096);
  ASSERT_GE(slow, 0);
  std::string req =
      "GET /api/stream HTTP/1.1\r\nHost: 127.0.0.1\r\n"
      "Authorization: Bearer " +
      admin_ + "\r\n\r\n";
  ASSERT_EQ(write(slow, req.data(), req.size()),
            static_cast<ssize_t>(req.size()));
  char first[64];
  ASSERT_GT(read(slow, first, sizeof first), 0);
  // Tens of thousands of AIS lines (each receiver on its own connection)
  // make track events far faster than nobody reads them.
  uint64_t lines = 0;
  ASSERT_NO_FATAL_FAILURE(SendSimulatedDay(&lines));
  EXPECT_GT(lines, 20000u);
  double cut = 0, clients = -1;
  auto deadline = Clock::now() + std::chrono::seconds(120);
  while (Clock::now() < deadline) {
    auto m = Get("/metrics", monitor_);
    ASSERT_TRUE(m && m->status == 200);
    cut = MetricValue(m->body, "truce_stream_cut_off_total");
    clients = MetricValue(m->body, "truce_stream_clients");
    if (cut >= 1 && clients == 0) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(250));
  }
  EXPECT_EQ(cut, 1);
  EXPECT_EQ(clients, 0);
  close(slow);
  // The pipeline kept going: the feeds counted the lines, none dropped.
  json feeds = json::parse(Get("/api/feeds", monitor_)->body);
  uint64_t messages = 0, dropped = 0;
  for (const auto& f : feeds) {
    messages += f["messages"].get<uint64_t>();
    dropped += f["dropped"].get<uint64_t>();
  }
  EXPECT_GT(messages, 20000u);
  EXPECT_EQ(dropped, 0u);
}

// A client that connects (or resumes) while the kept history holds more
// events than a client may fall behind live gets the whole history, not a
// cut-off on its own replay and again on every reconnect.
TEST_F(ServeTest, AClientReplayingTheKeptHistoryIsNotCutOff) {
  StartServer();
  uint64_t lines = 0;
  ASSERT_NO_FATAL_FAILURE(SendSimulatedDay(&lines));
  // Wait until the feeds have read every line.
  auto deadline = Clock::now() + std::chrono::seconds(120);
  uint64_t messages = 0;
  while (Clock::now() < deadline && messages < lines) {
    messages = 0;
    for (const auto& f : json::parse(Get("/api/feeds", monitor_)->body)) {
      messages += f["messages"].get<uint64_t>();
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(250));
  }
  ASSERT_GE(messages, lines);
  SseReader reader(serve_->port(), {{"Authorization", "Bearer " + admin_}},
                   "/api/stream?after=0");
  ASSERT_EQ(reader.status(), 200);
  // More than the 4,096 events a client may fall behind live.
  bool got = reader.WaitFor(
      [](const std::vector<SseReader::Event>& e) { return e.size() > 5000; },
      std::chrono::seconds(120));
  auto events = reader.events();
  EXPECT_TRUE(got) << events.size() << " events";
  for (const auto& e : events) {
    ASSERT_NE(e.type, "error") << e.data;
  }
  auto m = Get("/metrics", monitor_);
  ASSERT_TRUE(m && m->status == 200);
  EXPECT_EQ(MetricValue(m->body, "truce_stream_cut_off_total"), 0);
}

// A webhook receiver on loopback: answers `status` and keeps the bodies.
class Receiver {
 public:
  explicit Receiver(int status) {
    server_.Post("/cap", [this, status](const httplib::Request& req,
                                        httplib::Response& res) {
      std::lock_guard lock(mu_);
      bodies_.push_back(req.body);
      res.status = status;
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
  }
  ~Receiver() {
    server_.stop();
    thread_.join();
  }
  int port() const { return port_; }
  std::vector<std::string> bodies() {
    std::lock_guard lock(mu_);
    return bodies_;
  }

 private:
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
  std::mutex mu_;
  std::vector<std::string> bodies_;
};

TEST_F(ServeTest, WebhooksGetACapAlertForANewIncident) {
  Receiver receiver(200);
  fs::path hooks = root_ / "hooks.yaml";
  std::ofstream(hooks) << fmt::format(
      "endpoints:\n  - name: desk\n    url: http://127.0.0.1:{}/cap\n"
      "    backoff_ms: 100\n",
      receiver.port());
  StartServer({"--webhooks", hooks.string()});
  json incident = MakeIncident();
  ASSERT_FALSE(incident.empty());
  std::string id = incident["id"];
  std::string alert;
  auto deadline = Clock::now() + std::chrono::seconds(120);
  while (Clock::now() < deadline && alert.empty()) {
    for (const auto& b : receiver.bodies()) {
      if (b.find("<msgType>Alert</msgType>") != std::string::npos &&
          b.find("<value>" + id + "</value>") != std::string::npos) {
        alert = b;
      }
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ASSERT_FALSE(alert.empty()) << receiver.bodies().size() << " bodies";
  EXPECT_NE(alert.find("urn:oasis:names:tc:emergency:cap:1.2"),
            std::string::npos);
  EXPECT_NE(alert.find("<status>Actual</status>"), std::string::npos);
  EXPECT_NE(alert.find("evidenceLogLeafHash"), std::string::npos);
  // The outbox is durable, in the data folder, and says it was delivered.
  auto [status, out] =
      tests::RunCapture({binary_, "alerts", "status", "--outbox",
                         (root_ / "data" / "outbox.db").string()});
  EXPECT_EQ(status, 0) << out;
  EXPECT_NE(out.find("desk"), std::string::npos) << out;
  EXPECT_EQ(serve_->Stop(SIGTERM), 0);
  serve_.reset();
}

// An endpoint that keeps failing, with an hour between retries, must not
// hold up a stop: the wait is cut short, and the message stays pending in
// the outbox for the next start.
TEST_F(ServeTest, AFailingWebhookDoesNotHoldUpTheStop) {
  Receiver receiver(503);
  fs::path hooks = root_ / "hooks.yaml";
  std::ofstream(hooks) << fmt::format(
      "endpoints:\n  - name: down\n    url: http://127.0.0.1:{}/cap\n"
      "    backoff_ms: 3600000\n",
      receiver.port());
  StartServer({"--webhooks", hooks.string()});
  ASSERT_FALSE(MakeIncident().empty());
  auto deadline = Clock::now() + std::chrono::seconds(120);
  while (Clock::now() < deadline && receiver.bodies().empty()) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ASSERT_FALSE(receiver.bodies().empty());
  // Stop() reports -2 if the process is still running after 120 s.
  EXPECT_EQ(serve_->Stop(SIGTERM), 0);
  serve_.reset();
  auto [status, out] =
      tests::RunCapture({binary_, "alerts", "status", "--outbox",
                         (root_ / "data" / "outbox.db").string()});
  EXPECT_NE(out.find("pending"), std::string::npos) << out;
}

// hooks.yaml errors are reported, located, before anything starts.
TEST_F(ServeTest, ABrokenHooksFileIsRefusedWithItsErrors) {
  fs::path hooks = root_ / "hooks.yaml";
  std::ofstream(hooks) << "endpoints:\n  - name: x\n    url: ftp://nowhere\n";
  // The errors go to stderr: read both.
  std::string cmd = fmt::format(
      "'{}' serve --agreement '{}' --data '{}' --listen 127.0.0.1:0 "
      "--ais-tcp 127.0.0.1:0 --webhooks '{}' 2>&1",
      binary_, (source_ / "examples/ceasefire-2025/agreement.yaml").string(),
      (root_ / "data").string(), hooks.string());
  auto [status, out] = tests::RunCapture({"/bin/sh", "-c", cmd});
  EXPECT_EQ(status, 1) << out;
  EXPECT_NE(out.find("hooks.yaml:3:"), std::string::npos) << out;
}

TEST_F(ServeTest, SigintAlsoStopsCleanly) {
  StartServer();
  ASSERT_TRUE(Get("/api/health"));
  EXPECT_EQ(serve_->Stop(SIGINT), 0);
  serve_.reset();
}

}  // namespace
}  // namespace truce::server
