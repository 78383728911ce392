// Fuzz target: the AIS fast path (src/observe/ais_fast.h) against the
// general decoder, differentially. Arbitrary bytes are cut into lines; for
// each line the fast scanner's verdict and bits must agree with ScanLine +
// Reassembler, FastPositionObservation with AisDecoder + AisToObservation,
// and a whole AisStream must report the same things with the observation
// fast path on and off. Any difference aborts.
#include "observe/ais_fast.h"

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "observe/ais_observation.h"
#include "observe/ais_stream.h"
#include "observe/nmea.h"
#include "observe/reassembly.h"

namespace {

using namespace truce::observe;

void Check(bool ok) {
  if (!ok) std::abort();
}

bool Same(double a, double b) {
  return (std::isnan(a) && std::isnan(b)) || a == b;
}

bool SameObservation(const Observation& a, const Observation& b) {
  return a.time_ns == b.time_ns && a.source_id == b.source_id &&
         a.kind == b.kind && a.scheme == b.scheme &&
         a.subject_id == b.subject_id && a.has_position == b.has_position &&
         (!a.has_position || (a.position.lat_deg == b.position.lat_deg &&
                              a.position.lng_deg == b.position.lng_deg)) &&
         Same(a.altitude_m, b.altitude_m) &&
         Same(a.uncertainty_m, b.uncertainty_m) &&
         a.class_name == b.class_name && a.flag_iso2 == b.flag_iso2 &&
         a.name == b.name &&
         Same(a.kinematics.speed_knots, b.kinematics.speed_knots) &&
         Same(a.kinematics.course_deg, b.kinematics.course_deg) &&
         Same(a.kinematics.heading_deg, b.kinematics.heading_deg) &&
         Same(a.kinematics.turn_deg_per_min, b.kinematics.turn_deg_per_min) &&
         a.raw_sha256 == b.raw_sha256 && a.military == b.military;
}

// Everything a stream reports, as comparable values.
class Record : public AisSink {
 public:
  void OnMessage(const AisMessage& m, const CompletedMessage& c) override {
    Observation o;
    if (AisToObservation(m, c, "fuzz", &o)) {
      observations.push_back(o);
      lines.push_back(c.first_line);
    } else {
      lines.push_back(c.first_line + (uint64_t{m.type} << 40));
    }
  }
  void OnObservation(const Observation& o, const CompletedMessage& c) override {
    observations.push_back(o);
    lines.push_back(c.first_line);
  }
  void OnReject(uint64_t line, std::string_view, const Rejection& r) override {
    lines.push_back(line + (uint64_t{1} << 50) +
                    (static_cast<uint64_t>(r.reason) << 52));
  }
  void OnIncomplete(const IncompleteGroup& g) override {
    lines.push_back(g.lines.size() + (uint64_t{1} << 62));
  }
  std::vector<Observation> observations;
  std::vector<uint64_t> lines;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  FastSingleScanner fast;
  AisDecoder decoder;
  Record slow, quick;
  AisStream a(&slow), b(&quick);
  b.EmitObservations("fuzz");
  while (!text.empty()) {
    const size_t nl = text.find('\n');
    const std::string_view line = text.substr(0, nl);
    text =
        nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
    a.AddLine(line);
    b.AddLine(line);
    if (!fast.ScanSingle(line)) continue;
    auto scanned = ScanLine(line);
    Check(scanned.has_value() && scanned->kind == LineKind::kSentence &&
          scanned->sentence.fragment_count == 1);
    Reassembler r;
    auto added = r.Add(scanned->sentence, line, 1, kNoTime);
    Check(added.has_value() && *added != nullptr);
    const CompletedMessage& g = **added;
    const CompletedMessage& f = fast.message();
    Check(f.bits.bit_len == g.bits.bit_len &&
          std::memcmp(f.bits.bytes, g.bits.bytes, sizeof f.bits.bytes) == 0 &&
          f.channel == g.channel && f.own_ship == g.own_ship);
    Observation fo;
    const bool fast_ok =
        FastPositionObservation(f.bits, kNoTime, "fuzz", line, &fo);
    AisMessage m;
    auto decoded = decoder.DecodeInto(g.bits, &m);
    if (!fast_ok) continue;
    Check(decoded.has_value());
    Observation go;
    Check(AisToObservation(m, g, "fuzz", &go) && SameObservation(fo, go));
  }
  a.Finish();
  b.Finish();
  Check(slow.lines == quick.lines &&
        slow.observations.size() == quick.observations.size());
  for (size_t i = 0; i < slow.observations.size(); ++i) {
    Check(SameObservation(slow.observations[i], quick.observations[i]));
  }
  return 0;
}
