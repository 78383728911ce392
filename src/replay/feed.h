// Feed: one input file of observations, in any format truce decodes, read as
// a time-ordered stream through a bounded reorder window.
//
// Formats: AIS NMEA 0183 (with TAG block or receiver times), SBS-1
// BaseStation CSV, readsb/dump1090 aircraft.json, and field reports (CSV in
// the native schema or another shape with a mapping, or a GeoJSON
// FeatureCollection). Decoding is decoder.h's, shared with the live feeds.
// Detection looks at the first non-blank line; a format can also be forced.
//
// Reordering: observations are held until the feed has shown one at least
// `window` later (a watermark), then released in total order (time, kind,
// subject, source, digest). One that arrives more than `window` behind the
// latest time the feed has already shown is late: it is quarantined with its
// reason, never applied out of order and never dropped silently. Lines the
// decoders reject are quarantined too. Memory is bounded by the window, not by
// the file.
//
// Thread safety: not thread-safe; one Feed per file.
#ifndef TRUCE_REPLAY_FEED_H_
#define TRUCE_REPLAY_FEED_H_

#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.h"
#include "base/time.h"
#include "observe/observation.h"
#include "observe/report_mapping.h"

namespace truce::replay {

// kControlMap files (GeoJSON territorial-control maps) are not observation
// feeds: the replay hands them to its territory watch (territory_watch.h).
enum class FeedFormat { kAuto, kAis, kSbs, kReadsb, kReports, kControlMap };

std::string_view Name(FeedFormat f);
std::optional<FeedFormat> ParseFeedFormat(std::string_view name);

// A line or record that did not become an observation, and why.
struct QuarantineEntry {
  std::string source;  // the feed file
  uint64_t line = 0;   // 1-based; 0 when not line-based
  std::string raw;
  std::string reason;
};

struct FeedStats {
  uint64_t lines = 0;
  uint64_t observations = 0;
  uint64_t quarantined = 0;
  uint64_t late = 0;
  std::map<std::string, uint64_t> quarantined_by_reason;
};

// The format of the file at `path`, from its first 4 KiB: JSON with
// "aircraft" is readsb; GeoJSON with polygons, or NZZ's {"value": ...}
// wrapper, a control map; other JSON field reports; SBS-1 message kinds;
// a first line with NMEA marks ('!', '$' or a TAG block's '\') AIS; any
// other comma-separated first line (a CSV header) field reports.
Result<FeedFormat> DetectFeedFormat(const std::string& path);

// The total order the replay applies to observations.
bool ObservationBefore(const observe::Observation& a,
                       const observe::Observation& b);

class Feed {
 public:
  // Opens `path`; detects the format unless given. kInvalidInput for a control
  // map, which is not a stream of observations.
  // Report feeds are read with `report_mapping` (docs/formats/reports.md)
  // when given, else in the native schema; the mapping must outlive the
  // feed.
  static Result<std::unique_ptr<Feed>> Open(
      const std::string& path, FeedFormat format, DurationNs window,
      const observe::ReportMapping* report_mapping = nullptr);
  virtual ~Feed() = default;

  // The next observation in order, or nullopt at the end of the feed.
  virtual std::optional<observe::Observation> Next() = 0;
  // Quarantine entries produced since the last call.
  std::vector<QuarantineEntry> TakeQuarantine();

  const std::string& path() const { return path_; }
  FeedFormat format() const { return format_; }
  const FeedStats& stats() const { return stats_; }

 protected:
  Feed(std::string path, FeedFormat format);
  void Quarantine(uint64_t line, std::string_view raw, std::string reason);

  std::string path_;
  // The name observations carry as their source when the record names none:
  // the file name without its folder, so that results do not depend on
  // where the feeds are kept.
  std::string source_name_;
  FeedFormat format_;
  FeedStats stats_;
  std::vector<QuarantineEntry> quarantine_;
};

}  // namespace truce::replay

#endif  // TRUCE_REPLAY_FEED_H_
