// Conflicts a person resolves: fields two replicas set while apart (see
// sync/merge.h). Every value stays readable until someone chooses; the
// choice is a `resolve` operation naming every value it settles, so it
// travels like any edit and every replica then agrees.
#include <fmt/chrono.h>
#include <sodium.h>

#include "store/store.h"
#include "store/store_internal.h"

namespace sanad::store {
namespace {

std::string WrittenAt(const sync::HlcTimestamp& clock) {
  const auto time = std::chrono::time_point_cast<std::chrono::seconds>(
      std::chrono::system_clock::time_point(std::chrono::milliseconds(clock.wall_ms)));
  return fmt::format("{:%Y-%m-%dT%H:%M:%S}Z", time);
}

}  // namespace

Result<std::vector<FieldConflict>> Store::ListConflicts(const Actor& actor) {
  std::lock_guard lock(mutex_);
  std::vector<FieldConflict> out;
  auto ok = db_->Transaction([&]() -> Status {
    auto found = FindConflictsLocked();
    if (!found) return Fail(found.error());
    for (const sync::FieldKey& key : found->fields) {
      auto known = internal::LoadRecord(*db_, key.record);
      if (!known) return Fail(known.error());
      FieldConflict conflict{key.record.record_type, key.record.record_id, key.field, "", {}};
      std::optional<Key> data_key;
      if (key.record.record_type == "person") {
        auto rows = db_->Query(
            "SELECT k.wrapped_key, p.household_id FROM person_keys k "
            "JOIN persons p ON p.id = k.person_id WHERE k.person_id = ?",
            {key.record.record_id});
        if (!rows) return Fail(rows.error());
        if (rows->empty()) continue;  // not built here: nothing to show
        auto unwrapped = keys_.UnwrapKey(AsBytes(rows->at(0).at(0)), key.record.record_id);
        if (!unwrapped) return Fail(unwrapped.error());
        data_key = *unwrapped;
        conflict.household_id = AsText(rows->at(0).at(1));
      } else if (key.record.record_type == "household") {
        conflict.household_id = key.record.record_id;
      } else {
        continue;
      }
      for (const sync::Operation* head : known->FieldHeads(key)) {
        ConflictValue value{head->id, head->value, head->user, "", WrittenAt(head->clock)};
        if (data_key) {
          auto opened = KeyRing::Open(*data_key, head->value,
                                      key.record.record_id + "/" + key.field);
          if (!opened) return Fail(opened.error());
          value.value = std::move(*opened);
        }
        auto by = db_->Query("SELECT username FROM users WHERE id = ?", {head->user});
        if (!by) return Fail(by.error());
        if (!by->empty()) value.username = AsText(by->at(0).at(0));
        conflict.values.push_back(std::move(value));
      }
      if (data_key) sodium_memzero(data_key->data(), data_key->size());
      out.push_back(std::move(conflict));
    }
    return AuditLocked(actor, "conflict.list", "conflict", std::to_string(out.size()), "ok");
  });
  if (!ok) return Fail(ok.error());
  return out;
}

Status Store::ResolveConflict(const sync::FieldKey& key, const sync::OpId& chosen,
                              const Actor& actor) {
  std::lock_guard lock(mutex_);
  return db_->Transaction([&]() -> Status {
    auto known = internal::LoadRecord(*db_, key.record);
    if (!known) return Fail(known.error());
    const auto heads = known->FieldHeads(key);
    if (heads.size() < 2) {
      return Fail(Error::Conflict("this field holds one value now: nothing to resolve"));
    }
    const sync::Operation* kept = nullptr;
    for (const sync::Operation* head : heads) {
      if (head->id == chosen) kept = head;
    }
    if (kept == nullptr) {
      return Fail(Error::InvalidInput("keep", "is not one of the values in conflict"));
    }
    // The kept value's bytes as they are: sealed under the same key, bound
    // to the same record and field. Its parents are every head.
    if (auto logged = RecordOperation(sync::OpKind::kResolve, key.record.record_type,
                                      key.record.record_id, key.field, kept->value, actor);
        !logged) {
      return logged;
    }
    // The record here shows the kept value from now on.
    sync::Operation touched;
    touched.record_type = key.record.record_type;
    touched.record_id = key.record.record_id;
    touched.kind = sync::OpKind::kResolve;
    touched.field = key.field;
    IngestCount count;
    if (auto applied = ApplyReceived({&touched}, {}, nullptr, &count); !applied) return applied;
    return AuditLocked(actor, "conflict.resolve", key.record.record_type, key.record.record_id,
                       "ok", "field " + key.field + ": kept " + sync::ToString(chosen));
  });
}

}  // namespace sanad::store
