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

// XOR of n bytes (the NMEA checksum), eight at a time.
uint8_t XorBytes(const char* p, size_t n) {
  uint64_t x = 0;
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t w;
    std::memcpy(&w, p + i, sizeof w);
    x ^= w;
  }
  x ^= x >> 32;
  x ^= x >> 16;
  x ^= x >> 8;
  auto sum = static_cast<uint8_t>(x);
  for (; i < n; ++i) sum ^= static_cast<uint8_t>(p[i]);
  return sum;
}

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
  // The checksum covers every byte between '!' and '*'.
  const size_t limit = n - 3;  // the '*'
  if (XorBytes(p + 1, limit - 1) != ((hi << 4) | lo)) return false;
  size_t i = 11;
  if (p[i] >= '0' && p[i] <= '9') ++i;  // sequence id: unused for one fragment
  if (p[i] != ',') return false;
  ++i;
  char channel = 0;
  if (p[i] != ',') {
    const char c = p[i];
    if (!(c == 'A' || c == 'B' || c == 'C' || c == 'D' || c == '1' ||
          c == '2')) {
      return false;
    }
    channel = c;
    if (p[++i] != ',') return false;
  }
  const size_t payload_start = ++i;
  // The fill bits field is empty (",*hh") or one digit (",0*hh"); a comma
  // inside the payload is not an armouring character and declines below.
  size_t payload_end = limit - 1;
  unsigned fill = 0;
  if (p[limit - 1] != ',') {
    if (p[limit - 2] != ',' || p[limit - 1] < '0' || p[limit - 1] > '5') {
      return false;
    }
    payload_end = limit - 2;
    fill = static_cast<unsigned>(p[limit - 1] - '0');
  }
  if (payload_end <= payload_start) return false;  // empty payload
  const size_t payload_len = payload_end - payload_start;
  if (payload_len * 6 > kMaxPayloadBits) return false;
  // De-armouring, four characters (24 bits, three bytes) at a time; an
  // invalid character (0xFF in the table) is caught by `bad` after the loop.
  PayloadBits& bits = msg_.bits;
  const auto* src = reinterpret_cast<const uint8_t*>(p + payload_start);
  uint8_t* dst = bits.bytes;
  uint32_t bad = 0;
  size_t k = 0;
  for (; k + 4 <= payload_len; k += 4) {
    const uint32_t v0 = kSixBit[src[k]], v1 = kSixBit[src[k + 1]];
    const uint32_t v2 = kSixBit[src[k + 2]], v3 = kSixBit[src[k + 3]];
    bad |= v0 | v1 | v2 | v3;
    const uint32_t acc = (v0 << 18) | (v1 << 12) | (v2 << 6) | v3;
    dst[0] = static_cast<uint8_t>(acc >> 16);
    dst[1] = static_cast<uint8_t>(acc >> 8);
    dst[2] = static_cast<uint8_t>(acc);
    dst += 3;
  }
  if (k < payload_len) {  // the last 1-3 characters, left-aligned
    uint32_t acc = 0;
    const size_t chars = payload_len - k;
    for (; k < payload_len; ++k) {
      const uint32_t v = kSixBit[src[k]];
      bad |= v;
      acc = (acc << 6) | (v & 63u);
    }
    acc <<= 24 - 6 * chars;
    dst[0] = static_cast<uint8_t>(acc >> 16);
    if (chars > 1) dst[1] = static_cast<uint8_t>(acc >> 8);
    if (chars > 2) dst[2] = static_cast<uint8_t>(acc);
  }
  if ((bad & 0x80) != 0) {
    // Declined after writing: those bytes must be cleared next time.
    used_bytes_ = std::max(used_bytes_, (payload_len * 6 + 7) / 8);
    return false;
  }
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

bool FastPositionObservation(const PayloadBits& bits, int64_t time_ns,
                             std::string_view source, std::string_view raw,
                             Observation* out) {
  if (!FastPositionFields(bits, time_ns, source, out)) return false;
  Sha256Into(raw, out->raw_sha256.data());
  return true;
}

bool FastPositionFields(const PayloadBits& b, int64_t time_ns,
                        std::string_view source, Observation* out) {
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
  return true;
}

}  // namespace truce::observe
