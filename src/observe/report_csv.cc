#include "observe/report_csv.h"

#include "observe/report.h"

namespace truce::observe {
namespace {
constexpr char kBom[] = "\xEF\xBB\xBF";
}  // namespace

void CsvScanner::Feed(std::string_view bytes) {
  size_t i = 0;
  while (bom_matched_ >= 0 && bom_matched_ < 3 && i < bytes.size()) {
    if (bytes[i] == kBom[bom_matched_]) {
      ++bom_matched_;
      ++i;
    } else {
      const int n = bom_matched_;
      bom_matched_ = -1;
      for (int k = 0; k < n; ++k) Byte(kBom[k]);
    }
  }
  for (; i < bytes.size(); ++i) Byte(bytes[i]);
}

void CsvScanner::Finish() {
  if (bom_matched_ > 0 && bom_matched_ < 3) {
    const int n = bom_matched_;
    bom_matched_ = -1;
    for (int k = 0; k < n; ++k) Byte(kBom[k]);
  }
  if (state_ == State::kQuoted) bad_quoting_ = true;
  if (!raw_.empty() || state_ != State::kFieldStart || !field_ends_.empty() ||
      bad_quoting_ || too_long_) {
    EndRecord();
  }
}

void CsvScanner::Byte(char c) {
  if (raw_.empty() && field_ends_.empty() && state_ == State::kFieldStart &&
      !too_long_ && !bad_quoting_) {
    record_line_ = line_;
  }
  const bool terminator =
      c == '\n' && state_ != State::kQuoted;  // ends the record
  if (!terminator && !too_long_) {
    if (raw_.size() >= kMaxReportRecordBytes) {
      too_long_ = true;
      state_ = State::kSkipToEol;
    } else {
      raw_.push_back(c);
    }
  }
  switch (state_) {
    case State::kSkipToEol:
      if (terminator) EndRecord();
      break;
    case State::kFieldStart:
      if (c == '"') {
        state_ = State::kQuoted;
      } else if (c == ',') {
        EndField();
      } else if (terminator) {
        EndRecord();
      } else {
        field_bytes_.push_back(c);
        state_ = State::kUnquoted;
      }
      break;
    case State::kUnquoted:
      if (c == ',') {
        EndField();
        state_ = State::kFieldStart;
      } else if (terminator) {
        if (!field_bytes_.empty() && field_bytes_.back() == '\r') {
          field_bytes_.pop_back();
        }
        EndRecord();
      } else if (c == '"') {
        bad_quoting_ = true;
        state_ = State::kSkipToEol;
      } else {
        field_bytes_.push_back(c);
      }
      break;
    case State::kQuoted:
      if (c == '"') {
        state_ = State::kQuoteSeen;
      } else {
        field_bytes_.push_back(c);
      }
      break;
    case State::kQuoteSeen:
      if (c == '"' && !cr_pending_) {
        field_bytes_.push_back('"');
        state_ = State::kQuoted;
      } else if (c == ',' && !cr_pending_) {
        EndField();
        state_ = State::kFieldStart;
      } else if (c == '\r' && !cr_pending_) {
        cr_pending_ = true;
      } else if (terminator) {
        EndRecord();
      } else {
        bad_quoting_ = true;
        state_ = State::kSkipToEol;
      }
      break;
  }
  if (c == '\n') ++line_;
}

void CsvScanner::EndField() { field_ends_.push_back(field_bytes_.size()); }

void CsvScanner::EndRecord() {
  if (!raw_.empty() && raw_.back() == '\r' && !too_long_) raw_.pop_back();
  const bool blank = raw_.empty() && field_ends_.empty() && !too_long_ &&
                     !bad_quoting_ && state_ == State::kFieldStart;
  if (blank) {
    sink_->OnBlankLine(record_line_);
  } else {
    CsvRecord r;
    r.line = record_line_;
    r.raw = raw_;
    r.bad_quoting = bad_quoting_;
    r.too_long = too_long_;
    fields_.clear();
    if (!bad_quoting_ && !too_long_) {
      EndField();
      size_t begin = 0;
      for (size_t end : field_ends_) {
        fields_.emplace_back(field_bytes_.data() + begin, end - begin);
        begin = end;
      }
      r.fields = fields_;
    }
    sink_->OnRecord(r);
  }
  state_ = State::kFieldStart;
  bad_quoting_ = false;
  too_long_ = false;
  cr_pending_ = false;
  raw_.clear();
  field_bytes_.clear();
  field_ends_.clear();
}

}  // namespace truce::observe
