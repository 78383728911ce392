#include "observe/ais_stream.h"

#include "observe/sha256.h"

namespace truce::observe {

AisStream::AisStream(AisSink* sink, Reassembler::Options options)
    : sink_(sink), reassembler_(options) {}

void AisStream::Rejected(uint64_t line, std::string_view raw,
                         const Rejection& r) {
  ++stats_.rejected;
  ++stats_.rejected_by_reason[static_cast<size_t>(r.reason)];
  sink_->OnReject(line, raw, r);
}

void AisStream::DrainIncomplete() {
  incomplete_.clear();
  reassembler_.TakeIncomplete(&incomplete_);
  if (incomplete_.empty()) return;
  for (const IncompleteGroup& g : incomplete_) Report(g);
}

void AisStream::Report(const IncompleteGroup& g) {
  if (g.reason != RejectReason::kIncomplete) {
    for (const RawLine& l : g.lines)
      Rejected(l.line, l.raw, Rejection{g.reason, {}});
    return;
  }
  ++stats_.incomplete_groups;
  stats_.incomplete_lines += g.lines.size();
  sink_->OnIncomplete(g);
}

void AisStream::FlushPending() {
  if (!pending_) return;
  pending_ = false;
  Sha256Into(pending_raw_, pending_observation_.raw_sha256.data());
  sink_->OnObservation(pending_observation_, fast_[0].message());
}

bool AisStream::AddFast(std::string_view line, uint64_t line_no) {
  FastSingleScanner& scanner = fast_[pending_ ? 1 : 0];
  if (!scanner.ScanSingle(line)) return false;
  ++stats_.sentences;
  CompletedMessage& done = scanner.message();
  // As Reassembler::Add for one fragment: no TAG block and no receiver
  // fields, so the time is a wrapper's, if any, and there is no source.
  done.time_ns = wrapper_time_ns_;
  wrapper_time_ns_ = kNoTime;
  done.source = {};
  done.first_line = done.last_line = line_no;
  done.lines[0] = line_no;
  if (observations_) {
    Observation* o = pending_ ? &observation_ : &pending_observation_;
    if (FastPositionFields(done.bits, done.time_ns, feed_, o)) {
      ++stats_.decoded;
      if (!pending_) {  // wait for a partner to hash with
        pending_ = true;
        pending_raw_.assign(line);
        done.raw = pending_raw_;
        return true;
      }
      pending_ = false;
      Sha256Into2(pending_raw_, pending_observation_.raw_sha256.data(), line,
                  observation_.raw_sha256.data());
      sink_->OnObservation(pending_observation_, fast_[0].message());
      sink_->OnObservation(observation_, done);
      return true;
    }
  }
  FlushPending();
  auto decoded = decoder_.DecodeInto(done.bits, &message_);
  if (!decoded) {
    Rejected(line_no, line, decoded.error());
    return true;
  }
  ++stats_.decoded;
  sink_->OnMessage(message_, done);
  return true;
}

void AisStream::AddLine(std::string_view line) {
  const uint64_t line_no = ++stats_.lines;
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) {
    line.remove_suffix(1);
  }
  if (AddFast(line, line_no)) return;
  FlushPending();
  auto scanned = ScanLine(line);
  if (!scanned) {
    Rejected(line_no, line, scanned.error());
    return;
  }
  if (scanned->kind == LineKind::kSkip) {
    ++stats_.skipped;
    return;
  }
  if (scanned->kind == LineKind::kWrapper) {
    ++stats_.skipped;
    wrapper_time_ns_ = scanned->wrapper_time_ns;
    return;
  }
  ++stats_.sentences;
  const Sentence& s = scanned->sentence;
  int64_t time_ns = s.tag.time_ns;
  if (time_ns == kNoTime) time_ns = s.receiver_time_ns;
  if (time_ns == kNoTime) time_ns = wrapper_time_ns_;
  wrapper_time_ns_ = kNoTime;  // a wrapper applies to the next sentence only

  auto added = reassembler_.Add(s, line, line_no, time_ns);
  DrainIncomplete();
  if (!added) {
    Rejected(line_no, line, added.error());
    return;
  }
  const CompletedMessage* done = *added;
  if (done == nullptr) return;  // a multipart group is pending
  auto decoded = decoder_.DecodeInto(done->bits, &message_);
  if (!decoded) {
    // Every line of the message is rejected, each with its own number.
    std::string_view rest = done->raw;
    for (unsigned k = 0; k < done->fragments; ++k) {
      const size_t nl = rest.find('\n');
      Rejected(done->lines[k], rest.substr(0, nl), decoded.error());
      rest = nl == std::string_view::npos ? std::string_view()
                                          : rest.substr(nl + 1);
    }
    return;
  }
  ++stats_.decoded;
  sink_->OnMessage(message_, *done);
}

void AisStream::AddRejectedLine(std::string_view raw,
                                const Rejection& rejection) {
  FlushPending();
  Rejected(++stats_.lines, raw, rejection);
}

void AisStream::Finish() {
  FlushPending();
  std::vector<IncompleteGroup> pending;
  reassembler_.Flush(&pending);
  for (const IncompleteGroup& g : pending) Report(g);
}

}  // namespace truce::observe
