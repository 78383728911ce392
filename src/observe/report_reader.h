// Readers of field-report files: CSV streamed by chunks (ReportCsvReader),
// and GeoJSON FeatureCollections of Points read whole (ReadGeoJsonReports).
// Both turn each record through a ReportMapping into a Report and pass it,
// or its rejection, to a ReportSink in input order. A bad record never stops
// a reader; only a header that lacks a mapped column, or a GeoJSON text that
// is not a FeatureCollection, is an error. docs/formats/reports.md.
//
// Ownership: the reader keeps pointers to the mapping and the sink, which
// must outlive it. Thread safety: one reader per thread.
#ifndef TRUCE_OBSERVE_REPORT_READER_H_
#define TRUCE_OBSERVE_REPORT_READER_H_

#include <memory>
#include <string>
#include <string_view>

#include "base/error.h"
#include "observe/report.h"
#include "observe/report_mapping.h"

namespace truce::observe {

class ReportCsvReader {
 public:
  // `input` names the file in errors.
  ReportCsvReader(const ReportMapping* mapping, ReportSink* sink,
                  std::string_view input);
  ~ReportCsvReader();
  ReportCsvReader(const ReportCsvReader&) = delete;
  ReportCsvReader& operator=(const ReportCsvReader&) = delete;

  // Any chunking. After a header error further input is ignored.
  void Feed(std::string_view bytes);
  // Ends the input; the error is a missing header or a header that lacks a
  // column the mapping names.
  Result<ReportStats> Finish();

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

// Reads a whole GeoJSON FeatureCollection. Feature n (1-based) is reported
// as line n; its raw bytes are the feature re-serialised compactly.
// Position from a Point geometry ([lon, lat]) or, without one, from the
// mapped lat/lon properties.
Result<ReportStats> ReadGeoJsonReports(std::string_view text,
                                       const ReportMapping& mapping,
                                       ReportSink* sink,
                                       std::string_view input);

// True if the first non-blank byte of `head` is '{' (GeoJSON, not CSV).
bool LooksLikeJson(std::string_view head);

}  // namespace truce::observe

#endif  // TRUCE_OBSERVE_REPORT_READER_H_
