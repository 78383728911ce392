// Decoder: the bytes of one feed, in one observation format, to
// observations and quarantine verdicts. The one decode path that `truce
// replay` (feed.h, reading files) and `truce serve` (live/, reading sockets
// and HTTP bodies) share, so the same bytes give the same observations with
// the same sources, digests and reject reasons.
//
// Line formats (AIS NMEA, SBS-1) take AddLine, one line at a time without
// its line ending; lines are numbered from 1 in the order given. Byte
// formats (field reports, readsb aircraft.json) take AddBytes in chunks of
// any size. Finish ends the input: multipart AIS groups still open are
// reported incomplete, a report CSV's last line is read, an aircraft.json
// is decoded.
//
// `source_name` is what observations carry as their source when the record
// names none: the file name for a replay, the feed's name when live.
//
// Ownership: the sink and the report mapping are borrowed and must outlive
// the decoder. Views passed to the sink are valid only during the call.
// Thread safety: not thread-safe; one Decoder per input stream.
#ifndef TRUCE_REPLAY_DECODER_H_
#define TRUCE_REPLAY_DECODER_H_

#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <string_view>

#include "observe/observation.h"
#include "observe/report_mapping.h"

namespace truce::replay {

enum class FeedFormat;

class DecodeSink {
 public:
  virtual ~DecodeSink() = default;
  // `line`: 1-based line of the record (0: not line-based); `raw`: its bytes
  // (may be empty for formats without one line per record).
  virtual void OnObservation(const observe::Observation& o, uint64_t line,
                             std::string_view raw) = 0;
  virtual void OnReject(uint64_t line, std::string_view raw,
                        std::string reason) = 0;
};

class Decoder {
 public:
  // `format` must be kAis, kSbs, kReports or kReadsb (nullptr otherwise).
  // Reports are read with `report_mapping` when given, else the native
  // schema; `name` names the input in report errors.
  static std::unique_ptr<Decoder> Make(
      FeedFormat format, std::string source_name, std::string name,
      const observe::ReportMapping* report_mapping, DecodeSink* sink);
  virtual ~Decoder() = default;

  // True for AddLine formats, false for AddBytes ones.
  virtual bool line_based() const = 0;
  virtual void AddLine(std::string_view line) { (void)line; }
  virtual void AddBytes(std::string_view bytes) { (void)bytes; }
  virtual void Finish() = 0;
  // Lines read so far (line formats; 1 for an aircraft.json; 0 for reports).
  uint64_t lines() const { return lines_; }

  // The time given to an AIS or SBS-1 record that carries none of its own
  // (no TAG block time or receiver prefix; an SBS line with empty date and
  // time): live feeds set the arrival time before each batch of lines, as
  // a receiver's own TAG block would have. Unset (the default, and always
  // in a replay, where no arrival time exists) such records stay timeless
  // and are quarantined as no_time.
  void SetArrivalTime(int64_t time_ns) { arrival_time_ns_ = time_ns; }

 protected:
  // The observation's own time, else the arrival time if one is set.
  void TimeIfUntimed(observe::Observation* o) const {
    if (o->time_ns == std::numeric_limits<int64_t>::min()) {
      o->time_ns = arrival_time_ns_;
    }
  }

  uint64_t lines_ = 0;
  int64_t arrival_time_ns_ = std::numeric_limits<int64_t>::min();
};

}  // namespace truce::replay

#endif  // TRUCE_REPLAY_DECODER_H_
