#include "cli/site.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>
#include <utility>

namespace sanad::cli {

void AddSiteOptions(CLI::App* command, SiteOptions* options) {
  command
      ->add_option("--db", options->db,
                   "SQLite database file, or a PostgreSQL URL (postgresql://…) for a hub")
      ->capture_default_str();
  command->add_option("--key-file", options->key_file,
                      "Master key file (default: $SANAD_KEY_FILE, else sanad.key beside an SQLite "
                      "database; required for PostgreSQL)");
}

CLI::App* AddImportCommand(CLI::App* import_cmd, const std::string& name,
                           const std::string& description, ImportRunner run) {
  auto site = std::make_shared<SiteOptions>();
  auto file = std::make_shared<std::string>();
  auto again = std::make_shared<bool>(false);
  auto* command = import_cmd->add_subcommand(name, description);
  command->add_option("file", *file, "The CSV file")->required();
  command->add_flag("--again", *again,
                    "Import a file even though the same file was imported before");
  AddSiteOptions(command, site.get());
  command->callback([site, file, again, run = std::move(run)] { run(*site, *file, *again); });
  return command;
}

void Die(const std::string& message, int code, std::string_view command) {
  std::fprintf(stderr, "sanad%s%.*s: %s\n", command.empty() ? "" : " ",
               static_cast<int>(command.size()), command.data(), message.c_str());
  throw CLI::RuntimeError(code);
}

std::string ReadFileOrDie(const std::string& path, std::string_view command) {
  std::ifstream in(path, std::ios::binary);
  if (!in) Die("cannot read '" + path + "': does the file exist?", 1, command);
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) Die("cannot read '" + path + "': reading it failed", 1, command);
  return buffer.str();
}

namespace {

// The store on `db` with its master key: derived from `passphrase` when it
// is set, else read from `key_file`, which is made first when `may_create`
// (a database that holds no key yet). `missing` is what to say when the key
// file is absent and may not be made; `described` names the database in the
// message that a new key was made.
std::unique_ptr<store::Store> OpenWithKey(std::unique_ptr<store::Database> db,
                                          const std::string& key_file, const char* passphrase,
                                          bool may_create, const std::string& missing,
                                          const std::string& described) {
  std::optional<store::KeyRing> keys;
  if (passphrase) {
    auto salt = store::Store::PassphraseSalt(*db);
    if (!salt) Die(salt.error().message);
    auto ring = store::KeyRing::FromPassphrase(passphrase, *salt);
    if (!ring) Die(ring.error().message);
    keys = std::move(*ring);
  } else {
    if (!std::filesystem::exists(key_file)) {
      if (!may_create) Die(missing);
      if (auto ok = store::KeyRing::CreateKeyFile(key_file); !ok) Die(ok.error().message);
      std::fprintf(stderr,
                   "sanad: created a new master key at %s (mode 0600)%s. Keep a copy somewhere "
                   "safe and apart from the database: without it the data cannot be read.\n",
                   key_file.c_str(), described.c_str());
    }
    auto ring = store::KeyRing::FromKeyFile(key_file);
    if (!ring) Die(ring.error().message);
    keys = std::move(*ring);
  }
  auto store = store::Store::Open(std::move(db), std::move(*keys));
  if (!store) Die(store.error().message);
  return std::move(*store);
}

// The key file named by --key-file or SANAD_KEY_FILE (empty: none), and
// the passphrase when no key file is named and SANAD_PASSPHRASE is set.
std::pair<std::string, const char*> NamedKey(const SiteOptions& options) {
  std::string key_file = options.key_file;
  const char* env_key = std::getenv("SANAD_KEY_FILE");
  const char* passphrase = std::getenv("SANAD_PASSPHRASE");
  if (key_file.empty() && env_key && *env_key) key_file = env_key;
  const bool use_passphrase = key_file.empty() && passphrase && *passphrase;
  return {key_file, use_passphrase ? passphrase : nullptr};
}

// A hub's database on PostgreSQL: the key comes from --key-file,
// SANAD_KEY_FILE or SANAD_PASSPHRASE; there is no folder beside the database
// to keep a key file in. With `create_if_missing`, a key file that does not
// exist yet is made, but only for a database that holds no key.
std::unique_ptr<store::Store> OpenPostgresSite(const SiteOptions& options, bool create_if_missing) {
  auto [key_file, passphrase] = NamedKey(options);
  if (key_file.empty() && !passphrase) {
    Die("a database on PostgreSQL needs its master key: give --key-file FILE (or set "
        "SANAD_KEY_FILE or SANAD_PASSPHRASE); there is no default key file for a server "
        "database. Nothing was changed.");
  }
  auto db = store::OpenPostgres(options.db);
  if (!db) Die(db.error().message);
  bool has_key = false;
  if (!passphrase && !std::filesystem::exists(key_file)) {
    auto held = store::Store::HasKey(**db);
    if (!held) Die(held.error().message);
    has_key = *held;
  }
  return OpenWithKey(std::move(*db), key_file, passphrase, create_if_missing && !has_key,
                     "the master key file '" + key_file + "' is missing" +
                         (has_key ? ". This database was created with a key: give it with "
                                    "--key-file or SANAD_KEY_FILE"
                                  : "") +
                         ". Nothing was changed.",
                     " for the database " + store::RedactUrl(options.db));
}

}  // namespace

std::unique_ptr<store::Store> OpenSite(const SiteOptions& options, bool create_if_missing) {
  namespace fs = std::filesystem;
  if (store::IsPostgresUrl(options.db)) return OpenPostgresSite(options, create_if_missing);
  const bool db_exists = fs::exists(options.db);
  if (!db_exists && !create_if_missing) {
    Die("there is no database at '" + options.db + "': give the right --db");
  }
  if (!db_exists) {
    const fs::path parent = fs::path(options.db).parent_path();
    if (!parent.empty() && !fs::exists(parent)) {
      Die("the folder '" + parent.string() + "' for the database does not exist: create it first");
    }
  }
  auto [key_file, passphrase] = NamedKey(options);
  if (key_file.empty()) key_file = (fs::path(options.db).parent_path() / "sanad.key").string();
  auto db = store::OpenSqlite(options.db);
  if (!db) Die(db.error().message);
  return OpenWithKey(std::move(*db), key_file, passphrase, !db_exists,
                     "the master key file '" + key_file +
                         "' is missing. This database was created with a key: give it with "
                         "--key-file or SANAD_KEY_FILE. Nothing was changed.",
                     "");
}

store::Actor CliActor() {
  const char* user = std::getenv("USER");
  return store::Actor{std::string("cli:") + (user && *user ? user : std::to_string(getuid())), ""};
}

std::string ReadSecretLine() {
  std::string line;
  std::getline(std::cin, line);
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

}  // namespace sanad::cli
