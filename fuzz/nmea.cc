// Fuzz target: arbitrary bytes as lines of an AIS feed through the whole
// pipeline (NMEA scanner, TAG blocks, receiver wrappers, multipart
// reassembly, decoder, gpsd JSON both ways, observations). Checks that every
// line is accounted for exactly once and that every JSON object is valid.
#include <cstdint>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "observe/ais_json.h"
#include "observe/ais_observation.h"
#include "observe/ais_stream.h"
#include "observe/observation_json.h"

namespace {

using namespace truce::observe;

class CheckingSink : public AisSink {
 public:
  void OnMessage(const AisMessage& m, const CompletedMessage& c) override {
    lines += c.fragments;
    for (bool scaled : {true, false}) {
      json_.clear();
      if (AppendAisJson(m, {scaled, "fuzz"}, &json_) &&
          !nlohmann::json::accept(json_)) {
        std::abort();
      }
    }
    Observation o;
    if (AisToObservation(m, c, "fuzz", &o)) {
      json_.clear();
      AppendObservationJson(o, &json_);
      if (!nlohmann::json::accept(json_)) std::abort();
    }
  }
  void OnReject(uint64_t, std::string_view, const Rejection& r) override {
    ++lines;
    if (RejectReasonName(r.reason) == "unknown") std::abort();
  }
  void OnIncomplete(const IncompleteGroup& g) override { lines += g.lines.size(); }
  uint64_t lines = 0;

 private:
  std::string json_;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  CheckingSink sink;
  Reassembler::Options options;
  options.max_groups = 4;  // small, so that eviction is exercised
  options.max_age_lines = 8;
  AisStream stream(&sink, options);
  while (!text.empty()) {
    const size_t nl = text.find('\n');
    stream.AddLine(text.substr(0, nl));
    if (nl == std::string_view::npos) break;
    text.remove_prefix(nl + 1);
  }
  stream.Finish();
  const AisStreamStats& s = stream.stats();
  if (sink.lines + s.skipped != s.lines) std::abort();
  uint64_t by_reason = 0;
  for (uint64_t n : s.rejected_by_reason) by_reason += n;
  if (by_reason != s.rejected) std::abort();
  return 0;
}
