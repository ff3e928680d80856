// The sites a hub lets sync: each holds a secret token the hub issued at
// enrolment; the hub keeps only its hash, so a copy of the hub's database
// cannot be used to sync as a site.
#include <sodium.h>

#include "store/store.h"
#include "store/store_internal.h"

namespace sanad::store {
namespace {

constexpr size_t kTokenBytes = 32;

std::string TokenHash(std::string_view token) {
  std::string hash(crypto_generichash_BYTES, '\0');
  crypto_generichash(reinterpret_cast<unsigned char*>(hash.data()), hash.size(),
                     reinterpret_cast<const unsigned char*>(token.data()), token.size(), nullptr,
                     0);
  return hash;
}

// What a site's wrapped transport key is bound to.
std::string TransportKeyOwner(const std::string& site) { return "site-transport/" + site; }

}  // namespace

Result<SiteEnrolment> Store::EnrolSite(const std::string& name, const Actor& actor) {
  if (!sync::IsValidSiteId(name)) {
    return Fail(Error::InvalidInput(
        "name", "a site name is 1 to 64 of a-z, 0-9 and '-', such as torkham-1"));
  }
  unsigned char random[kTokenBytes];
  randombytes_buf(random, sizeof random);
  std::string token(2 * kTokenBytes + 1, '\0');
  sodium_bin2hex(token.data(), token.size(), random, sizeof random);
  token.pop_back();
  SiteEnrolment enrolment;
  enrolment.transport_key = KeyRing::NewDataKey();
  std::lock_guard lock(mutex_);
  auto ok = db_->Transaction([&]() -> Status {
    auto taken = db_->Query("SELECT 1 FROM sync_sites WHERE name = ?", {name});
    if (!taken) return Fail(taken.error());
    if (!taken->empty() || name == site_id_) {
      return Fail(
          Error::Conflict("a site named '{}' is enrolled already: choose another name", name));
    }
    auto inserted = db_->Execute(
        "INSERT INTO sync_sites (name, token_hash, enrolled_at, wrapped_transport_key) "
        "VALUES (?, ?, ?, ?)",
        {name, Bytes{TokenHash(token)}, clock_->NowIso(),
         Bytes{keys_.WrapKey(enrolment.transport_key, TransportKeyOwner(name))}});
    if (!inserted) return Fail(inserted.error());
    return AuditLocked(actor, "site.enrol", "site", name, "ok");
  });
  if (!ok) return Fail(ok.error());
  enrolment.token = std::move(token);
  return enrolment;
}

Result<Key> Store::SiteTransportKey(const std::string& name) {
  std::lock_guard lock(mutex_);
  auto rows = db_->Query("SELECT wrapped_transport_key FROM sync_sites WHERE name = ?", {name});
  if (!rows) return Fail(rows.error());
  if (rows->empty() || IsNull(rows->at(0).at(0))) {
    return Fail(Error::NotFound(
        "site '{}' was enrolled before records' keys travelled with them: the hub keeps its "
        "operations but cannot read its records",
        name));
  }
  return keys_.UnwrapKey(AsBytes(rows->at(0).at(0)), TransportKeyOwner(name));
}

Status Store::RevokeSite(const std::string& name, const Actor& actor) {
  std::lock_guard lock(mutex_);
  return db_->Transaction([&]() -> Status {
    auto changed =
        db_->Execute("UPDATE sync_sites SET revoked_at = ? WHERE name = ? AND revoked_at IS NULL",
                     {clock_->NowIso(), name});
    if (!changed) return Fail(changed.error());
    if (*changed == 0) return Fail(Error::NotFound("no enrolled site named '{}' to revoke", name));
    return AuditLocked(actor, "site.revoke", "site", name, "ok");
  });
}

Result<std::vector<EnrolledSite>> Store::ListSites() {
  std::lock_guard lock(mutex_);
  auto rows = db_->Query(
      "SELECT name, enrolled_at, revoked_at, last_sync_at, clock_skew_ms FROM sync_sites ORDER BY "
      "name");
  if (!rows) return Fail(rows.error());
  std::vector<EnrolledSite> sites;
  for (const Row& row : *rows) {
    sites.push_back(
        {AsText(row[0]), AsText(row[1]), AsText(row[2]), AsText(row[3]), AsInt(row[4])});
  }
  return sites;
}

Result<std::string> Store::AuthenticateSite(std::string_view token) {
  if (token.empty()) {
    return Fail(Error(
        Error::Code::kUnauthenticated,
        Message("this route is for enrolled sites: send the site's token (Authorization: Bearer)"),
        {}, 0));
  }
  std::lock_guard lock(mutex_);
  auto rows = db_->Query("SELECT name, revoked_at FROM sync_sites WHERE token_hash = ?",
                         {Bytes{TokenHash(token)}});
  if (!rows) return Fail(rows.error());
  if (rows->empty()) {
    return Fail(Error(Error::Code::kUnauthenticated,
                      Message("this site token is not known to the hub"), {}, 0));
  }
  const std::string name = AsText(rows->at(0).at(0));
  if (!IsNull(rows->at(0).at(1))) {
    return Fail(Error::Forbidden("site '{}' was revoked at the hub and may no longer sync", name));
  }
  return name;
}

Status Store::RecordSiteSync(const std::string& name, int64_t clock_skew_ms) {
  std::lock_guard lock(mutex_);
  auto ok = db_->Execute("UPDATE sync_sites SET last_sync_at = ?, clock_skew_ms = ? WHERE name = ?",
                         {clock_->NowIso(), clock_skew_ms, name});
  if (!ok) return Fail(ok.error());
  return {};
}

}  // namespace sanad::store
