// truce simulate AGREEMENT --out DIR [--seed N --hours H --vessels N
//   --aircraft N --reports N --noise LEVEL]: writes a seeded world's feeds to
// DIR/feeds/ and the violations it planted to DIR/truth.ndjson
// (docs/formats/simulation.md).
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <map>
#include <memory>
#include <string>

#include "agreement/loader.h"
#include "cli/commands.h"
#include "simulate/simulate.h"

namespace truce::cli {
namespace {

struct SimulateArgs {
  std::string agreement;
  std::string out;
  simulate::Options options;
};

int RunSimulate(const SimulateArgs& args) {
  auto loaded = agreement::LoadAgreement(args.agreement);
  if (!loaded) {
    for (const Error& e : loaded.error()) {
      fmt::print(stderr, "error: {}\n", e.ToString());
    }
    return ExitCodeFor(ErrorCode::kInvalidInput);
  }
  auto sim = simulate::Simulate(*loaded, args.options);
  if (!sim) {
    fmt::print(stderr, "error: {}\n", sim.error().ToString());
    return ExitCodeFor(sim.error().code);
  }
  if (auto w = simulate::WriteSimulation(*sim, args.out); !w) {
    fmt::print(stderr, "error: {}\n", w.error().ToString());
    return ExitCodeFor(w.error().code);
  }
  std::map<std::string, int> planted;
  for (const auto& t : sim->truth) ++planted[t.kind];
  size_t bytes = 0;
  for (const auto& [name, b] : sim->feeds) bytes += b.size();
  fmt::print("simulated {} to {} (seed {})\n", FormatRfc3339(sim->start),
             FormatRfc3339(sim->end), args.options.seed);
  fmt::print("feeds:  {}/feeds/ ({} files, {} bytes)\n", args.out,
             sim->feeds.size(), bytes);
  fmt::print("truth:  {}/truth.ndjson ({} violations planted)\n", args.out,
             sim->truth.size());
  for (const auto& [kind, n] : planted) fmt::print("  {:<12} {:>4}\n", kind, n);
  return 0;
}

}  // namespace

void AddSimulateCommand(CLI::App& root, int* exit_code) {
  auto args = std::make_shared<SimulateArgs>();
  auto* cmd = root.add_subcommand(
      "simulate",
      "Simulate a seeded world for an agreement: feeds in the real formats "
      "(NMEA AIS, SBS-1, readsb aircraft.json, report CSV) and truth.ndjson, "
      "the violations planted (docs/formats/simulation.md)");
  cmd->add_option("agreement", args->agreement, "Agreement file (YAML)")
      ->required()
      ->check(CLI::ExistingFile);
  cmd->add_option("--out", args->out, "Output directory (feeds/, truth.ndjson)")
      ->required();
  cmd->add_option("--seed", args->options.seed, "Random seed")
      ->capture_default_str();
  cmd->add_option("--hours", args->options.hours, "Simulated hours")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  cmd->add_option("--vessels", args->options.vessels,
                  "Merchant ships on the corridor")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--aircraft", args->options.aircraft, "Airliners")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--reports", args->options.reports,
                  "Lawful field reports (beside the violations)")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--noise", args->options.noise,
                  "Scale of receiver drops, second witnesses, repeats and "
                  "GNSS jitter (1: realistic)")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  cmd->callback([args, exit_code] { *exit_code = RunSimulate(*args); });
}

}  // namespace truce::cli
