// kill -9: a child process posts field reports to a live pipeline and
// reports each acknowledged batch (its number and log index) on a pipe; the
// parent kills it with SIGKILL after a random number of acknowledgements,
// three times over the same data folder. Every acknowledged batch must then
// be in the store (its observation and its batch row) and in the evidence
// log (its batch record), and the pipeline must open again.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>

#include <map>
#include <nlohmann/json.hpp>
#include <random>

#include "ledger/evidence_log.h"
#include "live/live.h"
#include "live_testing.h"
#include "store/store.h"

namespace truce::live {
namespace {

using namespace testing;  // NOLINT

constexpr const char* kHeader =
    "time,time_precision_s,lat,lon,precision_m,event,class,count,party,"
    "source,source_kind,report_id,unit,text\n";

// Report n: ten seconds after the previous one, at a place of its own.
std::string Report(int n) {
  int64_t t = 1750032000 + 10 * int64_t{n};
  return fmt::format(
      "{},0,{:.4f},37.8,100,equipment_sighting,artillery_ge_100mm,1,B,"
      "omm-team-1,monitor,r-{:06d},,crash test\n",
      FormatRfc3339(TimeNs::FromUnixSeconds(t)), 48.0 + 0.001 * n, n);
}

[[noreturn]] void Child(const fs::path& data, int first, int out) {
  auto agreement = LoadExample();
  LiveOptions o;
  o.data_dir = data;
  o.checkpoint_every = DurationNs::Seconds(1);
  auto live = Live::Open(agreement, ExamplePath().string(), o);
  if (!live) {
    fmt::print(stderr, "child: {}\n", live.error().ToString());
    ::_exit(3);
  }
  for (int n = first;; ++n) {
    auto r = (*live)->PostReports("omm", std::string(kHeader) + Report(n));
    if (!r || r->accepted != 1) ::_exit(4);
    std::string ack = fmt::format("{} {}\n", n, r->log_index);
    if (::write(out, ack.data(), ack.size()) != ssize_t(ack.size())) {
      ::_exit(5);
    }
  }
}

TEST(LiveCrash, EveryAcknowledgedBatchSurvivesSigkill) {
  fs::path data = TempDir("truce-live-crash");
  std::mt19937 rng(std::random_device{}());
  std::map<int, uint64_t> acked;  // report number -> batch log index
  int next = 0;
  for (int round = 0; round < 3; ++round) {
    int fds[2];
    ASSERT_EQ(::pipe(fds), 0);
    pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      ::close(fds[0]);
      Child(data, next, fds[1]);
    }
    ::close(fds[1]);
    int want = std::uniform_int_distribution<int>(3, 30)(rng);
    FILE* in = ::fdopen(fds[0], "r");
    int n = 0;
    unsigned long long index = 0;
    int got = 0;
    while (got < want && std::fscanf(in, "%d %llu", &n, &index) == 2) {
      acked[n] = index;
      ++got;
    }
    ASSERT_EQ(got, want) << "the child stopped acknowledging";
    ::kill(pid, SIGKILL);
    // Acknowledgements already in the pipe when the child died count too.
    while (std::fscanf(in, "%d %llu", &n, &index) == 2) acked[n] = index;
    std::fclose(in);
    int status = 0;
    ::waitpid(pid, &status, 0);
    ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
    next = acked.rbegin()->first + 1;
  }
  ASSERT_GE(acked.size(), 9u);

  {
    auto store = store::Store::Open(data);
    ASSERT_TRUE(store) << store.error().ToString();
    auto observations = (*store)->LoadObservations();
    ASSERT_TRUE(observations);
    std::set<int64_t> times;
    for (const auto& o : *observations) times.insert(o.observation.time_ns);
    auto batches = (*store)->LoadBatches();
    ASSERT_TRUE(batches);
    std::set<uint64_t> batch_indexes;
    for (const auto& b : *batches) batch_indexes.insert(b.log_index);
    auto key = ledger::LoadSignerKeyFile(data / "keys" / "truce-serve.key");
    ASSERT_TRUE(key);
    auto log = ledger::EvidenceLog::Open(data / "log", *key);
    ASSERT_TRUE(log) << log.error().ToString();
    for (const auto& [n, index] : acked) {
      int64_t t = (1750032000 + 10 * int64_t{n}) * 1'000'000'000;
      EXPECT_TRUE(times.count(t)) << "report " << n << " is not stored";
      EXPECT_TRUE(batch_indexes.count(index)) << "batch of report " << n;
      auto entry = (*log)->store().Entry(index);
      ASSERT_TRUE(entry) << "report " << n << ": no log entry " << index;
      auto j = nlohmann::json::parse(*entry);
      EXPECT_EQ(j["type"], "batch");
      EXPECT_EQ(j["source"], "omm");
      EXPECT_EQ(j["first"], FormatRfc3339(TimeNs{t}));
    }
  }
  // And the pipeline opens again on what the kills left.
  auto agreement = LoadExample();
  LiveOptions o;
  o.data_dir = data;
  auto live = Live::Open(agreement, ExamplePath().string(), o);
  ASSERT_TRUE(live) << live.error().ToString();
  ASSERT_TRUE((*live)->Finish());
  EXPECT_GE((*live)->Metrics().size(), 1u);
  (*live)->Stop();
  fs::remove_all(data);
}

}  // namespace
}  // namespace truce::live
