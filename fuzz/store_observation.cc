// Fuzz target: arbitrary bytes as a stored observation (store.db's `obs`
// column, src/store/observation_codec.h). Decoding must fail cleanly or give
// an observation whose encoding decodes to the same encoding again (the
// codec is a fixed point after one round), with positions in range.
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "store/observation_codec.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using truce::store::DecodeObservation;
  using truce::store::EncodeObservation;
  if (size == 0) return 0;
  // The first byte picks the static texts (interned, so a fixed few).
  static constexpr std::string_view kClasses[] = {"", "military", "cargo"};
  static constexpr std::string_view kEvents[] = {"", "shelling"};
  std::string_view klass = kClasses[data[0] % 3];
  std::string_view event = kEvents[(data[0] / 3) % 2];
  std::string_view bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
  auto o = DecodeObservation(bytes, klass, event);
  if (!o) return 0;
  if (o->has_position && (std::fabs(o->position.lat_deg) > 90 ||
                          std::fabs(o->position.lng_deg) > 180)) {
    std::abort();
  }
  std::string once = EncodeObservation(*o);
  auto again = DecodeObservation(once, klass, event);
  if (!again || EncodeObservation(*again) != once) std::abort();
  return 0;
}
