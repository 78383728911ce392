// Test helpers for the shared data written by others (../shared/data).
//
// Tests read it from $TRUCE_TESTDATA (default: ../shared/data beside the
// source tree). Where it is absent a test skips and says so; under CI
// ($CI=true) an absent folder is a failure, never a silent skip.
#ifndef TRUCE_BASE_TESTING_TESTDATA_H_
#define TRUCE_BASE_TESTING_TESTDATA_H_

#include <filesystem>
#include <optional>
#include <string>

namespace truce::testing {

// The shared data folder, if it exists.
std::optional<std::filesystem::path> TestDataRoot();

// The project's source folder (for examples/ and tests/ files).
std::filesystem::path SourceRoot();

// Whole file as a string; empty optional if it cannot be read.
std::optional<std::string> ReadFile(const std::filesystem::path& path);

}  // namespace truce::testing

// Sets `var` to TestDataRoot()/relative, or skips the test (fails under CI)
// when that path does not exist.
#define TRUCE_TESTDATA_OR_SKIP(var, relative)                                 \
  std::filesystem::path var;                                                   \
  do {                                                                         \
    auto root_ = ::truce::testing::TestDataRoot();                             \
    if (root_ && std::filesystem::exists(*root_ / (relative))) {               \
      var = *root_ / (relative);                                               \
    } else if (const char* ci_ = std::getenv("CI");                            \
               ci_ && std::string(ci_) == "true") {                            \
      FAIL() << "shared test data " << (relative)                              \
             << " is missing under CI; set TRUCE_TESTDATA";                    \
    } else {                                                                   \
      GTEST_SKIP() << "shared test data " << (relative)                        \
                   << " not found; set TRUCE_TESTDATA to ../shared/data";      \
    }                                                                          \
  } while (0)

#endif  // TRUCE_BASE_TESTING_TESTDATA_H_
