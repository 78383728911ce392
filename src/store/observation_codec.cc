#include "store/observation_codec.h"

#include <fmt/format.h>

#include <bit>
#include <cmath>
#include <cstring>
#include <mutex>
#include <unordered_set>

namespace truce::store {
namespace {

constexpr uint8_t kVersion = 1;

class Writer {
 public:
  explicit Writer(std::string* out) : out_(out) {}
  void U8(uint8_t v) { out_->push_back(static_cast<char>(v)); }
  void U64(uint64_t v) {
    for (int i = 0; i < 8; ++i) U8(static_cast<uint8_t>(v >> (8 * i)));
  }
  void U32(uint32_t v) {
    for (int i = 0; i < 4; ++i) U8(static_cast<uint8_t>(v >> (8 * i)));
  }
  void F64(double v) { U64(std::bit_cast<uint64_t>(v)); }
  template <size_t N>
  void Str(const observe::FixedString<N>& s) {
    U8(s.size);
    std::string_view v = s.view();
    out_->append(v);
    out_->append(N - v.size(), '\0');
  }
  void Bytes(const uint8_t* p, size_t n) {
    out_->append(reinterpret_cast<const char*>(p), n);
  }

 private:
  std::string* out_;
};

class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}
  uint8_t U8() { return static_cast<uint8_t>(in_[pos_++]); }
  uint64_t U64() {
    uint64_t v = 0;
    for (int i = 0; i < 8; ++i) v |= static_cast<uint64_t>(U8()) << (8 * i);
    return v;
  }
  uint32_t U32() {
    uint32_t v = 0;
    for (int i = 0; i < 4; ++i) v |= static_cast<uint32_t>(U8()) << (8 * i);
    return v;
  }
  double F64() { return std::bit_cast<double>(U64()); }
  template <size_t N>
  bool Str(observe::FixedString<N>* s) {
    uint8_t n = U8();
    if (n > N) return false;
    s->assign(in_.substr(pos_, n));
    pos_ += N;
    return true;
  }
  void Bytes(uint8_t* p, size_t n) {
    std::memcpy(p, in_.data() + pos_, n);
    pos_ += n;
  }

 private:
  std::string_view in_;
  size_t pos_ = 0;
};

}  // namespace

std::string EncodeObservation(const observe::Observation& o) {
  std::string out;
  out.reserve(kEncodedObservationSize);
  Writer w(&out);
  w.U8(kVersion);
  w.U64(static_cast<uint64_t>(o.time_ns));
  w.Str(o.source_id);
  w.U8(static_cast<uint8_t>(o.kind));
  w.U8(static_cast<uint8_t>(o.scheme));
  w.U64(o.subject_id);
  w.U8(o.has_position ? 1 : 0);
  w.F64(o.position.lat_deg);
  w.F64(o.position.lng_deg);
  w.F64(o.altitude_m);
  w.F64(o.uncertainty_m);
  w.Str(o.flag_iso2);
  w.Str(o.name);
  w.F64(o.kinematics.speed_knots);
  w.F64(o.kinematics.course_deg);
  w.F64(o.kinematics.heading_deg);
  w.F64(o.kinematics.turn_deg_per_min);
  w.F64(o.kinematics.vertical_rate_m_s);
  w.Bytes(o.raw_sha256.data(), o.raw_sha256.size());
  w.Str(o.party);
  w.U32(o.count);
  w.U64(static_cast<uint64_t>(o.time_precision_ns));
  w.U8(o.military ? 1 : 0);
  return out;
}

Result<observe::Observation> DecodeObservation(std::string_view bytes,
                                               std::string_view class_name,
                                               std::string_view event) {
  auto corrupt = [&](std::string what) {
    return Fail(ErrorCode::kCorrupt,
                fmt::format("store: an observation record {}", what),
                "the store.db is damaged; restore it from a backup or start "
                "a new data folder");
  };
  if (bytes.size() != kEncodedObservationSize) {
    return corrupt(fmt::format("has {} bytes, not {}", bytes.size(),
                               kEncodedObservationSize));
  }
  Reader r(bytes);
  if (uint8_t v = r.U8(); v != kVersion) {
    return corrupt(fmt::format("has version {}, not {}", v, kVersion));
  }
  observe::Observation o;
  o.time_ns = static_cast<int64_t>(r.U64());
  bool ok = r.Str(&o.source_id);
  uint8_t kind = r.U8(), scheme = r.U8();
  if (kind > static_cast<uint8_t>(observe::ObservationKind::kControl) ||
      scheme > static_cast<uint8_t>(observe::SubjectScheme::kNone)) {
    return corrupt("has an unknown kind or subject scheme");
  }
  o.kind = static_cast<observe::ObservationKind>(kind);
  o.scheme = static_cast<observe::SubjectScheme>(scheme);
  o.subject_id = r.U64();
  o.has_position = r.U8() != 0;
  o.position.lat_deg = r.F64();
  o.position.lng_deg = r.F64();
  o.altitude_m = r.F64();
  o.uncertainty_m = r.F64();
  ok = r.Str(&o.flag_iso2) && ok;
  ok = r.Str(&o.name) && ok;
  o.kinematics.speed_knots = r.F64();
  o.kinematics.course_deg = r.F64();
  o.kinematics.heading_deg = r.F64();
  o.kinematics.turn_deg_per_min = r.F64();
  o.kinematics.vertical_rate_m_s = r.F64();
  r.Bytes(o.raw_sha256.data(), o.raw_sha256.size());
  ok = r.Str(&o.party) && ok;
  o.count = r.U32();
  o.time_precision_ns = static_cast<int64_t>(r.U64());
  o.military = r.U8() != 0;
  if (!ok) return corrupt("has a text field longer than its capacity");
  // Every observation that reaches the store came through a decoder that
  // checked its position; one out of range can only be damage.
  if (o.has_position && !(std::fabs(o.position.lat_deg) <= 90 &&
                          std::fabs(o.position.lng_deg) <= 180)) {
    return corrupt("has a position out of range");
  }
  o.class_name = class_name.empty() ? std::string_view() : Intern(class_name);
  o.event = event.empty() ? std::string_view() : Intern(event);
  return o;
}

std::string_view Intern(std::string_view text) {
  static std::mutex mu;
  static auto* texts = new std::unordered_set<std::string>();
  std::lock_guard lock(mu);
  return *texts->emplace(text).first;
}

}  // namespace truce::store
