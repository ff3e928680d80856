// `sanad backup`, `sanad restore` and `sanad key show-recovery` (see
// src/store/backup.h for what a backup holds and how a restore decides).
#include <sodium.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>

#include "cli/commands.h"
#include "cli/site.h"
#include "store/backup.h"
#include "store/recovery_phrase.h"

namespace sanad::cli {
namespace {

namespace fs = std::filesystem;

struct RestoreOptions {
  std::string in;
  std::string db;
  std::string key_file;
  std::string recovery_phrase;
  bool phrase_from_stdin = false;
  bool force = false;
};

std::string ReadBackupFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) Die("the backup file '" + path + "' cannot be read: give the right --in");
  std::stringstream buffer;
  buffer << in.rdbuf();
  return std::move(buffer).str();
}

bool SameKey(const store::Key& a, const store::Key& b) {
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

// The key to open the backup with: a recovery phrase, a key file, or the
// site's passphrase (its salt travels in the backup's header).
store::KeyRing RestoreKeys(const RestoreOptions& options, std::optional<store::Key>* from_phrase,
                           std::string* key_file_to_write) {
  std::string phrase = options.recovery_phrase;
  if (options.phrase_from_stdin) phrase = ReadSecretLine();
  const std::string default_key_file = (fs::path(options.db).parent_path() / "sanad.key").string();
  std::string key_file = options.key_file;
  const char* env_key = std::getenv("SANAD_KEY_FILE");
  if (key_file.empty() && env_key && *env_key) key_file = env_key;
  if (!phrase.empty()) {
    auto master = store::ParseRecoveryPhrase(phrase);
    sodium_memzero(phrase.data(), phrase.size());
    if (!master) Die("--recovery-phrase: " + master.error().message);
    *from_phrase = *master;
    // The restored site needs its key afterwards: written as a key file
    // beside the database unless one is there already (then it must match).
    const std::string target = key_file.empty() ? default_key_file : key_file;
    if (fs::exists(target)) {
      auto existing = store::KeyRing::FromKeyFile(target);
      if (!existing) Die(existing.error().message);
      if (!SameKey(existing->master_key(), *master)) {
        Die("the key file '" + target +
            "' holds another key than the recovery phrase: move it away or give another "
            "--key-file; nothing was changed");
      }
    } else {
      *key_file_to_write = target;
    }
    return store::KeyRing::FromMasterKey(*master);
  }
  const char* passphrase = std::getenv("SANAD_PASSPHRASE");
  if (key_file.empty() && passphrase && *passphrase) {
    auto header = store::PeekBackupHeader(ReadBackupFile(options.in));
    if (!header) Die("--in: " + header.error().message);
    if (header->passphrase_salt.empty()) {
      Die("this site's key was a key file, not a passphrase: give --key-file or "
          "--recovery-phrase");
    }
    auto ring = store::KeyRing::FromPassphrase(passphrase, header->passphrase_salt);
    if (!ring) Die(ring.error().message);
    return std::move(*ring);
  }
  if (key_file.empty()) key_file = default_key_file;
  if (!fs::exists(key_file)) {
    Die("no key to open the backup with: give the site's key file (--key-file or "
        "SANAD_KEY_FILE), its passphrase (SANAD_PASSPHRASE), or its recovery phrase "
        "(--recovery-phrase, or --recovery-phrase-stdin)");
  }
  auto ring = store::KeyRing::FromKeyFile(key_file);
  if (!ring) Die(ring.error().message);
  return std::move(*ring);
}

void RunRestore(const RestoreOptions& options) {
  if (store::IsPostgresUrl(options.db)) {
    Die("a backup restores an SQLite site's file; a database on PostgreSQL is restored with "
        "PostgreSQL's own tools (pg_basebackup, pg_restore). Nothing was changed.");
  }
  std::optional<store::Key> from_phrase;
  std::string key_file_to_write;
  store::KeyRing keys = RestoreKeys(options, &from_phrase, &key_file_to_write);
  auto restored = store::RestoreBackup(options.in, keys, options.db, options.force, CliActor());
  if (!restored) {
    // Fields that are options are named as options; "key" is whichever of
    // them gave the key.
    const auto& e = restored.error();
    Die((e.field == "in" || e.field == "db" ? "--" + e.field + ": " : "") + e.message);
  }
  if (from_phrase && !key_file_to_write.empty()) {
    if (auto ok = store::KeyRing::WriteKeyFile(key_file_to_write, *from_phrase); !ok) {
      Die("the database was restored, but its key file could not be written: " +
          ok.error().message + ". Write it again with the recovery phrase.");
    }
    std::printf(
        "wrote the site's master key to %s (mode 0600): keep a copy apart from the "
        "database.\n",
        key_file_to_write.c_str());
  }
  if (from_phrase) sodium_memzero(from_phrase->data(), from_phrase->size());
  std::printf(
      "restored %s from %s (made %s, audit log to entry %lld). Check it with `sanad audit "
      "verify --db %s`.\n",
      options.db.c_str(), options.in.c_str(), restored->created_at.c_str(),
      static_cast<long long>(restored->audit_seq), options.db.c_str());
}

}  // namespace

void AddBackupCommands(CLI::App& app) {
  auto site = std::make_shared<SiteOptions>();
  auto out = std::make_shared<std::string>();
  auto* backup = app.add_subcommand(
      "backup",
      "Write an encrypted copy of the whole site (safe while it serves); only the site's key, "
      "passphrase or recovery phrase opens it");
  AddSiteOptions(backup, site.get());
  backup->add_option("--out", *out, "The backup file to write (must not exist)")->required();
  backup->callback([site, out] {
    auto store = OpenSite(*site, /*create_if_missing=*/false);
    auto made = store->Backup(*out, CliActor());
    if (!made) {
      const auto& e = made.error();
      Die((e.field.empty() ? "" : "--" + e.field + ": ") + e.message);
    }
    std::printf("backup written to %s: %lld bytes of database, audit log to entry %lld (hash %s)\n",
                out->c_str(), static_cast<long long>(made->database_bytes),
                static_cast<long long>(made->audit_seq), made->audit_hash.c_str());
  });

  auto restore_options = std::make_shared<RestoreOptions>();
  auto* restore = app.add_subcommand(
      "restore",
      "Restore a site from a backup file: everything is checked before anything is written, and "
      "a newer database is never replaced without --force");
  restore->add_option("--in", restore_options->in, "The backup file")->required();
  restore->add_option("--db", restore_options->db, "The database to restore to")->required();
  restore->add_option("--key-file", restore_options->key_file,
                      "The site's master key file (default: $SANAD_KEY_FILE, else sanad.key "
                      "beside the database; SANAD_PASSPHRASE works too)");
  auto* phrase_option = restore->add_option(
      "--recovery-phrase", restore_options->recovery_phrase,
      "The site's recovery phrase (`sanad key show-recovery`); its key is written to sanad.key "
      "beside the database (or --key-file)");
  restore
      ->add_flag("--recovery-phrase-stdin", restore_options->phrase_from_stdin,
                 "Read the recovery phrase from standard input (one line) instead")
      ->excludes(phrase_option);
  restore->add_flag("--force", restore_options->force,
                    "Replace a newer database (or another site's); it is kept beside as "
                    "DB.before-restore-TIME");
  restore->callback([restore_options] { RunRestore(*restore_options); });

  auto* key = app.add_subcommand("key", "The site's master key");
  key->require_subcommand(1);
  auto* show = key->add_subcommand(
      "show-recovery",
      "Print the master key as a recovery phrase to write on paper (administrators only: it "
      "needs the key or passphrase; audited)");
  AddSiteOptions(show, site.get());
  show->callback([site] {
    auto store = OpenSite(*site, /*create_if_missing=*/false);
    auto phrase = store->ShowRecoveryPhrase(CliActor());
    if (!phrase) Die(phrase.error().message);
    // Two lines of seven groups: easier to copy and to check.
    const size_t half = (store::kRecoveryGroups / 2) * (store::kRecoveryGroupChars + 1);
    std::printf(
        "Recovery phrase of this site's master key (anyone who has it and a backup can read "
        "every record: write it on paper, keep it locked away from the laptop, never photograph "
        "or type it elsewhere):\n\n  %s\n  %s\n\n"
        "Restore with: sanad restore --in BACKUP --db NEW/site.db --recovery-phrase-stdin\n",
        phrase->substr(0, half - 1).c_str(), phrase->substr(half).c_str());
    sodium_memzero(phrase->data(), phrase->size());
  });
}

}  // namespace sanad::cli
