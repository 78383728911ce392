// The JSON form of a list of located errors, shared by the commands that
// validate a file with --json (check, guarantees check): one object per
// error with where, file, line, column, field, message and hint.
//
// Thread safety: pure function.
#ifndef TRUCE_CLI_ERRORS_JSON_H_
#define TRUCE_CLI_ERRORS_JSON_H_

#include <nlohmann/json.hpp>

#include "base/error.h"

namespace truce::cli {

inline nlohmann::ordered_json ErrorsJson(const Errors& errors) {
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (const auto& e : errors) {
    out.push_back({{"where", e.where.ToString()},
                   {"file", e.where.file},
                   {"line", e.where.line},
                   {"column", e.where.column},
                   {"field", e.where.field},
                   {"message", e.message},
                   {"hint", e.hint}});
  }
  return out;
}

}  // namespace truce::cli

#endif  // TRUCE_CLI_ERRORS_JSON_H_
