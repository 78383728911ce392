#include "ledger/witness.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include "ledger/checkpoint.h"
#include "ledger/cosignature.h"
#include "ledger/merkle_tree.h"

namespace truce::ledger {
namespace {

namespace fs = std::filesystem;

class WitnessTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("truce-witness-" + std::to_string(getpid()));
    fs::remove_all(dir_);
    log_ = SignerKeyFromSeed("log.example/w", kAlgEd25519,
                             std::vector<std::uint8_t>(32, 3))
               .value();
    witness_ = SignerKeyFromSeed("witness.example/1", kAlgCosignatureV1,
                                 std::vector<std::uint8_t>(32, 4))
                   .value();
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string SignedAt(const MerkleTree& t, std::uint64_t size) {
    Checkpoint cp{log_.name, size, RootAt(t, size).value(), {}};
    return SignCheckpoint(cp, log_).value();
  }
  Result<std::string> Cosign(const std::string& note,
                             std::span<const Hash> proof) {
    return WitnessCosign(dir_, VerifierFor(log_), witness_, note, proof,
                         1700000000);
  }

  fs::path dir_;
  SignerKey log_, witness_;
};

TEST_F(WitnessTest, CosignsAlongOneHistoryAndRefusesSplitViews) {
  MerkleTree honest, fork;
  for (int i = 0; i < 20; ++i) {
    honest.Append(HashLeaf("e" + std::to_string(i)));
    fork.Append(HashLeaf((i == 9 ? "X" : "e") + std::to_string(i)));
  }
  // First checkpoint: accepted without a proof.
  auto first = Cosign(SignedAt(honest, 8), {});
  ASSERT_TRUE(first) << first.error().ToString();
  std::vector<VerifierKey> keys{VerifierFor(log_), VerifierFor(witness_)};
  auto opened = OpenNote(*first, keys);
  ASSERT_TRUE(opened);
  EXPECT_EQ(opened->verified_by.size(), 2u);
  // Extension with a valid proof.
  auto proof = ConsistencyProof(honest, 8, 15).value();
  ASSERT_TRUE(Cosign(SignedAt(honest, 15), proof));
  // Same checkpoint again: fine, and the proof is empty.
  ASSERT_TRUE(Cosign(SignedAt(honest, 15), {}));
  // The fork agrees up to entry 8 but differs at 9: its size-20 tree is not
  // consistent with the honest size-15 tree the witness cosigned.
  auto fork_proof = ConsistencyProof(fork, 15, 20).value();
  auto split = Cosign(SignedAt(fork, 20), fork_proof);
  ASSERT_FALSE(split);
  EXPECT_EQ(split.error().code, ErrorCode::kVerification);
  EXPECT_NE(split.error().message.find("SPLIT VIEW"), std::string::npos);
  // Same size, other root.
  auto same_size = Cosign(SignedAt(fork, 15), {});
  ASSERT_FALSE(same_size);
  EXPECT_NE(same_size.error().message.find("SPLIT VIEW"), std::string::npos);
  // Rollback.
  auto rollback = Cosign(SignedAt(honest, 10), {});
  ASSERT_FALSE(rollback);
  EXPECT_NE(rollback.error().message.find("rollback"), std::string::npos);
  // Missing proof: not a split view, but refused.
  auto missing = Cosign(SignedAt(honest, 20), {});
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().message.find("proof from size 15 to size 20"),
            std::string::npos);
  // The honest extension still works after all the refusals.
  auto later = ConsistencyProof(honest, 15, 20).value();
  EXPECT_TRUE(Cosign(SignedAt(honest, 20), later));
  // A checkpoint not signed by the log key is refused.
  auto other = SignerKeyFromSeed("log.example/w", kAlgEd25519,
                                 std::vector<std::uint8_t>(32, 5))
                   .value();
  Checkpoint cp{other.name, 20, honest.Root(), {}};
  EXPECT_FALSE(Cosign(SignCheckpoint(cp, other).value(), {}));
}

}  // namespace
}  // namespace truce::ledger
