#include "base/canonical_json.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <nlohmann/json.hpp>
#include <utility>
#include <variant>
#include <vector>

namespace truce {
namespace {

// Decodes UTF-8 into UTF-16 code units; false if `s` is not valid UTF-8
// (overlongs, surrogates and values above U+10FFFF are invalid).
bool ToUtf16(std::string_view s, std::u16string* out) {
  out->clear();
  size_t i = 0;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    char32_t cp;
    size_t len;
    if (c < 0x80) {
      cp = c;
      len = 1;
    } else if ((c & 0xE0) == 0xC0) {
      cp = c & 0x1F;
      len = 2;
    } else if ((c & 0xF0) == 0xE0) {
      cp = c & 0x0F;
      len = 3;
    } else if ((c & 0xF8) == 0xF0) {
      cp = c & 0x07;
      len = 4;
    } else {
      return false;
    }
    if (i + len > s.size()) return false;
    for (size_t j = 1; j < len; ++j) {
      unsigned char cc = static_cast<unsigned char>(s[i + j]);
      if ((cc & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    static constexpr char32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < kMin[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
      return false;
    }
    if (cp >= 0x10000) {
      cp -= 0x10000;
      out->push_back(static_cast<char16_t>(0xD800 + (cp >> 10)));
      out->push_back(static_cast<char16_t>(0xDC00 + (cp & 0x3FF)));
    } else {
      out->push_back(static_cast<char16_t>(cp));
    }
    i += len;
  }
  return true;
}

Result<void> AppendString(std::string_view s, std::string* out) {
  std::u16string ignored;
  if (!ToUtf16(s, &ignored)) {
    return Fail(ErrorCode::kInvalidInput, "string is not valid UTF-8",
                "JSON text must be UTF-8 (RFC 8259, I-JSON)");
  }
  out->push_back('"');
  for (char ch : s) {
    unsigned char c = static_cast<unsigned char>(ch);
    switch (c) {
      case '"':
        *out += "\\\"";
        break;
      case '\\':
        *out += "\\\\";
        break;
      case '\b':
        *out += "\\b";
        break;
      case '\f':
        *out += "\\f";
        break;
      case '\n':
        *out += "\\n";
        break;
      case '\r':
        *out += "\\r";
        break;
      case '\t':
        *out += "\\t";
        break;
      default:
        if (c < 0x20) {
          *out += fmt::format("\\u{:04x}", c);
        } else {
          out->push_back(ch);
        }
    }
  }
  out->push_back('"');
  return {};
}

Result<void> Append(const nlohmann::json& v, std::string* out) {
  using Type = nlohmann::json::value_t;
  switch (v.type()) {
    case Type::null:
      *out += "null";
      return {};
    case Type::boolean:
      *out += v.get<bool>() ? "true" : "false";
      return {};
    case Type::number_integer: {
      std::int64_t i = v.get<std::int64_t>();
      if (i >= -(std::int64_t{1} << 53) && i <= (std::int64_t{1} << 53)) {
        *out += fmt::format("{}", i);
        return {};
      }
      auto s = FormatEcmaScriptNumber(static_cast<double>(i));
      if (!s) return std::unexpected(s.error());
      *out += *s;
      return {};
    }
    case Type::number_unsigned: {
      std::uint64_t u = v.get<std::uint64_t>();
      if (u <= (std::uint64_t{1} << 53)) {
        *out += fmt::format("{}", u);
        return {};
      }
      auto s = FormatEcmaScriptNumber(static_cast<double>(u));
      if (!s) return std::unexpected(s.error());
      *out += *s;
      return {};
    }
    case Type::number_float: {
      auto s = FormatEcmaScriptNumber(v.get<double>());
      if (!s) return std::unexpected(s.error());
      *out += *s;
      return {};
    }
    case Type::string:
      return AppendString(v.get_ref<const std::string&>(), out);
    case Type::array: {
      out->push_back('[');
      bool first = true;
      for (const auto& e : v) {
        if (!first) out->push_back(',');
        first = false;
        if (auto r = Append(e, out); !r) return r;
      }
      out->push_back(']');
      return {};
    }
    case Type::object: {
      std::vector<std::pair<std::u16string, const std::string*>> keys;
      keys.reserve(v.size());
      for (auto it = v.begin(); it != v.end(); ++it) {
        std::u16string u16;
        if (!ToUtf16(it.key(), &u16)) {
          return Fail(ErrorCode::kInvalidInput,
                      "object member name is not valid UTF-8",
                      "JSON text must be UTF-8 (RFC 8259, I-JSON)");
        }
        keys.emplace_back(std::move(u16), &it.key());
      }
      // std::u16string compares char16_t values as unsigned code units, the
      // order RFC 8785 section 3.2.3 prescribes.
      std::sort(keys.begin(), keys.end(),
                [](const auto& a, const auto& b) { return a.first < b.first; });
      out->push_back('{');
      bool first = true;
      for (const auto& [u16, key] : keys) {
        if (!first) out->push_back(',');
        first = false;
        if (auto r = AppendString(*key, out); !r) return r;
        out->push_back(':');
        if (auto r = Append(v.at(*key), out); !r) return r;
      }
      out->push_back('}');
      return {};
    }
    case Type::binary:
    case Type::discarded:
      break;
  }
  return Fail(ErrorCode::kInvalidInput, "value has no JSON representation");
}

}  // namespace

Result<std::string> FormatEcmaScriptNumber(double value) {
  if (!std::isfinite(value)) {
    return Fail(ErrorCode::kInvalidInput,
                "NaN and Infinity are not JSON numbers",
                "RFC 8785 section 3.2.2.3 rejects them");
  }
  if (value == 0) return std::string("0");  // also -0
  std::string sign = value < 0 ? "-" : "";
  // Shortest round-trip digits in scientific form: d[.ddd]e[+-]x.
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, std::fabs(value),
                                 std::chars_format::scientific);
  if (ec != std::errc()) return Fail(ErrorCode::kInternal, "to_chars failed");
  std::string_view sci(buf, end - buf);
  size_t e = sci.find('e');
  std::string digits;
  for (char c : sci.substr(0, e)) {
    if (c != '.') digits.push_back(c);
  }
  int exp10 = 0;
  std::string_view exp_text = sci.substr(e + 1);
  if (exp_text.front() == '+') exp_text.remove_prefix(1);
  std::from_chars(exp_text.data(), exp_text.data() + exp_text.size(), exp10);
  // ECMAScript: value = 0.d1d2...dk × 10^n, so n = exp10 + 1.
  const int k = static_cast<int>(digits.size());
  const int n = exp10 + 1;
  std::string out = sign;
  if (k <= n && n <= 21) {
    out += digits;
    out.append(n - k, '0');
  } else if (0 < n && n <= 21) {
    out += digits.substr(0, n);
    out += '.';
    out += digits.substr(n);
  } else if (-6 < n && n <= 0) {
    out += "0.";
    out.append(-n, '0');
    out += digits;
  } else {
    out += digits.substr(0, 1);
    if (k > 1) {
      out += '.';
      out += digits.substr(1);
    }
    out += fmt::format("e{}{}", n - 1 >= 0 ? "+" : "-", std::abs(n - 1));
  }
  return out;
}

Result<std::string> CanonicalJson(const nlohmann::json& value) {
  std::string out;
  if (auto r = Append(value, &out); !r) return std::unexpected(r.error());
  return out;
}

Result<std::string> CanonicalizeJsonText(std::string_view text) {
  // Parse with a callback that rejects duplicate member names.
  std::vector<std::vector<std::string>> seen;  // member names per open object
  bool duplicate = false;
  nlohmann::json::parser_callback_t cb =
      [&](int /*depth*/, nlohmann::json::parse_event_t event,
          nlohmann::json& parsed) {
        using E = nlohmann::json::parse_event_t;
        if (event == E::object_start) seen.emplace_back();
        if (event == E::object_end && !seen.empty()) seen.pop_back();
        if (event == E::key && !seen.empty()) {
          const auto& k = parsed.get_ref<const std::string&>();
          auto& names = seen.back();
          if (std::find(names.begin(), names.end(), k) != names.end()) {
            duplicate = true;
          }
          names.push_back(k);
        }
        return true;
      };
  nlohmann::json value = nlohmann::json::parse(text.begin(), text.end(), cb,
                                               /*allow_exceptions=*/false);
  if (value.is_discarded()) {
    return Fail(ErrorCode::kInvalidInput, "not a JSON value",
                "check the syntax (RFC 8259)");
  }
  if (duplicate) {
    return Fail(ErrorCode::kInvalidInput, "duplicate object member name",
                "I-JSON (RFC 7493) forbids duplicate names");
  }
  return CanonicalJson(value);
}

}  // namespace truce
