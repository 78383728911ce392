// A `truce` with only the decode commands (ais, sbs, readsb, reports), so
// that observe_test can run src/cli/cmd_decode*.cc end to end (the real
// binary is src/cli/main.cc).
#include <CLI/CLI.hpp>

#include "cli/commands.h"

int main(int argc, char** argv) {
  CLI::App app{"truce decode (test harness)"};
  app.require_subcommand(1);
  int exit_code = 0;
  truce::cli::AddDecodeCommand(app, &exit_code);
  truce::cli::AddDecodeReportsCommand(app.get_subcommand("decode"), &exit_code);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : 2;
  }
  return exit_code;
}
