// Test helper: a ReportSink that keeps copies of everything it receives.
#ifndef TRUCE_OBSERVE_REPORT_TEST_UTIL_H_
#define TRUCE_OBSERVE_REPORT_TEST_UTIL_H_

#include <string>
#include <vector>

#include "observe/report.h"

namespace truce::observe {

struct ReportRejected {
  uint64_t line;
  std::string raw;
  std::string reason;
};

class CollectingReportSink : public ReportSink {
 public:
  void OnReport(const Report& r) override { reports.push_back(r); }
  void OnReject(uint64_t line, std::string_view raw, ReportRejectReason reason,
                std::string_view) override {
    rejected.push_back(
        {line, std::string(raw), std::string(ReportRejectReasonName(reason))});
  }
  std::vector<Report> reports;
  std::vector<ReportRejected> rejected;
};

}  // namespace truce::observe

#endif  // TRUCE_OBSERVE_REPORT_TEST_UTIL_H_
