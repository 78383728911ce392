// A small AIS encoder for tests: writes the payload bits of a decoded message
// struct and armours them into valid !AIVDM sentences (with checksums,
// fill bits and multipart splitting), so that the decoder is tested on values
// no corpus has (round trips) and fuzzers get valid seeds.
//
// Encodes the message families truce reads positions and identities from:
// types 1-3, 4, 11, 5, 9, 18, 19, 21, 24 (parts A and B) and 27.
//
// Thread safety: pure functions. Test-only code (allocates freely).
#ifndef TRUCE_OBSERVE_TESTING_AIS_ENCODER_H_
#define TRUCE_OBSERVE_TESTING_AIS_ENCODER_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "observe/ais.h"

namespace truce::observe::testing {

class BitWriter {
 public:
  void U(unsigned width, uint64_t value);
  void S(unsigned width, int64_t value);
  // `chars` six-bit characters of `text`, padded with '@'. Characters outside
  // the six-bit set are written as '?'.
  void Text(unsigned chars, std::string_view text);
  size_t size() const { return bits_.size(); }
  const std::vector<bool>& bits() const { return bits_; }

 private:
  std::vector<bool> bits_;
};

// The payload bits of `m`; empty if the message type is not supported.
BitWriter EncodeAis(const AisMessage& m);

struct SentenceOptions {
  std::string talker = "AI";
  bool own_ship = false;
  char channel = 'A';
  int sequence_id = -1;           // -1: empty (allowed for single fragments)
  size_t max_payload_chars = 60;  // split into fragments beyond this
  std::string tag_block;          // e.g. "s:rx1,c:1700000000" (no \ or *hh)
};

// Armoured sentences, one per fragment, each ending without a newline.
std::vector<std::string> ToSentences(const BitWriter& bits,
                                     const SentenceOptions& options = {});

// "*hh"-style checksum hex of `body` (the text between '!' and '*').
std::string ChecksumHex(std::string_view body);

}  // namespace truce::observe::testing

#endif  // TRUCE_OBSERVE_TESTING_AIS_ENCODER_H_
