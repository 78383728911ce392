// CsvScanner: a streaming RFC 4180 record scanner. Bytes go in by chunks of
// any size (a record may span chunks and, inside quotes, lines); each record
// comes out with its fields unescaped, its first line number and its raw
// bytes. A UTF-8 byte order mark at the start is skipped; CRLF and LF both
// end a record. It never stops: a record with broken quoting or longer than
// kMaxReportRecordBytes is delivered flagged, and scanning resumes at the
// next line.
//
// Memory: one record at a time (bounded by kMaxReportRecordBytes).
// Thread safety: one scanner per thread.
#ifndef TRUCE_OBSERVE_REPORT_CSV_H_
#define TRUCE_OBSERVE_REPORT_CSV_H_

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace truce::observe {

struct CsvRecord {
  uint64_t line = 0;     // 1-based physical line where the record starts
  std::string_view raw;  // bytes of the record, without its terminator
  std::span<const std::string_view> fields;  // unescaped; valid in callback
  bool bad_quoting = false;
  bool too_long = false;  // raw truncated; fields empty
};

class CsvRecordSink {
 public:
  virtual ~CsvRecordSink() = default;
  virtual void OnRecord(const CsvRecord& record) = 0;
  virtual void OnBlankLine(uint64_t /*line*/) {}
};

class CsvScanner {
 public:
  explicit CsvScanner(CsvRecordSink* sink) : sink_(sink) {}
  void Feed(std::string_view bytes);
  void Finish();  // delivers a last record without a terminator

 private:
  enum class State : uint8_t {
    kFieldStart,
    kUnquoted,
    kQuoted,
    kQuoteSeen,
    kSkipToEol
  };
  void Byte(char c);
  void EndField();
  void EndRecord();

  CsvRecordSink* sink_;
  State state_ = State::kFieldStart;
  int bom_matched_ = 0;  // bytes of the BOM matched so far; 3: done; -1 none
  uint64_t line_ = 1;
  uint64_t record_line_ = 1;
  bool bad_quoting_ = false;
  bool too_long_ = false;
  bool cr_pending_ = false;  // a CR after a closing quote
  std::string raw_;
  std::string field_bytes_;
  std::vector<size_t> field_ends_;
  std::vector<std::string_view> fields_;
};

}  // namespace truce::observe

#endif  // TRUCE_OBSERVE_REPORT_CSV_H_
