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
               "error: unknown feed format '{}'; use auto, ais, sbs, readsb "
               "or reports\n",
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
      "SBS-1, aircraft.json, field report CSV; any mix, any order) and write "
      "incidents.ndjson, incidents.geojson, summary.json and "
      "quarantine.ndjson to --out. Same inputs, byte-identical outputs.");
  cmd->add_option("agreement", args->agreement, "The agreement YAML file")
      ->required();
  cmd->add_option("--feeds", args->feeds, "Feed files")->required();
  cmd->add_option("--format", args->format,
                  "Feed format: auto (detect per file), ais, sbs, readsb, "
                  "reports");
  cmd->add_option("--out", args->out, "Output folder")->required();
  cmd->add_option("--reorder-window", args->window,
                  "How late an observation may arrive within a feed (e.g. "
                  "5m); later ones are quarantined");
  cmd->callback([=] { *exit_code = RunReplay(*args); });
}

}  // namespace truce::cli
