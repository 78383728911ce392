// truce demo: the README's main job. Simulates a day on the bundled example
// agreement, replays the simulated feeds through every rule, scores the
// incidents against the violations the simulation planted, and says where
// the outputs are.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "agreement/loader.h"
#include "cli/commands.h"
#include "replay/replay.h"
#include "simulate/score.h"
#include "simulate/simulate.h"
#include "simulate/truth.h"

namespace truce::cli {
namespace {

namespace fs = std::filesystem;

struct DemoArgs {
  std::string agreement = "examples/ceasefire-2025/agreement.yaml";
  std::string out = "build/demo";
  uint64_t seed = 7;
  double hours = 24;
};

int Fail(const Error& e) {
  fmt::print(stderr, "error: {}\n", e.ToString());
  return ExitCodeFor(e.code);
}

int RunDemo(const DemoArgs& args) {
  auto started = std::chrono::steady_clock::now();
  auto agreement = agreement::LoadAgreement(args.agreement);
  if (!agreement) return Fail(agreement.error().front());
  fmt::print("1. agreement  {} ({} rules)\n", agreement->title,
             agreement->rules.size());

  simulate::Options sim_options;
  sim_options.seed = args.seed;
  sim_options.hours = args.hours;
  auto sim = simulate::Simulate(*agreement, sim_options);
  if (!sim) return Fail(sim.error());
  fs::path sim_dir = fs::path(args.out) / "sim";
  if (auto w = simulate::WriteSimulation(*sim, sim_dir); !w) {
    return Fail(w.error());
  }
  fmt::print("2. simulate   {} h from {}, seed {}: {} feeds, {} planted "
             "violations -> {}\n",
             args.hours, FormatRfc3339(sim->start), args.seed,
             sim->feeds.size(), sim->truth.size(), sim_dir.string());

  std::vector<replay::FeedSpec> feeds;
  for (const auto& [name, bytes] : sim->feeds) {
    feeds.push_back({(sim_dir / "feeds" / name).string()});
  }
  replay::ReplayOptions options;
  options.out_dir = (fs::path(args.out) / "run").string();
  auto report = replay::Replay(*agreement, feeds, options);
  if (!report) return Fail(report.error());
  fmt::print("3. replay     {} observations -> {} incidents ({} revisions), "
             "{} quarantined -> {}\n",
             report->engine.observations, report->incidents,
             report->revisions, report->quarantined, options.out_dir);
  for (const auto& [rule, n] : report->by_rule) {
    fmt::print("               {:<24} {:>5}\n", rule, n);
  }

  std::ifstream in(fs::path(options.out_dir) / "incidents.ndjson");
  std::stringstream text;
  text << in.rdbuf();
  auto incidents = simulate::ParseIncidents(text.str(), "incidents.ndjson");
  if (!incidents) return Fail(incidents.error());
  auto score = simulate::Score(sim->truth, *incidents);
  fmt::print("4. score      precision {:.3f}, recall {:.3f} against the "
             "planted violations\n",
             score.overall.Precision(), score.overall.Recall());
  double seconds = std::chrono::duration<double>(
                       std::chrono::steady_clock::now() - started)
                       .count();
  fmt::print("\ndone in {:.1f} s. Look at {}/incidents.ndjson (every revision, "
             "canonical JSON), incidents.geojson, summary.json and "
             "quarantine.ndjson; `truce score {}/truth.ndjson "
             "{}/incidents.ndjson -v` lists any miss.\n",
             seconds, options.out_dir, sim_dir.string(), options.out_dir);
  return score.overall.Precision() == 1.0 && score.overall.Recall() == 1.0
             ? 0
             : ExitCodeFor(ErrorCode::kVerification);
}

}  // namespace

void AddDemoCommand(CLI::App& root, int* exit_code) {
  auto args = std::make_shared<DemoArgs>();
  auto* cmd = root.add_subcommand(
      "demo",
      "Simulate a day on the bundled example agreement, replay it through "
      "every rule, score the incidents against the planted violations, and "
      "print where the outputs are. Exits 6 if precision or recall is below "
      "1.");
  cmd->add_option("--agreement", args->agreement, "The agreement")
      ->capture_default_str();
  cmd->add_option("--out", args->out, "Output folder")->capture_default_str();
  cmd->add_option("--seed", args->seed, "Simulation seed")
      ->capture_default_str();
  cmd->add_option("--hours", args->hours, "Simulated hours")
      ->capture_default_str();
  cmd->callback([=] { *exit_code = RunDemo(*args); });
}

}  // namespace truce::cli
