// truce replay AGREEMENT --feeds FILE... --out DIR: every rule of the
// agreement over recorded feeds; incidents, a summary and the quarantine.
#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <unistd.h>

#include "agreement/loader.h"
#include "cli/commands.h"
#include "replay/replay.h"

namespace truce::cli {
namespace {

struct ReplayArgs {
  std::string agreement;
  std::vector<std::string> feeds;
  std::string format = "auto";
  std::string out;
  std::string window = "5m";
  int threads = 1;
  std::string control_mapping;
  std::string report_mapping;
  std::string log;
  std::string key;
};

void PrintTable(const std::string& title,
                const std::map<std::string, uint64_t>& counts) {
  fmt::print("  {}\n", title);
  for (const auto& [k, n] : counts) fmt::print("    {:<28} {:>8}\n", k, n);
}

int RunReplay(const ReplayArgs& args) {
  auto agreement = agreement::LoadAgreement(args.agreement);
  if (!agreement) {
    for (const auto& e : agreement.error()) {
      fmt::print(stderr, "{}: error: {}\n", e.where.ToString(),
                 e.message + (e.hint.empty() ? "" : "; " + e.hint));
    }
    fmt::print(stderr, "the agreement is not valid: run `truce check {}`\n",
               args.agreement);
    return ExitCodeFor(agreement.error().front().code);
  }
  auto format = replay::ParseFeedFormat(args.format);
  if (!format) {
    fmt::print(stderr,
               "error: unknown feed format '{}'; use auto, ais, sbs, readsb, "
               "reports or control-map\n",
               args.format);
    return 2;
  }
  auto window = ParseDuration(args.window);
  if (!window) {
    fmt::print(stderr, "error: --reorder-window: {}; {}\n",
               window.error().message, window.error().hint);
    return 2;
  }
  std::vector<replay::FeedSpec> feeds;
  for (const auto& f : args.feeds) feeds.push_back({f, *format});
  replay::ReplayOptions options;
  options.out_dir = args.out;
  options.reorder_window = *window;
  options.threads = args.threads;
  options.control_mapping = args.control_mapping;
  options.report_mapping = args.report_mapping;
  if (args.log.empty() != args.key.empty()) {
    fmt::print(stderr,
               "error: --log and --key go together: the log folder and the "
               "signer key (from `truce log keygen`) that signs its "
               "checkpoint\n");
    return 2;
  }
  options.log_dir = args.log;
  options.log_key = args.key;
  if (isatty(STDERR_FILENO)) {
    options.progress = [](uint64_t n) {
      fmt::print(stderr, "\r{} observations", n);
    };
  }
  auto report = replay::Replay(*agreement, feeds, options);
  if (options.progress) fmt::print(stderr, "\r");
  if (!report) {
    fmt::print(stderr, "error: {}\n", report.error().ToString());
    return ExitCodeFor(report.error().code);
  }
  fmt::print("{} incidents ({} revisions) from {} observations; {} duplicates, "
             "{} fixes heard twice; {} records quarantined\n",
             report->incidents, report->revisions, report->engine.observations,
             report->engine.duplicates, report->engine.merged_fixes,
             report->quarantined);
  if (report->control_maps > 0) {
    fmt::print("{} control maps compared with the baseline\n",
               report->control_maps);
  }
  if (!args.log.empty()) {
    fmt::print("appended {} entries to the evidence log {} (entries {}..{}); "
               "signed checkpoint:\n{}",
               report->log_entries, args.log, report->log_first,
               report->log_first + report->log_entries - 1,
               report->checkpoint);
  }
  PrintTable("by rule", report->by_rule);
  PrintTable("by party", report->by_party);
  PrintTable("by confidence", report->by_confidence);
  for (const auto& n : report->notes) fmt::print("note: {}\n", n);
  fmt::print("outputs in {}/: incidents.ndjson, incidents.geojson, "
             "summary.json, quarantine.ndjson\n",
             args.out);
  return 0;
}

}  // namespace

void AddReplayCommand(CLI::App& root, int* exit_code) {
  auto args = std::make_shared<ReplayArgs>();
  auto* cmd = root.add_subcommand(
      "replay",
      "Evaluate every rule of an agreement over recorded feeds (AIS NMEA, "
      "SBS-1, aircraft.json, field report CSV, control maps; any mix, any "
      "order) and write "
      "incidents.ndjson, incidents.geojson, summary.json and "
      "quarantine.ndjson to --out. Same inputs, byte-identical outputs.");
  cmd->add_option("agreement", args->agreement, "The agreement YAML file")
      ->required();
  cmd->add_option("--feeds", args->feeds, "Feed files")->required();
  cmd->add_option("--format", args->format,
                  "Feed format: auto (detect per file), ais, sbs, readsb, "
                  "reports, control-map");
  cmd->add_option("--threads", args->threads,
                  "Decode feeds and read control maps on this many threads; "
                  "the outputs are the same for any number")
      ->check(CLI::Range(1, 256));
  cmd->add_option("--log", args->log,
                  "Append the run to this evidence log folder (created if "
                  "missing): a batch record per feed file, then every "
                  "incident revision; needs --key");
  cmd->add_option("--key", args->key,
                  "The log's signer key file (`truce log keygen`), which "
                  "signs the checkpoint after the run");
  cmd->add_option("--report-mapping", args->report_mapping,
                  "How report CSVs in another shape map to the report "
                  "schema (YAML, docs/formats/reports.md; e.g. "
                  "examples/reports/cir-bellingcat.yaml); default: the native "
                  "schema");
  cmd->add_option("--control-mapping", args->control_mapping,
                  "How control maps name parties (a territory mapping YAML, "
                  "docs/formats/control-map.md); default: the agreement's "
                  "baseline property and values");
  cmd->add_option("--out", args->out, "Output folder")->required();
  cmd->add_option("--reorder-window", args->window,
                  "How late an observation may arrive within a feed (e.g. "
                  "5m); later ones are quarantined");
  cmd->callback([=] { *exit_code = RunReplay(*args); });
}

}  // namespace truce::cli
