// AisStream: the whole AIS pipeline for one input stream, line by line:
// NMEA scan, wrapper times, multipart reassembly, message decoding. Every
// line ends up in exactly one place: a decoded message, a rejection with its
// reason, part of an incomplete group, or skipped (blank lines, comments,
// wrapper lines). The caller's Sink receives them; counts are kept in stats().
// Plain single-sentence lines take the fast path of ais_fast.h (one pass, no
// copy); the results are the same as through the general path.
//
// Ownership: the Sink is borrowed and must outlive the stream. Views passed
// to the Sink are valid only during the call.
// Thread safety: not thread-safe; one AisStream per input.
#ifndef TRUCE_OBSERVE_AIS_STREAM_H_
#define TRUCE_OBSERVE_AIS_STREAM_H_

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "observe/ais.h"
#include "observe/ais_fast.h"
#include "observe/nmea.h"
#include "observe/observation.h"
#include "observe/reassembly.h"
#include "observe/reject.h"

namespace truce::observe {

class AisSink {
 public:
  virtual ~AisSink() = default;
  // A decoded message and the sentence(s) it came from.
  virtual void OnMessage(const AisMessage& message,
                         const CompletedMessage& source) = 0;
  // A line (or, for decode failures, the message's lines) that was rejected.
  virtual void OnReject(uint64_t line, std::string_view raw,
                        const Rejection& rejection) = 0;
  // A multipart group that never completed; each of its lines is lost.
  virtual void OnIncomplete(const IncompleteGroup& group) = 0;
  // Only with AisStream::EmitObservations: a position report (types 1-3,
  // 18, 27) of a plain single sentence, converted straight to the
  // observation AisToObservation would give, without an AisMessage.
  virtual void OnObservation(const Observation& observation,
                             const CompletedMessage& source) {
    (void)observation;
    (void)source;
  }
};

struct AisStreamStats {
  uint64_t lines = 0;
  uint64_t sentences = 0;
  uint64_t decoded = 0;
  uint64_t skipped = 0;  // blank, comment and wrapper lines
  uint64_t rejected = 0;
  std::array<uint64_t, kRejectReasonCount> rejected_by_reason{};
  uint64_t incomplete_groups = 0;
  uint64_t incomplete_lines = 0;
};

class AisStream {
 public:
  explicit AisStream(AisSink* sink,
                     Reassembler::Options options = Reassembler::Options{});

  // One line of input, with or without its line ending.
  void AddLine(std::string_view line);

  // One line the caller rejected before scanning (e.g. longer than any
  // sentence): counted and reported like any other rejection.
  void AddRejectedLine(std::string_view raw, const Rejection& rejection);

  // Takes the observation fast path from now on: single-sentence position
  // reports reach the sink as OnObservation, with `feed` (which must outlive
  // the stream) as the source when the line names none; every other message
  // still comes as OnMessage. Counts are the same either way. Such an
  // observation may reach the sink one line late, when the next one is
  // hashed together with it (two SHA-256 at once), but always in line order
  // and before anything a later line gives; Finish delivers the last.
  void EmitObservations(std::string_view feed) {
    observations_ = true;
    feed_ = feed;
  }

  // End of input: reports the multipart groups still pending.
  void Finish();

  const AisStreamStats& stats() const { return stats_; }

 private:
  void Rejected(uint64_t line, std::string_view raw, const Rejection& r);
  void DrainIncomplete();
  void Report(const IncompleteGroup& group);

  bool AddFast(std::string_view line, uint64_t line_no);
  void FlushPending();

  AisSink* sink_;
  // fast_[0] holds the pending observation's message while fast_[1] scans
  // the next line.
  std::array<FastSingleScanner, 2> fast_;
  bool observations_ = false;
  std::string_view feed_;
  Observation observation_;
  bool pending_ = false;  // pending_observation_ awaits its digest
  Observation pending_observation_;
  std::string pending_raw_;  // its line (the caller's view ends with AddLine)
  Reassembler reassembler_;
  AisDecoder decoder_;
  AisMessage message_;
  AisStreamStats stats_;
  int64_t wrapper_time_ns_ = kNoTime;
  std::vector<IncompleteGroup> incomplete_;
};

}  // namespace truce::observe

#endif  // TRUCE_OBSERVE_AIS_STREAM_H_
