#include "server/static_files.h"

#include <array>
#include <utility>

namespace truce::server {
namespace {

std::unexpected<Error> NotFound() {
  return Fail(ErrorCode::kNotFound, "no such file in the dashboard",
              "the dashboard is at /; the API under /api/");
}

// The canonical file if it is a regular file inside `root` (canonical).
Result<std::filesystem::path> Inside(const std::filesystem::path& root,
                                     const std::filesystem::path& candidate) {
  std::error_code ec;
  auto canon = std::filesystem::canonical(candidate, ec);
  if (ec) return NotFound();
  // Compare whole path components, so /srv/web-secret is not inside /srv/web.
  auto r = root.begin();
  auto c = canon.begin();
  for (; r != root.end(); ++r, ++c) {
    if (c == canon.end() || *r != *c) return NotFound();
  }
  if (!std::filesystem::is_regular_file(canon, ec)) return NotFound();
  return canon;
}

}  // namespace

Result<std::filesystem::path> ResolveStaticPath(
    const std::filesystem::path& root, std::string_view request_path) {
  std::error_code ec;
  auto canon_root = std::filesystem::canonical(root, ec);
  if (ec) return NotFound();
  if (request_path.empty() || request_path.front() != '/') return NotFound();
  std::filesystem::path rel;
  std::string_view rest = request_path.substr(1);
  bool last_has_dot = false;
  while (!rest.empty()) {
    size_t slash = rest.find('/');
    std::string_view seg = rest.substr(0, slash);
    rest = slash == std::string_view::npos ? std::string_view()
                                           : rest.substr(slash + 1);
    if (seg.empty()) continue;
    if (seg == "." || seg == ".." ||
        seg.find_first_of(std::string_view("\\\0:", 3)) !=
            std::string_view::npos) {
      return NotFound();
    }
    rel /= std::string(seg);
    last_has_dot = seg.find('.') != std::string_view::npos;
  }
  if (!rel.empty()) {
    auto file = Inside(canon_root, canon_root / rel);
    if (file) return file;
    // A file name with an extension that does not exist is a real 404; a
    // route of the single-page dashboard falls back to index.html.
    if (last_has_dot) return NotFound();
  }
  return Inside(canon_root, canon_root / "index.html");
}

std::string ContentTypeFor(const std::filesystem::path& file) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 14>
      kTypes = {{{".html", "text/html; charset=utf-8"},
                 {".js", "text/javascript; charset=utf-8"},
                 {".mjs", "text/javascript; charset=utf-8"},
                 {".css", "text/css; charset=utf-8"},
                 {".json", "application/json"},
                 {".geojson", "application/geo+json"},
                 {".svg", "image/svg+xml"},
                 {".png", "image/png"},
                 {".jpg", "image/jpeg"},
                 {".ico", "image/x-icon"},
                 {".woff2", "font/woff2"},
                 {".pbf", "application/x-protobuf"},
                 {".wasm", "application/wasm"},
                 {".txt", "text/plain; charset=utf-8"}}};
  std::string ext = file.extension().string();
  for (const auto& [e, t] : kTypes) {
    if (e == ext) return std::string(t);
  }
  return "application/octet-stream";
}

}  // namespace truce::server
