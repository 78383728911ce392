// Fuzzes the agreement loader: any bytes must give an Agreement or a list of
// located errors — never a crash, a hang, an exception or a sanitizer report.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "agreement/loader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto result = truce::agreement::ParseAgreement(text, "fuzz.yaml",
                                                 "/nonexistent-truce-fuzz");
  if (!result) {
    // Every error must say where it is.
    for (const auto& e : result.error()) {
      if (e.where.file.empty() || e.message.empty()) __builtin_trap();
    }
  }
  return 0;
}
