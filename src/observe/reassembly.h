// Multipart AIS reassembly: joins the fragments of one message, keyed by
// TAG block source, radio channel, sequence id and fragment count, so that
// groups from several transmitters may interleave. Fragments may arrive in any
// order; a group that does not complete within `max_age_lines` lines, or that
// is displaced by a new group with the same key, is reported as incomplete with
// all of its raw lines, so nothing is lost silently.
//
// Single-fragment sentences pass straight through. The returned message
// (bits, raw text, source) is owned by the Reassembler and valid until the
// next call. After warm-up no call allocates: slots and their strings keep
// their capacity.
//
// Thread safety: not thread-safe; one Reassembler per input stream.
#ifndef TRUCE_OBSERVE_REASSEMBLY_H_
#define TRUCE_OBSERVE_REASSEMBLY_H_

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "observe/bits.h"
#include "observe/nmea.h"
#include "observe/reject.h"

namespace truce::observe {

struct CompletedMessage {
  PayloadBits bits;
  char channel = 0;
  bool own_ship = false;
  int64_t time_ns = kNoTime;  // TAG block c:, else receiver time, if any
  std::string_view source;    // TAG block s:, else receiver station
  uint64_t first_line = 0;    // line numbers of the first and last fragment
  uint64_t last_line = 0;
  uint8_t fragments = 1;
  std::string_view raw;             // the raw line(s), joined by '\n'
  std::array<uint64_t, 9> lines{};  // line number of fragment 1, 2, ...
};

struct RawLine {
  uint64_t line = 0;
  std::string raw;
};

// A multipart group that never completed (reason kIncomplete), or whose
// fragments together are longer than any message (kPayloadTooLong).
struct IncompleteGroup {
  std::vector<RawLine> lines;  // in line order
  RejectReason reason = RejectReason::kIncomplete;
};

class Reassembler {
 public:
  struct Options {
    uint64_t max_age_lines = 1000;  // a group older than this is incomplete
    size_t max_groups = 64;         // pending groups kept at once
  };

  Reassembler() : Reassembler(Options{}) {}
  explicit Reassembler(Options options);

  // Adds one sentence read from `raw_line` (line number `line_no`), with the
  // best time known for it (`time_ns`, or kNoTime). Returns the completed
  // message, nullptr while a multipart group is still pending, or the reason
  // the sentence was rejected (orphan or duplicate fragment, bad payload).
  ParseResult<const CompletedMessage*> Add(const Sentence& s,
                                           std::string_view raw_line,
                                           uint64_t line_no, int64_t time_ns);

  // Moves the groups found incomplete so far (timed out or displaced) to
  // *out, appending.
  void TakeIncomplete(std::vector<IncompleteGroup>* out);

  // End of input: every pending group is incomplete; moves them all to *out.
  void Flush(std::vector<IncompleteGroup>* out);

  size_t pending_groups() const;

 private:
  struct Slot {
    bool active = false;
    char channel = 0;
    int8_t sequence_id = -1;
    uint8_t count = 0;
    bool own_ship = false;
    std::string source;   // TAG block s: (the key)
    std::string station;  // TAG source or receiver station of fragment 1
    uint64_t start_line = 0;
    uint16_t received = 0;  // bit i: fragment i+1 arrived
    int64_t time_ns = kNoTime;
    std::array<std::string, 9> payload;
    std::array<uint8_t, 9> fill{};
    std::array<std::string, 9> raw;
    std::array<uint64_t, 9> line{};
  };

  Slot* Find(const Sentence& s, std::string_view source);
  Slot* Allocate(uint64_t line_no);
  void Expire(Slot* slot);
  void ExpireOld(uint64_t line_no);

  Options options_;
  std::vector<Slot> slots_;
  std::vector<IncompleteGroup> incomplete_;
  CompletedMessage done_;
  std::string joined_;
};

}  // namespace truce::observe

#endif  // TRUCE_OBSERVE_REASSEMBLY_H_
