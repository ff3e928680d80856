// Households: create, read, update with optimistic concurrency, and
// import in one transaction.
#include <algorithm>
#include <cassert>
#include <set>

#include "core/id.h"
#include "core/validation.h"
#include "store/import_writes.h"
#include "store/record_fields.h"
#include "store/row_batch.h"
#include "store/store.h"
#include "store/store_internal.h"
#include "text/gazetteer.h"

namespace sanad::store {

namespace internal {

// A destination (where a household goes, what a tally counts): empty for
// unknown, else a province of Afghanistan the gazetteer knows, made
// canonical so that flows by destination add up.
Status CanonicalDestination(std::string* province) {
  if (province->empty()) return {};
  auto canonical = text::CanonicalAfghanProvince(*province);
  if (!canonical) {
    return Fail(
        Error::InvalidInput("destination_province",
                            "is not a province of Afghanistan: use one of {}, or leave it empty",
                            text::AfghanProvinceNames()));
  }
  *province = std::string(*canonical);
  return {};
}

Result<std::string> LiveHouseholdOf(Database& db, const std::string& person_id,
                                    std::string_view field) {
  auto rows = db.Query("SELECT household_id, erased_at FROM persons WHERE id = ?", {person_id});
  if (!rows) return Fail(rows.error());
  if (rows->empty()) {
    return Fail(Error::InvalidInput(std::string(field), "no registered person has this id"));
  }
  if (!IsNull(rows->at(0).at(1))) {
    return Fail(Error::InvalidInput(std::string(field), "this person's record was erased"));
  }
  return AsText(rows->at(0).at(0));
}

}  // namespace internal

using internal::CanonicalDestination;
using internal::kPersonColumns;
using internal::StampConsentRecorder;

Result<Household> Store::LoadHousehold(const std::string& id) {
  auto rows = db_->Query(
      "SELECT id, version, origin_province, origin_district, current_location, "
      "destination_province, destination_district, created_at, updated_at FROM households "
      "WHERE id = ?",
      {id});
  if (!rows) return Fail(rows.error());
  if (rows->empty()) return Fail(Error::NotFound("no household has the id '{}'", id));
  const Row& r = rows->at(0);
  Household h;
  h.id = AsText(r[0]);
  h.version = AsInt(r[1]);
  h.origin_province = AsText(r[2]);
  h.origin_district = AsText(r[3]);
  h.current_location = AsText(r[4]);
  h.destination_province = AsText(r[5]);
  h.destination_district = AsText(r[6]);
  h.created_at = AsText(r[7]);
  h.updated_at = AsText(r[8]);
  auto members = db_->Query("SELECT " + std::string(kPersonColumns) +
                                " FROM persons p LEFT JOIN person_keys k ON k.person_id = p.id "
                                "WHERE p.household_id = ? AND p.erased_at IS NULL "
                                "ORDER BY p.position",
                            {id});
  if (!members) return Fail(members.error());
  for (const Row& m : *members) {
    auto p = LoadPerson(m);
    if (!p) return Fail(p.error());
    h.members.push_back(std::move(*p));
  }
  return h;
}

namespace internal {

void SetHouseholdRow(const Household& h, const std::string& now, std::span<Value> row) {
  SetText(&row[0], h.id);
  SetInt(&row[1], h.version);
  SetText(&row[2], h.origin_province);
  SetText(&row[3], h.origin_district);
  SetText(&row[4], h.current_location);
  SetText(&row[5], h.destination_province);
  SetText(&row[6], h.destination_district);
  SetText(&row[7], now);
  SetText(&row[8], now);
}

}  // namespace internal

Status Store::InsertHouseholdRows(Household& h, const std::string& now, const Actor& actor,
                                  bool validated) {
  if (validated) {
    assert(ValidateHousehold(h, *clock_));
  } else if (auto ok = ValidateHousehold(h, *clock_); !ok) {
    return ok;
  }
  if (auto ok = CanonicalDestination(&h.destination_province); !ok) return ok;
  for (auto& m : h.members) StampConsentRecorder(&m, nullptr, actor);
  h.version = 1;
  h.created_at = now;
  h.updated_at = now;
  // The change log's `create` of a household carries its own fields (stored
  // in the clear, as in the households table).
  if (import_ != nullptr) {
    // The import's row, its values reused from the last household's.
    std::array<unsigned char, kRandomIdBytes> random;
    import_->random.Take(random);
    h.id = NewId(random);
    internal::SetHouseholdRow(h, now, import_->households.Add());
    if (auto ok = import_->households.Flush(*db_); !ok) return ok;
    int64_t log_position = 0;
    auto operation = NextOperation(sync::OpKind::kCreate, "household", h.id, "",
                                   internal::HouseholdCreatePayload(h), actor, &log_position);
    if (!operation) return Fail(operation.error());
    auto row = import_->AddOperationRow(*db_);
    if (!row) return Fail(row.error());
    internal::SetOperationRow(*operation, log_position, *row);
  } else {
    h.id = NewId();
    internal::RowBatch row(internal::kHouseholdInsert, internal::kHouseholdColumnCount, 1);
    internal::SetHouseholdRow(h, now, row.Add());
    if (auto ok = row.Flush(*db_); !ok) return ok;
    if (auto logged = RecordOperation(sync::OpKind::kCreate, "household", h.id, "",
                                      internal::HouseholdCreatePayload(h), actor);
        !logged) {
      return logged;
    }
  }
  for (size_t i = 0; i < h.members.size(); ++i) {
    h.members[i].id.clear();
    if (auto s = InsertPerson(h.members[i], h.id, static_cast<int64_t>(i), now, actor); !s) {
      return Fail(std::move(s.error()).WithFieldPrefix("members[" + std::to_string(i) + "]"));
    }
  }
  return {};
}

Result<Household> Store::CreateHousehold(Household household, const Actor& actor) {
  std::lock_guard lock(mutex_);
  const std::string now = clock_->NowIso();
  auto ok = db_->Transaction([&]() -> Status {
    if (auto s = InsertHouseholdRows(household, now, actor); !s) return s;
    return AuditLocked(actor, "household.create", "household", household.id, "ok");
  });
  if (!ok) return Fail(ok.error());
  return household;
}

namespace {

// The index rows are written this many to a statement.
constexpr size_t kIndexRowsPerStatement = 100;

// The first 8 bytes at `bytes` as a big-endian number: words compared so
// compare as memcmp compares the bytes.
uint64_t BigEndianWord(const unsigned char* bytes) {
  uint64_t word = 0;
  for (int i = 0; i < 8; ++i) word = word << 8 | bytes[i];
  return word;
}

// A vector's households, in order.
class VectorSource final : public HouseholdSource {
 public:
  explicit VectorSource(std::vector<Household>* households) : households_(households) {}
  Result<Household*> Next() override {
    return next_ < households_->size() ? &(*households_)[next_++] : nullptr;
  }

 private:
  std::vector<Household>* households_;
  size_t next_ = 0;
};

}  // namespace

static_assert(KeyRing::kBlindIndexBytes == 16, "DeferredIndex::Entry compares two words");

Status Store::ImportWrites::FlushPersons(Database& db) {
  for (internal::RowBatch* batch : {&persons, &person_keys}) {
    if (auto ok = batch->Flush(db); !ok) return ok;
  }
  return {};
}

Result<std::span<Value>> Store::ImportWrites::AddOperationRow(Database& db) {
  if (change_log.full()) {
    if (auto ok = change_log.Flush(db); !ok) return Fail(ok.error());
  }
  return change_log.Add();
}

Status Store::ImportWrites::FlushAll(Database& db) {
  if (auto ok = FlushPersons(db); !ok) return ok;
  return change_log.Flush(db);
}

Status Store::ImportWrites::WriteIndex(Database& db) {
  std::sort(index.entries.begin(), index.entries.end());
  internal::RowBatch rows("INSERT INTO person_index (token, person_id)", 2,
                          kIndexRowsPerStatement);
  for (const DeferredIndex::Entry& entry : index.entries) {
    std::span<Value> row = rows.Add();
    internal::SetBytes(
        &row[0],
        std::string_view(reinterpret_cast<const char*>(entry.token.data()), entry.token.size()));
    internal::SetText(&row[1], index.PersonId(entry.person));
    if (rows.full()) {
      if (auto ok = rows.Flush(db); !ok) return ok;
    }
  }
  return rows.Flush(db);
}

bool Store::ImportWrites::DeferredIndex::Entry::operator<(const Entry& other) const {
  for (size_t at = 0; at < token.size(); at += 8) {
    const uint64_t mine = BigEndianWord(token.data() + at);
    const uint64_t theirs = BigEndianWord(other.token.data() + at);
    if (mine != theirs) return mine < theirs;
  }
  return person < other.person;
}

uint32_t Store::ImportWrites::DeferredIndex::AddPerson(std::string_view id) {
  const auto person = static_cast<uint32_t>(person_id_ends.size());
  person_ids.append(id);
  person_id_ends.push_back(person_ids.size());
  return person;
}

std::string_view Store::ImportWrites::DeferredIndex::PersonId(uint32_t person) const {
  const size_t begin = person == 0 ? 0 : person_id_ends[person - 1];
  return std::string_view(person_ids).substr(begin, person_id_ends[person] - begin);
}

Status Store::ImportHouseholds(std::vector<Household>* households, const Actor& actor,
                               const std::function<void(size_t)>& progress,
                               const ImportFile& file) {
  VectorSource source(households);
  return ImportHouseholds(source, actor, progress, file);
}

Status Store::ImportHouseholds(HouseholdSource& source, const Actor& actor,
                               const std::function<void(size_t)>& progress,
                               const ImportFile& file) {
  std::lock_guard lock(mutex_);
  const std::string now = clock_->NowIso();
  // Index entries are collected and written at the end in token order:
  // inserting sorted keys into the B-tree touches each page once, where
  // random keys would touch a page per entry.
  ImportWrites writes;
  import_ = &writes;
  struct Reset {
    Store* store;
    ~Reset() {
      store->import_ = nullptr;
      store->log_cursor_.reset();
    }
  } reset{this};
  return db_->BulkTransaction([&]() -> Status {
    // The file is refused before any work when it was imported before; its
    // row count is known at the end.
    bool repeated = false;
    Bytes digest;
    if (auto s = RecordImportFile(file, "persons", 0, now, &repeated, &digest); !s) return s;
    auto cursor = NextLogCursor();
    if (!cursor) return Fail(cursor.error());
    log_cursor_ = *cursor;
    size_t persons = 0;
    while (true) {
      auto next = source.Next();
      if (!next) return Fail(std::move(next.error()));
      Household* h = *next;
      if (h == nullptr) break;
      if (auto s = InsertHouseholdRows(*h, now, actor, source.validated()); !s) return s;
      const size_t before = persons;
      persons += h->members.size();
      if (progress && persons / 10000 != before / 10000) progress(persons);
    }
    if (auto s = writes.FlushAll(*db_); !s) return s;  // the last batches, partly full
    if (auto s = SetImportFileRows(digest, static_cast<int64_t>(persons)); !s) return s;
    if (auto ok = writes.WriteIndex(*db_); !ok) return ok;
    return AuditLocked(actor, "persons.import", "import", std::to_string(persons) + " persons",
                       "ok", repeated ? "a file imported before, imported again" : "");
  });
}

Result<Household> Store::GetHousehold(const std::string& id, const Actor& actor) {
  std::lock_guard lock(mutex_);
  Result<Household> result = Fail(Error::Internal("unreachable"));
  auto ok = db_->Transaction([&]() -> Status {
    result = LoadHousehold(id);
    if (!result) return {};
    return AuditLocked(actor, "household.read", "household", id, "ok");
  });
  if (!ok) return Fail(ok.error());
  return result;
}

Status Store::UpdateHouseholdRows(Household& updated, int64_t expected_version,
                                  const std::string& now, const Actor& actor) {
  // The fields as they were, for the change log's edits.
  auto before = db_->Query(
      "SELECT origin_province, origin_district, current_location, destination_province, "
      "destination_district FROM households WHERE id = ? AND version = ?",
      {updated.id, expected_version});
  if (!before) return Fail(before.error());
  auto changed = db_->Execute(
      "UPDATE households SET version = version + 1, origin_province = ?, origin_district = ?, "
      "current_location = ?, destination_province = ?, destination_district = ?, "
      "updated_at = ? WHERE id = ? AND version = ?",
      {updated.origin_province, updated.origin_district, updated.current_location,
       updated.destination_province, updated.destination_district, now, updated.id,
       expected_version});
  if (!changed) return Fail(changed.error());
  if (*changed == 0) {
    auto exists = db_->Query("SELECT version FROM households WHERE id = ?", {updated.id});
    if (!exists) return Fail(exists.error());
    if (exists->empty()) {
      return Fail(Error::NotFound("no household has the id '{}'", updated.id));
    }
    return Fail(
        internal::StaleVersion(Message("household"), expected_version, AsInt(exists->at(0).at(0))));
  }
  if (!before->empty()) {
    const Row& row = before->at(0);
    Household old;
    old.id = updated.id;
    old.origin_province = AsText(row[0]);
    old.origin_district = AsText(row[1]);
    old.current_location = AsText(row[2]);
    old.destination_province = AsText(row[3]);
    old.destination_district = AsText(row[4]);
    if (auto logged = RecordHouseholdEdits(old, updated, actor); !logged) return logged;
  }
  auto current = db_->Query("SELECT id FROM persons WHERE household_id = ? AND erased_at IS NULL",
                            {updated.id});
  if (!current) return Fail(current.error());
  std::set<std::string> existing;
  for (const auto& r : *current) existing.insert(AsText(r[0]));
  std::set<std::string> kept;
  for (size_t i = 0; i < updated.members.size(); ++i) {
    Person& m = updated.members[i];
    const auto position = static_cast<int64_t>(i);
    Status s;
    if (m.id.empty()) {
      StampConsentRecorder(&m, nullptr, actor);
      s = InsertPerson(m, updated.id, position, now, actor);
    } else if (existing.contains(m.id)) {
      m.household_id = updated.id;
      kept.insert(m.id);
      s = UpdatePersonRow(m, position, now, actor);
    } else {
      s = Fail(Error::InvalidInput("id", "this person is not a member of the household"));
    }
    if (!s) return Fail(std::move(s.error()).WithFieldPrefix("members[" + std::to_string(i) + "]"));
  }
  if (kept.size() != existing.size()) {
    return Fail(Error::InvalidInput(
        "members",
        "every current member must be listed: an update cannot drop a member. To remove a "
        "person for good, ask an administrator to erase their record (sanad person erase)"));
  }
  return {};
}

Result<Household> Store::UpdateHousehold(const Household& household, int64_t expected_version,
                                         const Actor& actor) {
  std::lock_guard lock(mutex_);
  if (auto ok = ValidateHousehold(household, *clock_); !ok) return Fail(ok.error());
  const std::string now = clock_->NowIso();
  Household updated = household;
  if (auto ok = CanonicalDestination(&updated.destination_province); !ok) return Fail(ok.error());
  auto ok = db_->Transaction([&]() -> Status {
    if (auto s = UpdateHouseholdRows(updated, expected_version, now, actor); !s) return s;
    return AuditLocked(actor, "household.update", "household", household.id, "ok");
  });
  if (!ok) return Fail(ok.error());
  auto reloaded = LoadHousehold(household.id);
  if (!reloaded) return Fail(reloaded.error());
  return reloaded;
}

}  // namespace sanad::store
