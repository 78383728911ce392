#include "base/testing/testdata.h"

#include <cstdlib>
#include <fstream>
#include <sstream>

namespace truce::testing {

std::optional<std::filesystem::path> TestDataRoot() {
  for (const char* var : {"TRUCE_TESTDATA", "TRUCE_TESTDATA_DEFAULT"}) {
    if (const char* v = std::getenv(var); v && *v) {
      std::filesystem::path p(v);
      if (std::filesystem::is_directory(p)) return p;
    }
  }
  return std::nullopt;
}

std::filesystem::path SourceRoot() {
  if (const char* v = std::getenv("TRUCE_SOURCE_DIR"); v && *v) return v;
  return std::filesystem::current_path();
}

std::optional<std::string> ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace truce::testing
