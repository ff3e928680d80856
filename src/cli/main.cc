// The `sanad` command: parses arguments and calls into the libraries.
#include <sys/stat.h>

#include <cstdio>
#include <exception>

#include "cli/commands.h"

int main(int argc, char** argv) {
  // Whatever sanad writes (databases, exports, reports, key files) is the
  // owner's alone unless they share it themselves.
  umask(077);
  CLI::App app{
      "sanad: registration, legal status and protection monitoring for people on the "
      "move.\nRun `sanad COMMAND --help` for a command's options."};
  app.set_version_flag("--version", "sanad " SANAD_VERSION);
  app.require_subcommand(1);
  // Options from a TOML file, a section per command ([serve] db = "...",
  // port = 8080, backup-dir = "..."): the installed service runs
  // `sanad --config /etc/sanad/sanad.toml serve`. The command line wins.
  app.set_config("--config", "",
                 "TOML file of options: a [section] per command, keys named as "
                 "the long options (db, port, backup-dir...)");
  app.allow_config_extras(CLI::config_extras_mode::error);
  sanad::cli::AddServeCommands(app);
  sanad::cli::AddImportExportCommands(app);
  sanad::cli::AddReportCommands(app);
  sanad::cli::AddDedupeCommands(app);
  sanad::cli::AddSynthCommands(app);
  sanad::cli::AddPolicyCommands(app);
  sanad::cli::AddUserCommands(app);
  sanad::cli::AddPersonCommands(app);
  sanad::cli::AddBackupCommands(app);
  sanad::cli::AddIncidentCommands(app);
  sanad::cli::AddCaseCommands(app);
  sanad::cli::AddSyncCommands(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "sanad: internal error: %s\n", e.what());
    return 70;
  }
  return 0;
}
