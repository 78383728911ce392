#include "ledger/cosignature.h"

#include <fmt/format.h>
#include <sodium.h>

namespace truce::ledger {

std::string CosignedMessage(std::string_view checkpoint_text,
                            std::uint64_t timestamp_s) {
  return fmt::format("cosignature/v1\ntime {}\n{}", timestamp_s,
                     checkpoint_text);
}

Result<NoteSignature> Cosign(const SignerKey& witness,
                             std::string_view checkpoint_text,
                             std::uint64_t timestamp_s) {
  if (witness.alg != kAlgCosignatureV1) {
    return Fail(ErrorCode::kInvalidInput,
                "a witness key must be a cosignature/v1 key (0x04)",
                "create one with `truce log keygen --cosigner`");
  }
  if (timestamp_s > (std::uint64_t{1} << 63) - 1) {
    return Fail(ErrorCode::kInvalidInput, "timestamp exceeds 2^63-1");
  }
  if (sodium_init() < 0) return Fail(ErrorCode::kInternal, "libsodium init");
  std::array<std::uint8_t, crypto_sign_PUBLICKEYBYTES> pk;
  std::array<std::uint8_t, crypto_sign_SECRETKEYBYTES> sk;
  crypto_sign_seed_keypair(pk.data(), sk.data(), witness.seed.data());
  const std::string msg = CosignedMessage(checkpoint_text, timestamp_s);
  NoteSignature sig{witness.name, witness.key_id, Bytes(8 + crypto_sign_BYTES)};
  for (int i = 0; i < 8; ++i) {
    sig.signature[i] = static_cast<std::uint8_t>(timestamp_s >> (56 - 8 * i));
  }
  crypto_sign_detached(sig.signature.data() + 8, nullptr,
                       reinterpret_cast<const unsigned char*>(msg.data()),
                       msg.size(), sk.data());
  sodium_memzero(sk.data(), sk.size());
  return sig;
}

Result<std::uint64_t> VerifyCosignature(const VerifierKey& witness,
                                        std::string_view checkpoint_text,
                                        const NoteSignature& sig) {
  if (witness.alg != kAlgCosignatureV1 || sig.name != witness.name ||
      sig.key_id != witness.key_id) {
    return Fail(ErrorCode::kVerification,
                fmt::format("not a cosignature by {}", witness.name));
  }
  if (sig.signature.size() != 8 + crypto_sign_BYTES) {
    return Fail(ErrorCode::kVerification,
                fmt::format("cosignature by {} is not 72 bytes", witness.name));
  }
  std::uint64_t ts = 0;
  for (int i = 0; i < 8; ++i) ts = ts << 8 | sig.signature[i];
  if (ts > (std::uint64_t{1} << 63) - 1) {
    return Fail(ErrorCode::kVerification, "cosignature timestamp >= 2^63");
  }
  if (sodium_init() < 0) return Fail(ErrorCode::kInternal, "libsodium init");
  const std::string msg = CosignedMessage(checkpoint_text, ts);
  if (crypto_sign_verify_detached(
          sig.signature.data() + 8,
          reinterpret_cast<const unsigned char*>(msg.data()), msg.size(),
          witness.public_key.data()) != 0) {
    return Fail(ErrorCode::kVerification,
                fmt::format("cosignature by {} does not verify", witness.name));
  }
  return ts;
}

}  // namespace truce::ledger
