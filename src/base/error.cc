#include "base/error.h"

#include <fmt/format.h>

namespace truce {

std::string SourceLocation::ToString() const {
  std::string out = file;
  if (line > 0) {
    out += fmt::format(":{}", line);
    if (column > 0) out += fmt::format(":{}", column);
  }
  if (!field.empty()) {
    out += out.empty() ? field : fmt::format(" ({})", field);
  }
  return out;
}

std::string Error::ToString() const {
  std::string out;
  std::string at = where.ToString();
  if (!at.empty()) out = at + ": ";
  out += message;
  if (!hint.empty()) out += "; " + hint;
  return out;
}

std::unexpected<Error> Fail(ErrorCode code, std::string message,
                            std::string hint, SourceLocation where) {
  return std::unexpected(
      Error{code, std::move(message), std::move(hint), std::move(where)});
}

int ExitCodeFor(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidInput: return 1;
    case ErrorCode::kNotFound: return 3;
    case ErrorCode::kIo: return 4;
    case ErrorCode::kCorrupt: return 5;
    case ErrorCode::kVerification: return 6;
    case ErrorCode::kUnavailable: return 7;
    case ErrorCode::kInternal: return 70;
  }
  return 70;
}

}  // namespace truce
