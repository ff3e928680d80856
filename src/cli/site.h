// Opening a site's store from the command line: the database path and the
// master key (key file or passphrase), with the messages a field officer
// needs when either is missing or wrong.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "store/store.h"

namespace sanad::cli {

struct SiteOptions {
  std::string db = "data/sanad.db";
  std::string key_file;  // empty: $SANAD_KEY_FILE, else sanad.key beside the database
};

// Adds --db and --key-file to a command.
void AddSiteOptions(CLI::App* command, SiteOptions* options);

// Adds `sanad import NAME FILE [--again] [--db] [--key-file]` under
// `import_cmd`; `run(site, file, again)` does the import. Every import is all
// or nothing and refuses a file imported before unless --again is given.
using ImportRunner = std::function<void(const SiteOptions&, const std::string&, bool)>;
CLI::App* AddImportCommand(CLI::App* import_cmd, const std::string& name,
                           const std::string& description, ImportRunner run);

// Opens the store. With `create_if_missing`, a new database also gets a new
// key file (mode 0600), and where it was written is printed to stderr. With
// SANAD_PASSPHRASE set (and no key file given), the key is derived from the
// passphrase instead. Errors are printed; the result is then empty.
[[nodiscard]] std::unique_ptr<store::Store> OpenSite(const SiteOptions& options,
                                                     bool create_if_missing);

// The actor recorded in the audit log for command-line work: "cli:<user>".
[[nodiscard]] store::Actor CliActor();

// Reads one line (a password) from standard input, without the newline.
[[nodiscard]] std::string ReadSecretLine();

// Prints "sanad: <message>" (or "sanad <command>: <message>") to stderr and
// throws CLI::RuntimeError(code), which main turns into the exit status. The
// one way a command stops on an error.
[[noreturn]] void Die(const std::string& message, int code = 1, std::string_view command = {});

// The whole of the file at `path`; Die()s (code 1, naming `command` when
// given) saying the file cannot be read otherwise. The one way a command
// reads a whole input file.
[[nodiscard]] std::string ReadFileOrDie(const std::string& path, std::string_view command = {});

}  // namespace sanad::cli
