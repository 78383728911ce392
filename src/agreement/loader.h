// Loading an agreement file: YAML syntax, schema, references, geometry.
//
// Contract: on success the Agreement is complete and consistent (every id
// reference resolves, every polygon is valid, times are in order). On failure
// the caller gets EVERY problem found in one pass, each with file:line:column,
// what is wrong and what to do — never only the first, never a crash, never an
// exception. Problems in referenced GeoJSON files name those files.
//
// Thread safety: LoadAgreement may run concurrently on different files.
#ifndef TRUCE_AGREEMENT_LOADER_H_
#define TRUCE_AGREEMENT_LOADER_H_

#include <expected>
#include <filesystem>
#include <string_view>

#include "agreement/agreement.h"
#include "base/error.h"

namespace truce::agreement {

// Reads and checks the agreement at `path`. Referenced files are resolved
// relative to the agreement's folder.
std::expected<Agreement, Errors> LoadAgreement(const std::filesystem::path& path);

// The same from text already in memory; `display_path` names it in messages
// and `base_dir` resolves referenced files (used by tests and the fuzzer).
std::expected<Agreement, Errors> ParseAgreement(
    std::string_view yaml_text, std::string display_path,
    const std::filesystem::path& base_dir);

}  // namespace truce::agreement

#endif  // TRUCE_AGREEMENT_LOADER_H_
