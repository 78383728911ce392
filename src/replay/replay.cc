#include "replay/replay.h"

#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <algorithm>
#include <queue>

#include "base/canonical_json.h"

namespace truce::replay {
namespace {

namespace fs = std::filesystem;
using observe::Observation;

struct Head {
  Observation o;
  size_t feed;
};
struct HeadLater {
  bool operator()(const Head& a, const Head& b) const {
    if (ObservationBefore(b.o, a.o)) return true;
    if (ObservationBefore(a.o, b.o)) return false;
    return a.feed > b.feed;  // identical observations: any fixed order
  }
};

Result<std::ofstream> Create(const fs::path& path) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) {
    return Fail(ErrorCode::kIo,
                fmt::format("cannot write '{}'", path.string()),
                "check that --out is a writable folder");
  }
  return out;
}

nlohmann::json GeoJsonFeature(const rules::Incident& i) {
  nlohmann::json f;
  f["type"] = "Feature";
  f["geometry"] = {{"type", "Point"},
                   {"coordinates",
                    {std::round(i.position.lng_deg * 1e7) / 1e7,
                     std::round(i.position.lat_deg * 1e7) / 1e7}}};
  f["properties"] = {{"id", i.id},
                     {"revision", i.revision},
                     {"status", rules::Name(i.status)},
                     {"rule", i.rule},
                     {"kind", i.kind},
                     {"clause", i.clause},
                     {"severity", i.severity},
                     {"subject", i.subject},
                     {"party", i.party},
                     {"confidence", rules::Name(i.confidence)},
                     {"first", FormatRfc3339(i.first)},
                     {"last", FormatRfc3339(i.last)},
                     {"summary", i.summary}};
  return f;
}

}  // namespace

Result<ReplayReport> Replay(const agreement::Agreement& agreement,
                            const std::vector<FeedSpec>& specs,
                            const ReplayOptions& options) {
  std::error_code ec;
  fs::create_directories(options.out_dir, ec);
  if (ec) {
    return Fail(ErrorCode::kIo,
                fmt::format("cannot create '{}': {}", options.out_dir,
                            ec.message()),
                "give --out a folder you can write");
  }
  std::vector<std::unique_ptr<Feed>> feeds;
  for (const auto& s : specs) {
    auto f = Feed::Open(s.path, s.format, options.reorder_window);
    if (!f) return std::unexpected(f.error());
    feeds.push_back(std::move(*f));
  }
  auto incidents = Create(fs::path(options.out_dir) / "incidents.ndjson");
  if (!incidents) return std::unexpected(incidents.error());
  auto quarantine = Create(fs::path(options.out_dir) / "quarantine.ndjson");
  if (!quarantine) return std::unexpected(quarantine.error());

  ReplayReport report;
  // Quarantine entries are kept per feed and written at the end, feeds in
  // path order and each in its own order, so the file does not depend on
  // the order the feeds were given in.
  std::vector<std::vector<QuarantineEntry>> held(feeds.size());
  auto drain_quarantine = [&](size_t i) {
    for (auto& q : feeds[i]->TakeQuarantine()) held[i].push_back(std::move(q));
  };

  rules::Engine engine(agreement);
  std::map<std::string, rules::Incident> latest;
  auto write_revisions = [&]() -> Result<void> {
    for (auto& r : engine.TakeRevisions()) {
      auto text = rules::ToCanonicalJson(r);
      if (!text) return std::unexpected(text.error());
      *incidents << *text << '\n';
      ++report.revisions;
      latest[r.id] = std::move(r);
    }
    return {};
  };

  std::priority_queue<Head, std::vector<Head>, HeadLater> heads;
  for (size_t i = 0; i < feeds.size(); ++i) {
    if (auto o = feeds[i]->Next()) heads.push({*o, i});
    drain_quarantine(i);
  }
  int64_t end_ns = 0;
  uint64_t processed = 0;
  while (!heads.empty()) {
    Head h = heads.top();
    heads.pop();
    engine.Process(h.o);
    end_ns = std::max(end_ns, h.o.time_ns);
    if (auto next = feeds[h.feed]->Next()) heads.push({*next, h.feed});
    drain_quarantine(h.feed);
    if (++processed % 65536 == 0) {
      if (auto w = write_revisions(); !w) return std::unexpected(w.error());
      if (options.progress) options.progress(processed);
    }
  }
  engine.Finish(TimeNs{end_ns});
  if (auto w = write_revisions(); !w) return std::unexpected(w.error());

  std::vector<size_t> order(feeds.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return feeds[a]->path() < feeds[b]->path();
  });
  for (size_t i : order) {
    for (const auto& q : held[i]) {
      nlohmann::json j = {{"source", q.source},
                          {"line", q.line},
                          {"reason", q.reason}};
      // Raw bytes that are not UTF-8 are written with U+FFFD in place of
      // each invalid byte, so the line stays valid JSON.
      j["raw"] = nlohmann::json::parse(
          nlohmann::json(q.raw).dump(-1, ' ', false,
                                     nlohmann::json::error_handler_t::replace));
      auto text = CanonicalJson(j);
      if (!text) return std::unexpected(text.error());
      *quarantine << *text << '\n';
      ++report.quarantined;
    }
  }

  nlohmann::json fc = {{"type", "FeatureCollection"},
                       {"features", nlohmann::json::array()}};
  for (const auto& [id, r] : latest) {
    fc["features"].push_back(GeoJsonFeature(r));
    ++report.by_rule[r.rule];
    ++report.by_party[r.party.empty() ? "(unattributed)" : r.party];
    ++report.by_confidence[std::string(rules::Name(r.confidence))];
  }
  report.incidents = latest.size();
  report.engine = engine.stats();
  report.notes = engine.Notes();
  for (const auto& f : feeds) {
    report.feeds.push_back({f->path(), f->format(), f->stats()});
  }
  auto geojson = Create(fs::path(options.out_dir) / "incidents.geojson");
  if (!geojson) return std::unexpected(geojson.error());
  *geojson << fc.dump(1) << '\n';

  nlohmann::json summary;
  summary["agreement"] = agreement.path;
  summary["incidents"] = report.incidents;
  summary["revisions"] = report.revisions;
  summary["by_rule"] = report.by_rule;
  summary["by_party"] = report.by_party;
  summary["by_confidence"] = report.by_confidence;
  summary["observations"] = report.engine.observations;
  summary["duplicates"] = report.engine.duplicates;
  summary["merged_fixes"] = report.engine.merged_fixes;
  summary["quarantined"] = report.quarantined;
  summary["notes"] = report.notes;
  summary["feeds"] = nlohmann::json::array();
  for (const auto& f : report.feeds) {
    summary["feeds"].push_back({{"path", f.path},
                                {"format", Name(f.format)},
                                {"lines", f.stats.lines},
                                {"observations", f.stats.observations},
                                {"quarantined", f.stats.quarantined},
                                {"late", f.stats.late},
                                {"quarantined_by_reason",
                                 f.stats.quarantined_by_reason}});
  }
  auto summary_file = Create(fs::path(options.out_dir) / "summary.json");
  if (!summary_file) return std::unexpected(summary_file.error());
  *summary_file << summary.dump(2) << '\n';
  if (!*incidents || !*quarantine || !*geojson || !*summary_file) {
    return Fail(ErrorCode::kIo, "writing the replay's outputs failed",
                "check free space in --out");
  }
  return report;
}

}  // namespace truce::replay
