// FixedString<N>: a string of at most N bytes stored inline, so that decoded
// AIS messages (ship names, call signs, text) never allocate.
//
// Thread safety: plain value.
#ifndef TRUCE_OBSERVE_FIXED_STRING_H_
#define TRUCE_OBSERVE_FIXED_STRING_H_

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace truce::observe {

template <size_t N>
struct FixedString {
  static_assert(N < 256);
  char data[N] = {};
  uint8_t size = 0;

  std::string_view view() const { return {data, size}; }
  // Appends one byte; silently stops at capacity.
  void push_back(char c) {
    if (size < N) data[size++] = c;
  }
  void assign(std::string_view s) {
    size = 0;
    for (char c : s) push_back(c);
  }
  bool operator==(const FixedString& o) const { return view() == o.view(); }
};

}  // namespace truce::observe

#endif  // TRUCE_OBSERVE_FIXED_STRING_H_
