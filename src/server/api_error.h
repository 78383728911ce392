// ApiError: the JSON error body every failing route answers with
//   {"error":{"status":400,"code":"invalid_input","message":"...",
//             "where":"field or line:col","hint":"..."}}
// and the mapping from truce's ErrorCode to HTTP status and code.
//
// Thread safety: pure functions.
#ifndef TRUCE_SERVER_API_ERROR_H_
#define TRUCE_SERVER_API_ERROR_H_

#include <string>
#include <string_view>

#include "base/error.h"

namespace truce::server {

struct ApiError {
  int status = 500;
  std::string code;  // "invalid_input", "unauthorized", ...
  std::string message, where, hint;

  std::string Json() const;
};

// 400 invalid_input, 404 not_found, 400 verification_failed, 503
// unavailable, 500 internal (I/O, corrupt, internal: the message is kept,
// the server's own problem is no secret to its operator).
ApiError FromError(const Error& e);

// The error code string for a status the server produces itself.
std::string_view CodeForStatus(int status);

// "line:column" (1-based) of byte `offset` in `text`.
std::string LineColumn(std::string_view text, size_t offset);

}  // namespace truce::server

#endif  // TRUCE_SERVER_API_ERROR_H_
