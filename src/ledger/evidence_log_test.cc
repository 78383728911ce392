#include "ledger/evidence_log.h"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "base/canonical_json.h"
#include "ledger/checkpoint.h"
#include "ledger/hash.h"
#include "ledger/merkle_reference.h"
#include "ledger/merkle_tree.h"
#include "ledger/note.h"
#include "ledger/proof.h"
#include "ledger/temp_dir_for_test.h"

namespace truce::ledger {
namespace {

namespace fs = std::filesystem;

SignerKey Key(const std::string& name, std::uint8_t seed_byte = 7,
              std::uint8_t alg = kAlgEd25519) {
  std::array<std::uint8_t, 32> seed;
  seed.fill(seed_byte);
  return SignerKeyFromSeed(name, alg, seed).value();
}

fs::path WriteKey(const fs::path& dir, const SignerKey& key) {
  const fs::path p = dir / "log.key";
  std::ofstream(p) << FormatSignerKey(key) << "\n";
  return p;
}

// Distinct canonical-JSON leaves shaped like batch records.
std::vector<std::string> Leaves(int from, int to) {
  std::vector<std::string> out;
  for (int i = from; i < to; ++i) {
    out.push_back(fmt::format(
        "{{\"count\":{},\"source\":\"feed-{}.nmea\",\"type\":\"batch\"}}", i,
        i % 3));
  }
  return out;
}

std::vector<Hash> LeafHashes(const std::vector<std::string>& leaves) {
  std::vector<Hash> out;
  for (const auto& l : leaves) out.push_back(HashLeaf(l));
  return out;
}

TEST(BatchRecordJson, IsTheCanonicalJsonWrittenOutByHand) {
  BatchRecord r;
  r.source = "ais-ñ.nmea";
  r.count = 12345;
  r.first_time = TimeNs::FromUnixSeconds(1748736000);  // 2025-06-01T00:00:00Z
  r.last_time = r.first_time + DurationNs{90'500'000'000};  // +90.5 s
  // SHA-256("abc"), FIPS 180-2 appendix B.1.
  const std::string abc = "abc";
  r.sha256 = Sha256(abc);
  EXPECT_EQ(BatchRecordJson(r).value(),
            "{\"count\":12345,\"first\":\"2025-06-01T00:00:00Z\","
            "\"last\":\"2025-06-01T00:01:30.500Z\",\"sha256\":"
            "\"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
            "\",\"source\":\"ais-\xc3\xb1.nmea\",\"type\":\"batch\"}");
}

TEST(BatchRecordJson, RefusesRecordsThatCannotBeLoggedExactly) {
  BatchRecord r;
  r.source = "a";
  r.count = (std::uint64_t{1} << 53) + 1;
  auto big = BatchRecordJson(r);
  ASSERT_FALSE(big);
  EXPECT_EQ(big.error().where.field, "count");
  r.count = 1;
  r.first_time = TimeNs::FromUnixSeconds(10);
  auto order = BatchRecordJson(r);
  ASSERT_FALSE(order);
  EXPECT_EQ(order.error().where.field, "first_time");
  r.first_time = r.last_time;
  r.source.clear();
  EXPECT_FALSE(BatchRecordJson(r));
  r.source = "\xff";
  EXPECT_FALSE(BatchRecordJson(r));  // not UTF-8
}

TEST(EvidenceLog, CheckpointSignsTheReferenceRootOfTheAppendedLeaves) {
  TempDir dir;
  const SignerKey key = Key("monitoring.example/cf");
  auto log = EvidenceLog::Open(dir.path() / "log", WriteKey(dir.path(), key));
  ASSERT_TRUE(log) << log.error().ToString();
  const auto leaves = Leaves(0, 21);
  EXPECT_EQ((*log)->Append({leaves.begin(), leaves.begin() + 5}).value(), 0u);
  EXPECT_EQ((*log)->Append({}).value(), 5u);
  EXPECT_EQ((*log)->Append({leaves.begin() + 5, leaves.end()}).value(), 5u);
  EXPECT_EQ((*log)->Size(), 21u);
  auto note = (*log)->SignCheckpoint();
  ASSERT_TRUE(note) << note.error().ToString();
  auto opened = OpenCheckpoint(*note, VerifierFor(key));
  ASSERT_TRUE(opened) << opened.error().ToString();
  EXPECT_EQ(opened->checkpoint.origin, "monitoring.example/cf");
  EXPECT_EQ(opened->checkpoint.size, 21u);
  const auto hashes = LeafHashes(leaves);
  EXPECT_EQ(opened->checkpoint.root, reference::RootHash(hashes));
  // The note is stored as the latest checkpoint, and a proof from the store
  // is the reference PATH.
  EXPECT_EQ((*log)->store().LatestCheckpoint().value(), *note);
  EXPECT_EQ(InclusionProof((*log)->store(), 13, 21).value(),
            reference::InclusionProof(13, hashes));
  EXPECT_EQ((*log)->store().Entry(20).value(), leaves[20]);
}

TEST(EvidenceLog, CheckpointIsByteIdenticalAcrossRunsAndBatchings) {
  const SignerKey key = Key("monitoring.example/cf");
  const auto leaves = Leaves(0, 40);
  std::vector<std::string> notes;
  for (size_t step : {40u, 1u, 7u}) {
    TempDir dir;
    auto log = EvidenceLog::Open(dir.path(), key);
    ASSERT_TRUE(log) << log.error().ToString();
    for (size_t i = 0; i < leaves.size(); i += step) {
      const size_t end = std::min(leaves.size(), i + step);
      ASSERT_TRUE((*log)->Append({leaves.begin() + i, leaves.begin() + end}));
    }
    notes.push_back((*log)->SignCheckpoint().value());
  }
  EXPECT_EQ(notes[0], notes[1]);
  EXPECT_EQ(notes[0], notes[2]);
}

TEST(EvidenceLog, RefusesAKeyWithAnotherName) {
  TempDir dir;
  ASSERT_TRUE(EvidenceLog::Open(dir.path(), Key("monitoring.example/cf")));
  auto other = EvidenceLog::Open(dir.path(), Key("impostor.example/cf"));
  ASSERT_FALSE(other);
  EXPECT_EQ(other.error().code, ErrorCode::kInvalidInput);
  EXPECT_NE(other.error().message.find("'monitoring.example/cf'"),
            std::string::npos)
      << other.error().message;
  EXPECT_NE(other.error().message.find("'impostor.example/cf'"),
            std::string::npos);
  EXPECT_FALSE(other.error().hint.empty());
  // A witness key is not a log key, even with the right name.
  EXPECT_FALSE(EvidenceLog::Open(
      dir.path(), Key("monitoring.example/cf", 7, kAlgCosignatureV1)));
  // A missing key file is named.
  auto missing = EvidenceLog::Open(dir.path(), dir.path() / "nope.key");
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().message.find("nope.key"), std::string::npos);
}

TEST(EvidenceLog, RefusesNonCanonicalLeavesAndAppendsNothing) {
  TempDir dir;
  auto log = EvidenceLog::Open(dir.path(), Key("monitoring.example/cf"));
  ASSERT_TRUE(log);
  for (const std::string bad :
       {"{\"b\":1,\"a\":2}", "{\"a\": 1}", "{\"a\":1.50}", "not json"}) {
    auto r = (*log)->Append({"{\"ok\":1}", bad});
    ASSERT_FALSE(r) << bad;
    EXPECT_NE(r.error().message.find("leaf 1"), std::string::npos);
  }
  EXPECT_EQ((*log)->Size(), 0u);
}

TEST(EvidenceLog, ReopeningContinuesTheSameTree) {
  TempDir dir;
  const SignerKey key = Key("monitoring.example/cf");
  const auto leaves = Leaves(0, 30);
  std::string first_note;
  {
    auto log = EvidenceLog::Open(dir.path(), key);
    ASSERT_TRUE(log);
    ASSERT_TRUE((*log)->Append({leaves.begin(), leaves.begin() + 11}));
    first_note = (*log)->SignCheckpoint().value();
  }
  auto log = EvidenceLog::Open(dir.path(), key);
  ASSERT_TRUE(log) << log.error().ToString();
  EXPECT_EQ((*log)->Size(), 11u);
  EXPECT_EQ((*log)->store().LatestCheckpoint().value(), first_note);
  EXPECT_EQ((*log)->Append({leaves.begin() + 11, leaves.end()}).value(), 11u);
  const std::string second_note = (*log)->SignCheckpoint().value();
  const auto hashes = LeafHashes(leaves);
  const auto cp1 = OpenCheckpoint(first_note, VerifierFor(key)).value();
  const auto cp2 = OpenCheckpoint(second_note, VerifierFor(key)).value();
  EXPECT_EQ(cp1.checkpoint.root,
            reference::RootHash(std::span(hashes).first(11)));
  EXPECT_EQ(cp2.checkpoint.size, 30u);
  EXPECT_EQ(cp2.checkpoint.root, reference::RootHash(hashes));
  // The reference consistency proof links the two signed roots.
  const auto proof = reference::ConsistencyProof(11, hashes);
  EXPECT_EQ(ConsistencyProof((*log)->store(), 11, 30).value(), proof);
  EXPECT_TRUE(VerifyConsistency(11, 30, proof, cp1.checkpoint.root,
                                cp2.checkpoint.root));
}

}  // namespace
}  // namespace truce::ledger
