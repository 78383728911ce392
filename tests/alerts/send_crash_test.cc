// kill -9 of `truce alerts send` mid-delivery, then a restart: everything
// still pending is delivered, nothing is lost, order per endpoint holds;
// duplicates are allowed (at-least-once: receivers dedupe on the CAP
// identifier).
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <nlohmann/json.hpp>
#include <thread>

#include "alerts/cap.h"
#include "alerts/incident_file.h"
#include "alerts/testing/http_server.h"
#include "alerts/testing/subprocess.h"
#include "base/testing/testdata.h"

namespace truce::alerts {
namespace {

using testing::HttpServer;
using testing::Quote;
using testing::Request;
using testing::Shell;
using testing::TempDir;

std::vector<std::string> Ids(const std::vector<Request>& rs,
                             const std::string& path) {
  std::vector<std::string> out;
  for (const auto& r : rs) {
    if (r.path == path) out.push_back(r.identifier);
  }
  return out;
}

TEST(AlertsSend, KillNineThenRestartDeliversEverything) {
  std::string incidents =
      (truce::testing::SourceRoot() / "tests/replay/expected/incidents.ndjson")
          .string();
  // The messages a receiver must get, in order, computed in-process.
  auto revisions = ReadIncidentFile(incidents);
  ASSERT_TRUE(revisions.has_value()) << revisions.error().ToString();
  CapOptions options;
  options.status = CapStatus::kExercise;
  auto messages = BuildCapMessages(*revisions, options);
  ASSERT_TRUE(messages.has_value());
  std::vector<std::string> expected;
  for (const auto& m : *messages) expected.push_back(m.identifier);
  ASSERT_GE(expected.size(), 4u);

  // Each answer takes 200 ms, so that the kill lands mid-delivery.
  HttpServer server([](const std::string&, int) {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    return 200;
  });
  TempDir dir;
  std::string hooks = (dir.path() / "hooks.yaml").string();
  std::ofstream(hooks) << "endpoints:\n"
                       << "  - name: a\n    url: " << server.Url("/a") << "\n"
                       << "  - name: b\n    url: " << server.Url("/b") << "\n"
                       << "    timeout_ms: 5000\n";
  std::string outbox = (dir.path() / "outbox.db").string();
  std::string log = (dir.path() / "first.log").string();

  pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    // Only async-signal-safe calls between fork and exec.
    int fd = open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd >= 0) {
      dup2(fd, 1);
      dup2(fd, 2);
    }
    execl(TRUCE_BIN, TRUCE_BIN, "alerts", "send", incidents.c_str(),
          "--webhooks", hooks.c_str(), "--outbox", outbox.c_str(), "--status",
          "exercise", static_cast<char*>(nullptr));
    _exit(127);
  }
  // Kill once endpoint a has answered two messages.
  server.WaitFor([](const auto& rs) { return Ids(rs, "/a").size() >= 2; });
  ASSERT_EQ(kill(pid, SIGKILL), 0);
  int status = 0;
  ASSERT_EQ(waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFSIGNALED(status))
      << "truce exited before the kill: "
      << truce::testing::ReadFile(log).value_or("");
  auto before = server.Requests();
  ASSERT_LT(Ids(before, "/a").size(), expected.size())
      << "the kill came after every delivery: nothing was tested";

  // The restart enqueues nothing new and delivers what is pending.
  auto second = Shell(std::string(TRUCE_BIN) + " alerts send " +
                      Quote(incidents) + " --webhooks " + Quote(hooks) +
                      " --outbox " + Quote(outbox) + " --status exercise");
  EXPECT_EQ(second.exit_code, 0) << second.out;
  EXPECT_NE(second.out.find("enqueued 0 new deliveries"), std::string::npos)
      << second.out;

  auto all = server.Requests();
  for (std::string path : {"/a", "/b"}) {
    auto got = Ids(all, path);
    // Collapse repeats (a message delivered but not yet marked when killed
    // is sent again): what remains is every message once, in order.
    std::vector<std::string> collapsed;
    for (const auto& id : got) {
      if (collapsed.empty() || collapsed.back() != id) collapsed.push_back(id);
    }
    EXPECT_EQ(collapsed, expected) << path;
    EXPECT_LE(got.size(), expected.size() + 1) << path;  // at most one repeat
  }

  // And the outbox says so.
  auto st = Shell(std::string(TRUCE_BIN) + " alerts status --json --outbox " +
                  Quote(outbox));
  ASSERT_EQ(st.exit_code, 0) << st.out;
  auto j = nlohmann::json::parse(st.out);
  for (std::string name : {"a", "b"}) {
    EXPECT_EQ(j["endpoints"][name]["pending"], 0);
    EXPECT_EQ(j["endpoints"][name]["delivered"], expected.size());
    EXPECT_EQ(j["endpoints"][name]["dead"], 0);
  }
}

TEST(AlertsSend, HooksErrorsAreLocatedAndExitOne) {
  TempDir dir;
  std::string hooks = (dir.path() / "hooks.yaml").string();
  std::ofstream(hooks) << "endpoints:\n  - name: a\n    url: htp://x/\n";
  auto r = Shell(std::string(TRUCE_BIN) +
                 " alerts send /nonexistent.ndjson "
                 "--webhooks " +
                 Quote(hooks) + " --outbox " +
                 Quote((dir.path() / "o.db").string()));
  EXPECT_EQ(r.exit_code, 1) << r.out;
  // Line 3, column 10: the value of url.
  EXPECT_NE(r.out.find(hooks + ":3:10 (endpoints[0].url): "), std::string::npos)
      << r.out;
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "o.db"));
  auto missing = Shell(std::string(TRUCE_BIN) + " alerts status --outbox " +
                       Quote((dir.path() / "none.db").string()));
  EXPECT_EQ(missing.exit_code, 3) << missing.out;
}

}  // namespace
}  // namespace truce::alerts
