// AIS message to Observation: positions of types 1-3, 18, 19, 27 (vessels)
// and 9 (SAR aircraft), and the static data of types 5, 19 and 24 (class,
// name) for vessels. The flag comes from the MMSI's MID (mid.h), the class
// from the ship type, the digest from the raw sentence bytes.
//
// Thread safety: pure function.
#ifndef TRUCE_OBSERVE_AIS_OBSERVATION_H_
#define TRUCE_OBSERVE_AIS_OBSERVATION_H_

#include <string_view>

#include "observe/ais.h"
#include "observe/observation.h"
#include "observe/reassembly.h"

namespace truce::observe {

// Fills *out for a message that says where a vessel or aircraft is, or what
// it is; returns false (and leaves *out unspecified) for the others (base
// stations, binary messages, acknowledgements, ...). `feed` names the
// source when the sentence carries no station id.
bool AisToObservation(const AisMessage& m, const CompletedMessage& source,
                      std::string_view feed, Observation* out);

// SHA-256 of `bytes` (libsodium).
std::array<uint8_t, 32> Sha256(std::string_view bytes);

}  // namespace truce::observe

#endif  // TRUCE_OBSERVE_AIS_OBSERVATION_H_
