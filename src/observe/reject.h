// Why a line, sentence or message was rejected: one enum for the whole AIS
// pipeline (NMEA scanner, reassembly, message decoder), with a stable
// snake_case name for summaries and quarantine files and a one-line text.
//
// Rejections are values: the scanner and decoder return
// std::expected<T, Rejection> and never throw. A Rejection does not allocate;
// its detail is a static string. ToError() turns one into a base Error at a
// module boundary.
//
// Thread safety: plain values and pure functions.
#ifndef TRUCE_OBSERVE_REJECT_H_
#define TRUCE_OBSERVE_REJECT_H_

#include <cstdint>
#include <expected>
#include <string_view>

#include "base/error.h"

namespace truce::observe {

enum class RejectReason : uint8_t {
  kNotAis,             // not an !xxVDM/!xxVDO sentence (e.g. $GPGGA, noise)
  kBadChecksum,        // checksum present but wrong
  kMissingChecksum,    // no *hh at the end of the sentence
  kBadFieldCount,      // not the 7 comma-separated fields of VDM/VDO
  kBadFragment,        // fragment count/number missing, zero or inconsistent
  kBadSequenceId,      // sequence id not a digit 0-9
  kBadChannel,         // radio channel not A, B, 1, 2 or empty
  kEmptyPayload,       // the payload field is empty
  kBadPayloadChar,     // a character outside the six-bit armouring
  kBadFillBits,        // fill bits not 0-5
  kPayloadTooLong,     // more bits than any AIS message can have
  kBadTagBlock,        // NMEA 4.0 TAG block malformed
  kTagBlockChecksum,   // NMEA 4.0 TAG block checksum wrong
  kOrphanFragment,     // a later fragment with no group started
  kDuplicateFragment,  // the same fragment twice in one group
  kIncomplete,         // a multipart group never completed (timed out)
  kBadLength,          // message bit length impossible for its type
  kUnknownType,        // message type 0 or above 27
  kBadSubtype,         // type 24 part number other than A or B
  kLineTooLong,        // an input line longer than any NMEA sentence
  kBadRecord,          // SBS/readsb: unknown record kind or missing fields
  kBadFieldValue,      // SBS/readsb: a field that does not parse
  kCount,              // number of reasons; not a reason
};

inline constexpr int kRejectReasonCount =
    static_cast<int>(RejectReason::kCount);

// Stable snake_case token, e.g. "bad_checksum". Never changes once shipped:
// quarantine files and summaries use it.
std::string_view RejectReasonName(RejectReason reason);

// One sentence a user can read: what is wrong.
std::string_view RejectReasonText(RejectReason reason);

struct Rejection {
  RejectReason reason = RejectReason::kNotAis;
  std::string_view detail;  // static text or empty; never owns memory
};

template <typename T>
using ParseResult = std::expected<T, Rejection>;

inline std::unexpected<Rejection> RejectAs(RejectReason reason,
                                           std::string_view detail = {}) {
  return std::unexpected(Rejection{reason, detail});
}

// A base Error (kInvalidInput) naming the reason, for module boundaries.
Error ToError(const Rejection& rejection, SourceLocation where = {});

}  // namespace truce::observe

#endif  // TRUCE_OBSERVE_REJECT_H_
