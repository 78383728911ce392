// The subcommands of the `truce` command line, one translation unit each.
//
// Each Add*Command registers a subcommand on the root app; when the
// subcommand runs it stores its process exit code in *exit_code. Exit codes
// are documented in the README and in `truce --help` (base/error.h:
// ExitCodeFor).
#ifndef TRUCE_CLI_COMMANDS_H_
#define TRUCE_CLI_COMMANDS_H_

namespace CLI {
class App;
}

namespace truce::cli {

void AddCheckCommand(CLI::App& root, int* exit_code);   // cmd_check.cc
void AddDecodeCommand(CLI::App& root, int* exit_code);  // cmd_decode.cc
void AddDecodeReportsCommand(CLI::App* decode, int* exit_code);  // cmd_decode_reports.cc
void AddLogCommands(CLI::App& root, int* exit_code);    // cmd_log.cc (log, witness)
void AddTerritoryCommands(CLI::App& root, int* exit_code);  // cmd_territory.cc
void AddReplayCommand(CLI::App& root, int* exit_code);  // cmd_replay.cc
void AddSimulateCommand(CLI::App& root, int* exit_code);  // cmd_simulate.cc
void AddScoreCommand(CLI::App& root, int* exit_code);     // cmd_score.cc
void AddDemoCommand(CLI::App& root, int* exit_code);      // cmd_demo.cc
void AddAlertsCommands(CLI::App& root, int* exit_code);   // cmd_alerts.cc
void AddGuaranteesCommands(CLI::App& root, int* exit_code);  // cmd_guarantees.cc
void AddServeCommand(CLI::App& root, int* exit_code);       // cmd_serve.cc
void AddTokenCommands(CLI::App& root, int* exit_code);      // cmd_token.cc

}  // namespace truce::cli

#endif  // TRUCE_CLI_COMMANDS_H_
