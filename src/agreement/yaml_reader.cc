#include "agreement/yaml_reader.h"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <set>

#include "agreement/vocabulary.h"

namespace truce::agreement::internal {

SourceLocation Diagnostics::At(const YAML::Node& node,
                               std::string_view field) const {
  SourceLocation where{file_, 0, 0, std::string(field)};
  if (node.IsDefined()) {
    YAML::Mark mark = node.Mark();
    if (mark.line >= 0) {
      where.line = mark.line + 1;
      where.column = mark.column + 1;
    }
  }
  return where;
}

void Diagnostics::Add(const YAML::Node& at, std::string_view field,
                      std::string message, std::string hint) {
  AddAt(At(at, field), std::move(message), std::move(hint));
}

void Diagnostics::AddAt(SourceLocation where, std::string message,
                        std::string hint) {
  errors_.push_back(Error{ErrorCode::kInvalidInput, std::move(message),
                          std::move(hint), std::move(where)});
}

YAML::Node Child(const YAML::Node& node, const std::string& key) {
  if (node.IsDefined() && node.IsMap()) {
    for (auto it = node.begin(); it != node.end(); ++it) {
      if (it->first.IsScalar() && it->first.Scalar() == key) return it->second;
    }
  }
  return YAML::Node(YAML::NodeType::Undefined);
}

std::string_view TypeName(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Map:
      return "a mapping";
    case YAML::NodeType::Sequence:
      return "a list";
    case YAML::NodeType::Scalar:
      return "a scalar";
    case YAML::NodeType::Null:
      return "empty";
    case YAML::NodeType::Undefined:
      return "missing";
  }
  return "unknown";
}

std::optional<double> ScalarNumber(const YAML::Node& node) {
  if (!node.IsScalar()) return std::nullopt;
  const std::string& s = node.Scalar();
  double v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || !std::isfinite(v)) {
    return std::nullopt;
  }
  return v;
}

MapReader::MapReader(const YAML::Node& node, std::string path,
                     Diagnostics& diag, std::vector<std::string_view> keys)
    : node_(node), path_(std::move(path)), diag_(diag) {
  if (!node.IsMap()) {
    diag_.Add(
        node, path_,
        fmt::format("{} must be a mapping of keys to values, not {}",
                    path_.empty() ? "the document" : path_, TypeName(node)),
        "see docs/formats/agreement.md for its keys");
    ok_ = false;
    return;
  }
  const std::vector<std::string_view>& allowed = keys;
  std::set<std::string> seen;
  for (auto it = node.begin(); it != node.end(); ++it) {
    if (!it->first.IsScalar()) {
      diag_.Add(it->first, path_, "a key must be a plain word",
                "write key: value");
      continue;
    }
    const std::string& key = it->first.Scalar();
    std::string field = Field(key);
    if (!seen.insert(key).second) {
      diag_.Add(it->first, field, fmt::format("duplicate key '{}'", key),
                "keep one of the two");
    }
    if (!Contains(allowed, key)) {
      auto near = Nearest(allowed, key);
      diag_.Add(it->first, field,
                fmt::format("unknown key '{}'{}", key,
                            path_.empty() ? "" : " in " + path_),
                near ? fmt::format("did you mean '{}'?", *near)
                     : "allowed here: " + OneOf(allowed).substr(8));
    }
  }
}

std::string MapReader::Field(std::string_view key) const {
  return path_.empty() ? std::string(key) : fmt::format("{}.{}", path_, key);
}

bool MapReader::Has(std::string_view key) const {
  return ok_ && Child(node_, std::string(key)).IsDefined();
}

YAML::Node MapReader::Get(std::string_view key) const {
  if (!ok_) return YAML::Node(YAML::NodeType::Undefined);
  return Child(node_, std::string(key));
}

std::optional<std::string> MapReader::String(std::string_view key,
                                             bool required,
                                             std::string_view hint) {
  YAML::Node v = Get(key);
  if (!v.IsDefined()) {
    if (required && ok_) {
      diag_.Add(
          node_, Field(key),
          fmt::format("missing key '{}' in {}", key,
                      path_.empty() ? "the document" : path_),
          hint.empty() ? fmt::format("add {}: ...", key) : std::string(hint));
    }
    return std::nullopt;
  }
  if (!v.IsScalar() || v.Scalar().empty()) {
    diag_.Add(
        v, Field(key),
        fmt::format("'{}' must be a non-empty text, not {}", key, TypeName(v)),
        hint.empty() ? "write it as a plain or quoted string"
                     : std::string(hint));
    return std::nullopt;
  }
  return v.Scalar();
}

std::optional<double> MapReader::Number(std::string_view key, bool required,
                                        double min, double max,
                                        std::string_view unit_hint) {
  YAML::Node v = Get(key);
  if (!v.IsDefined()) {
    if (required && ok_) {
      diag_.Add(node_, Field(key), fmt::format("missing key '{}'", key),
                fmt::format(
                    "add {}: <number{}>", key,
                    unit_hint.empty() ? "" : " in " + std::string(unit_hint)));
    }
    return std::nullopt;
  }
  auto n = ScalarNumber(v);
  if (!n) {
    diag_.Add(v, Field(key),
              fmt::format("'{}' must be a number, not '{}'", key,
                          v.IsScalar() ? v.Scalar() : std::string(TypeName(v))),
              "write digits such as 50 or 12.5");
    return std::nullopt;
  }
  if (*n < min || *n > max) {
    diag_.Add(v, Field(key),
              fmt::format("'{}' is {} but must be between {} and {}", key, *n,
                          min, max),
              "correct the value");
    return std::nullopt;
  }
  return n;
}

std::optional<int64_t> MapReader::Integer(std::string_view key, bool required,
                                          int64_t min, int64_t max) {
  auto n =
      Number(key, required, static_cast<double>(min), static_cast<double>(max));
  if (!n) return std::nullopt;
  if (std::floor(*n) != *n) {
    diag_.Add(Get(key), Field(key),
              fmt::format("'{}' must be a whole number, not {}", key, *n),
              "write an integer");
    return std::nullopt;
  }
  return static_cast<int64_t>(*n);
}

std::optional<bool> MapReader::Bool(std::string_view key, bool required) {
  YAML::Node v = Get(key);
  if (!v.IsDefined()) {
    if (required && ok_) {
      diag_.Add(node_, Field(key), fmt::format("missing key '{}'", key),
                fmt::format("add {}: true or false", key));
    }
    return std::nullopt;
  }
  if (v.IsScalar() && (v.Scalar() == "true" || v.Scalar() == "false")) {
    return v.Scalar() == "true";
  }
  diag_.Add(v, Field(key), fmt::format("'{}' must be true or false", key),
            "write true or false");
  return std::nullopt;
}

std::optional<TimeNs> MapReader::Time(std::string_view key, bool required) {
  auto s = String(key, required,
                  "write an RFC 3339 time such as "
                  "2025-06-01T00:00:00Z");
  if (!s) return std::nullopt;
  auto t = ParseRfc3339(*s);
  if (!t) {
    diag_.Add(Get(key), Field(key), t.error().message, t.error().hint);
    return std::nullopt;
  }
  return *t;
}

std::optional<DurationNs> MapReader::Duration(std::string_view key,
                                              bool required) {
  auto s = String(key, required, "write a duration such as 30m or 2h");
  if (!s) return std::nullopt;
  auto d = ParseDuration(*s);
  if (!d) {
    diag_.Add(Get(key), Field(key), d.error().message, d.error().hint);
    return std::nullopt;
  }
  return *d;
}

std::optional<std::string> MapReader::Word(
    std::string_view key, bool required,
    std::span<const std::string_view> allowed, std::string_view what) {
  auto s = String(key, required, OneOf(allowed));
  if (!s) return std::nullopt;
  if (!Contains(allowed, *s)) {
    auto near = Nearest(allowed, *s);
    diag_.Add(Get(key), Field(key), fmt::format("unknown {} '{}'", what, *s),
              near ? fmt::format("did you mean '{}'?", *near) : OneOf(allowed));
    return std::nullopt;
  }
  return s;
}

namespace {

// The items of a list field; a single scalar counts as a list of one.
std::vector<YAML::Node> Items(const YAML::Node& v) {
  std::vector<YAML::Node> out;
  if (v.IsSequence()) {
    for (const auto& item : v) out.push_back(item);
  } else if (v.IsDefined() && !v.IsNull()) {
    out.push_back(v);
  }
  return out;
}

}  // namespace

std::vector<std::string> MapReader::Words(
    std::string_view key, std::span<const std::string_view> allowed,
    std::string_view what) {
  std::vector<std::string> out;
  for (const YAML::Node& item : Items(Get(key))) {
    if (!item.IsScalar()) {
      diag_.Add(item, Field(key), fmt::format("each {} must be a word", what),
                OneOf(allowed));
      continue;
    }
    if (!Contains(allowed, item.Scalar())) {
      auto near = Nearest(allowed, item.Scalar());
      diag_.Add(
          item, Field(key), fmt::format("unknown {} '{}'", what, item.Scalar()),
          near ? fmt::format("did you mean '{}'?", *near) : OneOf(allowed));
      continue;
    }
    out.push_back(item.Scalar());
  }
  return out;
}

std::vector<std::string> MapReader::Strings(std::string_view key) {
  std::vector<std::string> out;
  for (const YAML::Node& item : Items(Get(key))) {
    if (!item.IsScalar() || item.Scalar().empty()) {
      diag_.Add(item, Field(key), "each entry must be an id (a word)",
                "write a list such as [a, b]");
      continue;
    }
    out.push_back(item.Scalar());
  }
  return out;
}

std::vector<uint32_t> MapReader::Icao24s(std::string_view key) {
  std::vector<uint32_t> out;
  for (const YAML::Node& item : Items(Get(key))) {
    const std::string s = item.IsScalar() ? item.Scalar() : "";
    uint32_t v = 0;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v, 16);
    if (s.size() != 6 || ec != std::errc() || end != s.data() + s.size()) {
      diag_.Add(item, Field(key),
                fmt::format("'{}' is not an ICAO 24-bit address", s),
                "write six hexadecimal digits in quotes, e.g. \"4CA2B1\"");
      continue;
    }
    out.push_back(v);
  }
  return out;
}

std::vector<uint32_t> MapReader::Mmsis(std::string_view key) {
  std::vector<uint32_t> out;
  for (const YAML::Node& item : Items(Get(key))) {
    const std::string s = item.IsScalar() ? item.Scalar() : "";
    uint32_t v = 0;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (s.size() != 9 || ec != std::errc() || end != s.data() + s.size()) {
      diag_.Add(item, Field(key), fmt::format("'{}' is not an MMSI", s),
                "write the vessel's nine-digit MMSI, e.g. 272123456");
      continue;
    }
    out.push_back(v);
  }
  return out;
}

std::optional<YAML::Node> LoadDocument(std::string_view text,
                                       Diagnostics& diag) {
  try {
    return YAML::Load(std::string(text));
  } catch (const YAML::Exception& e) {
    diag.AddAt(
        SourceLocation{diag.file(), e.mark.line + 1, e.mark.column + 1, ""},
        fmt::format("YAML syntax error: {}", e.msg),
        "fix the YAML syntax (indentation, quotes, colons)");
    return std::nullopt;
  }
}

bool IsListOrReport(const YAML::Node& list, std::string_view key,
                    Diagnostics& diag) {
  if (!list.IsDefined() || list.IsNull()) return false;
  if (!list.IsSequence()) {
    diag.Add(list, key,
             fmt::format("'{}' must be a list (items start with '- ')", key),
             fmt::format("write {}:\\n  - id: ...", key));
    return false;
  }
  return true;
}

std::string ItemField(std::string_view key, size_t index) {
  return fmt::format("{}[{}]", key, index);
}

}  // namespace truce::agreement::internal
