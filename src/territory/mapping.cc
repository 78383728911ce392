#include "territory/mapping.h"

#include <yaml-cpp/yaml.h>

#include <fstream>
#include <sstream>

namespace truce::territory {
namespace {

SourceLocation At(std::string_view file, const YAML::Node& node,
                  std::string field) {
  SourceLocation loc{std::string(file), 0, 0, std::move(field)};
  YAML::Mark m = node.Mark();
  if (m.line >= 0) {
    loc.line = m.line + 1;
    loc.column = m.column + 1;
  }
  return loc;
}

Result<std::string> Scalar(std::string_view file, const YAML::Node& node,
                           const std::string& field) {
  if (!node.IsScalar()) {
    return Fail(ErrorCode::kInvalidInput, field + " must be a text value",
                "write it as key: value", At(file, node, field));
  }
  return node.as<std::string>();
}

Result<Classification> ParseClass(std::string_view file, const YAML::Node& n,
                                  const std::string& field) {
  Classification c;
  c.matched = true;
  if (!n.IsMap()) {
    return Fail(ErrorCode::kInvalidInput, field + " must be a mapping",
                "give party: and status:", At(file, n, field));
  }
  for (const auto& kv : n) {
    std::string key = kv.first.as<std::string>();
    if (key == "party" || key == "status") {
      auto v = Scalar(file, kv.second, field + "." + key);
      if (!v) return std::unexpected(v.error());
      (key == "party" ? c.party : c.status) = *v;
    } else if (key != "equals" && key != "prefix" && key != "contains" &&
               key != "property") {
      return Fail(ErrorCode::kInvalidInput,
                  "unknown key '" + key + "' in " + field,
                  "allowed: property, equals, prefix, contains, party, status",
                  At(file, kv.first, field + "." + key));
    }
  }
  return c;
}

Result<Mapping> ParseRoot(std::string_view file, const YAML::Node& root) {
  Mapping m;
  if (!root.IsMap()) {
    return Fail(ErrorCode::kInvalidInput, "a mapping file must be a YAML map",
                "see docs/formats/control-map.md", At(file, root, ""));
  }
  for (const auto& kv : root) {
    std::string key = kv.first.as<std::string>();
    const YAML::Node& v = kv.second;
    if (key == "source" || key == "property" || key == "date_property") {
      auto s = Scalar(file, v, key);
      if (!s) return std::unexpected(s.error());
      if (key == "source") m.source = *s;
      if (key == "property") m.property = *s;
      if (key == "date_property") m.date_property = *s;
    } else if (key == "default") {
      auto c = ParseClass(file, v, "default");
      if (!c) return std::unexpected(c.error());
      m.default_class = *c;
    } else if (key == "rules") {
      if (!v.IsSequence()) {
        return Fail(ErrorCode::kInvalidInput, "rules must be a list",
                    "write each rule as '- equals: ...'", At(file, v, key));
      }
    } else {
      return Fail(ErrorCode::kInvalidInput, "unknown key '" + key + "'",
                  "allowed: source, property, date_property, rules, default",
                  At(file, kv.first, key));
    }
  }
  if (const YAML::Node rules = root["rules"]) {
    for (std::size_t i = 0; i < rules.size(); ++i) {
      const YAML::Node r = rules[i];
      std::string field = "rules[" + std::to_string(i) + "]";
      auto c = ParseClass(file, r, field);
      if (!c) return std::unexpected(c.error());
      MappingRule rule;
      rule.party = c->party;
      rule.status = c->status;
      rule.property = m.property;
      if (r["property"]) {
        auto p = Scalar(file, r["property"], field + ".property");
        if (!p) return std::unexpected(p.error());
        rule.property = *p;
      }
      int tests = 0;
      for (auto [name, test] :
           {std::pair{"equals", MappingRule::Test::kEquals},
            std::pair{"prefix", MappingRule::Test::kPrefix},
            std::pair{"contains", MappingRule::Test::kContains}}) {
        if (!r[name]) continue;
        auto s = Scalar(file, r[name], field + "." + name);
        if (!s) return std::unexpected(s.error());
        rule.test = test;
        rule.value = NormalizeLabel(*s);
        ++tests;
      }
      if (tests != 1) {
        return Fail(ErrorCode::kInvalidInput,
                    field + " needs exactly one of equals, prefix, contains",
                    "e.g. '- contains: Occupied'", At(file, r, field));
      }
      m.rules.push_back(std::move(rule));
    }
  }
  return m;
}

}  // namespace

std::string NormalizeLabel(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool space = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    bool is_space = c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
                    c == '\f' || c == '\v';
    // U+00A0 NO-BREAK SPACE is C2 A0 in UTF-8.
    if (c == 0xC2 && i + 1 < text.size() &&
        static_cast<unsigned char>(text[i + 1]) == 0xA0) {
      is_space = true;
      ++i;
    }
    if (is_space) {
      space = true;
      continue;
    }
    if (space && !out.empty()) out.push_back(' ');
    space = false;
    out.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a')
                                       : static_cast<char>(c));
  }
  return out;
}

bool Mapping::Matches(const MappingRule& rule, std::string_view raw_value) {
  std::string v = NormalizeLabel(raw_value);
  switch (rule.test) {
    case MappingRule::Test::kEquals:
      return v == rule.value;
    case MappingRule::Test::kPrefix:
      return v.starts_with(rule.value);
    case MappingRule::Test::kContains:
      return v.find(rule.value) != std::string::npos;
  }
  return false;
}

Mapping DefaultMapping() {
  Mapping m;
  m.source = "default";
  m.default_class = Classification{"controlled", "controlled", true};
  return m;
}

Result<Mapping> ParseMapping(std::string_view yaml_text,
                             std::string_view file_label) {
  try {
    YAML::Node root = YAML::Load(std::string(yaml_text));
    return ParseRoot(file_label, root);
  } catch (const YAML::Exception& e) {
    SourceLocation loc{std::string(file_label), 0, 0, ""};
    if (e.mark.line >= 0) {
      loc.line = e.mark.line + 1;
      loc.column = e.mark.column + 1;
    }
    return Fail(ErrorCode::kInvalidInput, "invalid YAML: " + e.msg,
                "see docs/formats/control-map.md", loc);
  }
}

Result<Mapping> LoadMapping(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return Fail(ErrorCode::kNotFound, "cannot read mapping file",
                "check the path given to --mapping",
                SourceLocation{path.string(), 0, 0, ""});
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  return ParseMapping(ss.str(), path.string());
}

}  // namespace truce::territory
