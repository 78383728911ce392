#include <gtest/gtest.h>
#include <sodium.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <random>

#include "base/testing/testdata.h"
#include "ledger/encoding.h"
#include "ledger/hash.h"
#include "ledger/merkle_reference.h"
#include "ledger/merkle_tree.h"
#include "ledger/proof.h"

namespace truce::ledger {
namespace {

namespace fs = std::filesystem;

nlohmann::json LoadJson(const fs::path& p) {
  auto text = testing::ReadFile(p);
  EXPECT_TRUE(text.has_value()) << p;
  return nlohmann::json::parse(text.value_or("null"));
}

// A field of a transparency-dev test case: base64, or null/"" for no bytes.
Bytes B64(const nlohmann::json& v) {
  if (v.is_null()) return {};
  auto b = Base64Decode(v.get<std::string>());
  EXPECT_TRUE(b.has_value()) << v;
  return b.value_or(Bytes{});
}

std::vector<Bytes> B64List(const nlohmann::json& v) {
  std::vector<Bytes> out;
  if (v.is_null()) return out;
  for (const auto& e : v) out.push_back(B64(e));
  return out;
}

std::vector<fs::path> JsonFiles(const fs::path& dir) {
  std::vector<fs::path> out;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (e.path().extension() == ".json") out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

Result<void> CheckInclusionCase(const nlohmann::json& c) {
  auto proof = ProofHashes(B64List(c["proof"]));
  if (!proof) return std::unexpected(proof.error());
  return VerifyInclusion(c["leafIdx"].get<std::uint64_t>(),
                         c["treeSize"].get<std::uint64_t>(), B64(c["leafHash"]),
                         *proof, B64(c["root"]));
}

Result<void> CheckConsistencyCase(const nlohmann::json& c) {
  auto proof = ProofHashes(B64List(c["proof"]));
  if (!proof) return std::unexpected(proof.error());
  return VerifyConsistency(c["size1"].get<std::uint64_t>(),
                           c["size2"].get<std::uint64_t>(), *proof,
                           B64(c["root1"]), B64(c["root2"]));
}

TEST(MerkleVectors, EveryInclusionCase) {
  TRUCE_TESTDATA_OR_SKIP(dir, "ledger/merkle-rfc6962/testdata/inclusion");
  int valid = 0, invalid = 0;
  for (const fs::path& p : JsonFiles(dir)) {
    nlohmann::json c = LoadJson(p);
    auto r = CheckInclusionCase(c);
    if (c["wantErr"].get<bool>()) {
      EXPECT_FALSE(r.has_value()) << p << " was accepted";
      ++invalid;
    } else {
      EXPECT_TRUE(r.has_value()) << p << ": " << r.error().ToString();
      ++valid;
    }
  }
  EXPECT_GE(valid, 6);
  EXPECT_GE(invalid, 50);
}

TEST(MerkleVectors, EveryConsistencyCase) {
  TRUCE_TESTDATA_OR_SKIP(dir, "ledger/merkle-rfc6962/testdata/consistency");
  int valid = 0, invalid = 0;
  for (const fs::path& p : JsonFiles(dir)) {
    nlohmann::json c = LoadJson(p);
    auto r = CheckConsistencyCase(c);
    if (c["wantErr"].get<bool>()) {
      EXPECT_FALSE(r.has_value()) << p << " was accepted";
      ++invalid;
    } else {
      EXPECT_TRUE(r.has_value()) << p << ": " << r.error().ToString();
      ++valid;
    }
  }
  EXPECT_GE(valid, 6);
  EXPECT_GE(invalid, 50);
}

// The valid vector proofs are exactly what both implementations generate for
// the 8 canonical leaves of rfc6962_reference_vectors.json.
TEST(MerkleVectors, ReferenceRootsAndGeneratedProofs) {
  TRUCE_TESTDATA_OR_SKIP(
      path, "ledger/merkle-rfc6962/rfc6962_reference_vectors.json");
  nlohmann::json v = LoadJson(path);
  std::vector<Hash> leaves;
  MerkleTree tree;
  for (size_t i = 0; i < v["leaf_inputs_hex"].size(); ++i) {
    Bytes input = HexDecode(v["leaf_inputs_hex"][i].get<std::string>()).value();
    Hash h = HashLeaf(input);
    EXPECT_EQ(HexEncode(h), v["leaf_hashes_hex"][i].get<std::string>());
    leaves.push_back(h);
    tree.Append(h);
  }
  const auto& roots = v["root_hashes_hex_by_tree_size"];
  ASSERT_EQ(roots.size(), 9u);
  for (size_t n = 0; n < roots.size(); ++n) {
    std::span<const Hash> prefix(leaves.data(), n);
    EXPECT_EQ(HexEncode(reference::RootHash(prefix)), roots[n]) << n;
    EXPECT_EQ(HexEncode(RootAt(tree, n).value()), roots[n]) << n;
  }
  // The happy-path vectors were generated over these same 8 leaves.
  TRUCE_TESTDATA_OR_SKIP(data, "ledger/merkle-rfc6962/testdata");
  for (const fs::path& p : JsonFiles(data / "inclusion")) {
    nlohmann::json c = LoadJson(p);
    if (c["wantErr"].get<bool>() ||
        p.parent_path().filename() == "single-entry")
      continue;
    const auto index = c["leafIdx"].get<std::uint64_t>();
    const auto size = c["treeSize"].get<std::uint64_t>();
    auto want = ProofHashes(B64List(c["proof"])).value();
    EXPECT_EQ(InclusionProof(tree, index, size).value(), want) << p;
    EXPECT_EQ(reference::InclusionProof(
                  index, std::span<const Hash>(leaves.data(), size)),
              want)
        << p;
  }
  for (const fs::path& p : JsonFiles(data / "consistency")) {
    nlohmann::json c = LoadJson(p);
    if (c["wantErr"].get<bool>() || p.parent_path().filename() == "additional")
      continue;
    const auto size1 = c["size1"].get<std::uint64_t>();
    const auto size2 = c["size2"].get<std::uint64_t>();
    auto want = ProofHashes(B64List(c["proof"])).value();
    EXPECT_EQ(ConsistencyProof(tree, size1, size2).value(), want) << p;
    EXPECT_EQ(reference::ConsistencyProof(
                  size1, std::span<const Hash>(leaves.data(), size2)),
              want)
        << p;
  }
}

// The fast tree agrees with the RFC's recursions on every size, index and
// pair of sizes up to 70 leaves, and every proof verifies; flipping any bit of
// a proof makes it fail.
TEST(MerkleTree, AgreesWithReferenceAndVerifies) {
  std::mt19937_64 rng(6962);
  std::vector<Hash> leaves;
  MerkleTree tree;
  for (int i = 0; i < 70; ++i) {
    Hash h = HashLeaf(std::to_string(rng()));
    leaves.push_back(h);
    tree.Append(h);
  }
  for (std::uint64_t n = 1; n <= leaves.size(); ++n) {
    std::span<const Hash> d(leaves.data(), n);
    const Hash root = reference::RootHash(d);
    ASSERT_EQ(RootAt(tree, n).value(), root);
    for (std::uint64_t m = 0; m < n; ++m) {
      auto proof = InclusionProof(tree, m, n).value();
      ASSERT_EQ(proof, reference::InclusionProof(m, d)) << m << "/" << n;
      ASSERT_TRUE(VerifyInclusion(m, n, leaves[m], proof, root)) << m;
      if (!proof.empty()) {
        auto bad = proof;
        bad[rng() % bad.size()][rng() % kHashBytes] ^= 1 << (rng() % 8);
        EXPECT_FALSE(VerifyInclusion(m, n, leaves[m], bad, root));
      }
      EXPECT_FALSE(VerifyInclusion(m, n, leaves[(m + 1) % n], proof, root) &&
                   n > 1);
    }
    for (std::uint64_t m = 1; m <= n; ++m) {
      auto proof = ConsistencyProof(tree, m, n).value();
      ASSERT_EQ(proof, reference::ConsistencyProof(m, d)) << m << "/" << n;
      const Hash root1 = reference::RootHash(d.subspan(0, m));
      ASSERT_TRUE(VerifyConsistency(m, n, proof, root1, root)) << m << "/" << n;
      if (!proof.empty()) {
        auto bad = proof;
        bad[rng() % bad.size()][rng() % kHashBytes] ^= 1 << (rng() % 8);
        EXPECT_FALSE(VerifyConsistency(m, n, bad, root1, root));
        bad = proof;
        bad.pop_back();
        EXPECT_FALSE(VerifyConsistency(m, n, bad, root1, root));
      }
    }
  }
}

TEST(MerkleTree, RandomLargeTreesAgreeWithReference) {
  std::mt19937_64 rng(9162);
  for (int round = 0; round < 20; ++round) {
    const std::uint64_t n = 1 + rng() % 3000;
    std::vector<Hash> leaves;
    MerkleTree tree;
    for (std::uint64_t i = 0; i < n; ++i) {
      leaves.push_back(HashLeaf(std::to_string(rng())));
      tree.Append(leaves.back());
    }
    const std::uint64_t size = 1 + rng() % n, index = rng() % size;
    std::span<const Hash> d(leaves.data(), size);
    EXPECT_EQ(RootAt(tree, size).value(), reference::RootHash(d));
    EXPECT_EQ(InclusionProof(tree, index, size).value(),
              reference::InclusionProof(index, d));
    const std::uint64_t size1 = 1 + rng() % size;
    EXPECT_EQ(ConsistencyProof(tree, size1, size).value(),
              reference::ConsistencyProof(size1, d));
  }
}

TEST(MerkleTree, RejectsOutOfRangeRequests) {
  MerkleTree tree;
  for (int i = 0; i < 5; ++i) tree.Append(HashLeaf(std::to_string(i)));
  EXPECT_FALSE(InclusionProof(tree, 5, 5));
  EXPECT_FALSE(InclusionProof(tree, 0, 6));
  EXPECT_FALSE(ConsistencyProof(tree, 0, 5));
  EXPECT_FALSE(ConsistencyProof(tree, 4, 3));
  EXPECT_FALSE(RootAt(tree, 6));
  EXPECT_EQ(RootAt(tree, 0).value(), EmptyRoot());
}

// HashLeaf against libsodium's SHA-256 of 0x00 || entry computed here, for
// lengths around the block boundaries, the empty entry, and entries longer
// than HashLeaf's stack buffer.
TEST(Hash, LeafHashIsSha256OfThePrefixedEntry) {
  std::mt19937 rng(7);
  for (size_t n : {0u, 1u, 54u, 55u, 56u, 63u, 64u, 119u, 120u, 360u, 2046u,
                   2047u, 2048u, 5000u}) {
    std::string entry(n, '\0');
    for (char& c : entry) c = static_cast<char>(rng());
    std::string prefixed = std::string(1, '\0') + entry;
    Hash want;
    crypto_hash_sha256(want.data(),
                       reinterpret_cast<const unsigned char*>(prefixed.data()),
                       prefixed.size());
    EXPECT_EQ(HashLeaf(entry), want) << n;
  }
}

}  // namespace
}  // namespace truce::ledger
