// Site administration from the browser: what `sanad user`, `sanad export`
// and `sanad audit` do on the server, as store calls the API can make, and
// the site's own settings and crossing points.
//
// - A user's role changes in one transaction with its audit entry ("old ->
//   new"); the last active administrator cannot be demoted (a site nobody
//   can administer is only repaired from the server's shell).
// - The audit log is read newest first, filtered by user (any address), by
//   action or group of actions ("user."), by record; reading it is audited.
// - Site settings are rows of `site_settings` (key, value as text); "k" is
//   the smallest published cell; its change records the old and new value.
// - A person export from the browser is sealed to the administrator's
//   passphrase (export_file.h) and kept for ONE download: the file is
//   dropped from the database as it is handed out, so a copy left behind
//   on the server never outlives its purpose.
// - Crossing points added by an administrator sit beside the built-in
//   gazetteer (core/flow.h); movements and tallies are checked against both.
#include <sodium.h>

#include <charconv>

#include "core/id.h"
#include "core/person_csv.h"
#include "core/validation.h"
#include "store/export_file.h"
#include "store/store.h"
#include "store/store_internal.h"
#include "text/gazetteer.h"

namespace sanad::store {
namespace {

constexpr std::string_view kKSetting = "k";
constexpr size_t kMinPurposeLength = 10;
constexpr size_t kMaxPurposeBytes = 500;
constexpr size_t kMinExportPassphrase = 12;
constexpr size_t kMaxSpellings = 20;

AuditEntry ReadAuditEntry(const Row& r) {
  return AuditEntry{AsInt(r[0]),  AsText(r[1]), AsText(r[2]), AsText(r[3]), AsText(r[4]),
                    AsText(r[5]), AsText(r[6]), AsText(r[7]), AsText(r[8]), AsText(r[9])};
}

PersonExport ReadExport(const Row& r) {
  return PersonExport{AsText(r[0]),
                      AsText(r[1]),
                      AsInt(r[2]),
                      AsInt(r[3]),
                      AsText(r[4]),
                      AsText(r[5]),
                      IsNull(r[6]) ? "" : AsText(r[6])};
}

std::string JoinLines(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& line : lines) {
    if (!out.empty()) out.push_back('\n');
    out += line;
  }
  return out;
}

std::vector<std::string> SplitLines(std::string_view text) {
  std::vector<std::string> out;
  while (!text.empty()) {
    const size_t end = text.find('\n');
    out.emplace_back(text.substr(0, end));
    if (end == std::string_view::npos) break;
    text.remove_prefix(end + 1);
  }
  return out;
}

}  // namespace

std::string Store::NewPassword() {
  // Crockford's base32 without look-alikes: read aloud or copied by hand.
  static constexpr std::string_view kAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
  std::string out;
  for (int i = 0; i < 20; ++i) {
    if (i > 0 && i % 5 == 0) out.push_back('-');
    out.push_back(kAlphabet[randombytes_uniform(static_cast<uint32_t>(kAlphabet.size()))]);
  }
  return out;
}

Result<User> Store::SetUserRole(const std::string& username, Role role, const Actor& actor) {
  std::lock_guard lock(mutex_);
  User changed;
  auto ok = db_->Transaction([&]() -> Status {
    auto rows =
        db_->Query("SELECT id, username, role, disabled, created_at FROM users WHERE username = ?",
                   {username});
    if (!rows) return Fail(rows.error());
    if (rows->empty()) return Fail(Error::NotFound("no user named '{}'", username));
    const Row& r = rows->at(0);
    changed = User{AsText(r[0]), AsText(r[1]), role, AsInt(r[3]) != 0, AsText(r[4])};
    const std::string before = AsText(r[2]);
    if (before == ToString(role)) return {};
    if (before == ToString(Role::kAdmin) && !changed.disabled) {
      auto admins =
          db_->Query("SELECT COUNT(*) FROM users WHERE role = ? AND disabled = 0 AND id <> ?",
                     {std::string(ToString(Role::kAdmin)), changed.id});
      if (!admins) return Fail(admins.error());
      if (AsInt(admins->at(0).at(0)) == 0) {
        return Fail(Error::InvalidInput(
            "role",
            "'{}' is the only active administrator: make another account an administrator first",
            username));
      }
    }
    if (auto u = db_->Execute("UPDATE users SET role = ? WHERE id = ?",
                              {std::string(ToString(role)), changed.id});
        !u) {
      return Fail(u.error());
    }
    return AuditLocked(actor, "user.role", "user", changed.id, "ok",
                       before + " -> " + std::string(ToString(role)));
  });
  if (!ok) return Fail(ok.error());
  return changed;
}

Result<AuditPage> Store::ListAudit(const AuditFilter& filter, const Actor& actor) {
  if (filter.page < 1 || filter.page > kMaxSearchPage) {
    return Fail(Error::InvalidInput("page", "must be a whole number from 1 to {}", kMaxSearchPage));
  }
  if (filter.page_size < 1 || filter.page_size > kMaxSearchPageSize) {
    return Fail(Error::InvalidInput("page_size", "must be a whole number from 1 to {}",
                                    kMaxSearchPageSize));
  }
  for (const auto& [field, value] :
       {std::pair<std::string_view, const std::string*>{"user", &filter.user_id},
        {"action", &filter.action},
        {"record", &filter.object_id}}) {
    if (auto ok = ValidateText(field, *value); !ok) return Fail(ok.error());
  }
  std::string sql =
      "SELECT seq, at, actor, action, object_type, object_id, outcome, prev_hash, hash, detail "
      "FROM audit_log WHERE 1 = 1";
  std::vector<Value> params;
  if (!filter.user_id.empty()) {
    // The actor is "id" or "id@address".
    const std::string prefix = filter.user_id + "@";
    sql += " AND (actor = ? OR substr(actor, 1, ?) = ?)";
    params.insert(params.end(), {filter.user_id, static_cast<int64_t>(prefix.size()), prefix});
  }
  if (!filter.action.empty()) {
    if (filter.action.back() == '.') {
      sql += " AND substr(action, 1, ?) = ?";
      params.insert(params.end(), {static_cast<int64_t>(filter.action.size()), filter.action});
    } else {
      sql += " AND action = ?";
      params.push_back(filter.action);
    }
  }
  if (!filter.object_id.empty()) {
    sql += " AND object_id = ?";
    params.push_back(filter.object_id);
  }
  sql += " ORDER BY seq DESC LIMIT ? OFFSET ?";
  params.push_back(int64_t{filter.page_size} + 1);
  params.push_back(int64_t{filter.page - 1} * filter.page_size);
  std::string described = "page " + std::to_string(filter.page);
  if (!filter.user_id.empty()) described += "; user " + filter.user_id;
  if (!filter.action.empty()) described += "; action " + filter.action;
  if (!filter.object_id.empty()) described += "; record " + filter.object_id;

  std::lock_guard lock(mutex_);
  AuditPage page;
  auto ok = db_->Transaction([&]() -> Status {
    auto rows = db_->Query(sql, params);
    if (!rows) return Fail(rows.error());
    for (const Row& r : *rows) page.items.push_back(ReadAuditEntry(r));
    if (page.items.size() > static_cast<size_t>(filter.page_size)) {
      page.items.pop_back();
      page.has_more = true;
    }
    return AuditLocked(actor, "audit.read", "audit_log", "-", "ok", described);
  });
  if (!ok) return Fail(ok.error());
  return page;
}

Result<SiteSettings> Store::GetSiteSettings() {
  std::lock_guard lock(mutex_);
  auto rows = db_->Query("SELECT value, updated_by, updated_at FROM site_settings WHERE key = ?",
                         {std::string(kKSetting)});
  if (!rows) return Fail(rows.error());
  SiteSettings settings;
  if (rows->empty()) return settings;
  const Row& r = rows->at(0);
  const std::string text = AsText(r[0]);
  int64_t k = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), k);
  if (text.empty() || ec != std::errc{} || end != text.data() + text.size() || k < kMinSiteK ||
      k > kMaxSiteK) {
    return Fail(internal::Damaged("site_settings", kKSetting, "value"));
  }
  settings.k = k;
  settings.k_updated_by = AsText(r[1]);
  settings.k_updated_at = AsText(r[2]);
  return settings;
}

Result<SiteSettings> Store::SetSiteK(int64_t k, const Actor& actor) {
  if (k < kMinSiteK || k > kMaxSiteK) {
    return Fail(Error::InvalidInput("k",
                                    "must be a whole number from {} to {} (the smallest number of "
                                    "people a published figure may describe)",
                                    kMinSiteK, kMaxSiteK));
  }
  auto before = GetSiteSettings();
  if (!before) return Fail(before.error());
  SiteSettings after{k, actor.id, clock_->NowIso()};
  std::lock_guard lock(mutex_);
  auto ok = db_->Transaction([&]() -> Status {
    auto removed =
        db_->Execute("DELETE FROM site_settings WHERE key = ?", {std::string(kKSetting)});
    if (!removed) return Fail(removed.error());
    auto inserted = db_->Execute(
        "INSERT INTO site_settings (key, value, updated_by, updated_at) VALUES (?, ?, ?, ?)",
        {std::string(kKSetting), std::to_string(k), after.k_updated_by, after.k_updated_at});
    if (!inserted) return Fail(inserted.error());
    return AuditLocked(actor, "settings.k", "site_settings", kKSetting, "ok",
                       std::to_string(before->k) + " -> " + std::to_string(k));
  });
  if (!ok) return Fail(ok.error());
  return after;
}

Result<SealedExport> Store::SealPersonExport(std::string_view purpose,
                                             std::string_view passphrase) {
  if (purpose.size() < kMinPurposeLength) {
    return Fail(
        Error::InvalidInput("purpose",
                            "say why this export is needed (at least 10 characters, e.g. \"monthly "
                            "transfer to the hub\"): it is recorded in the audit log"));
  }
  if (auto ok = ValidateText("purpose", purpose, kMaxPurposeBytes); !ok) return Fail(ok.error());
  if (passphrase.size() < kMinExportPassphrase) {
    return Fail(Error::InvalidInput("passphrase",
                                    "the export passphrase must have at least 12 characters"));
  }
  std::string csv = std::string(kPersonCsvHeader) + "\n";
  SealedExport out;
  auto read = ForEachPerson([&](const Person& p, const Household& h) {
    csv += PersonCsvLine(p, h.origin_province, h.origin_district);
    ++out.persons;
  });
  if (!read) {
    sodium_memzero(csv.data(), csv.size());
    return Fail(read.error());
  }
  auto sealed = EncryptExport(csv, passphrase);
  sodium_memzero(csv.data(), csv.size());
  if (!sealed) return Fail(sealed.error());
  out.bytes = std::move(*sealed);
  return out;
}

Result<PersonExport> Store::CreatePersonExport(std::string_view purpose,
                                               std::string_view passphrase, const Actor& actor) {
  auto sealed = SealPersonExport(purpose, passphrase);
  if (!sealed) return Fail(sealed.error());
  PersonExport made{NewId(),
                    std::string(purpose),
                    sealed->persons,
                    static_cast<int64_t>(sealed->bytes.size()),
                    actor.id,
                    clock_->NowIso(),
                    {}};
  std::lock_guard lock(mutex_);
  auto ok = db_->Transaction([&]() -> Status {
    auto r = db_->Execute(
        "INSERT INTO person_exports (id, purpose, persons, bytes, made_by, made_at, file) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        {made.id, made.purpose, made.persons, made.bytes, made.made_by, made.made_at,
         Bytes{std::move(sealed->bytes)}});
    if (!r) return Fail(r.error());
    return AuditLocked(actor, "export.persons", "export", made.id, "ok",
                       std::to_string(made.persons) + " persons; purpose: " + made.purpose);
  });
  if (!ok) return Fail(ok.error());
  return made;
}

Result<std::vector<PersonExport>> Store::ListPersonExports() {
  std::lock_guard lock(mutex_);
  auto rows = db_->Query(
      "SELECT id, purpose, persons, bytes, made_by, made_at, downloaded_at FROM person_exports "
      "ORDER BY made_at DESC, id DESC");
  if (!rows) return Fail(rows.error());
  std::vector<PersonExport> out;
  for (const Row& r : *rows) out.push_back(ReadExport(r));
  return out;
}

Result<std::string> Store::TakePersonExportFile(const std::string& id, const Actor& actor) {
  std::lock_guard lock(mutex_);
  std::string file;
  auto ok = db_->Transaction([&]() -> Status {
    auto rows = db_->Query("SELECT downloaded_at, file FROM person_exports WHERE id = ?", {id});
    if (!rows) return Fail(rows.error());
    if (rows->empty()) return Fail(Error::NotFound("there is no export with this id"));
    const Row& r = rows->at(0);
    if (!IsNull(r[0])) {
      return Fail(
          Error(Error::Code::kConflict,
                Message("this export was downloaded at {} and is no longer kept: make a new one",
                        AsText(r[0])),
                "downloaded_at", 0));
    }
    if (IsNull(r[1])) return Fail(internal::Damaged("person_exports", id, "file"));
    file = AsBytes(r[1]);
    auto u = db_->Execute("UPDATE person_exports SET downloaded_at = ?, file = NULL WHERE id = ?",
                          {clock_->NowIso(), id});
    if (!u) return Fail(u.error());
    return AuditLocked(actor, "export.download", "export", id, "ok");
  });
  if (!ok) return Fail(ok.error());
  return file;
}

Result<std::vector<SiteCrossingPoint>> Store::ListCrossingPoints() {
  std::vector<SiteCrossingPoint> out;
  const CrossingGazetteer built_in = CrossingGazetteer::Default();
  for (const auto& point : built_in.points()) {
    out.push_back(SiteCrossingPoint{point, true, {}, {}});
  }
  std::lock_guard lock(mutex_);
  auto rows = db_->Query(
      "SELECT name, afghan_province, spellings, added_by, added_at FROM crossing_points "
      "ORDER BY added_at, name");
  if (!rows) return Fail(rows.error());
  for (const Row& r : *rows) {
    out.push_back(
        SiteCrossingPoint{CrossingPoint{AsText(r[0]), AsText(r[1]), SplitLines(AsText(r[2]))},
                          false, AsText(r[3]), AsText(r[4])});
  }
  return out;
}

Result<CrossingGazetteer> Store::CrossingPoints() {
  auto points = ListCrossingPoints();
  if (!points) return Fail(points.error());
  CrossingGazetteer gazetteer = CrossingGazetteer::Default();
  for (auto& p : *points) {
    if (p.built_in) continue;
    const std::string name = p.point.name;
    if (!gazetteer.Add(std::move(p.point))) {
      return Fail(internal::Damaged("crossing_points", name, "name"));
    }
  }
  return gazetteer;
}

Result<SiteCrossingPoint> Store::AddCrossingPoint(CrossingPoint point, const Actor& actor) {
  if (point.name.empty()) {
    return Fail(Error::InvalidInput("name", "a crossing point needs a name"));
  }
  if (auto ok = ValidateText("name", point.name); !ok) return Fail(ok.error());
  auto province = text::CanonicalAfghanProvince(point.afghan_province);
  if (!province) {
    return Fail(Error::InvalidInput("afghan_province",
                                    "is not a province of Afghanistan: use one of {}",
                                    text::AfghanProvinceNames()));
  }
  point.afghan_province = std::string(*province);
  if (point.spellings.size() > kMaxSpellings) {
    return Fail(Error::InvalidInput("spellings", "at most {} other spellings", kMaxSpellings));
  }
  for (size_t i = 0; i < point.spellings.size(); ++i) {
    if (point.spellings[i].empty()) {
      return Fail(Error::InvalidInput(internal::Indexed("spellings", i), "is empty"));
    }
    if (auto ok = ValidateText(internal::Indexed("spellings", i), point.spellings[i]); !ok) {
      return Fail(ok.error());
    }
  }
  auto gazetteer = CrossingPoints();
  if (!gazetteer) return Fail(gazetteer.error());
  if (auto added = gazetteer->Add(point); !added) {
    Error error = added.error();
    error.field = "name";
    return Fail(std::move(error));
  }
  SiteCrossingPoint made{std::move(point), false, actor.id, clock_->NowIso()};
  std::lock_guard lock(mutex_);
  auto ok = db_->Transaction([&]() -> Status {
    auto r = db_->Execute(
        "INSERT INTO crossing_points (name, afghan_province, spellings, added_by, added_at) "
        "VALUES (?, ?, ?, ?, ?)",
        {made.point.name, made.point.afghan_province, JoinLines(made.point.spellings),
         made.added_by, made.added_at});
    if (!r) return Fail(r.error());
    return AuditLocked(actor, "crossing_point.add", "crossing_point", made.point.name, "ok");
  });
  if (!ok) return Fail(ok.error());
  return made;
}

}  // namespace sanad::store
