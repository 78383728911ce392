// Writer of the native report CSV (docs/formats/reports.md): the header row
// and one row per Report, RFC 4180 quoted where needed, LF line ends, no
// BOM. What it writes, ReportCsvReader with NativeReportMapping() reads back
// to an equal Report (the simulator writes report feeds with it).
//
// Thread safety: pure functions.
#ifndef TRUCE_OBSERVE_REPORT_CSV_WRITER_H_
#define TRUCE_OBSERVE_REPORT_CSV_WRITER_H_

#include <string>

#include "observe/report.h"

namespace truce::observe {

// "time,time_precision_s,lat,lon,precision_m,event,class,count,party,"
// "source,source_kind,report_id,unit,text\n"
void AppendReportCsvHeader(std::string* out);

// One row, ending in "\n". Time as RFC 3339 (a date YYYY-MM-DD when the
// precision is exactly one day at midnight UTC), numbers in shortest
// round-trip form, precision_m empty when unknown.
void AppendReportCsvRow(const Report& report, std::string* out);

}  // namespace truce::observe

#endif  // TRUCE_OBSERVE_REPORT_CSV_WRITER_H_
