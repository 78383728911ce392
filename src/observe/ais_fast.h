// The fast path of the AIS decoder, for the common case: one plain
// single-fragment sentence per line, `!ccVDM,1,1,[s],[c],PAYLOAD,[f]*hh`
// (cc: two letters A-Z; VDM or VDO; s a digit or empty; c one of ABCD12 or
// empty; f 0-5 or empty), nothing before the '!' and nothing after the
// checksum. It checks the header in place, the checksum eight bytes at a
// time, and de-armours the payload four characters at a time straight into
// the PayloadBits; it never allocates or copies the line.
//
// Contract: ScanSingle accepts a strict subset of the lines ScanLine
// (nmea.h) accepts as single-fragment sentences, and for those it yields the
// same fields and the same bits, including the fill bits kept past bit_len
// and zero bytes after them. Whatever it declines (returns false) goes to
// the general path, which gives the rejection reason if there is one; so the
// fast path never changes a result, only its cost. ais_fast_test.cc checks
// this on the real corpora and on random encoder output.
//
// FastPositionObservation goes one step further for the position reports
// (types 1, 2, 3, 18 and 27): bits straight into the fixed-size Observation,
// equal to AisToObservation (ais_observation.h) on the same message.
//
// Ownership: FastSingleScanner owns its PayloadBits; views point into the
// caller's line. Thread safety: one scanner per thread; the functions are
// pure.
#ifndef TRUCE_OBSERVE_AIS_FAST_H_
#define TRUCE_OBSERVE_AIS_FAST_H_

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "observe/bits.h"
#include "observe/observation.h"
#include "observe/reassembly.h"

namespace truce::observe {

class FastSingleScanner {
 public:
  // Scans `line` (without its line ending). On true, message() holds the
  // message's bits, channel, own_ship, fragments = 1 and raw = line (the
  // caller sets time, source and line numbers, which depend on the stream);
  // on false nothing is promised about message() and the caller takes the
  // general path.
  bool ScanSingle(std::string_view line);

  CompletedMessage& message() { return msg_; }

 private:
  CompletedMessage msg_;
  size_t used_bytes_ = 0;  // bytes of msg_.bits that may be non-zero
};

// For a message of type 1, 2, 3, 18 or 27 in `bits`: fills *out exactly as
// AisToObservation would for the decoded message, with `time_ns`, source
// `source` and the SHA-256 of `raw`, and returns true. Returns false (and
// leaves *out unspecified) for any other type or a length the general
// decoder rejects; the caller then takes the general path.
bool FastPositionObservation(const PayloadBits& bits, int64_t time_ns,
                             std::string_view source, std::string_view raw,
                             Observation* out);

// The same without the digest (raw_sha256 left zero), for a caller that
// hashes several lines at once (sha256.h: Sha256Into2).
bool FastPositionFields(const PayloadBits& bits, int64_t time_ns,
                        std::string_view source, Observation* out);

}  // namespace truce::observe

#endif  // TRUCE_OBSERVE_AIS_FAST_H_
