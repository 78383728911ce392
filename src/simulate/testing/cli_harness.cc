// A `truce` with only simulate, replay and score, so that the commands are
// built and run end to end before (and independently of) their wiring into
// src/cli's binary.
#include <CLI/CLI.hpp>

#include "cli/commands.h"

namespace truce::cli {
void AddSimulateCommand(CLI::App& root, int* exit_code);
void AddScoreCommand(CLI::App& root, int* exit_code);
}  // namespace truce::cli

int main(int argc, char** argv) {
  CLI::App app{"truce simulate/replay/score harness"};
  app.require_subcommand(1);
  int exit_code = 0;
  truce::cli::AddSimulateCommand(app, &exit_code);
  truce::cli::AddReplayCommand(app, &exit_code);
  truce::cli::AddScoreCommand(app, &exit_code);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? 0 : 2;
  }
  return exit_code;
}
