#include "server/api_error.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

namespace truce::server {

std::string ApiError::Json() const {
  nlohmann::ordered_json j = {
      {"error",
       {{"status", status},
        {"code", code.empty() ? std::string(CodeForStatus(status)) : code},
        {"message", message},
        {"where", where},
        {"hint", hint}}}};
  return j.dump();
}

std::string_view CodeForStatus(int status) {
  switch (status) {
    case 400:
      return "invalid_input";
    case 401:
      return "unauthorized";
    case 403:
      return "forbidden";
    case 404:
      return "not_found";
    case 405:
      return "method_not_allowed";
    case 413:
      return "payload_too_large";
    case 429:
      return "rate_limited";
    case 503:
      return "unavailable";
    default:
      return "internal";
  }
}

ApiError FromError(const Error& e) {
  ApiError out;
  switch (e.code) {
    case ErrorCode::kInvalidInput:
      out.status = 400;
      break;
    case ErrorCode::kNotFound:
      out.status = 404;
      break;
    case ErrorCode::kVerification:
      out.status = 400;
      out.code = "verification_failed";
      break;
    case ErrorCode::kUnavailable:
      out.status = 503;
      break;
    default:
      out.status = 500;
      break;
  }
  if (out.code.empty()) out.code = CodeForStatus(out.status);
  out.message = e.message;
  out.hint = e.hint;
  std::string where = e.where.ToString();
  if (!e.where.field.empty()) {
    where = where.empty() ? e.where.field : where + " (" + e.where.field + ")";
  }
  out.where = where;
  return out;
}

std::string LineColumn(std::string_view text, size_t offset) {
  size_t line = 1, col = 1;
  for (size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      col = 1;
    } else {
      ++col;
    }
  }
  return fmt::format("{}:{}", line, col);
}

}  // namespace truce::server
