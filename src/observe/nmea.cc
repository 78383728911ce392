#include "observe/nmea.h"

#include <cstddef>

#include "observe/bits.h"

namespace truce::observe {
namespace {

constexpr int64_t kNsPerSec = 1'000'000'000;

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

// Parses two hex digits at s[0..2); -1 if invalid or short.
int ParseHexByte(std::string_view s) {
  if (s.size() < 2) return -1;
  const int hi = HexValue(s[0]);
  const int lo = HexValue(s[1]);
  if (hi < 0 || lo < 0) return -1;
  return hi * 16 + lo;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' ||
                        s.back() == '\r' || s.back() == '\n')) {
    s.remove_suffix(1);
  }
  return s;
}

// Parses an unsigned decimal integer of 1..18 digits filling all of `s`.
bool ParseUint(std::string_view s, int64_t* out) {
  if (s.empty() || s.size() > 18) return false;
  int64_t v = 0;
  for (char c : s) {
    if (!IsDigit(c)) return false;
    v = v * 10 + (c - '0');
  }
  *out = v;
  return true;
}

// "1241544035", "1241544035.123" (seconds) or milliseconds when > 1e11.
bool ParseUnixTime(std::string_view s, int64_t* ns) {
  const size_t dot = s.find('.');
  int64_t whole = 0;
  if (!ParseUint(s.substr(0, dot), &whole)) return false;
  int64_t frac_ns = 0;
  if (dot != std::string_view::npos) {
    std::string_view frac = s.substr(dot + 1);
    if (frac.empty() || frac.size() > 9) return false;
    int64_t f = 0;
    if (!ParseUint(frac, &f)) return false;
    for (size_t i = frac.size(); i < 9; ++i) f *= 10;
    frac_ns = f;
  }
  // TimeNs spans the years 1678..2261: up to 9.2e9 s or 9.2e12 ms.
  if (whole > 100'000'000'000) {  // milliseconds
    if (whole > 9'000'000'000'000) return false;
    *ns = whole * 1'000'000 + frac_ns / 1000;
    return true;
  }
  if (whole > 9'000'000'000) return false;
  *ns = whole * kNsPerSec + frac_ns;
  return true;
}

// "YYYY-MM-DD[T ]HH:MM:SS[.fff][Z]" in UTC.
bool ParseDateTime(std::string_view s, int64_t* ns) {
  if (!s.empty() && (s.back() == 'Z' || s.back() == 'z')) s.remove_suffix(1);
  if (s.size() < 19) return false;
  auto num = [&](size_t pos, size_t len, int64_t* v) {
    return ParseUint(s.substr(pos, len), v);
  };
  int64_t y, mo, d, h, mi, se;
  if (!num(0, 4, &y) || s[4] != '-' || !num(5, 2, &mo) || s[7] != '-' ||
      !num(8, 2, &d) || (s[10] != 'T' && s[10] != ' ') || !num(11, 2, &h) ||
      s[13] != ':' || !num(14, 2, &mi) || s[16] != ':' || !num(17, 2, &se)) {
    return false;
  }
  if (y < 1970 || y > 2200 || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 ||
      mi > 59 || se > 60) {
    return false;
  }
  int64_t frac_ns = 0;
  if (s.size() > 19) {
    if (s[19] != '.') return false;
    std::string_view frac = s.substr(20);
    int64_t f = 0;
    if (frac.empty() || frac.size() > 9 || !ParseUint(frac, &f)) return false;
    for (size_t i = frac.size(); i < 9; ++i) f *= 10;
    frac_ns = f;
  }
  const int64_t days =
      DaysFromCivil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d));
  *ns = ((days * 24 + h) * 60 + mi) * 60 * kNsPerSec + se * kNsPerSec + frac_ns;
  return true;
}

// A leading receiver timestamp, with separators around it.
int64_t ParsePrefixTime(std::string_view prefix) {
  while (!prefix.empty() && (prefix.back() == ' ' || prefix.back() == ',' ||
                             prefix.back() == ';' || prefix.back() == '\t' ||
                             prefix.back() == ':' || prefix.back() == '|')) {
    prefix.remove_suffix(1);
  }
  prefix = Trim(prefix);
  if (!prefix.empty() && prefix.front() == '[' && prefix.back() == ']') {
    prefix = prefix.substr(1, prefix.size() - 2);
  }
  int64_t ns = 0;
  if (ParseUnixTime(prefix, &ns) || ParseDateTime(prefix, &ns)) return ns;
  return kNoTime;
}

// The fields of one TAG block, without its backslashes.
ParseResult<void> ParseTagBlock(std::string_view block, TagBlock* tag) {
  const size_t star = block.rfind('*');
  std::string_view fields = block;
  if (star != std::string_view::npos) {
    const int sum = ParseHexByte(block.substr(star + 1));
    if (sum < 0 || block.size() != star + 3) {
      return RejectAs(RejectReason::kBadTagBlock, "bad checksum field");
    }
    fields = block.substr(0, star);
    if (NmeaChecksum(fields) != sum) {
      return RejectAs(RejectReason::kTagBlockChecksum);
    }
  }
  while (!fields.empty()) {
    const size_t comma = fields.find(',');
    std::string_view field = fields.substr(0, comma);
    fields = comma == std::string_view::npos ? std::string_view()
                                             : fields.substr(comma + 1);
    const size_t colon = field.find(':');
    if (colon == std::string_view::npos || colon == 0) {
      return RejectAs(RejectReason::kBadTagBlock, "field without key:value");
    }
    const std::string_view key = field.substr(0, colon);
    const std::string_view value = field.substr(colon + 1);
    if (key == "c") {
      int64_t ns = 0;
      if (!ParseUnixTime(value, &ns)) {
        return RejectAs(RejectReason::kBadTagBlock, "c: is not a UNIX time");
      }
      tag->time_ns = ns;
    } else if (key == "s") {
      tag->source = value;
    } else if (key == "g") {
      // n-m-id
      const size_t d1 = value.find('-');
      const size_t d2 =
          d1 == std::string_view::npos ? d1 : value.find('-', d1 + 1);
      int64_t n = 0, m = 0, id = 0;
      if (d2 == std::string_view::npos || !ParseUint(value.substr(0, d1), &n) ||
          !ParseUint(value.substr(d1 + 1, d2 - d1 - 1), &m) ||
          !ParseUint(value.substr(d2 + 1), &id) || n < 1 || m < 1 || n > m ||
          m > 99 || id > 0xFFFFFFFF) {
        return RejectAs(RejectReason::kBadTagBlock, "g: is not n-m-id");
      }
      tag->has_group = true;
      tag->group_number = static_cast<uint8_t>(n);
      tag->group_total = static_cast<uint8_t>(m);
      tag->group_id = static_cast<uint32_t>(id);
    }
    // d:, n:, r:, t:, i: and others carry nothing we use.
  }
  return {};
}

// Trailing USCG fields after the checksum: ",s..,d..,T..,x..,r..,1241544035".
void ParseTrailer(std::string_view trailer, Sentence* s) {
  while (!trailer.empty()) {
    if (trailer.front() == ',') {
      trailer.remove_prefix(1);
      continue;
    }
    const size_t comma = trailer.find(',');
    std::string_view field = trailer.substr(0, comma);
    trailer = comma == std::string_view::npos ? std::string_view()
                                              : trailer.substr(comma + 1);
    field = Trim(field);
    if (field.empty()) continue;
    if (field.front() == 'r' || field.front() == 'b') {
      s->receiver_station = field.substr(1);
    } else if (IsDigit(field.front())) {
      int64_t ns = 0;
      if (ParseUnixTime(field, &ns)) s->receiver_time_ns = ns;
    }
  }
}

// $PGHP,1,yyyy,m,d,h,min,s,ms,...*hh
ParseResult<ScannedLine> ScanGatehouse(std::string_view line) {
  ScannedLine out;
  out.kind = LineKind::kWrapper;
  const size_t star = line.find('*');
  std::string_view body = line.substr(
      1, star == std::string_view::npos ? std::string_view::npos : star - 1);
  if (star != std::string_view::npos) {
    const int sum = ParseHexByte(line.substr(star + 1));
    if (sum < 0) return RejectAs(RejectReason::kMissingChecksum, "$PGHP");
    if (NmeaChecksum(body) != sum)
      return RejectAs(RejectReason::kBadChecksum, "$PGHP");
  }
  int64_t f[9] = {};
  std::string_view rest = body;
  for (int i = 0; i < 9; ++i) {
    const size_t comma = rest.find(',');
    std::string_view field = rest.substr(0, comma);
    if (i >= 1 && !ParseUint(field, &f[i])) return out;  // not a time message
    if (comma == std::string_view::npos) {
      if (i < 8) return out;
      break;
    }
    rest = rest.substr(comma + 1);
  }
  if (f[1] != 1) return out;
  if (f[2] < 1970 || f[2] > 2200 || f[3] < 1 || f[3] > 12 || f[4] < 1 ||
      f[4] > 31 || f[5] > 23 || f[6] > 59 || f[7] > 60 || f[8] > 999) {
    return out;
  }
  const int64_t days = DaysFromCivil(f[2], static_cast<unsigned>(f[3]),
                                     static_cast<unsigned>(f[4]));
  out.wrapper_time_ns =
      (((days * 24 + f[5]) * 60 + f[6]) * 60 + f[7]) * kNsPerSec +
      f[8] * 1'000'000;
  return out;
}

bool IsVdmAddress(std::string_view body) {
  if (body.size() < 5) return false;
  return body.substr(2, 2) == "VD" && (body[4] == 'M' || body[4] == 'O');
}

}  // namespace

uint8_t NmeaChecksum(std::string_view bytes) {
  uint8_t sum = 0;
  for (char c : bytes) sum ^= static_cast<uint8_t>(c);
  return sum;
}

int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

ParseResult<ScannedLine> ScanLine(std::string_view line) {
  line = Trim(line);
  ScannedLine out;
  if (line.empty() || line.front() == '#') return out;  // kSkip
  if (line.starts_with("$PGHP")) return ScanGatehouse(line);

  // The sentence starts at the first TAG block or '!'; '$xxVDM' is accepted
  // too. Anything before it is a receiver's leading timestamp (or noise).
  size_t start = line.find_first_of("\\!");
  if (start == std::string_view::npos) {
    const size_t dollar = line.find('$');
    if (dollar == std::string_view::npos ||
        !IsVdmAddress(line.substr(dollar + 1))) {
      return RejectAs(RejectReason::kNotAis);
    }
    start = dollar;
  }
  out.kind = LineKind::kSentence;
  Sentence& s = out.sentence;
  if (start > 0) s.receiver_time_ns = ParsePrefixTime(line.substr(0, start));
  std::string_view rest = line.substr(start);

  while (!rest.empty() && rest.front() == '\\') {
    const size_t close = rest.find('\\', 1);
    if (close == std::string_view::npos) {
      return RejectAs(RejectReason::kBadTagBlock, "no closing backslash");
    }
    auto tag = ParseTagBlock(rest.substr(1, close - 1), &s.tag);
    if (!tag) return std::unexpected(tag.error());
    rest = rest.substr(close + 1);
  }
  if (rest.empty() || (rest.front() != '!' && rest.front() != '$')) {
    return RejectAs(RejectReason::kNotAis);
  }
  const size_t star = rest.find('*');
  const std::string_view body = rest.substr(
      1, star == std::string_view::npos ? std::string_view::npos : star - 1);
  if (!IsVdmAddress(body)) return RejectAs(RejectReason::kNotAis);
  if (star == std::string_view::npos)
    return RejectAs(RejectReason::kMissingChecksum);
  const int sum = ParseHexByte(rest.substr(star + 1));
  if (sum < 0) return RejectAs(RejectReason::kMissingChecksum);
  if (NmeaChecksum(body) != sum) return RejectAs(RejectReason::kBadChecksum);
  if (rest.size() > star + 3) ParseTrailer(rest.substr(star + 3), &s);

  // Fields: address, count, number, sequence id, channel, payload, fill.
  std::string_view f[7];
  std::string_view fields = body;
  for (int i = 0; i < 7; ++i) {
    const size_t comma = fields.find(',');
    if ((comma == std::string_view::npos) != (i == 6)) {
      return RejectAs(RejectReason::kBadFieldCount);
    }
    f[i] = fields.substr(0, comma);
    if (comma != std::string_view::npos) fields = fields.substr(comma + 1);
  }
  s.talker = f[0].substr(0, 2);
  s.own_ship = f[0][4] == 'O';
  if (f[1].size() != 1 || f[1][0] < '1' || f[1][0] > '9' || f[2].size() != 1 ||
      f[2][0] < '1' || f[2][0] > f[1][0]) {
    return RejectAs(RejectReason::kBadFragment);
  }
  s.fragment_count = static_cast<uint8_t>(f[1][0] - '0');
  s.fragment_number = static_cast<uint8_t>(f[2][0] - '0');
  if (!f[3].empty()) {
    if (f[3].size() != 1 || !IsDigit(f[3][0])) {
      return RejectAs(RejectReason::kBadSequenceId);
    }
    s.sequence_id = static_cast<int8_t>(f[3][0] - '0');
  }
  if (!f[4].empty()) {
    const char c = f[4][0];
    if (f[4].size() != 1 || !(c == 'A' || c == 'B' || c == 'C' || c == 'D' ||
                              c == '1' || c == '2')) {
      return RejectAs(RejectReason::kBadChannel);
    }
    s.channel = c;
  }
  if (f[5].empty()) return RejectAs(RejectReason::kEmptyPayload);
  if (f[5].size() * 6 > kMaxPayloadBits) {
    return RejectAs(RejectReason::kPayloadTooLong);
  }
  for (char c : f[5]) {
    if (SixBitValue(c) < 0) return RejectAs(RejectReason::kBadPayloadChar);
  }
  s.payload = f[5];
  if (!f[6].empty()) {
    if (f[6].size() != 1 || f[6][0] < '0' || f[6][0] > '5') {
      return RejectAs(RejectReason::kBadFillBits);
    }
    s.fill_bits = static_cast<uint8_t>(f[6][0] - '0');
  }
  return out;
}

}  // namespace truce::observe
