// Application payloads of AIS binary messages (types 6 and 8) that gpsd
// decodes: IMO236/IMO289 (DAC 1), Inland AIS (DAC 200), GLA AtoN monitoring
// (DAC 235/250). Anything else stays raw bits (std::monostate).
//
// Thread safety: pure functions.
#ifndef TRUCE_OBSERVE_AIS_BINARY_H_
#define TRUCE_OBSERVE_AIS_BINARY_H_

#include <cstdint>

#include "observe/ais.h"
#include "observe/bits.h"

namespace truce::observe {

// `bits` is the whole message; the application data starts at bit 88.
BinaryApp DecodeType6App(const PayloadBits& bits, uint16_t dac, uint8_t fid);

// `bits` is the whole message; the application data starts at bit 56.
BinaryApp DecodeType8App(const PayloadBits& bits, uint16_t dac, uint8_t fid);

}  // namespace truce::observe

#endif  // TRUCE_OBSERVE_AIS_BINARY_H_
