#include "ledger/store.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <random>
#include <thread>

#include "ledger/checkpoint.h"
#include "ledger/hash.h"
#include "ledger/merkle_tree.h"
#include "ledger/note.h"
#include "ledger/proof.h"
#include "ledger/temp_dir_for_test.h"

namespace truce::ledger {
namespace {

namespace fs = std::filesystem;

std::string EntryText(std::uint64_t i) {
  return "{\"i\":" + std::to_string(i) + ",\"kind\":\"test-entry-" +
         std::to_string(i) + "\"}";
}

TEST(Store, AppendsDurablyAndMatchesTheInMemoryTree) {
  TempDir dir;
  MerkleTree mem;
  {
    auto store = Store::Open(dir.path(), /*create=*/true);
    ASSERT_TRUE(store) << store.error().ToString();
    EXPECT_EQ((*store)->Size(), 0u);
    EXPECT_EQ((*store)->Root(), EmptyRoot());
    ASSERT_TRUE((*store)->SetOrigin("log.example/test"));
    std::uint64_t next = 0;
    for (int batch = 1; batch <= 12; ++batch) {
      std::vector<std::string> entries;
      for (int j = 0; j < batch; ++j) entries.push_back(EntryText(next + j));
      auto first = (*store)->Append(entries);
      ASSERT_TRUE(first) << first.error().ToString();
      EXPECT_EQ(*first, next);
      for (const auto& e : entries) mem.Append(HashLeaf(e));
      next += batch;
      EXPECT_EQ((*store)->Root(), mem.Root());
    }
  }
  auto store = Store::Open(dir.path(), /*create=*/false);
  ASSERT_TRUE(store) << store.error().ToString();
  const Store& s = **store;
  ASSERT_EQ(s.Size(), mem.Size());
  EXPECT_EQ(s.Root(), mem.Root());
  EXPECT_EQ((*store)->Origin().value(), "log.example/test");
  EXPECT_EQ(s.Entry(41).value(), EntryText(41));
  EXPECT_FALSE(s.Entry(s.Size()));
  for (std::uint64_t size : {1u, 2u, 7u, 33u, 78u}) {
    EXPECT_EQ(RootAt(s, size).value(), RootAt(mem, size).value());
    for (std::uint64_t i : {0ul, size / 2, size - 1}) {
      EXPECT_EQ(InclusionProof(s, i, size).value(),
                InclusionProof(mem, i, size).value());
    }
    EXPECT_EQ(ConsistencyProof(s, size, s.Size()).value(),
              ConsistencyProof(mem, size, mem.Size()).value());
  }
  auto report = s.Fsck();
  ASSERT_TRUE(report);
  EXPECT_TRUE(report->ok())
      << (report->ok() ? "" : report->problems[0].message);
  EXPECT_EQ(report->entries_checked, 78u);
  EXPECT_EQ(report->nodes_checked, 78u - 4u);  // n - popcount(78)
  EXPECT_FALSE(Store::Open(dir.path() / "absent", false));
}

// Subtrees of 256 leaves and more are cached as they are read: proofs from
// the cache, asked again and while the tree keeps growing, still equal the
// in-memory tree's.
TEST(Store, ProofsFromCachedUpperNodesMatchTheInMemoryTree) {
  TempDir dir;
  MerkleTree mem;
  auto store = Store::Open(dir.path(), /*create=*/true);
  ASSERT_TRUE(store) << store.error().ToString();
  std::uint64_t next = 0;
  for (int round = 0; round < 6; ++round) {
    std::vector<std::string> entries;
    for (int j = 0; j < 700; ++j) entries.push_back(EntryText(next + j));
    ASSERT_TRUE((*store)->Append(entries));
    for (const auto& e : entries) mem.Append(HashLeaf(e));
    next += entries.size();
    const Store& s = **store;
    for (int twice = 0; twice < 2; ++twice) {
      for (std::uint64_t size : {next / 3, next / 2 + 1, next}) {
        EXPECT_EQ(RootAt(s, size).value(), RootAt(mem, size).value());
        for (std::uint64_t i : {0ul, 255ul, 256ul, size / 2, size - 1}) {
          if (i >= size) continue;
          EXPECT_EQ(InclusionProof(s, i, size).value(),
                    InclusionProof(mem, i, size).value())
              << "index " << i << " size " << size;
        }
        EXPECT_EQ(ConsistencyProof(s, size, next).value(),
                  ConsistencyProof(mem, size, next).value());
      }
    }
  }
}

TEST(Store, ConcurrentAppendsAreGroupCommitted) {
  TempDir dir;
  auto store = Store::Open(dir.path(), true).value();
  constexpr int kThreads = 4, kPerThread = 40;
  std::vector<std::thread> threads;
  std::vector<std::vector<std::uint64_t>> firsts(kThreads);
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int k = 0; k < kPerThread; ++k) {
        auto first =
            store->Append({"t" + std::to_string(t) + "-" + std::to_string(k)});
        ASSERT_TRUE(first);
        firsts[t].push_back(*first);
      }
    });
  }
  for (auto& th : threads) th.join();
  ASSERT_EQ(store->Size(), std::uint64_t{kThreads * kPerThread});
  // Every acknowledged index holds the entry its thread appended.
  for (int t = 0; t < kThreads; ++t) {
    for (int k = 0; k < kPerThread; ++k) {
      EXPECT_EQ(store->Entry(firsts[t][k]).value(),
                "t" + std::to_string(t) + "-" + std::to_string(k));
    }
  }
  EXPECT_TRUE(store->Fsck().value().ok());
}

// Overwrites one byte of a file in place.
void FlipByteAt(const fs::path& file, std::uint64_t offset) {
  std::fstream f(file, std::ios::in | std::ios::out | std::ios::binary);
  f.seekg(static_cast<std::streamoff>(offset));
  char c;
  f.get(c);
  f.seekp(static_cast<std::streamoff>(offset));
  f.put(static_cast<char>(c ^ 0x20));
}

TEST(Store, FsckNamesTheEntryAFlippedByteHits) {
  TempDir dir;
  {
    auto store = Store::Open(dir.path(), true).value();
    std::vector<std::string> entries;
    for (int i = 0; i < 100; ++i) entries.push_back(EntryText(i));
    ASSERT_TRUE(store->Append(entries));
  }  // closing the last connection checkpoints the WAL into log.db
  const fs::path db = Store::DatabasePath(dir.path());
  std::ifstream in(db, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), {});
  const size_t at = bytes.find("test-entry-57\"");
  ASSERT_NE(at, std::string::npos);
  FlipByteAt(db, at + 5);  // inside entry 57's bytes
  auto store = Store::Open(dir.path(), false).value();
  auto report = store->Fsck();
  ASSERT_TRUE(report) << report.error().ToString();
  ASSERT_FALSE(report->ok());
  // Exactly entry 57 is reported (the flip hits nothing else).
  bool named = false;
  for (const auto& p : report->problems) {
    EXPECT_TRUE(p.first_entry <= 57 && p.last_entry >= 57) << p.message;
    if (p.first_entry == 57 && p.last_entry == 57 &&
        p.message.find("entry 57") != std::string::npos) {
      named = true;
    }
  }
  EXPECT_TRUE(named) << report->problems.front().message;
}

TEST(Store, FsckNamesTheEntriesUnderACorruptNode) {
  TempDir dir;
  {
    auto store = Store::Open(dir.path(), true).value();
    std::vector<std::string> entries;
    for (int i = 0; i < 20; ++i) entries.push_back(EntryText(i));
    ASSERT_TRUE(store->Append(entries));
  }
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(Store::DatabasePath(dir.path()).c_str(), &db),
            SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db,
                         "UPDATE nodes SET hash = zeroblob(32) WHERE level = 2 "
                         "AND idx = 3",
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(db);
  auto store = Store::Open(dir.path(), false).value();
  auto report = store->Fsck().value();
  ASSERT_EQ(report.problems.size(), 1u);
  EXPECT_EQ(report.problems[0].first_entry, 12u);
  EXPECT_EQ(report.problems[0].last_entry, 15u);
}

// The child: appends batches forever, signs a checkpoint after each durable
// append, and reports each acknowledged last index on `ack_fd`.
[[noreturn]] void AppendForever(const fs::path& dir, int ack_fd,
                                unsigned seed) {
  auto store = Store::Open(dir, true);
  if (!store) _exit(2);
  auto key = SignerKeyFromSeed("log.example/crash", kAlgEd25519,
                               std::vector<std::uint8_t>(32, 9));
  if (!key) _exit(3);
  std::mt19937 rng(seed);
  while (true) {
    const std::uint64_t next = (*store)->Size();
    std::vector<std::string> batch;
    const int n = 1 + static_cast<int>(rng() % 16);
    for (int j = 0; j < n; ++j) batch.push_back(EntryText(next + j));
    auto first = (*store)->Append(batch);
    if (!first) _exit(4);
    const std::uint64_t last = *first + n - 1;
    // Acknowledged: durable, so it may be reported and signed.
    if (write(ack_fd, &last, sizeof last) != sizeof last) _exit(5);
    Checkpoint cp{key->name, last + 1, (*store)->Root(), {}};
    auto note = SignCheckpoint(cp, *key);
    if (!note || !(*store)->PutCheckpoint(cp.size, *note)) _exit(6);
  }
}

TEST(Store, SurvivesSigkillAtRandomMoments) {
  TempDir dir;
  std::mt19937 rng(20251129);
  const VerifierKey log_key =
      VerifierFor(SignerKeyFromSeed("log.example/crash", kAlgEd25519,
                                    std::vector<std::uint8_t>(32, 9))
                      .value());
  std::uint64_t max_acked = 0;
  bool any_acked = false;
  constexpr int kKills = 50;
  for (int round = 0; round < kKills; ++round) {
    int fds[2];
    ASSERT_EQ(pipe(fds), 0);
    const pid_t pid = fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      close(fds[0]);
      AppendForever(dir.path(), fds[1], round);
    }
    close(fds[1]);
    std::this_thread::sleep_for(std::chrono::milliseconds(5 + rng() % 60));
    ASSERT_EQ(kill(pid, SIGKILL), 0);
    int status = 0;
    ASSERT_EQ(waitpid(pid, &status, 0), pid);
    ASSERT_TRUE(WIFSIGNALED(status))
        << "child exited early with " << WEXITSTATUS(status);
    std::uint64_t last;
    while (read(fds[0], &last, sizeof last) == sizeof last) {
      max_acked = std::max(max_acked, last);
      any_acked = true;
    }
    close(fds[0]);
    // After the crash: every acknowledged entry is there, intact.
    auto store = Store::Open(dir.path(), false);
    if (!any_acked && !store) continue;  // killed before creating the log
    ASSERT_TRUE(store) << store.error().ToString();
    if (any_acked) {
      ASSERT_GT((*store)->Size(), max_acked) << "round " << round;
      EXPECT_EQ((*store)->Entry(max_acked).value(), EntryText(max_acked));
    }
    // The latest checkpoint verifies and was signed over durable entries.
    auto latest = (*store)->LatestCheckpoint().value();
    if (latest) {
      auto cp = OpenCheckpoint(*latest, log_key);
      ASSERT_TRUE(cp) << cp.error().ToString();
      ASSERT_LE(cp->checkpoint.size, (*store)->Size());
      EXPECT_EQ(RootAt(**store, cp->checkpoint.size).value(),
                cp->checkpoint.root);
    }
    if (round % 10 == 9 || round == kKills - 1) {
      auto report = (*store)->Fsck().value();
      ASSERT_TRUE(report.ok()) << report.problems.front().message;
      for (std::uint64_t i = 0; i < (*store)->Size(); ++i) {
        ASSERT_EQ((*store)->Entry(i).value(), EntryText(i));
      }
    }
  }
  EXPECT_TRUE(any_acked);
}

}  // namespace
}  // namespace truce::ledger
