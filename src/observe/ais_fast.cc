#include "observe/ais_fast.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>

#include "observe/ais_units.h"
#include "observe/mid.h"
#include "observe/sha256.h"

namespace truce::observe {
namespace {

// Six-bit value of an armouring character, 0xFF when invalid (SixBitValue).
constexpr std::array<uint8_t, 256> kSixBit = [] {
  std::array<uint8_t, 256> t{};
  for (int c = 0; c < 256; ++c) {
    const int v = SixBitValue(static_cast<char>(c));
    t[c] = v < 0 ? 0xFF : static_cast<uint8_t>(v);
  }
  return t;
}();

// Hex digit value, 0xFF when invalid (upper or lower case, as ScanLine).
constexpr std::array<uint8_t, 256> kHexDigit = [] {
  std::array<uint8_t, 256> t{};
  t.fill(0xFF);
  for (int c = '0'; c <= '9'; ++c) t[c] = static_cast<uint8_t>(c - '0');
  for (int c = 'A'; c <= 'F'; ++c) t[c] = static_cast<uint8_t>(c - 'A' + 10);
  for (int c = 'a'; c <= 'f'; ++c) t[c] = static_cast<uint8_t>(c - 'a' + 10);
  return t;
}();

using ais_units::CourseDeg;
using ais_units::HeadingDeg;
using ais_units::SetPositionE4;
using ais_units::SpeedKnots;
using ais_units::TurnDegPerMin;

bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }

// Big-endian bits of the message, as Ubits (bits.h) but inlined.
uint32_t U(const PayloadBits& b, size_t start, unsigned width) {
  return static_cast<uint32_t>(Ubits(b, start, width));
}
int32_t S(const PayloadBits& b, size_t start, unsigned width) {
  return static_cast<int32_t>(Sbits(b, start, width));
}

}  // namespace

bool FastSingleScanner::ScanSingle(std::string_view line) {
  const size_t n = line.size();
  // "!AIVDM,1,1,,,X,*hh" is the shortest form: 18 bytes.
  if (n < 18) return false;
  const char* p = line.data();
  if (p[0] != '!' || p[n - 3] != '*') return false;
  const uint8_t hi = kHexDigit[static_cast<unsigned char>(p[n - 2])];
  const uint8_t lo = kHexDigit[static_cast<unsigned char>(p[n - 1])];
  if ((hi | lo) == 0xFF) return false;
  if (!IsUpper(p[1]) || !IsUpper(p[2]) || p[3] != 'V' || p[4] != 'D' ||
      (p[5] != 'M' && p[5] != 'O') || p[6] != ',' || p[7] != '1' ||
      p[8] != ',' || p[9] != '1' || p[10] != ',') {
    return false;
  }
  uint8_t sum = 0;
  for (int i = 1; i < 11; ++i) sum ^= static_cast<uint8_t>(p[i]);
  size_t i = 11;
  if (p[i] >= '0' && p[i] <= '9') {  // sequence id: ignored for one fragment
    sum ^= static_cast<uint8_t>(p[i++]);
  }
  if (p[i] != ',') return false;
  sum ^= static_cast<uint8_t>(p[i++]);
  char channel = 0;
  if (p[i] != ',') {
    const char c = p[i];
    if (!(c == 'A' || c == 'B' || c == 'C' || c == 'D' || c == '1' ||
          c == '2')) {
      return false;
    }
    channel = c;
    sum ^= static_cast<uint8_t>(p[i++]);
    if (p[i] != ',') return false;
  }
  sum ^= static_cast<uint8_t>(p[i++]);
  // Payload: checksum and de-armouring in the same pass, four characters
  // (24 bits, three bytes) at a time.
  const size_t payload_start = i;
  const size_t limit = n - 3;  // the '*'
  PayloadBits& bits = msg_.bits;
  uint8_t* dst = bits.bytes;
  uint32_t acc = 0;
  unsigned chars = 0;
  uint8_t bad = 0;
  // At most one character more than the longest payload, so that writes
  // stay inside the buffer; a longer one is declined.
  const size_t stop = std::min(limit, payload_start + kMaxPayloadBits / 6 + 1);
  for (; i < stop; ++i) {
    const auto c = static_cast<unsigned char>(p[i]);
    if (c == ',') break;
    const uint8_t v = kSixBit[c];
    bad |= v;  // 0xFF sets bit 7, which no valid value has
    sum ^= c;
    acc = (acc << 6) | (v & 63u);
    if (++chars == 4) {
      dst[0] = static_cast<uint8_t>(acc >> 16);
      dst[1] = static_cast<uint8_t>(acc >> 8);
      dst[2] = static_cast<uint8_t>(acc);
      dst += 3;
      acc = 0;
      chars = 0;
    }
  }
  const size_t payload_len = i - payload_start;
  // Bytes written so far (the partial group below adds at most 3): on a
  // late decline they must still be cleared before the next message.
  used_bytes_ =
      std::max<size_t>(used_bytes_, static_cast<size_t>(dst - bits.bytes) + 3);
  if ((bad & 0x80) != 0 || payload_len == 0 || i >= stop ||
      payload_len * 6 > kMaxPayloadBits) {
    return false;
  }
  if (chars > 0) {  // left-align the last 6, 12 or 18 bits
    acc <<= 24 - 6 * chars;
    dst[0] = static_cast<uint8_t>(acc >> 16);
    if (chars > 1) dst[1] = static_cast<uint8_t>(acc >> 8);
    if (chars > 2) dst[2] = static_cast<uint8_t>(acc);
  }
  sum ^= static_cast<uint8_t>(p[i++]);  // the ',' before the fill bits
  unsigned fill = 0;
  if (i < limit) {
    if (i + 1 != limit || p[i] < '0' || p[i] > '5') return false;
    fill = static_cast<unsigned>(p[i] - '0');
    sum ^= static_cast<uint8_t>(p[i]);
  }
  if (sum != ((hi << 4) | lo)) return false;
  // Bytes an earlier, longer message left behind must read as zero, as
  // after PayloadBits::Clear.
  const size_t used = (payload_len * 6 + 7) / 8;
  if (used_bytes_ > used) {
    std::memset(bits.bytes + used, 0,
                std::min(used_bytes_, sizeof(bits.bytes)) - used);
  }
  used_bytes_ = used;
  const size_t bit_len = payload_len * 6;
  bits.bit_len = bit_len - std::min<size_t>(fill, bit_len);
  msg_.channel = channel;
  msg_.own_ship = p[5] == 'O';
  msg_.fragments = 1;
  msg_.raw = line;
  return true;
}

bool FastPositionObservation(const PayloadBits& b, int64_t time_ns,
                             std::string_view source, std::string_view raw,
                             Observation* out) {
  const size_t bitlen = b.bit_len;
  if (bitlen < 38) return false;
  const unsigned type = U(b, 0, 6);
  const bool class_a = type >= 1 && type <= 3;
  if (class_a) {
    if (bitlen < 163 || bitlen > 204) return false;
  } else if (type == 18) {
    if (bitlen < 168) return false;
  } else if (type == 27) {
    if (bitlen != 96 && bitlen != 168) return false;
  } else {
    return false;
  }
  // A copy of a default value: a few vector moves, where value-initialising
  // in place compiles to a slow `rep stos`.
  static const Observation kDefault;
  Observation& o = *out;
  o = kDefault;
  o.time_ns = time_ns;
  o.source_id.assign(source);
  o.kind = ObservationKind::kVessel;
  o.scheme = SubjectScheme::kMmsi;
  const uint32_t mmsi = U(b, 8, 30);
  o.subject_id = mmsi;
  const MmsiInfo info = ClassifyMmsi(mmsi);
  if (info.flag) o.flag_iso2.assign(info.flag->iso2);
  if (class_a) {
    SetPositionE4(S(b, 61, 28), S(b, 89, 27), U(b, 60, 1) != 0, &o);
    o.kinematics.speed_knots = SpeedKnots(U(b, 50, 10));
    o.kinematics.course_deg = CourseDeg(U(b, 116, 12));
    o.kinematics.heading_deg = HeadingDeg(U(b, 128, 9));
    o.kinematics.turn_deg_per_min =
        TurnDegPerMin(static_cast<int8_t>(S(b, 42, 8)));
  } else if (type == 18) {
    SetPositionE4(S(b, 57, 28), S(b, 85, 27), U(b, 56, 1) != 0, &o);
    o.kinematics.speed_knots = SpeedKnots(U(b, 46, 10));
    o.kinematics.course_deg = CourseDeg(U(b, 112, 12));
    o.kinematics.heading_deg = HeadingDeg(U(b, 124, 9));
  } else {
    const int32_t lon = S(b, 44, 18);
    const int32_t lat = S(b, 62, 17);
    if (lon != 181 * 600 && lat != 91 * 600 && std::abs(lon) <= 180 * 600 &&
        std::abs(lat) <= 90 * 600) {
      o.has_position = true;
      o.position =
          geo::LatLng(geo::Latitude{lat / 600.0}, geo::Longitude{lon / 600.0});
      o.uncertainty_m = (U(b, 38, 1) != 0 ? 10.0 : 100.0) + 93.0;
    }
    const unsigned speed = U(b, 79, 6);
    const unsigned course = U(b, 85, 9);
    o.kinematics.speed_knots = speed == 63 ? kUnknown : speed;
    o.kinematics.course_deg = course >= 360 ? kUnknown : course;
  }
  Sha256Into(raw, o.raw_sha256.data());
  return true;
}

}  // namespace truce::observe
