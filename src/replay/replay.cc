#include "replay/replay.h"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>
#include <queue>
#include <thread>

#include "base/canonical_json.h"
#include "ledger/evidence_log.h"
#include "ledger/hash.h"
#include "replay/prefetch.h"
#include "replay/territory_watch.h"

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
    return Fail(ErrorCode::kIo, fmt::format("cannot write '{}'", path.string()),
                "check that --out is a writable folder");
  }
  return out;
}

nlohmann::json GeoJsonFeature(const rules::Incident& i) {
  nlohmann::json f;
  f["type"] = "Feature";
  f["geometry"] =
      i.area ? rules::PolygonGeoJson(*i.area)
             : nlohmann::json{{"type", "Point"},
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

// Reads every control map (in parallel on `threads`), in time order.
Result<std::vector<ControlSnapshot>> LoadSnapshots(
    const std::vector<std::string>& paths, const territory::Mapping& mapping,
    const TerritoryBaseline& baseline, int threads) {
  std::vector<std::optional<Result<ControlSnapshot>>> loaded(paths.size());
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t i; (i = next++) < paths.size();) {
      loaded[i] = LoadSnapshot(paths[i], mapping, baseline);
    }
  };
  std::vector<std::thread> pool;
  for (int t = 1; t < std::min<int>(threads, paths.size()); ++t) {
    pool.emplace_back(work);
  }
  work();
  for (auto& t : pool) t.join();
  std::vector<ControlSnapshot> out;
  for (auto& r : loaded) {
    if (!*r) return std::unexpected(r->error());
    out.push_back(std::move(**r));
  }
  std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    return a.time < b.time || (a.time == b.time && a.path < b.path);
  });
  return out;
}

// The territory watch of a run, or nullptr when there is nothing to watch.
Result<std::unique_ptr<TerritoryWatch>> MakeWatch(
    const agreement::Agreement& agreement,
    const std::vector<std::string>& map_paths, const ReplayOptions& options,
    std::vector<ControlSnapshot>* snapshots, std::vector<std::string>* notes) {
  bool has_rule = std::any_of(
      agreement.rules.begin(), agreement.rules.end(),
      [](const auto& r) { return r.kind == agreement::RuleKind::kTerritory; });
  if (!has_rule) {
    if (!map_paths.empty()) {
      notes->push_back(fmt::format(
          "{} control map(s) given, but the agreement has no territory rule; "
          "they were not used",
          map_paths.size()));
    }
    return nullptr;
  }
  if (map_paths.empty()) {
    notes->push_back(
        "the agreement has a territory rule, but no control map was given: "
        "add the maps to --feeds to compare them with the baseline");
    return nullptr;
  }
  auto baseline = LoadBaseline(agreement);
  if (!baseline) return std::unexpected(baseline.error());
  territory::Mapping mapping = baseline->mapping;
  if (!options.control_mapping.empty()) {
    auto m = territory::LoadMapping(options.control_mapping);
    if (!m) return std::unexpected(m.error());
    mapping = std::move(*m);
  }
  auto loaded = LoadSnapshots(map_paths, mapping, *baseline, options.threads);
  if (!loaded) return std::unexpected(loaded.error());
  *snapshots = std::move(*loaded);
  return std::make_unique<TerritoryWatch>(
      agreement, *baseline,
      mapping.source.empty() ? std::string("control-map") : mapping.source);
}

Result<std::string> ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), {});
  if (!in && !in.eof()) {
    return Fail(ErrorCode::kIo, fmt::format("cannot read '{}'", path));
  }
  return bytes;
}

// What the log needs of one input file.
struct Ingested {
  std::string path;
  uint64_t count = 0;
  int64_t first_ns = 0, last_ns = 0;
};

// Appends the run to the evidence log: a batch record per input file (path
// order), then the incident revisions; then signs a checkpoint.
Result<void> AppendToLog(const ReplayOptions& options,
                         std::vector<Ingested> inputs,
                         std::vector<std::string> revisions,
                         ReplayReport* report) {
  auto log = ledger::EvidenceLog::Open(options.log_dir, options.log_key);
  if (!log) return std::unexpected(log.error());
  std::sort(inputs.begin(), inputs.end(),
            [](const auto& a, const auto& b) { return a.path < b.path; });
  std::vector<std::string> leaves;
  for (const auto& in : inputs) {
    auto bytes = ReadAll(in.path);
    if (!bytes) return std::unexpected(bytes.error());
    ledger::BatchRecord b;
    b.source = fs::path(in.path).filename().string();
    b.count = in.count;
    b.first_time = TimeNs{in.first_ns};
    b.last_time = TimeNs{in.last_ns};
    b.sha256 = ledger::Sha256(*bytes);
    auto leaf = ledger::BatchRecordJson(b);
    if (!leaf) return std::unexpected(leaf.error());
    leaves.push_back(std::move(*leaf));
  }
  for (auto& r : revisions) leaves.push_back(std::move(r));
  report->log_entries = leaves.size();
  auto first = (*log)->Append(std::move(leaves));
  if (!first) return std::unexpected(first.error());
  report->log_first = *first;
  auto note = (*log)->SignCheckpoint();
  if (!note) return std::unexpected(note.error());
  report->checkpoint = std::move(*note);
  return {};
}

}  // namespace

Result<ReplayReport> Replay(const agreement::Agreement& agreement,
                            const std::vector<FeedSpec>& specs,
                            const ReplayOptions& options) {
  std::error_code ec;
  fs::create_directories(options.out_dir, ec);
  if (ec) {
    return Fail(
        ErrorCode::kIo,
        fmt::format("cannot create '{}': {}", options.out_dir, ec.message()),
        "give --out a folder you can write");
  }
  ReplayReport report;
  std::optional<observe::ReportMapping> report_mapping;
  if (!options.report_mapping.empty()) {
    auto text = ReadAll(options.report_mapping);
    if (!text) return std::unexpected(text.error());
    auto m = observe::LoadReportMapping(*text, options.report_mapping);
    if (!m) return std::unexpected(m.error());
    report_mapping = std::move(*m);
  }
  std::vector<std::unique_ptr<Feed>> feeds;
  std::vector<std::string> map_paths;
  for (const auto& s : specs) {
    FeedFormat format = s.format;
    if (format == FeedFormat::kAuto) {
      auto detected = DetectFeedFormat(s.path);
      if (!detected) return std::unexpected(detected.error());
      format = *detected;
    }
    if (format == FeedFormat::kControlMap) {
      map_paths.push_back(s.path);
      continue;
    }
    auto f = Feed::Open(s.path, format, options.reorder_window,
                        report_mapping ? &*report_mapping : nullptr);
    if (!f) return std::unexpected(f.error());
    feeds.push_back(std::move(*f));
  }
  std::vector<ControlSnapshot> snapshots;
  auto watch =
      MakeWatch(agreement, map_paths, options, &snapshots, &report.notes);
  if (!watch) return std::unexpected(watch.error());
  report.control_maps = snapshots.size();

  auto incidents = Create(fs::path(options.out_dir) / "incidents.ndjson");
  if (!incidents) return std::unexpected(incidents.error());
  auto quarantine = Create(fs::path(options.out_dir) / "quarantine.ndjson");
  if (!quarantine) return std::unexpected(quarantine.error());

  // Feeds are read ahead on workers when there are threads to spare; the
  // merge below sees the same sequences either way (prefetch.h).
  std::unique_ptr<Prefetcher> prefetch;
  if (options.threads > 1 && !feeds.empty()) {
    prefetch = std::make_unique<Prefetcher>(feeds, options.threads - 1);
  }
  auto next_of = [&](size_t i) {
    return prefetch ? prefetch->Next(i) : feeds[i]->Next();
  };
  // Quarantine entries are kept per feed and written at the end, feeds in
  // path order and each in its own order, so the file does not depend on
  // the order the feeds were given in.
  std::vector<std::vector<QuarantineEntry>> held(feeds.size());
  auto drain_quarantine = [&](size_t i) {
    auto taken =
        prefetch ? prefetch->TakeQuarantine(i) : feeds[i]->TakeQuarantine();
    for (auto& q : taken) held[i].push_back(std::move(q));
  };

  rules::Engine engine(agreement);
  std::map<std::string, rules::Incident> latest;
  const bool logging = !options.log_dir.empty();
  std::vector<std::string> revision_lines;  // for the log
  auto write = [&](std::vector<rules::Incident> revisions) -> Result<void> {
    for (auto& r : revisions) {
      auto text = rules::ToCanonicalJson(r);
      if (!text) return std::unexpected(text.error());
      *incidents << *text << '\n';
      if (logging) revision_lines.push_back(*text);
      ++report.revisions;
      latest[r.id] = std::move(r);
    }
    return {};
  };
  // Control maps take their place in time: each is judged once the merged
  // observations reach its date, after the engine's revisions so far.
  size_t next_map = 0;
  auto apply_maps = [&](std::optional<int64_t> until_ns) -> Result<void> {
    for (; next_map < snapshots.size() &&
           (!until_ns || snapshots[next_map].time.ns_since_epoch <= *until_ns);
         ++next_map) {
      if (auto w = write(engine.TakeRevisions()); !w) return w;
      (*watch)->Apply(snapshots[next_map]);
      if (auto w = write((*watch)->TakeRevisions()); !w) return w;
    }
    return {};
  };

  std::priority_queue<Head, std::vector<Head>, HeadLater> heads;
  for (size_t i = 0; i < feeds.size(); ++i) {
    if (auto o = next_of(i)) heads.push({*o, i});
    drain_quarantine(i);
  }
  int64_t end_ns = 0;
  uint64_t processed = 0;
  std::vector<Ingested> ingested(feeds.size());
  for (size_t i = 0; i < feeds.size(); ++i) ingested[i].path = feeds[i]->path();
  while (!heads.empty()) {
    Head h = heads.top();
    heads.pop();
    Ingested& in = ingested[h.feed];
    if (in.count++ == 0) in.first_ns = h.o.time_ns;
    in.last_ns = h.o.time_ns;
    if (auto m = apply_maps(h.o.time_ns); !m) return std::unexpected(m.error());
    engine.Process(h.o);
    end_ns = std::max(end_ns, h.o.time_ns);
    if (auto next = next_of(h.feed)) heads.push({*next, h.feed});
    drain_quarantine(h.feed);
    if (++processed % 65536 == 0) {
      if (auto w = write(engine.TakeRevisions()); !w) {
        return std::unexpected(w.error());
      }
      if (options.progress) options.progress(processed);
    }
  }
  prefetch.reset();  // every feed is at its end; the workers are done
  engine.Finish(TimeNs{end_ns});
  if (auto w = write(engine.TakeRevisions()); !w) {
    return std::unexpected(w.error());
  }
  if (auto m = apply_maps(std::nullopt); !m) return std::unexpected(m.error());

  std::vector<size_t> order(feeds.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return feeds[a]->path() < feeds[b]->path();
  });
  for (size_t i : order) {
    for (const auto& q : held[i]) {
      nlohmann::json j = {
          {"source", q.source}, {"line", q.line}, {"reason", q.reason}};
      // Raw bytes that are not UTF-8 are written with U+FFFD in place of
      // each invalid byte, so the line stays valid JSON.
      j["raw"] = nlohmann::json::parse(nlohmann::json(q.raw).dump(
          -1, ' ', false, nlohmann::json::error_handler_t::replace));
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
  for (auto& n : engine.Notes()) report.notes.push_back(std::move(n));
  for (size_t i : order) {  // path order: the summary is order-free too
    report.feeds.push_back(
        {feeds[i]->path(), feeds[i]->format(), feeds[i]->stats()});
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
  summary["control_maps"] = report.control_maps;
  summary["notes"] = report.notes;
  summary["feeds"] = nlohmann::json::array();
  for (const auto& f : report.feeds) {
    summary["feeds"].push_back(
        {{"path", f.path},
         {"format", Name(f.format)},
         {"lines", f.stats.lines},
         {"observations", f.stats.observations},
         {"quarantined", f.stats.quarantined},
         {"late", f.stats.late},
         {"quarantined_by_reason", f.stats.quarantined_by_reason}});
  }
  auto summary_file = Create(fs::path(options.out_dir) / "summary.json");
  if (!summary_file) return std::unexpected(summary_file.error());
  *summary_file << summary.dump(2) << '\n';
  if (!*incidents || !*quarantine || !*geojson || !*summary_file) {
    return Fail(ErrorCode::kIo, "writing the replay's outputs failed",
                "check free space in --out");
  }
  if (logging) {
    for (const auto& m : snapshots) {
      ingested.push_back(
          {m.path, 1, m.time.ns_since_epoch, m.time.ns_since_epoch});
    }
    if (auto r = AppendToLog(options, std::move(ingested),
                             std::move(revision_lines), &report);
        !r) {
      return std::unexpected(r.error());
    }
  }
  return report;
}

}  // namespace truce::replay
