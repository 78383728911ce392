// truce: the command line. Each subcommand lives in its own cmd_*.cc.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "cli/commands.h"

namespace {

constexpr const char* kExitCodes = R"(Exit codes:
  0   success; for check: the agreement is valid (warnings may be printed)
  1   invalid input: the agreement, a feed or a file has errors (all listed)
  2   usage: unknown command or option
  3   not found: a file, entry or id does not exist
  4   I/O: the operating system refused a read or write
  5   corrupt: stored data fails its integrity checks
  6   verification failed: a proof, signature or consistency check, or a
      score below --min (truce score) or below 1 (truce demo)
  7   unavailable: a server or peer could not be reached
  70  internal error in truce: please report it)";

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{
      "truce verifies that a ceasefire or peace agreement is kept: it reads the "
      "agreement as a file, watches tracks, reports and control maps, and "
      "records every violation in a log any party can verify."};
  app.footer(kExitCodes);
  app.require_subcommand(1);
  app.set_version_flag("--version", "truce 0.1.0");
  int exit_code = 0;
  truce::cli::AddCheckCommand(app, &exit_code);
  truce::cli::AddDecodeCommand(app, &exit_code);
  truce::cli::AddDecodeReportsCommand(app.get_subcommand("decode"), &exit_code);
  truce::cli::AddDemoCommand(app, &exit_code);
  truce::cli::AddSimulateCommand(app, &exit_code);
  truce::cli::AddReplayCommand(app, &exit_code);
  truce::cli::AddScoreCommand(app, &exit_code);
  truce::cli::AddTerritoryCommands(app, &exit_code);
  truce::cli::AddLogCommands(app, &exit_code);
  truce::cli::AddAlertsCommands(app, &exit_code);
  truce::cli::AddGuaranteesCommands(app, &exit_code);
  truce::cli::AddServeCommand(app, &exit_code);
  truce::cli::AddTokenCommands(app, &exit_code);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? 0 : 2;
  }
  return exit_code;
}
