#include "guarantees/delivered.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <tuple>

#include "replay/feed.h"
#include "rules/zones.h"

namespace truce::guarantees {
namespace {

constexpr int64_t kDayNs = 86'400'000'000'000;
constexpr double kHourNs = 3'600'000'000'000.0;
constexpr int64_t kMaxDays = 3660;  // ten years of rows is surely a typo

bool Comparable(Unit u) {
  return u == Unit::kHoursPerDay || u == Unit::kShips || u == Unit::kAircraft;
}

std::vector<std::string> AssetsOf(const Pledge& p) {
  std::vector<std::string> out;
  for (uint32_t a : p.icao24) out.push_back(IcaoKey(a));
  for (uint32_t m : p.mmsi) out.push_back(MmsiKey(m));
  return out;
}

// Sorted, overlapping or touching intervals merged.
std::vector<Interval> Union(std::vector<Interval> v) {
  std::sort(v.begin(), v.end());
  std::vector<Interval> out;
  for (const Interval& i : v) {
    if (!out.empty() && i.first <= out.back().second) {
      out.back().second = std::max(out.back().second, i.second);
    } else {
      out.push_back(i);
    }
  }
  return out;
}

}  // namespace

std::string IcaoKey(uint32_t icao24) {
  return fmt::format("icao:{:06x}", icao24);
}
std::string MmsiKey(uint32_t mmsi) { return fmt::format("mmsi:{:09d}", mmsi); }

TimeNs DayStart(TimeNs t) {
  int64_t ns = t.ns_since_epoch;
  int64_t q = ns / kDayNs;
  if (ns % kDayNs < 0) --q;  // floor, also before 1970
  return TimeNs{q * kDayNs};
}

std::string DayName(TimeNs day_start) {
  return FormatRfc3339(day_start).substr(0, 10);
}

Result<TimeNs> ParseDay(std::string_view text) {
  auto t = text.size() == 10 ? ParseRfc3339(std::string(text) + "T00:00:00Z")
                             : Result<TimeNs>(std::unexpected(Error{}));
  if (!t) {
    return Fail(ErrorCode::kInvalidInput,
                fmt::format("'{}' is not a day", text),
                "write a UTC day as YYYY-MM-DD, e.g. 2025-06-02");
  }
  return *t;
}

std::vector<Interval> InsideIntervals(std::vector<Fix> fixes,
                                      DurationNs max_gap) {
  // Ties outside first: two fixes at one time that disagree count nothing
  // between them, whatever order the feeds gave them in.
  std::sort(fixes.begin(), fixes.end(), [](const Fix& a, const Fix& b) {
    return std::tie(a.time, a.inside) < std::tie(b.time, b.inside);
  });
  std::vector<Interval> out;
  for (size_t i = 0; i + 1 < fixes.size(); ++i) {
    const Fix& a = fixes[i];
    const Fix& b = fixes[i + 1];
    if (!a.inside || !b.inside || b.time - a.time > max_gap || b.time == a.time)
      continue;
    if (!out.empty() && out.back().second == a.time) {
      out.back().second = b.time;
    } else {
      out.emplace_back(a.time, b.time);
    }
  }
  return out;
}

double HoursWithin(const std::vector<Interval>& intervals, TimeNs from,
                   TimeNs until) {
  int64_t ns = 0;
  for (const auto& [a, b] : intervals) {
    TimeNs lo = std::max(a, from), hi = std::min(b, until);
    if (lo < hi) ns += (hi - lo).ns;
  }
  return static_cast<double>(ns) / kHourNs;
}

DeliveredReport ComputeDelivered(
    const Commitments& c, const std::map<std::string, std::vector<Fix>>& fixes,
    TimeNs first_day, TimeNs last_day, DurationNs max_gap) {
  DeliveredReport r;
  r.max_gap = max_gap;
  std::vector<TimeNs> days;
  for (TimeNs d = first_day; d <= last_day; d = d + DurationNs{kDayNs}) {
    days.push_back(d);
    r.days.push_back(DayName(d));
  }
  // guarantor -> per day [pledged, delivered]
  std::map<std::string, std::vector<std::pair<double, double>>> by_g;
  for (const Pledge& p : c.pledges) {
    std::vector<std::string> assets = AssetsOf(p);
    if (assets.empty()) continue;
    std::vector<std::vector<Interval>> inside;
    for (const std::string& a : assets) {
      auto it = fixes.find(a);
      std::vector<Fix> f = it == fixes.end() ? std::vector<Fix>{} : it->second;
      AssetSummary s{a, p.id, p.guarantor, f.size(), 0};
      for (const Fix& x : f) s.fixes_inside += x.inside ? 1 : 0;
      r.assets.push_back(std::move(s));
      inside.push_back(InsideIntervals(std::move(f), max_gap));
    }
    std::vector<Interval> all;
    for (const auto& v : inside) all.insert(all.end(), v.begin(), v.end());
    const std::vector<Interval> any = Union(std::move(all));
    auto& g = by_g[p.guarantor];
    g.resize(days.size());
    for (size_t k = 0; k < assets.size(); ++k) {
      for (TimeNs d : days) {
        TimeNs lo = std::max(d, p.period.from);
        TimeNs hi = std::min(d + DurationNs{kDayNs}, p.period.until);
        double h = lo < hi ? HoursWithin(inside[k], lo, hi) : 0;
        r.asset_days.push_back({assets[k], p.id, p.guarantor, DayName(d), h});
      }
    }
    for (size_t i = 0; i < days.size(); ++i) {
      TimeNs d = days[i];
      TimeNs lo = std::max(d, p.period.from);
      TimeNs hi = std::min(d + DurationNs{kDayNs}, p.period.until);
      const double f = lo < hi ? static_cast<double>((hi - lo).ns) / kDayNs : 0;
      PledgeDay pd{p.id, p.guarantor, DayName(d), std::nullopt, 0};
      if (p.unit == Unit::kHoursPerDay) {
        pd.pledged_hours = p.amount * f;
        pd.delivered_hours = lo < hi ? HoursWithin(any, lo, hi) : 0;
      } else {
        for (const auto& v : inside) {
          pd.delivered_hours += lo < hi ? HoursWithin(v, lo, hi) : 0;
        }
        if (Comparable(p.unit)) pd.pledged_hours = p.amount * 24 * f;
      }
      if (pd.pledged_hours) {
        g[i].first += *pd.pledged_hours;
        g[i].second += pd.delivered_hours;
      }
      r.pledge_days.push_back(std::move(pd));
    }
  }
  for (const Guarantor& gr : c.guarantors) {
    auto it = by_g.find(gr.id);
    if (it == by_g.end()) continue;
    for (size_t i = 0; i < days.size(); ++i) {
      r.guarantor_days.push_back(
          {gr.id, r.days[i], it->second[i].first, it->second[i].second});
    }
  }
  return r;
}

Result<DeliveredReport> MeasureDelivered(const Commitments& c,
                                         const agreement::Agreement& agreement,
                                         const std::vector<std::string>& feeds,
                                         const DeliveredOptions& options) {
  if (options.max_gap.ns <= 0) {
    return Fail(ErrorCode::kInvalidInput, "--max-gap must be positive",
                "write a duration such as 10m");
  }
  rules::CompiledZones zones(agreement);
  // asset key -> zone index of its pledge
  std::map<std::string, int> zone_of;
  for (const Pledge& p : c.pledges) {
    std::vector<std::string> assets = AssetsOf(p);
    if (assets.empty()) continue;
    int z = zones.ZoneIndex(p.zone);
    if (z < 0) {
      return Fail(ErrorCode::kInvalidInput,
                  fmt::format("pledge '{}' names zone '{}', which the "
                              "agreement {} does not have",
                              p.id, p.zone, agreement.path),
                  "check the commitments against this agreement", p.where);
    }
    for (const auto& a : assets) zone_of[a] = z;
  }
  std::map<std::string, std::vector<Fix>> fixes;
  uint64_t observations = 0, quarantined = 0;
  std::vector<std::string> skipped;
  std::optional<TimeNs> first, last;
  for (const std::string& path : feeds) {
    // Control maps (GeoJSON) hold no tracks; `truce replay` takes them in
    // the same --feeds list, so the same list must work here.
    if (std::filesystem::path(path).extension() == ".geojson") {
      skipped.push_back(path);
      continue;
    }
    auto feed = replay::Feed::Open(path, replay::FeedFormat::kAuto,
                                   DurationNs::Minutes(5));
    if (!feed) return std::unexpected(feed.error());
    while (auto o = (*feed)->Next()) {
      if (o->time_ns == std::numeric_limits<int64_t>::min()) continue;
      ++observations;
      TimeNs t{o->time_ns};
      if (!first || t < *first) first = t;
      if (!last || t > *last) last = t;
      if (!o->has_position) continue;
      std::string key;
      if (o->scheme == observe::SubjectScheme::kIcaoAddress) {
        key = IcaoKey(static_cast<uint32_t>(o->subject_id));
      } else if (o->scheme == observe::SubjectScheme::kMmsi) {
        key = MmsiKey(static_cast<uint32_t>(o->subject_id));
      } else {
        continue;
      }
      auto z = zone_of.find(key);
      if (z == zone_of.end()) continue;
      fixes[key].push_back(
          {t, zones.Contains(z->second, o->position, o->altitude_m)});
    }
    quarantined += (*feed)->stats().quarantined;
  }
  TimeNs from_day, to_day;
  if (options.from_day) {
    from_day = *options.from_day;
  } else if (first) {
    from_day = DayStart(*first);
  } else {
    return Fail(ErrorCode::kInvalidInput,
                "the feeds hold no observation with a time, so there are no "
                "days to report",
                "give --from DAY and --to DAY, or feeds with observations");
  }
  if (options.to_day) {
    to_day = *options.to_day;
  } else if (last) {
    to_day = DayStart(*last);
  } else {
    to_day = from_day;
  }
  if (to_day < from_day) {
    return Fail(ErrorCode::kInvalidInput,
                fmt::format("--to {} is before --from {}", DayName(to_day),
                            DayName(from_day)),
                "swap the days");
  }
  if ((to_day - from_day).ns / kDayNs >= kMaxDays) {
    return Fail(ErrorCode::kInvalidInput,
                fmt::format("{} to {} is more than {} days", DayName(from_day),
                            DayName(to_day), kMaxDays),
                "narrow --from and --to");
  }
  DeliveredReport r =
      ComputeDelivered(c, fixes, from_day, to_day, options.max_gap);
  r.observations = observations;
  r.quarantined = quarantined;
  r.skipped = std::move(skipped);
  return r;
}

}  // namespace truce::guarantees
