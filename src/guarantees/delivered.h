// Delivered: the presence guarantors' observable assets actually delivered,
// measured from the same tracks truce verifies (AIS, SBS-1, aircraft.json),
// against what they pledged.
//
// How time inside a zone is counted (docs/formats/commitments.md#delivered):
// the fixes of one asset (an ICAO address or an MMSI), from every feed, are
// put in time order (ties: outside before inside). The time between two
// consecutive fixes counts as inside when BOTH fixes are inside the pledged
// zone (rules::CompiledZones::Contains, altitude included) and they are at
// most `max_gap` apart. A single isolated fix, a gap longer than max_gap,
// and the stretch between an inside and an outside fix count nothing: truce
// does not guess where an asset was when it was not heard, so delivery is a
// lower bound of the true presence by at most one fix interval per entry and
// exit. Intervals are cut at UTC midnights; a fix exactly at 00:00:00 starts
// the new day.
//
// Per pledge and UTC day, within the part of the day the pledge is in force
// (a fraction f of the day):
//   hours_per_day pledges: pledged = amount × f hours; delivered = hours when
//     at least one of its assets was inside (the union, not the sum).
//   ships / aircraft pledges: pledged = amount × 24 × f asset-hours;
//     delivered = the sum of every asset's hours inside.
//   other units: nothing to compare (pledged is absent).
// Per guarantor and day: the sums of pledged and delivered over its pledges
// with a comparable unit. Exact integer-nanosecond intervals; hours are
// their double quotient (relative error below 1e-15).
//
// Thread safety: pure functions (MeasureDelivered reads files).
#ifndef TRUCE_GUARANTEES_DELIVERED_H_
#define TRUCE_GUARANTEES_DELIVERED_H_

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "agreement/agreement.h"
#include "base/error.h"
#include "base/time.h"
#include "guarantees/commitments.h"

namespace truce::guarantees {

struct Fix {
  TimeNs time;
  bool inside = false;
};

using Interval = std::pair<TimeNs, TimeNs>;  // [first, second]

// The intervals one asset spent inside (see above), in time order.
std::vector<Interval> InsideIntervals(std::vector<Fix> fixes,
                                      DurationNs max_gap);
// Total length of `intervals` within [from, until), in hours.
double HoursWithin(const std::vector<Interval>& intervals, TimeNs from,
                   TimeNs until);

struct AssetSummary {
  std::string asset;  // "icao:ae0001", "mmsi:247000001"
  std::string pledge, guarantor;
  uint64_t fixes = 0, fixes_inside = 0;
};
struct AssetDay {
  std::string asset, pledge, guarantor, day;  // day: YYYY-MM-DD
  double hours_inside = 0;
};
struct PledgeDay {
  std::string pledge, guarantor, day;
  std::optional<double> pledged_hours;  // absent: unit not comparable
  double delivered_hours = 0;
};
struct GuarantorDay {
  std::string guarantor, day;
  double pledged_hours = 0, delivered_hours = 0;
};

struct DeliveredReport {
  DurationNs max_gap;
  std::vector<std::string> days;
  std::vector<AssetSummary> assets;            // pledge order, then asset order
  std::vector<AssetDay> asset_days;            // day-major within each asset
  std::vector<PledgeDay> pledge_days;          // pledge order, then day
  std::vector<GuarantorDay> guarantor_days;    // guarantor order, then day
  uint64_t observations = 0, quarantined = 0;  // over all feeds
  std::vector<std::string> skipped;  // *.geojson control maps: no tracks
};

// Start of the UTC day of t, and "YYYY-MM-DD".
TimeNs DayStart(TimeNs t);
std::string DayName(TimeNs day_start);
// Parses "YYYY-MM-DD" as the start of that UTC day.
Result<TimeNs> ParseDay(std::string_view text);

// From fixes already classified: `fixes` maps an asset key to its fixes.
// Days are [first_day, last_day] (both day starts).
DeliveredReport ComputeDelivered(
    const Commitments& c, const std::map<std::string, std::vector<Fix>>& fixes,
    TimeNs first_day, TimeNs last_day, DurationNs max_gap);

struct DeliveredOptions {
  std::optional<TimeNs> from_day, to_day;  // default: the feeds' first/last
  DurationNs max_gap = DurationNs::Minutes(10);
};

// Reads every feed (any format truce decodes; *.geojson control maps are
// skipped and listed), classifies the pledged
// assets' fixes against their pledged zones, and computes the report.
Result<DeliveredReport> MeasureDelivered(const Commitments& c,
                                         const agreement::Agreement& agreement,
                                         const std::vector<std::string>& feeds,
                                         const DeliveredOptions& options);

// The asset key of an ICAO address or an MMSI.
std::string IcaoKey(uint32_t icao24);
std::string MmsiKey(uint32_t mmsi);

}  // namespace truce::guarantees

#endif  // TRUCE_GUARANTEES_DELIVERED_H_
