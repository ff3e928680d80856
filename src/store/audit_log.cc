// The audit log: a hash chain of entries, each hashing the one before, so
// that a changed, removed or reordered entry is found by VerifyAudit.
#include <sodium.h>

#include "store/store.h"
#include "store/store_internal.h"

namespace sanad::store {
namespace {

constexpr std::string_view kGenesisHash =
    "0000000000000000000000000000000000000000000000000000000000000000";

std::string Hash256(std::string_view data) {
  unsigned char out[32];
  crypto_generichash(out, sizeof out, reinterpret_cast<const unsigned char*>(data.data()),
                     data.size(), nullptr, 0);
  return ToHex(std::string_view(reinterpret_cast<const char*>(out), sizeof out));
}

std::string AuditHash(const AuditEntry& e) {
  std::string data;
  for (const std::string* part :
       {&e.prev_hash, &e.at, &e.actor, &e.action, &e.object_type, &e.object_id, &e.outcome}) {
    data += *part;
    data.push_back('\x1f');
  }
  data += std::to_string(e.seq);
  // Entries written before migration 3 had no detail: hashing it only when
  // present keeps their hashes as they were.
  if (!e.detail.empty()) {
    data.push_back('\x1f');
    data += e.detail;
  }
  return Hash256(data);
}

}  // namespace

Status Store::AuditLocked(const Actor& actor, std::string_view action, std::string_view object_type,
                          std::string_view object_id, std::string_view outcome,
                          std::string_view detail) {
  auto head = db_->Query("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1");
  if (!head) return Fail(head.error());
  AuditEntry e;
  e.seq = head->empty() ? 1 : AsInt(head->at(0).at(0)) + 1;
  e.prev_hash = head->empty() ? std::string(kGenesisHash) : AsText(head->at(0).at(1));
  e.at = clock_->NowIso();
  e.actor = actor.id + (actor.address.empty() ? "" : "@" + actor.address);
  e.action = action;
  e.object_type = object_type;
  e.object_id = object_id;
  e.outcome = outcome;
  e.detail = detail;
  e.hash = AuditHash(e);
  auto ok = db_->Execute(
      "INSERT INTO audit_log (seq, at, actor, action, object_type, object_id, outcome, "
      "prev_hash, hash, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {e.seq, e.at, e.actor, e.action, e.object_type, e.object_id, e.outcome, e.prev_hash, e.hash,
       e.detail});
  if (!ok) return Fail(ok.error());
  return {};
}

Status Store::Audit(const Actor& actor, std::string_view action, std::string_view object_type,
                    std::string_view object_id, std::string_view outcome) {
  std::lock_guard lock(mutex_);
  return db_->Transaction(
      [&] { return AuditLocked(actor, action, object_type, object_id, outcome); });
}

Result<int64_t> Store::VerifyAudit() {
  std::lock_guard lock(mutex_);
  auto rows = db_->Query(
      "SELECT seq, at, actor, action, object_type, object_id, outcome, prev_hash, hash, detail "
      "FROM audit_log ORDER BY seq");
  if (!rows) return Fail(rows.error());
  std::string expected_prev(kGenesisHash);
  int64_t expected_seq = 1;
  for (const auto& r : *rows) {
    AuditEntry e{AsInt(r[0]),  AsText(r[1]), AsText(r[2]), AsText(r[3]), AsText(r[4]),
                 AsText(r[5]), AsText(r[6]), AsText(r[7]), AsText(r[8]), AsText(r[9])};
    std::string problem;
    if (e.seq != expected_seq) {
      problem = "entry " + std::to_string(expected_seq) + " is missing";
    } else if (e.prev_hash != expected_prev) {
      problem = "entry " + std::to_string(e.seq) + " does not follow the entry before it";
    } else if (AuditHash(e) != e.hash) {
      problem = "entry " + std::to_string(e.seq) + " was altered (its hash does not match)";
    }
    if (!problem.empty()) {
      Error error = Error::Conflict("the audit log is broken: {}", problem);
      error.line = e.seq;
      return Fail(std::move(error));
    }
    expected_prev = e.hash;
    ++expected_seq;
  }
  return static_cast<int64_t>(rows->size());
}

Result<AuditEntry> Store::AuditHead() {
  std::lock_guard lock(mutex_);
  auto rows = db_->Query(
      "SELECT seq, at, actor, action, object_type, object_id, outcome, prev_hash, hash, detail "
      "FROM audit_log ORDER BY seq DESC LIMIT 1");
  if (!rows) return Fail(rows.error());
  if (rows->empty()) return AuditEntry{};
  const auto& r = rows->at(0);
  return AuditEntry{AsInt(r[0]),  AsText(r[1]), AsText(r[2]), AsText(r[3]), AsText(r[4]),
                    AsText(r[5]), AsText(r[6]), AsText(r[7]), AsText(r[8]), AsText(r[9])};
}

}  // namespace sanad::store
