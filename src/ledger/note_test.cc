#include "ledger/note.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "base/testing/testdata.h"
#include "ledger/checkpoint.h"
#include "ledger/cosignature.h"
#include "ledger/encoding.h"
#include "ledger/hash.h"
#include "ledger/merkle_tree.h"
#include "ledger/proof_bundle.h"

namespace truce::ledger {
namespace {

nlohmann::json Vectors(const std::filesystem::path& p) {
  return nlohmann::json::parse(testing::ReadFile(p).value_or("null"));
}

std::vector<VerifierKey> KeysOf(const nlohmann::json& v) {
  std::vector<VerifierKey> keys;
  if (v.contains("verifier_key")) {
    keys.push_back(
        ParseVerifierKey(v["verifier_key"].get<std::string>()).value());
  }
  if (v.contains("verifier_keys")) {
    for (const auto& k : v["verifier_keys"]) {
      keys.push_back(ParseVerifierKey(k.get<std::string>()).value());
    }
  }
  return keys;
}

TEST(SignedNoteVectors, EveryNoteVerifiesAndTheTamperedOneIsRejected) {
  TRUCE_TESTDATA_OR_SKIP(path, "ledger/signed-note/signed_note_vectors.json");
  int valid = 0, rejected = 0;
  const nlohmann::json all = Vectors(path);
  for (const auto& v : all["vectors"]) {
    if (!v.contains("signed_note")) continue;
    const auto keys = KeysOf(v);
    ASSERT_FALSE(keys.empty());
    for (const auto& k : keys) {
      // The key formats round-trip.
      auto again = ParseVerifierKey(FormatVerifierKey(k));
      ASSERT_TRUE(again.has_value());
      EXPECT_EQ(FormatVerifierKey(*again), FormatVerifierKey(k));
    }
    const std::string note = v["signed_note"].get<std::string>();
    auto opened = OpenNote(note, keys);
    const std::string expect = v["expect"].get<std::string>();
    if (expect.starts_with("reject")) {
      EXPECT_FALSE(opened.has_value()) << v["source"];
      if (!opened) {
        EXPECT_EQ(opened.error().code, ErrorCode::kVerification);
      }
      ++rejected;
      continue;
    }
    ASSERT_TRUE(opened.has_value()) << opened.error().ToString();
    EXPECT_EQ(opened->note.text, v["note_text"].get<std::string>());
    EXPECT_EQ(opened->verified_by.size(), keys.size());
    EXPECT_EQ(FormatNote(opened->note), note);
    ++valid;
    // Each key alone also opens it; a stranger's key does not.
    for (const auto& k : keys) EXPECT_TRUE(OpenNote(note, std::span(&k, 1)));
    auto stranger = GenerateSignerKey("stranger.example", kAlgEd25519).value();
    auto sv = VerifierFor(stranger);
    EXPECT_FALSE(OpenNote(note, std::span(&sv, 1)));
  }
  EXPECT_EQ(valid, 3);
  EXPECT_EQ(rejected, 1);
}

TEST(SignedNoteVectors, TestOnlyPrivateKeyReproducesSignature) {
  TRUCE_TESTDATA_OR_SKIP(path, "ledger/signed-note/signed_note_vectors.json");
  int checked = 0;
  const nlohmann::json all = Vectors(path);
  for (const auto& v : all["vectors"]) {
    if (!v.contains("signer_key_TEST_ONLY")) continue;
    const std::string skey = v["signer_key_TEST_ONLY"].get<std::string>();
    auto signer = ParseSignerKey(skey);
    ASSERT_TRUE(signer.has_value()) << signer.error().ToString();
    EXPECT_EQ(FormatSignerKey(*signer), skey);
    EXPECT_EQ(FormatVerifierKey(VerifierFor(*signer)),
              v["verifier_key"].get<std::string>());
    const std::string text = v["note_text"].get<std::string>();
    auto sig = SignNote(*signer, text);
    ASSERT_TRUE(sig.has_value());
    EXPECT_EQ(FormatNote(Note{text, {*sig}}),
              v["signed_note"].get<std::string>());
    ++checked;
  }
  EXPECT_EQ(checked, 1);
}

TEST(SignedNoteVectors, CheckpointBody) {
  TRUCE_TESTDATA_OR_SKIP(path, "ledger/signed-note/signed_note_vectors.json");
  int checked = 0;
  const nlohmann::json all = Vectors(path);
  for (const auto& v : all["vectors"]) {
    if (v.contains("signed_note")) continue;
    const std::string text = v["note_text"].get<std::string>();
    auto cp = ParseCheckpoint(text);
    ASSERT_TRUE(cp.has_value()) << cp.error().ToString();
    EXPECT_EQ(cp->origin, "go.sum database tree");
    EXPECT_EQ(cp->size, 123456789012u);
    EXPECT_EQ(cp->root, HashLeaf(std::string_view("hello world")));
    EXPECT_TRUE(cp->extensions.empty());
    EXPECT_EQ(FormatCheckpoint(*cp), text);
    ++checked;
  }
  EXPECT_EQ(checked, 1);
}

TEST(SignedNote, RejectsMalformedNotes) {
  auto key = SignerKeyFromSeed("log.example/a", kAlgEd25519,
                               std::vector<std::uint8_t>(32, 7))
                 .value();
  auto v = VerifierFor(key);
  const std::string text = "hello\n";
  const std::string good = FormatNote({text, {SignNote(key, text).value()}});
  ASSERT_TRUE(OpenNote(good, std::span(&v, 1)));
  for (std::string bad : std::vector<std::string>{
           good.substr(0, good.size() - 1),              // no final newline
           std::string("hello\n") + good.substr(6 + 1),  // no blank line
           "hel\tlo\n" + good.substr(6),                 // control character
           "hel\xffo\n" + good.substr(6),                // not UTF-8
           text + "\n",                                  // no signatures
           text + "\n- log.example/a AAAA\n",            // not an em dash
       }) {
    EXPECT_FALSE(OpenNote(bad, std::span(&v, 1))) << bad;
  }
  // Text changed after signing.
  std::string changed = good;
  changed[0] = 'j';
  EXPECT_FALSE(OpenNote(changed, std::span(&v, 1)));
  // Same name, different ID: unknown, ignored; so no known signature.
  auto other = SignerKeyFromSeed("log.example/a", kAlgEd25519,
                                 std::vector<std::uint8_t>(32, 8))
                   .value();
  auto ov = VerifierFor(other);
  EXPECT_NE(ov.key_id, v.key_id);
  auto r = OpenNote(good, std::span(&ov, 1));
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("no signature from a known key"),
            std::string::npos);
  EXPECT_FALSE(ParseVerifierKey("a+530d903a"));
  EXPECT_FALSE(ParseVerifierKey(
      "a b+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k"));
  EXPECT_FALSE(ParseVerifierKey(
      "example.com/foo+530d903b+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k"));
  EXPECT_FALSE(ParseSignerKey(FormatVerifierKey(v)));
}

TEST(Checkpoint, RejectsMalformedText) {
  const std::string root = Base64Encode(EmptyRoot());
  for (std::string bad : std::vector<std::string>{
           "o\n01\n" + root + "\n",                    // leading zero
           "o\n-1\n" + root + "\n",                    // sign
           "o\n1\n" + root,                            // no final newline
           "o\n1\n",                                   // two lines
           "\n1\n" + root + "\n",                      // empty origin
           "o\n1\n" + root + "\n\n",                   // empty extension line
           "o\n1\nAAAA\n",                             // short root
           "o\n18446744073709551616\n" + root + "\n",  // > 2^64-1
       }) {
    EXPECT_FALSE(ParseCheckpoint(bad)) << bad;
  }
  auto cp = ParseCheckpoint("o\n0\n" + root + "\next one\n");
  ASSERT_TRUE(cp);
  EXPECT_EQ(cp->extensions, std::vector<std::string>{"ext one"});
}

TEST(Cosignature, SignsTheSpecMessageAndVerifies) {
  auto log = SignerKeyFromSeed("log.example/a", kAlgEd25519,
                               std::vector<std::uint8_t>(32, 1))
                 .value();
  auto witness = SignerKeyFromSeed("witness.example/w1", kAlgCosignatureV1,
                                   std::vector<std::uint8_t>(32, 2))
                     .value();
  auto wv = VerifierFor(witness);
  // The key ID uses alg 0x04, so the same key as 0x01 has another ID.
  EXPECT_NE(wv.key_id, KeyId(witness.name, kAlgEd25519, witness.public_key));
  EXPECT_EQ(CosignedMessage("o\n1\nX\n", 1679315147),
            "cosignature/v1\ntime 1679315147\no\n1\nX\n");
  Checkpoint cp{"log.example/a", 5, HashLeaf(std::string_view("x")), {}};
  std::string signed_cp = SignCheckpoint(cp, log).value();
  // Deterministic.
  EXPECT_EQ(signed_cp, SignCheckpoint(cp, log).value());
  const std::string text = FormatCheckpoint(cp);
  auto cosig = Cosign(witness, text, 1679315147).value();
  ASSERT_EQ(cosig.signature.size(), 72u);
  EXPECT_EQ(cosig.signature[0], 0);
  EXPECT_EQ(VerifyCosignature(wv, text, cosig).value(), 1679315147u);
  // Cosigned note: both keys verify it.
  std::string both = signed_cp + cosig.Line();
  std::vector<VerifierKey> keys{VerifierFor(log), wv};
  auto opened = OpenNote(both, keys);
  ASSERT_TRUE(opened) << opened.error().ToString();
  EXPECT_EQ(opened->verified_by.size(), 2u);
  // A changed timestamp breaks the cosignature, and so the note.
  auto bad = cosig;
  bad.signature[7] ^= 1;
  EXPECT_FALSE(VerifyCosignature(wv, text, bad));
  EXPECT_FALSE(OpenNote(signed_cp + bad.Line(), keys));
  // A plain Ed25519 signature key cannot cosign, and vice versa.
  EXPECT_FALSE(Cosign(log, text, 1));
  EXPECT_FALSE(SignNote(witness, text));
}

TEST(ProofBundle, FormatsParsesAndVerifies) {
  auto log = SignerKeyFromSeed("log.example/a", kAlgEd25519,
                               std::vector<std::uint8_t>(32, 1))
                 .value();
  auto witness = SignerKeyFromSeed("witness.example/w1", kAlgCosignatureV1,
                                   std::vector<std::uint8_t>(32, 2))
                     .value();
  MerkleTree tree;
  std::vector<std::string> entries;
  for (int i = 0; i < 11; ++i) {
    entries.push_back("{\"n\":" + std::to_string(i) + "}");
    tree.Append(HashLeaf(entries.back()));
  }
  Checkpoint cp{log.name, tree.Size(), tree.Root(), {}};
  std::string note = SignCheckpoint(cp, log).value();
  note += Cosign(witness, FormatCheckpoint(cp), 1700000000).value().Line();
  ProofBundle b;
  b.extra = Bytes(entries[6].begin(), entries[6].end());
  b.index = 6;
  b.proof = InclusionProof(tree, 6, tree.Size()).value();
  b.signed_checkpoint = note;
  const std::string text = FormatProofBundle(b);
  EXPECT_TRUE(text.starts_with("c2sp.org/tlog-proof@v1\nextra "));
  auto parsed = ParseProofBundle(text);
  ASSERT_TRUE(parsed) << parsed.error().ToString();
  EXPECT_EQ(FormatProofBundle(*parsed), text);
  const auto wv = VerifierFor(witness);
  auto ok = VerifyProofBundle(*parsed, HashLeaf(entries[6]), VerifierFor(log),
                              std::span(&wv, 1), 1);
  ASSERT_TRUE(ok) << ok.error().ToString();
  EXPECT_EQ(ok->witnesses.size(), 1u);
  // Wrong entry, wrong index, missing quorum, wrong log key.
  EXPECT_FALSE(VerifyProofBundle(*parsed, HashLeaf(entries[5]),
                                 VerifierFor(log), {}, 0));
  auto moved = *parsed;
  moved.index = 7;
  EXPECT_FALSE(
      VerifyProofBundle(moved, HashLeaf(entries[6]), VerifierFor(log), {}, 0));
  EXPECT_FALSE(VerifyProofBundle(*parsed, HashLeaf(entries[6]),
                                 VerifierFor(log), {}, 1));
  EXPECT_FALSE(VerifyProofBundle(*parsed, HashLeaf(entries[6]), wv, {}, 0));
  // Without extra and with an empty proof (a one-entry log).
  ProofBundle one{std::nullopt, 0, {}, note};
  auto reparsed = ParseProofBundle(FormatProofBundle(one));
  ASSERT_TRUE(reparsed);
  EXPECT_FALSE(reparsed->extra.has_value());
  EXPECT_FALSE(ParseProofBundle("c2sp.org/tlog-proof@v1\nindex 01\n\n" + note));
  EXPECT_FALSE(ParseProofBundle("c2sp.org/tlog-proof@v2\nindex 1\n\n" + note));
  EXPECT_FALSE(
      ParseProofBundle("c2sp.org/tlog-proof@v1\nindex 1\nAAAA\n\n" + note));
}

}  // namespace
}  // namespace truce::ledger
