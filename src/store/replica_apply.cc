// Records built from operations another replica sent: the hub's from its
// sites' pushes, a site's from what it pulls (see Store::IngestOperations).
//
// A record touched by a batch is written as the change log's heads now say:
// its `create` gives every field, and each field written since shows its
// first head (the largest clock, then the site: the merge's order; a
// conflict keeps every value in the log, for a person to resolve). Nothing
// is logged here: the operations are in the log already.
//
// A person's values are sealed with the person's data key. The key travels
// beside the operations, sealed under the key the hub and that one site
// share (its transport key, from enrolment): never in the change log, which
// every replica holds, so a site holds the keys of the records sent to it
// and of no other.
#include <sodium.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstring>
#include <functional>
#include <map>
#include <set>

#include "store/import_writes.h"
#include "store/record_fields.h"
#include "store/row_batch.h"
#include "store/store.h"
#include "store/store_internal.h"

namespace sanad::store {
namespace {

// New households' rows to a statement.
constexpr size_t kHouseholdsPerStatement = 100;

// What a data key in transit is bound to: the record it opens ("person/ID").
std::string TransportContext(std::string_view record) {
  return "sync-key/" + std::string(record);
}

std::string RecordName(const sync::RecordKey& key) {
  return key.record_type + "/" + key.record_id;
}

// A record a batch touched. When the batch brought its `create`, the batch
// holds every operation known of it: no replica writes on a record before
// it holds the create, and every log hands operations out in the order it
// took them in, so nothing of a record reaches a replica before its create.
struct Touched {
  sync::RecordKey key;
  bool created = false;
  std::vector<const sync::Operation*> operations;
};

// The record's operations, as the merge reads them.
Result<sync::KnownOperations> KnownOf(Database& db, const Touched& record) {
  if (!record.created) return internal::LoadRecord(db, record.key);
  sync::KnownOperations known;
  for (const sync::Operation* operation : record.operations) known.Add(*operation);
  return known;
}

const sync::Operation* CreateOf(const sync::KnownOperations& known) {
  for (const sync::Operation* operation : known.All()) {
    if (operation->kind == sync::OpKind::kCreate && operation->field.empty()) return operation;
  }
  return nullptr;
}

// An operation's plaintext value.
using OpenValue = std::function<Result<std::string>(const sync::Operation&)>;

// `fields` (the create's) with each field written since set to its first head.
Result<internal::FieldValues> ShownFields(const sync::KnownOperations& known,
                                          const sync::RecordKey& key,
                                          internal::FieldValues fields, const OpenValue& open) {
  for (const std::string& field : known.FieldsOf(key)) {
    auto heads = known.FieldHeads({key, field});
    if (heads.empty() || heads.front()->value.empty()) continue;
    auto value = open(*heads.front());
    if (!value) return Fail(value.error());
    fields[field] = std::move(*value);
  }
  return fields;
}

// The records of `fresh` ("household", "person"), in the order the batch
// first named them.
std::vector<Touched> TouchedOf(const std::vector<const sync::Operation*>& fresh,
                               std::string_view record_type) {
  std::vector<Touched> touched;
  std::map<sync::RecordKey, size_t> place;
  for (const sync::Operation* operation : fresh) {
    if (operation->record_type != record_type) continue;
    const sync::RecordKey key = sync::RecordOf(*operation);
    auto [at, added] = place.try_emplace(key, touched.size());
    if (added) touched.push_back(Touched{key, false, {}});
    Touched& record = touched[at->second];
    record.operations.push_back(operation);
    if (operation->kind == sync::OpKind::kCreate && operation->field.empty()) {
      record.created = true;
    }
  }
  return touched;
}

// A person to be written new here, with the key that opens them.
struct NewPerson {
  Person person;
  int64_t position = 0;
  Key data_key{};
};

// Verdicts on possible duplicates decided at another replica (`link`,
// `dismiss`; see DecideDuplicate): recorded here when both persons are here
// and the pair was not decided yet. A pair decided both ways stays so: the
// operations are in the log, and two verdicts on one person's field are a
// conflict for a person to resolve.
Status ApplyReceivedVerdicts(Database& db, const std::vector<const sync::Operation*>& fresh,
                             const std::string& now) {
  for (const sync::Operation* operation : fresh) {
    if (operation->record_type != "person" ||
        (operation->kind != sync::OpKind::kLink && operation->kind != sync::OpKind::kDismiss) ||
        !operation->field.starts_with(internal::kDuplicateFieldPrefix)) {
      continue;
    }
    const std::string& self = operation->record_id;
    const std::string other = operation->field.substr(internal::kDuplicateFieldPrefix.size());
    auto mine = internal::LiveHouseholdOf(db, self, "person_id");
    auto theirs = internal::LiveHouseholdOf(db, other, "candidate_id");
    for (const Result<std::string>* household : {&mine, &theirs}) {
      if (!*household && household->error().code != Error::Code::kInvalidInput) {
        return Fail(household->error());
      }
    }
    if (!mine || !theirs) continue;  // one of the two is not held here, or was erased
    auto decided = internal::PairDecided(db, self, other);
    if (!decided) return Fail(decided.error());
    if (*decided) continue;
    if (auto written = internal::InsertDuplicateDecision(db, self, *mine, other, *theirs,
                                                         operation->kind == sync::OpKind::kLink
                                                             ? DuplicateVerdict::kSame
                                                             : DuplicateVerdict::kNotSame,
                                                         operation->user, now);
        !written) {
      return written;
    }
  }
  return {};
}

}  // namespace

Status Store::AddTransportKeys(ChangeBatch* batch, const Key& transport_key) {
  std::vector<std::string> ids;
  for (const sync::Operation& operation : batch->operations) {
    if (operation.record_type == "person" && operation.kind != sync::OpKind::kErase) {
      ids.push_back(operation.record_id);
    }
  }
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  // A key that does not unwrap stops the batch: the first failure is kept.
  Status failed;
  auto read = internal::QueryByIds(
      *db_, "SELECT person_id, wrapped_key FROM person_keys WHERE person_id", ids,
      [&](const Row& row) {
        if (!failed) return;
        const std::string id = AsText(row[0]);
        auto data_key = keys_.UnwrapKey(AsBytes(row[1]), id);
        if (!data_key) {
          failed = Fail(data_key.error());
          return;
        }
        const std::string record = "person/" + id;
        batch->keys[record] = KeyRing::Seal(
            transport_key,
            std::string_view(reinterpret_cast<const char*>(data_key->data()), data_key->size()),
            TransportContext(record));
        sodium_memzero(data_key->data(), data_key->size());
      });
  if (!read) return read;
  return failed;
}

Status Store::ApplyReceived(const std::vector<const sync::Operation*>& fresh,
                            const sync::RecordKeys& keys, const Key* transport_key,
                            IngestCount* count) {
  const std::string now = clock_->NowIso();

  // Households first: the persons' rows name them.
  std::set<std::string> households_new;
  internal::RowBatch new_households(internal::kHouseholdInsert, internal::kHouseholdColumnCount,
                                    kHouseholdsPerStatement);
  std::map<std::string, std::string> origin_of_new;  // household id -> origin province
  for (const Touched& record : TouchedOf(fresh, "household")) {
    const std::string where = RecordName(record.key);
    auto known = KnownOf(*db_, record);
    if (!known) return Fail(known.error());
    if (known->StateOf(record.key) != sync::RecordState::kLive) continue;
    const sync::Operation* create = CreateOf(*known);
    if (create == nullptr || create->value.empty()) continue;
    auto created = internal::ReadHouseholdPayload(create->value, where);
    if (!created) return Fail(created.error());
    auto fields = ShownFields(*known, record.key, std::move(*created),
                              [](const sync::Operation& op) -> Result<std::string> {
                                return op.value;  // stored in the clear
                              });
    if (!fields) return Fail(fields.error());
    Household household;
    household.id = record.key.record_id;
    household.version = 1;
    if (auto read = internal::HouseholdFromFields(*fields, &household, where); !read) {
      spdlog::warn("household {} kept in the change log, not built: {}", household.id,
                   read.error().message);
      continue;
    }
    if (!record.created) {
      auto updated = db_->Execute(
          "UPDATE households SET version = version + 1, origin_province = ?, "
          "origin_district = ?, current_location = ?, destination_province = ?, "
          "destination_district = ?, updated_at = ? WHERE id = ?",
          {household.origin_province, household.origin_district, household.current_location,
           household.destination_province, household.destination_district, now, household.id});
      if (!updated) return Fail(updated.error());
      if (*updated > 0) continue;
    }
    internal::SetHouseholdRow(household, now, new_households.Add());
    households_new.insert(household.id);
    origin_of_new[household.id] = household.origin_province;
    if (new_households.full()) {
      if (auto flushed = new_households.Flush(*db_); !flushed) return flushed;
    }
  }
  if (auto flushed = new_households.Flush(*db_); !flushed) return flushed;

  std::vector<NewPerson> added;
  struct Wipe {
    std::vector<NewPerson>* persons;
    ~Wipe() {
      for (NewPerson& p : *persons) sodium_memzero(p.data_key.data(), p.data_key.size());
    }
  } wipe{&added};
  for (const Touched& record : TouchedOf(fresh, "person")) {
    const std::string& id = record.key.record_id;
    const std::string where = RecordName(record.key);
    auto known = KnownOf(*db_, record);
    if (!known) return Fail(known.error());
    if (known->StateOf(record.key) != sync::RecordState::kLive) continue;
    const sync::Operation* create = CreateOf(*known);
    if (create == nullptr || create->value.empty()) continue;

    // The key: the one kept here for a person built before, else the one
    // that came with the batch.
    std::optional<Person> before;
    Key data_key{};
    bool have_key = false;
    if (!record.created) {
      auto rows = db_->Query("SELECT " + std::string(internal::kPersonColumns) +
                                 " FROM persons p JOIN person_keys k ON k.person_id = p.id "
                                 "WHERE p.id = ? AND p.erased_at IS NULL",
                             {id});
      if (!rows) return Fail(rows.error());
      if (!rows->empty()) {
        auto loaded = LoadPerson(rows->at(0));
        if (!loaded) return Fail(loaded.error());
        before = std::move(*loaded);
        auto unwrapped = keys_.UnwrapKey(AsBytes(rows->at(0).at(7)), id);
        if (!unwrapped) return Fail(unwrapped.error());
        data_key = *unwrapped;
        sodium_memzero(unwrapped->data(), unwrapped->size());
        have_key = true;
      }
    }
    if (!have_key && transport_key != nullptr) {
      if (auto sent = keys.find(where); sent != keys.end()) {
        auto opened = KeyRing::Open(*transport_key, sent->second, TransportContext(where));
        if (opened && opened->size() == data_key.size()) {
          std::memcpy(data_key.data(), opened->data(), data_key.size());
          have_key = true;
        }
        if (opened) sodium_memzero(opened->data(), opened->size());
      }
    }
    if (!have_key) {
      ++count->persons_waiting;
      continue;
    }

    int64_t position = 0;
    auto person = [&]() -> Result<Person> {
      auto payload = KeyRing::Open(data_key, create->value, id + "/");
      if (!payload) {
        return Fail(Error::InvalidInput(
            where, "the sealed value does not open with this person's key"));
      }
      auto created = internal::ReadCreatePayload(*payload, &position, where);
      sodium_memzero(payload->data(), payload->size());
      if (!created) return Fail(created.error());
      auto fields = ShownFields(
          *known, record.key, std::move(*created),
          [&](const sync::Operation& op) -> Result<std::string> {
            auto value = KeyRing::Open(data_key, op.value, id + "/" + op.field);
            if (!value) {
              return Fail(Error::InvalidInput(
                  where + "." + op.field, "the sealed value does not open with this person's key"));
            }
            return value;
          });
      if (!fields) return Fail(fields.error());
      auto built = internal::PersonFromFields(id, *fields, where);
      for (auto& [field, value] : *fields) sodium_memzero(value.data(), value.size());
      return built;
    }();
    if (!person) {
      // The operations stay in the log (nothing is lost); the record is not
      // built until they say something this replica can read. The message
      // names the field, never its value.
      spdlog::warn("person {} kept in the change log, not built: {}: {}", id,
                   person.error().field, person.error().message);
      ++count->persons_waiting;
      sodium_memzero(data_key.data(), data_key.size());
      continue;
    }
    if (before) {
      if (*before != *person) {
        auto rewritten = RewritePersonRow(*before, *person, data_key, now);
        if (!rewritten) {
          sodium_memzero(data_key.data(), data_key.size());
          return rewritten;
        }
        count->persons_changed.push_back(id);
      }
      sodium_memzero(data_key.data(), data_key.size());
      continue;
    }
    added.push_back({std::move(*person), position, data_key});
    sodium_memzero(data_key.data(), data_key.size());
  }

  // A new person's household must be here: built now, or before.
  std::set<std::string> households_needed;
  for (const NewPerson& p : added) {
    if (!households_new.contains(p.person.household_id)) {
      households_needed.insert(p.person.household_id);
    }
  }
  std::vector<std::string> needed(households_needed.begin(), households_needed.end());
  std::set<std::string> households_here = std::move(households_new);
  auto read = internal::QueryByIds(*db_, "SELECT id FROM households WHERE id", needed,
                                   [&](const Row& row) { households_here.insert(AsText(row[0])); });
  if (!read) return read;

  ImportWrites writes;
  for (const NewPerson& p : added) {
    if (!households_here.contains(p.person.household_id)) {
      spdlog::warn("person {} kept in the change log, not built: household {} is not known here",
                   p.person.id, p.person.household_id);
      ++count->persons_waiting;
      continue;
    }
    if (auto staged = StagePersonRows(p.person, p.position, p.data_key, now, writes); !staged) {
      return staged;
    }
    count->persons_changed.push_back(p.person.id);
    if (auto origin = origin_of_new.find(p.person.household_id); origin != origin_of_new.end()) {
      count->persons_built.emplace_back(p.person, origin->second);
    }
  }
  if (auto flushed = writes.FlushAll(*db_); !flushed) return flushed;
  if (auto indexed = writes.WriteIndex(*db_); !indexed) return indexed;
  return ApplyReceivedVerdicts(*db_, fresh, now);
}

}  // namespace sanad::store
