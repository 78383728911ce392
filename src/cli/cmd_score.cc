// truce score TRUTH INCIDENTS [--min X] [--tolerance DURATION]: precision
// and recall of a run's incidents against a simulation's truth, per rule
// kind and overall (docs/formats/simulation.md). Exit 6 (verification
// failed) if the overall precision or recall is below --min.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include "base/time.h"
#include "cli/commands.h"
#include "simulate/score.h"
#include "simulate/truth.h"

namespace truce::cli {
namespace {

struct ScoreArgs {
  std::string truth, incidents;
  double min = 0;
  std::string tolerance = "5m";
  bool verbose = false;
};

Result<std::string> ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return Fail(ErrorCode::kNotFound, fmt::format("cannot open {}", path));
  }
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string Ratio(int num, int den) {
  return den == 0 ? "-" : fmt::format("{:.3f}", double(num) / den);
}

int RunScore(const ScoreArgs& args) {
  auto tolerance = ParseDuration(args.tolerance);
  if (!tolerance) {
    fmt::print(stderr, "error: --tolerance: {}\n",
               tolerance.error().ToString());
    return 2;
  }
  auto truth_text = ReadAll(args.truth);
  auto incident_text = ReadAll(args.incidents);
  for (const auto* r : {&truth_text, &incident_text}) {
    if (!*r) {
      fmt::print(stderr, "error: {}\n", r->error().ToString());
      return ExitCodeFor(r->error().code);
    }
  }
  auto truth = simulate::ParseTruth(*truth_text, args.truth);
  if (!truth) {
    fmt::print(stderr, "error: {}\n", truth.error().ToString());
    return ExitCodeFor(truth.error().code);
  }
  auto incidents = simulate::ParseIncidents(*incident_text, args.incidents);
  if (!incidents) {
    fmt::print(stderr, "error: {}\n", incidents.error().ToString());
    return ExitCodeFor(incidents.error().code);
  }
  auto r = simulate::Score(*truth, *incidents, *tolerance);
  fmt::print("{:<12} {:>6} {:>6} {:>9} {:>7} {:>9} {:>7}\n", "kind", "truth",
             "found", "incidents", "matched", "precision", "recall");
  auto row = [](const std::string& name, const simulate::Tally& t) {
    fmt::print("{:<12} {:>6} {:>6} {:>9} {:>7} {:>9} {:>7}\n", name, t.truths,
               t.found, t.incidents, t.matched, Ratio(t.matched, t.incidents),
               Ratio(t.found, t.truths));
  };
  for (const auto& [kind, t] : r.by_kind) row(kind, t);
  row("overall", r.overall);
  if (args.verbose) {
    for (const auto* t : r.missed) {
      fmt::print("missed:     {}\n", simulate::ToJsonLine(*t));
    }
    for (const auto* in : r.unexpected) {
      fmt::print("unexpected: {} ({} .. {})\n", in->id,
                 FormatRfc3339(in->first), FormatRfc3339(in->last));
    }
  }
  double p = r.overall.Precision(), rc = r.overall.Recall();
  if (p < args.min || rc < args.min) {
    fmt::print(stderr,
               "score below --min {}: precision {:.3f}, recall {:.3f}\n",
               args.min, p, rc);
    return ExitCodeFor(ErrorCode::kVerification);
  }
  return 0;
}

}  // namespace

void AddScoreCommand(CLI::App& root, int* exit_code) {
  auto args = std::make_shared<ScoreArgs>();
  auto* cmd = root.add_subcommand(
      "score",
      "Precision and recall of incidents against a simulation's truth, per "
      "rule kind and overall (docs/formats/simulation.md); exit 6 below --min");
  cmd->add_option("truth", args->truth, "truth.ndjson from truce simulate")
      ->required();
  cmd->add_option(
         "incidents", args->incidents,
         "incidents.ndjson (every revision; the last of each id counts)")
      ->required();
  cmd->add_option("--min", args->min,
                  "Exit 6 if overall precision or recall is below this")
      ->check(CLI::Range(0.0, 1.0));
  cmd->add_option("--tolerance", args->tolerance,
                  "Time ranges overlap if they do once widened by this")
      ->capture_default_str();
  cmd->add_flag("--verbose,-v", args->verbose,
                "List missed violations and unexpected incidents");
  cmd->callback([args, exit_code] { *exit_code = RunScore(*args); });
}

}  // namespace truce::cli
