// Static files: which file under the dashboard folder (web/dist or --web) a
// request path names, such that nothing outside that folder can ever be read.
//
// The request path arrives already percent-decoded (cpp-httplib decodes it;
// "%2e%2e" is ".." by then, and a second decoding is not done: a "%" that
// survives is a literal "%"). Refused: a NUL byte, a backslash, any "." or
// ".." segment, and any path whose canonical form (symlinks resolved) is not
// inside the canonical root. "/" and paths without an extension that name no
// file give index.html (the dashboard routes in the browser).
//
// Thread safety: pure functions (they read the file system).
#ifndef TRUCE_SERVER_STATIC_FILES_H_
#define TRUCE_SERVER_STATIC_FILES_H_

#include <filesystem>
#include <string>
#include <string_view>

#include "base/error.h"

namespace truce::server {

// kNotFound for a path that names nothing inside the root (or is refused:
// the caller cannot tell an escape attempt from a missing file, on purpose).
Result<std::filesystem::path> ResolveStaticPath(
    const std::filesystem::path& root, std::string_view request_path);

// Content type by extension ("text/html; charset=utf-8", ...).
std::string ContentTypeFor(const std::filesystem::path& file);

}  // namespace truce::server

#endif  // TRUCE_SERVER_STATIC_FILES_H_
