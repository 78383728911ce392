// Fuzzes the hooks.yaml loader (src/alerts/hooks.h): any bytes must give
// endpoints or a list of located errors — never a crash, a hang, an exception
// or a sanitizer report — and every accepted endpoint must satisfy the
// loader's contract.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "alerts/hooks.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto result = truce::alerts::ParseHooks(text, "fuzz.yaml");
  if (!result) {
    for (const auto& e : result.error()) {
      if (e.where.file.empty() || e.message.empty()) __builtin_trap();
    }
    return 0;
  }
  if (result->endpoints.empty()) __builtin_trap();
  for (const auto& ep : result->endpoints) {
    if (ep.name.empty() || ep.timeout_ms < 1 || ep.max_attempts < 1 ||
        ep.backoff_ms < 1 || ep.max_backoff_ms < ep.backoff_ms) {
      __builtin_trap();
    }
    if (!ep.url.starts_with("http://") && !ep.url.starts_with("https://")) {
      __builtin_trap();
    }
  }
  return 0;
}
