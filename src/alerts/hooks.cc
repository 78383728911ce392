#include "alerts/hooks.h"

#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

#include "agreement/yaml_reader.h"

namespace truce::alerts {
namespace {

using agreement::internal::Diagnostics;
using agreement::internal::MapReader;

bool NameChar(unsigned char c) {
  return std::isalnum(c) || c == '.' || c == '_' || c == '-';
}

// RFC 9110 token characters, for header names.
bool TokenChar(unsigned char c) {
  return std::isalnum(c) ||
         std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

// Headers truce sets itself; a hook may not override them.
constexpr std::string_view kReserved[] = {
    "content-type",    "content-length",     "host",
    "idempotency-key", "x-truce-identifier", "x-truce-attempt",
    "x-truce-endpoint"};

std::string Lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower((unsigned char)c));
  return s;
}

void ParseHeaders(const YAML::Node& node, const std::string& path,
                  Diagnostics& diag, Endpoint& ep) {
  if (!node.IsMap()) {
    diag.Add(node, path,
             fmt::format("{} must be a mapping of header names to values, "
                         "not {}",
                         path, agreement::internal::TypeName(node)),
             "write e.g. headers: {Authorization: \"Bearer TOKEN\"}");
    return;
  }
  std::set<std::string> seen;
  for (auto it = node.begin(); it != node.end(); ++it) {
    YAML::Node k = it->first;  // copies: *it is a temporary
    YAML::Node v = it->second;
    if (!k.IsScalar() || k.Scalar().empty() ||
        !std::ranges::all_of(k.Scalar(), [](char c) { return TokenChar(c); })) {
      diag.Add(k, path, "a header name must be an HTTP token",
               "use letters, digits and - (e.g. Authorization)");
      continue;
    }
    std::string name = k.Scalar();
    std::string field = path + "." + name;
    std::string lower = Lower(name);
    if (std::ranges::find(kReserved, lower) != std::end(kReserved)) {
      diag.Add(k, field, fmt::format("header '{}' is set by truce", name),
               "remove it; see docs/formats/webhooks.md for the headers sent");
      continue;
    }
    if (!seen.insert(lower).second) {
      diag.Add(k, field, fmt::format("duplicate header '{}'", name),
               "keep one of the two");
      continue;
    }
    if (!v.IsScalar() || std::ranges::any_of(v.Scalar(), [](char c) {
          return c == '\r' || c == '\n' || c == '\0';
        })) {
      diag.Add(v, field,
               fmt::format("header '{}' must be one line of text", name),
               "write the value as a plain or quoted string");
      continue;
    }
    ep.headers.emplace_back(name, v.Scalar());
  }
  std::ranges::sort(ep.headers);
}

void ParseEndpoint(const YAML::Node& node, const std::string& path,
                   Diagnostics& diag, Hooks& hooks,
                   std::set<std::string>& names) {
  MapReader r(node, path, diag,
              {"name", "url", "timeout_ms", "max_attempts", "backoff_ms",
               "max_backoff_ms", "headers"});
  if (!r.ok()) return;
  Endpoint ep;
  if (auto name = r.String("name", true, "add name: a-short-id")) {
    if (!std::ranges::all_of(*name, [](char c) { return NameChar(c); })) {
      diag.Add(r.Get("name"), r.Field("name"),
               fmt::format("endpoint name '{}' holds characters other than "
                           "letters, digits, '.', '_' and '-'",
                           *name),
               "rename it, e.g. guarantor-a");
    } else if (!names.insert(*name).second) {
      diag.Add(r.Get("name"), r.Field("name"),
               fmt::format("duplicate endpoint name '{}'", *name),
               "give each endpoint its own name: the outbox keys on it");
    }
    ep.name = *name;
  }
  if (auto url = r.String("url", true, "add url: https://host/path")) {
    bool scheme = url->starts_with("http://") || url->starts_with("https://");
    bool clean = std::ranges::none_of(
        *url, [](unsigned char c) { return c <= ' ' || c == 0x7F; });
    size_t host_at = url->find("://") + 3;
    if (!scheme || !clean || host_at >= url->size() || (*url)[host_at] == '/') {
      diag.Add(r.Get("url"), r.Field("url"),
               fmt::format("'{}' is not an http:// or https:// URL with a host",
                           *url),
               "write e.g. https://alerts.example.org/cap (no spaces)");
    }
    ep.url = *url;
  }
  if (auto v = r.Integer("timeout_ms", false, 1, 600'000)) ep.timeout_ms = *v;
  if (auto v = r.Integer("max_attempts", false, 1, 1000)) ep.max_attempts = *v;
  if (auto v = r.Integer("backoff_ms", false, 1, 86'400'000))
    ep.backoff_ms = *v;
  if (auto v = r.Integer("max_backoff_ms", false, 1, 86'400'000)) {
    ep.max_backoff_ms = *v;
  }
  if (!r.Has("max_backoff_ms")) {
    ep.max_backoff_ms = std::max(ep.max_backoff_ms, ep.backoff_ms);
  } else if (ep.max_backoff_ms < ep.backoff_ms) {
    diag.Add(r.Get("max_backoff_ms"), r.Field("max_backoff_ms"),
             fmt::format("max_backoff_ms {} is below backoff_ms {}",
                         ep.max_backoff_ms, ep.backoff_ms),
             "make max_backoff_ms at least backoff_ms");
  }
  if (YAML::Node h = r.Get("headers"); h.IsDefined()) {
    ParseHeaders(h, r.Field("headers"), diag, ep);
  }
  hooks.endpoints.push_back(std::move(ep));
}

}  // namespace

std::expected<Hooks, Errors> ParseHooks(std::string_view text,
                                        std::string_view file) {
  Diagnostics diag{std::string(file)};
  Hooks hooks;
  std::optional<YAML::Node> loaded =
      agreement::internal::LoadDocument(text, diag);
  if (!loaded) return std::unexpected(std::move(diag.errors()));
  const YAML::Node& root = *loaded;
  try {
    MapReader top(root, "", diag, {"endpoints"});
    if (top.ok()) {
      YAML::Node list = top.Get("endpoints");
      if (!list.IsDefined()) {
        diag.Add(root, "endpoints", "missing key 'endpoints'",
                 "list the webhook endpoints under endpoints:");
      } else if (!list.IsSequence() || list.size() == 0) {
        diag.Add(list, "endpoints",
                 "endpoints must be a non-empty list of endpoints",
                 "write endpoints: then - name: ... url: ... per endpoint");
      } else {
        std::set<std::string> names;
        for (size_t i = 0; i < list.size(); ++i) {
          ParseEndpoint(list[i], fmt::format("endpoints[{}]", i), diag, hooks,
                        names);
        }
      }
    }
  } catch (const YAML::Exception& e) {
    diag.errors().push_back(Error{
        ErrorCode::kInternal,
        fmt::format("internal error while reading the hooks: {}", e.msg),
        "please report this with the file",
        SourceLocation{diag.file(), e.mark.line + 1, e.mark.column + 1, ""}});
  }
  if (!diag.empty()) return std::unexpected(std::move(diag.errors()));
  return hooks;
}

std::expected<Hooks, Errors> ReadHooks(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return std::unexpected(
        Errors{Error{ErrorCode::kNotFound,
                     fmt::format("cannot open {}", path),
                     "give the hooks file (docs/formats/webhooks.md)",
                     {path, 0, 0, ""}}});
  }
  std::ostringstream s;
  s << in.rdbuf();
  return ParseHooks(s.str(), path);
}

}  // namespace truce::alerts
