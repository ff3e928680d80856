// The backup file format: sealing a database copy, reading the header, and
// opening (authenticating and decrypting) a file. See backup.h.
#include <sodium.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "store/backup.h"
#include "store/sealed_stream.h"

namespace sanad::store {
namespace {

constexpr std::string_view kMagic = "SANADBAK1\n";
constexpr size_t kMaxHeaderBytes = 4096;
constexpr std::string_view kKeyCheck = "sanad backup key check v1";
constexpr std::string_view kKeyCheckContext = "backup-key-check";

void EnsureSodium() {
  if (sodium_init() < 0) std::abort();  // no safe way to continue without a CSPRNG
}

Error NotBackup() { return Error::InvalidInput("in", "is not a sanad backup file"); }

struct Parsed {
  BackupHeader header;
  std::string header_bytes;
  std::string key_check;
  size_t body = 0;  // where the stream header starts
};

Result<Parsed> Parse(std::string_view sealed) {
  if (sealed.size() < kMagic.size() + 4 || sealed.substr(0, kMagic.size()) != kMagic) {
    return Fail(NotBackup());
  }
  const uint32_t length = GetLength(sealed, kMagic.size());
  const size_t start = kMagic.size() + 4;
  if (length > kMaxHeaderBytes || sealed.size() < start + length) return Fail(DamagedBackup());
  Parsed parsed;
  parsed.header_bytes = std::string(sealed.substr(start, length));
  parsed.body = start + length;
  const auto json = nlohmann::json::parse(parsed.header_bytes, nullptr, false);
  if (json.is_discarded() || !json.is_object()) return Fail(DamagedBackup());
  try {
    BackupHeader& h = parsed.header;
    h.format = json.at("format").get<int>();
    if (h.format != 1) {
      return Fail(Error::InvalidInput(
          "in", "this backup was made by a newer sanad (format {}): restore it with that version",
          h.format));
    }
    h.created_at = json.at("created_at").get<std::string>();
    h.audit_seq = json.at("audit_seq").get<int64_t>();
    h.audit_hash = json.at("audit_hash").get<std::string>();
    h.database_bytes = json.at("database_bytes").get<int64_t>();
    auto salt = FromHex(json.at("passphrase_salt").get<std::string>());
    auto key_check = FromHex(json.at("key_check").get<std::string>());
    if (!salt || !key_check || h.audit_seq < 0 || h.database_bytes <= 0) {
      return Fail(DamagedBackup());
    }
    h.passphrase_salt = std::move(*salt);
    parsed.key_check = std::move(*key_check);
  } catch (const nlohmann::json::exception&) {
    return Fail(DamagedBackup());
  }
  return parsed;
}

}  // namespace

Error DamagedBackup() {
  return Error::InvalidInput(
      "in",
      "the backup file was changed, damaged or cut short: it was not restored; use another "
      "copy");
}

std::string SealBackup(std::string_view database, const BackupHeader& header, const KeyRing& keys) {
  EnsureSodium();
  const nlohmann::json json = {
      {"format", header.format},
      {"created_at", header.created_at},
      {"audit_seq", header.audit_seq},
      {"audit_hash", header.audit_hash},
      {"database_bytes", static_cast<int64_t>(database.size())},
      {"passphrase_salt", ToHex(header.passphrase_salt)},
      {"key_check", ToHex(KeyRing::Seal(keys.backup_key(), kKeyCheck, kKeyCheckContext))},
  };
  const std::string head = json.dump();
  std::string out(kMagic);
  PutLength(&out, static_cast<uint32_t>(head.size()));
  out += head;
  AppendSealedStream(&out, database, keys.backup_key(), head);
  return out;
}

Result<BackupHeader> PeekBackupHeader(std::string_view sealed) {
  auto parsed = Parse(sealed);
  if (!parsed) return Fail(parsed.error());
  return parsed->header;
}

Result<OpenedBackup> OpenBackup(std::string_view sealed, const KeyRing& keys) {
  EnsureSodium();
  auto parsed = Parse(sealed);
  if (!parsed) return Fail(parsed.error());
  auto check = KeyRing::Open(keys.backup_key(), parsed->key_check, kKeyCheckContext);
  if (!check || *check != kKeyCheck) {
    return Fail(Error::InvalidInput(
        "key",
        "this backup was made with another master key: give the key file, passphrase or "
        "recovery phrase of the site that made it; nothing was changed"));
  }
  auto database = OpenSealedStream(sealed, parsed->body, keys.backup_key(), parsed->header_bytes);
  if (!database || database->size() != static_cast<size_t>(parsed->header.database_bytes)) {
    return Fail(DamagedBackup());
  }
  return OpenedBackup{parsed->header, std::move(*database)};
}

}  // namespace sanad::store
