// `sanad import persons FILE.csv` and `sanad export persons`.
#include "cli/commands.h"

namespace sanad::cli {

void AddImportExportCommands(CLI::App& app) {
  auto* import_cmd = app.add_subcommand("import", "Import records from a CSV file");
  import_cmd->require_subcommand(1);
  auto* export_cmd = app.add_subcommand("export", "Export records as CSV");
  export_cmd->require_subcommand(1);
}

}  // namespace sanad::cli
