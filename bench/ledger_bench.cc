// The evidence log's benchmark (src/ledger): durable appends with group
// commit, proof generation at 10 million leaves, checkpoint signing and proof
// bundle verification. See bench/README.md ("The evidence log").
//
// Usage: ledger_bench WORK_DIR [LOG_10M_DIR] [--benchmark_... flags]
//   WORK_DIR     a folder on the real filesystem for the append logs (made
//                fresh for each append case; removed at the end)
//   LOG_10M_DIR  the 10-million-leaf log (default WORK_DIR/log-10m); built
//                once, on first use, and reused by later runs: the build
//                time is printed
//
// Every append is durable as in production: ledger::Store with WAL and
// synchronous=FULL, Append returning after its group's fsync. Leaves are
// realistic incident revisions, RFC 8785 canonical JSON of ~300 bytes.
#include <benchmark/benchmark.h>
#include <fmt/format.h>
#include <sys/resource.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <vector>

#include "base/canonical_json.h"
#include "ledger/checkpoint.h"
#include "ledger/evidence_log.h"
#include "ledger/merkle_tree.h"
#include "ledger/note.h"
#include "ledger/proof_bundle.h"
#include "ledger/store.h"

namespace {

namespace fs = std::filesystem;
using namespace truce::ledger;  // NOLINT: a benchmark of this one module

constexpr std::uint64_t kBigLogLeaves = 10'000'000;
constexpr const char* kOrigin = "bench.truce.example/ledger";

fs::path g_work_dir;
fs::path g_big_dir;

SignerKey BenchKey() {
  std::array<std::uint8_t, 32> seed;
  seed.fill(42);
  return SignerKeyFromSeed(kOrigin, kAlgEd25519, seed).value();
}

// Incident revision number `i`, canonical JSON of about 300 bytes (the
// shape of a line of incidents.ndjson, docs/formats/incidents.md).
std::string IncidentLeaf(std::uint64_t i) {
  const nlohmann::json j = {
      {"id", fmt::format("corridor-1/mmsi:{}/2025-06-01T0{}:{:02}:00Z",
                         273000000 + i % 1000000, i % 10, i % 60)},
      {"revision", 1 + i % 4},
      {"status", "open"},
      {"rule", "corridor-1"},
      {"kind", "maritime"},
      {"severity", "major"},
      {"subject", fmt::format("mmsi:{}", 273000000 + i % 1000000)},
      {"first", "2025-06-01T03:12:00Z"},
      {"last", "2025-06-01T03:41:30Z"},
      {"position", {31.2345678 + (i % 1000) * 1e-4, 46.1234567}},
      {"observation_count", i % 50 + 1},
      {"sources", {"receiver-odesa-1", "receiver-ochakiv-2"}},
      {"confidence", "corroborated"},
  };
  return truce::CanonicalJson(j).value();
}

// A pool of distinct leaves, so appends do not pay for JSON generation.
const std::vector<std::string>& LeafPool() {
  static const std::vector<std::string> pool = [] {
    std::vector<std::string> p;
    for (std::uint64_t i = 0; i < (1 << 16); ++i) p.push_back(IncidentLeaf(i));
    return p;
  }();
  return pool;
}

// --- Durable appends with group commit --------------------------------------

// One fresh log per case, shared by the case's threads.
std::unique_ptr<EvidenceLog> g_append_log;
std::unique_ptr<Store> g_append_store;

fs::path AppendDir() { return g_work_dir / "append-log"; }

void OpenAppendLog(const benchmark::State&) {
  fs::remove_all(AppendDir());
  g_append_log = EvidenceLog::Open(AppendDir(), BenchKey()).value();
}
void CloseAppendLog(const benchmark::State&) {
  g_append_log.reset();
  fs::remove_all(AppendDir());
}
void OpenAppendStore(const benchmark::State&) {
  fs::remove_all(AppendDir());
  g_append_store = Store::Open(AppendDir(), /*create=*/true).value();
}
void CloseAppendStore(const benchmark::State&) {
  g_append_store.reset();
  fs::remove_all(AppendDir());
}

// User + system CPU time of the whole process: on a shared machine the
// wall-clock rate depends on the other load, CPU per leaf much less.
double ProcessCpuSeconds() {
  rusage u;
  getrusage(RUSAGE_SELF, &u);
  auto secs = [](const timeval& t) {
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6;
  };
  return secs(u.ru_utime) + secs(u.ru_stime);
}

template <bool kThroughEvidenceLog>
void AppendLoop(benchmark::State& state) {
  const auto& pool = LeafPool();
  const double cpu_start = ProcessCpuSeconds();
  const auto batch = static_cast<size_t>(state.range(0));
  size_t next = static_cast<size_t>(state.thread_index()) * 7919 % pool.size();
  for (auto _ : state) {
    std::vector<std::string> leaves;
    leaves.reserve(batch);
    for (size_t i = 0; i < batch; ++i) {
      leaves.push_back(pool[next]);
      next = (next + 1) % pool.size();
    }
    auto first = kThroughEvidenceLog
                     ? g_append_log->Append(std::move(leaves))
                     : g_append_store->Append(std::move(leaves));
    if (!first) {
      state.SkipWithError(first.error().ToString().c_str());
      break;
    }
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(batch));
  if (state.thread_index() == 0) {  // counters are summed over threads
    const double leaves = static_cast<double>(state.iterations()) *
                          static_cast<double>(batch) * state.threads();
    state.counters["proc_cpu_us_per_leaf"] =
        (ProcessCpuSeconds() - cpu_start) * 1e6 / leaves;
  }
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(batch) *
                          static_cast<int64_t>(pool[0].size()));
}

// Through EvidenceLog (the replay's path: RFC 8785 check of every leaf, then
// Store::Append), threads x batch leaves per Append.
void BM_DurableAppend(benchmark::State& state) { AppendLoop<true>(state); }
BENCHMARK(BM_DurableAppend)
    ->Setup(OpenAppendLog)
    ->Teardown(CloseAppendLog)
    ->ArgName("batch")
    ->Arg(1)
    ->Arg(16)
    ->Arg(256)
    ->Arg(4096)
    ->Threads(1)
    ->Threads(4)
    ->Threads(16)
    ->UseRealTime()
    ->MinTime(1.0);

// The store alone (no canonical-JSON check), to show what the check costs.
void BM_DurableAppendStoreOnly(benchmark::State& state) {
  AppendLoop<false>(state);
}
BENCHMARK(BM_DurableAppendStoreOnly)
    ->Setup(OpenAppendStore)
    ->Teardown(CloseAppendStore)
    ->ArgName("batch")
    ->Arg(16)
    ->Arg(256)
    ->Arg(4096)
    ->Threads(1)
    ->Threads(16)
    ->UseRealTime()
    ->MinTime(1.0);

// --- The 10-million-leaf log -------------------------------------------------

Store& BigLog() {
  static std::unique_ptr<Store> store = [] {
    auto s = Store::Open(g_big_dir, /*create=*/true).value();
    if (s->Size() < kBigLogLeaves) {
      std::fprintf(stderr, "building the %llu-leaf log in %s (from %llu)...\n",
                   static_cast<unsigned long long>(kBigLogLeaves),
                   g_big_dir.c_str(),
                   static_cast<unsigned long long>(s->Size()));
      if (s->Size() == 0) s->SetOrigin(kOrigin).value();
      const auto t0 = std::chrono::steady_clock::now();
      const std::uint64_t from = s->Size();
      while (s->Size() < kBigLogLeaves) {
        std::vector<std::string> leaves;
        const std::uint64_t n =
            std::min<std::uint64_t>(100'000, kBigLogLeaves - s->Size());
        for (std::uint64_t i = 0; i < n; ++i) {
          leaves.push_back(IncidentLeaf(s->Size() + i));
        }
        s->Append(std::move(leaves)).value();
      }
      const double secs =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - t0)
              .count();
      std::fprintf(
          stderr,
          "built %llu leaves in %.0f s (%.0f leaves/s including "
          "JSON generation, batches of 100,000); database %.2f GB\n",
          static_cast<unsigned long long>(kBigLogLeaves - from), secs,
          static_cast<double>(kBigLogLeaves - from) / secs,
          static_cast<double>(fs::file_size(Store::DatabasePath(g_big_dir))) /
              1e9);
    } else {
      std::fprintf(stderr, "reusing the %llu-leaf log in %s\n",
                   static_cast<unsigned long long>(s->Size()),
                   g_big_dir.c_str());
    }
    // Warm up as a serving log is: upper B-tree pages in SQLite's cache.
    std::mt19937_64 rng(99);
    for (int i = 0; i < 2000; ++i) {
      benchmark::DoNotOptimize(
          InclusionProof(*s, rng() % s->Size(), s->Size()));
    }
    return s;
  }();
  return *store;
}

// Random index (or older size), fixed seed: every run asks the same proofs.
void BM_InclusionProof10M(benchmark::State& state) {
  Store& log = BigLog();
  const std::uint64_t size = log.Size();
  std::mt19937_64 rng(1);
  for (auto _ : state) {
    const std::uint64_t index = rng() % size;
    auto proof = InclusionProof(log, index, size);
    if (!proof) state.SkipWithError(proof.error().ToString().c_str());
    benchmark::DoNotOptimize(proof);
  }
  state.counters["tree_size"] = static_cast<double>(size);
}
BENCHMARK(BM_InclusionProof10M)->Unit(benchmark::kMicrosecond);

void BM_ConsistencyProof10M(benchmark::State& state) {
  Store& log = BigLog();
  const std::uint64_t size = log.Size();
  std::mt19937_64 rng(2);
  for (auto _ : state) {
    const std::uint64_t older = 1 + rng() % (size - 1);
    auto proof = ConsistencyProof(log, older, size);
    if (!proof) state.SkipWithError(proof.error().ToString().c_str());
    benchmark::DoNotOptimize(proof);
  }
  state.counters["tree_size"] = static_cast<double>(size);
}
BENCHMARK(BM_ConsistencyProof10M)->Unit(benchmark::kMicrosecond);

// --- Checkpoints and bundles -------------------------------------------------

// Signing alone: format the checkpoint and Ed25519-sign it.
void BM_SignCheckpoint(benchmark::State& state) {
  const SignerKey key = BenchKey();
  const Store::Head head = BigLog().CurrentHead();
  const Checkpoint cp{kOrigin, head.size, head.root, {}};
  for (auto _ : state) {
    auto note = SignCheckpoint(cp, key);
    benchmark::DoNotOptimize(note);
  }
}
BENCHMARK(BM_SignCheckpoint)->Unit(benchmark::kMicrosecond);

// EvidenceLog::SignCheckpoint: read the head, sign, store the note durably
// (one fsync'ed SQLite commit).
void BM_SignAndStoreCheckpoint(benchmark::State& state) {
  const fs::path dir = g_work_dir / "checkpoint-log";
  fs::remove_all(dir);
  {
    auto log = EvidenceLog::Open(dir, BenchKey()).value();
    log->Append({LeafPool().begin(), LeafPool().begin() + 1000}).value();
    for (auto _ : state) {
      auto note = log->SignCheckpoint();
      if (!note) state.SkipWithError(note.error().ToString().c_str());
      benchmark::DoNotOptimize(note);
    }
  }
  fs::remove_all(dir);
}
BENCHMARK(BM_SignAndStoreCheckpoint)->Unit(benchmark::kMicrosecond);

// `truce log verify`'s work on a bundle from the 10M log: parse the
// tlog-proof text, hash the entry, check the signature and the inclusion
// proof.
void BM_VerifyProofBundle10M(benchmark::State& state) {
  Store& log = BigLog();
  const SignerKey key = BenchKey();
  const Store::Head head = log.CurrentHead();
  ProofBundle bundle;
  const std::uint64_t index = head.size / 3;
  const std::string entry = log.Entry(index).value();
  bundle.extra = Bytes(entry.begin(), entry.end());
  bundle.index = index;
  bundle.proof = InclusionProof(log, index, head.size).value();
  bundle.signed_checkpoint =
      SignCheckpoint(Checkpoint{kOrigin, head.size, head.root, {}}, key)
          .value();
  const std::string text = FormatProofBundle(bundle);
  const VerifierKey verifier = VerifierFor(key);
  for (auto _ : state) {
    auto parsed = ParseProofBundle(text);
    auto ok =
        VerifyProofBundle(*parsed, HashLeaf(*parsed->extra), verifier, {}, 0);
    if (!ok) state.SkipWithError(ok.error().ToString().c_str());
    benchmark::DoNotOptimize(ok);
  }
  state.counters["proof_hashes"] = static_cast<double>(bundle.proof.size());
}
BENCHMARK(BM_VerifyProofBundle10M)->Unit(benchmark::kMicrosecond);

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (argc < 2 || argc > 3) {
    std::fprintf(stderr,
                 "usage: ledger_bench WORK_DIR [LOG_10M_DIR] "
                 "[--benchmark_...]\n");
    return 2;
  }
  g_work_dir = argv[1];
  g_big_dir = argc == 3 ? fs::path(argv[2]) : g_work_dir / "log-10m";
  fs::create_directories(g_work_dir);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
