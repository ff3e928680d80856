// Each `sanad` subcommand adds itself to the CLI11 app. A command's callback
// throws CLI::RuntimeError(exit_code) to fail (see Die() in site.h); main()
// turns that into the process exit status. Commands print errors a field
// officer can act on.
#pragma once

#include <CLI/CLI.hpp>

namespace sanad::cli {

void AddServeCommands(CLI::App& app);
void AddImportExportCommands(CLI::App& app);
void AddReportCommands(CLI::App& app);  // after AddImportExportCommands: adds to `import`
void AddDedupeCommands(CLI::App& app);
void AddSynthCommands(CLI::App& app);
void AddPolicyCommands(CLI::App& app);
void AddUserCommands(CLI::App& app);
void AddPersonCommands(CLI::App& app);
void AddBackupCommands(CLI::App& app);  // backup, restore, key show-recovery
void AddIncidentCommands(CLI::App& app);  // after AddReportCommands: adds to `import`, `report`
void AddCaseCommands(CLI::App& app);  // org add|list, cases overdue
void AddSyncCommands(CLI::App& app);  // site enrol|revoke|list, sync

}  // namespace sanad::cli
