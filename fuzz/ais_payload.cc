// Fuzz target: the AIS message decoder on arbitrary payload bits (first byte:
// bit length modulo 8 adjustment; the rest: the bits), then gpsd JSON both
// ways, which must be valid JSON.
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <nlohmann/json.hpp>
#include <string>

#include "observe/ais.h"
#include "observe/ais_json.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace truce::observe;
  if (size < 1) return 0;
  PayloadBits bits;
  const size_t n = std::min(size - 1, kMaxPayloadBytes);
  std::memcpy(bits.bytes, data + 1, n);
  const size_t trim = data[0] % 8;
  bits.bit_len = n * 8 >= trim ? n * 8 - trim : 0;
  AisDecoder decoder;
  for (int i = 0; i < 2; ++i) {  // twice: type 24 state
    auto m = decoder.Decode(bits);
    if (!m) continue;
    std::string json;
    for (bool scaled : {true, false}) {
      json.clear();
      if (AppendAisJson(*m, {scaled, {}}, &json) && !nlohmann::json::accept(json)) {
        std::abort();
      }
    }
  }
  return 0;
}
