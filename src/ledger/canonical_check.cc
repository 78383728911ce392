#include "ledger/canonical_check.h"

#include <charconv>
#include <cstddef>
#include <system_error>

#include "base/canonical_json.h"

namespace truce::ledger {
namespace {

constexpr int kMaxDepth = 64;
constexpr size_t kMaxIntegerDigits = 15;  // < 1e15 < 2^53: exact, printed as is

bool IsLowerHex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
}

int HexValue(char c) { return c <= '9' ? c - '0' : c - 'a' + 10; }

// A recursive-descent recognizer; every method returns false for "not
// decided" (the caller answers kUnsure).
class Checker {
 public:
  explicit Checker(std::string_view s) : s_(s) {}

  bool Document() { return Value(0) && pos_ == s_.size(); }

 private:
  bool Peek(char c) const { return pos_ < s_.size() && s_[pos_] == c; }

  bool Value(int depth) {
    if (pos_ >= s_.size()) return false;
    switch (s_[pos_]) {
      case '{':
        return depth < kMaxDepth && Object(depth + 1);
      case '[':
        return depth < kMaxDepth && Array(depth + 1);
      case '"': {
        std::string_view unused;
        return String(/*key=*/false, unused);
      }
      case 't':
        return Literal("true");
      case 'f':
        return Literal("false");
      case 'n':
        return Literal("null");
      default:
        return Number();
    }
  }

  bool Literal(std::string_view word) {
    if (s_.substr(pos_, word.size()) != word) return false;
    pos_ += word.size();
    return true;
  }

  // A JSON number token. Integers of at most 15 digits are canonical as
  // written; any other number is canonical iff ECMAScript formatting of its
  // double value gives the token back (what the oracle writes).
  bool Number() {
    const size_t start = pos_;
    if (Peek('-')) ++pos_;
    const size_t digits_start = pos_;
    SkipDigits();
    const size_t digits = pos_ - digits_start;
    if (digits == 0) return false;
    if (s_[digits_start] == '0' && digits > 1) return false;  // leading zero
    bool integer = true;
    if (Peek('.')) {
      ++pos_;
      if (!SkipDigits()) return false;
      integer = false;
    }
    if (Peek('e') || Peek('E')) {
      ++pos_;
      if (Peek('+') || Peek('-')) ++pos_;
      if (!SkipDigits()) return false;
      integer = false;
    }
    const std::string_view token = s_.substr(start, pos_ - start);
    if (integer && digits <= kMaxIntegerDigits) {
      return token != "-0";  // canonical form of -0 is "0"
    }
    double value = 0;
    const auto [end, ec] =
        std::from_chars(token.data(), token.data() + token.size(), value);
    if (ec != std::errc() || end != token.data() + token.size()) return false;
    auto formatted = FormatEcmaScriptNumber(value);
    return formatted && *formatted == token;
  }

  bool SkipDigits() {
    const size_t start = pos_;
    while (pos_ < s_.size() && s_[pos_] >= '0' && s_[pos_] <= '9') ++pos_;
    return pos_ > start;
  }

  // A string; for a key, its raw bytes (no escapes allowed) for ordering.
  bool String(bool key, std::string_view& raw) {
    ++pos_;  // the opening quote
    const size_t start = pos_;
    while (pos_ < s_.size()) {
      const auto c = static_cast<unsigned char>(s_[pos_]);
      if (c == '"') {
        raw = s_.substr(start, pos_ - start);
        ++pos_;
        return true;
      }
      if (c < 0x20 || c >= 0x7f) return false;  // control, DEL or non-ASCII
      if (c == '\\') {
        if (key || !Escape()) return false;
        continue;
      }
      ++pos_;
    }
    return false;  // unterminated
  }

  // The minimal escapes RFC 8785 writes, nothing else.
  bool Escape() {
    if (pos_ + 1 >= s_.size()) return false;
    const char e = s_[pos_ + 1];
    if (e == '"' || e == '\\' || e == 'b' || e == 'f' || e == 'n' || e == 'r' ||
        e == 't') {
      pos_ += 2;
      return true;
    }
    if (e != 'u' || pos_ + 6 > s_.size() || s_[pos_ + 2] != '0' ||
        s_[pos_ + 3] != '0' || !IsLowerHex(s_[pos_ + 4]) ||
        !IsLowerHex(s_[pos_ + 5])) {
      return false;
    }
    const int v = HexValue(s_[pos_ + 4]) * 16 + HexValue(s_[pos_ + 5]);
    // Only controls without a short escape are written as \u00xx.
    if (v >= 0x20 || v == 0x08 || v == 0x09 || v == 0x0a || v == 0x0c ||
        v == 0x0d) {
      return false;
    }
    pos_ += 6;
    return true;
  }

  bool Object(int depth) {
    ++pos_;  // '{'
    if (Peek('}')) {
      ++pos_;
      return true;
    }
    std::string_view previous;
    bool first = true;
    while (true) {
      std::string_view key;
      if (!Peek('"') || !String(/*key=*/true, key)) return false;
      // Printable ASCII: byte order is UTF-16 code unit order. Strictly
      // increasing also rules out duplicates.
      if (!first && !(previous < key)) return false;
      previous = key;
      first = false;
      if (!Peek(':')) return false;
      ++pos_;
      if (!Value(depth)) return false;
      if (Peek(',')) {
        ++pos_;
        continue;
      }
      if (Peek('}')) {
        ++pos_;
        return true;
      }
      return false;
    }
  }

  bool Array(int depth) {
    ++pos_;  // '['
    if (Peek(']')) {
      ++pos_;
      return true;
    }
    while (true) {
      if (!Value(depth)) return false;
      if (Peek(',')) {
        ++pos_;
        continue;
      }
      if (Peek(']')) {
        ++pos_;
        return true;
      }
      return false;
    }
  }

  std::string_view s_;
  size_t pos_ = 0;
};

}  // namespace

CanonicalCheck QuickCanonicalCheck(std::string_view json) {
  return Checker(json).Document() ? CanonicalCheck::kCanonical
                                  : CanonicalCheck::kUnsure;
}

}  // namespace truce::ledger
