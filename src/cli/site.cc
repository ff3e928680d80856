#include "cli/site.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>

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

// A hub's database on PostgreSQL: the key comes from --key-file,
// SANAD_KEY_FILE or SANAD_PASSPHRASE; there is no folder beside the database
// to keep a key file in. With `create_if_missing`, a key file that does not
// exist yet is made, but only for a database that holds no key.
std::unique_ptr<store::Store> OpenPostgresSite(const SiteOptions& options, bool create_if_missing) {
  namespace fs = std::filesystem;
  std::string key_file = options.key_file;
  const char* env_key = std::getenv("SANAD_KEY_FILE");
  const char* passphrase = std::getenv("SANAD_PASSPHRASE");
  if (key_file.empty() && env_key && *env_key) key_file = env_key;
  const bool use_passphrase = key_file.empty() && passphrase && *passphrase;
  if (key_file.empty() && !use_passphrase) {
    Die("a database on PostgreSQL needs its master key: give --key-file FILE (or set "
        "SANAD_KEY_FILE or SANAD_PASSPHRASE); there is no default key file for a server "
        "database. Nothing was changed.");
  }
  auto db = store::OpenPostgres(options.db);
  if (!db) Die(db.error().message);
  std::optional<store::KeyRing> keys;
  if (use_passphrase) {
    auto salt = store::Store::PassphraseSalt(**db);
    if (!salt) Die(salt.error().message);
    auto ring = store::KeyRing::FromPassphrase(passphrase, *salt);
    if (!ring) Die(ring.error().message);
    keys = std::move(*ring);
  } else {
    if (!fs::exists(key_file)) {
      auto has_key = store::Store::HasKey(**db);
      if (!has_key) Die(has_key.error().message);
      if (*has_key || !create_if_missing) {
        Die("the master key file '" + key_file + "' is missing" +
            (*has_key ? ". This database was created with a key: give it with --key-file or "
                        "SANAD_KEY_FILE"
                      : "") +
            ". Nothing was changed.");
      }
      if (auto ok = store::KeyRing::CreateKeyFile(key_file); !ok) Die(ok.error().message);
      std::fprintf(stderr,
                   "sanad: created a new master key at %s (mode 0600) for the database %s. Keep "
                   "a copy somewhere safe and apart from the database: without it the data "
                   "cannot be read.\n",
                   key_file.c_str(), store::RedactUrl(options.db).c_str());
    }
    auto ring = store::KeyRing::FromKeyFile(key_file);
    if (!ring) Die(ring.error().message);
    keys = std::move(*ring);
  }
  auto store = store::Store::Open(std::move(*db), std::move(*keys));
  if (!store) Die(store.error().message);
  return std::move(*store);
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
  std::string key_file = options.key_file;
  const char* env_key = std::getenv("SANAD_KEY_FILE");
  const char* passphrase = std::getenv("SANAD_PASSPHRASE");
  if (key_file.empty() && env_key && *env_key) key_file = env_key;

  auto db = store::OpenSqlite(options.db);
  if (!db) Die(db.error().message);
  std::optional<store::KeyRing> keys;
  if (key_file.empty() && passphrase && *passphrase) {
    auto salt = store::Store::PassphraseSalt(**db);
    if (!salt) Die(salt.error().message);
    auto ring = store::KeyRing::FromPassphrase(passphrase, *salt);
    if (!ring) Die(ring.error().message);
    keys = std::move(*ring);
  } else {
    if (key_file.empty()) {
      key_file = (fs::path(options.db).parent_path() / "sanad.key").string();
    }
    if (!fs::exists(key_file)) {
      if (db_exists) {
        Die("the master key file '" + key_file +
            "' is missing. This database was created with a key: give it with --key-file or "
            "SANAD_KEY_FILE. Nothing was changed.");
      }
      if (auto ok = store::KeyRing::CreateKeyFile(key_file); !ok) Die(ok.error().message);
      std::fprintf(stderr,
                   "sanad: created a new master key at %s (mode 0600). Keep a copy somewhere "
                   "safe and apart from the database: without it the data cannot be read.\n",
                   key_file.c_str());
    }
    auto ring = store::KeyRing::FromKeyFile(key_file);
    if (!ring) Die(ring.error().message);
    keys = std::move(*ring);
  }
  auto store = store::Store::Open(std::move(*db), std::move(*keys));
  if (!store) Die(store.error().message);
  return std::move(*store);
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
