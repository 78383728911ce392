// ObservationCodec: an Observation as a fixed-size little-endian byte string
// (the `obs` column of store.db's observations, docs/formats/store.md), and
// back. The two static-text fields (class_name, event) are not in the bytes:
// they are stored as text columns and interned on the way back, so the
// decoded observation's views stay valid for the life of the process.
//
// Thread safety: pure functions; Intern is thread-safe.
#ifndef TRUCE_STORE_OBSERVATION_CODEC_H_
#define TRUCE_STORE_OBSERVATION_CODEC_H_

#include <string>
#include <string_view>

#include "base/error.h"
#include "observe/observation.h"

namespace truce::store {

// Format version 1: kEncodedSize bytes.
inline constexpr size_t kEncodedObservationSize = 211;

std::string EncodeObservation(const observe::Observation& o);
// kCorrupt if the bytes are not kEncodedObservationSize long or a field is
// out of range. class_name and event are set from the given texts.
Result<observe::Observation> DecodeObservation(std::string_view bytes,
                                               std::string_view class_name,
                                               std::string_view event);

// A view of a process-wide copy of `text`, never freed.
std::string_view Intern(std::string_view text);

}  // namespace truce::store

#endif  // TRUCE_STORE_OBSERVATION_CODEC_H_
