// Members moved from one household to another.
//
// A family splits or regroups at the border; a registrar corrects who
// belongs where. A move is never a silent drop: the person keeps their
// record and id, both households' versions go up (anyone editing either
// sees a 409 and reloads), the move is a row of household_moves, the
// change log records the person's new household and relationship, and the
// audit entry names the person and both households. A household is never
// left empty and never gets a second head. Removing a person for good is
// erasure (an administrator's act), not a move.
#include "core/id.h"
#include "core/validation.h"
#include "store/store.h"
#include "store/store_internal.h"

namespace sanad::store {

Result<HouseholdMove> Store::MoveMember(const std::string& from_id, int64_t expected_version,
                                        const std::string& person_id, const std::string& to_id,
                                        Relationship relationship, const Actor& actor) {
  if (to_id.empty()) {
    return Fail(Error::InvalidInput("to_household_id", "is required: the household to move to"));
  }
  if (to_id == from_id) {
    return Fail(Error::InvalidInput("to_household_id",
                                    "is the household the person is in already: choose another"));
  }
  std::lock_guard lock(mutex_);
  const std::string now = clock_->NowIso();
  HouseholdMove move{NewId(), person_id, from_id, to_id, relationship, actor.id, now};
  auto ok = db_->Transaction([&]() -> Status {
    auto from = LoadHousehold(from_id);
    if (!from) return Fail(from.error());
    if (from->version != expected_version) {
      return Fail(internal::StaleVersion(Message("household"), expected_version, from->version));
    }
    auto to = LoadHousehold(to_id);
    if (!to) {
      if (to.error().code != Error::Code::kNotFound) return Fail(to.error());
      return Fail(Error::InvalidInput("to_household_id", "no household has this id"));
    }
    Person* moving = nullptr;
    for (Person& m : from->members) {
      if (m.id == person_id) moving = &m;
    }
    if (moving == nullptr) {
      return Fail(Error::InvalidInput("person_id", "is not a member of this household"));
    }
    if (from->members.size() == 1) {
      return Fail(Error::InvalidInput(
          "person_id",
          "is the household's only member: a household cannot be left empty. Move the person "
          "only once another member is registered, or ask an administrator"));
    }
    if (relationship == Relationship::kHead) {
      for (const Person& m : to->members) {
        if (m.relationship == Relationship::kHead) {
          return Fail(
              Error::InvalidInput("relationship",
                                  "the other household has a head already: say what the person is "
                                  "to that head"));
        }
      }
    }
    Person moved = *moving;
    moved.household_id = to_id;
    moved.relationship = relationship;
    if (auto valid = ValidatePerson(moved, *clock_); !valid) return valid;
    for (const std::string& id : {from_id, to_id}) {
      auto bumped = db_->Execute(
          "UPDATE households SET version = version + 1, updated_at = ? WHERE id = ?", {now, id});
      if (!bumped) return Fail(bumped.error());
    }
    // After every member already there. The row is updated before its
    // household, so the change log compares the person as they were with
    // the person moved: the new household and relationship are edits.
    auto last = db_->Query("SELECT COALESCE(MAX(position), -1) FROM persons WHERE household_id = ?",
                           {to_id});
    if (!last) return Fail(last.error());
    if (auto s = UpdatePersonRow(moved, AsInt(last->at(0).at(0)) + 1, now, actor); !s) return s;
    auto rehomed =
        db_->Execute("UPDATE persons SET household_id = ? WHERE id = ?", {to_id, person_id});
    if (!rehomed) return Fail(rehomed.error());
    auto recorded = db_->Execute(
        "INSERT INTO household_moves (id, person_id, from_household, to_household, relationship, "
        "by_actor, at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        {move.id, person_id, from_id, to_id, std::string(ToString(relationship)), actor.id, now});
    if (!recorded) return Fail(recorded.error());
    auto by = db_->Query("SELECT username FROM users WHERE id = ?", {actor.id});
    if (!by) return Fail(by.error());
    if (!by->empty()) move.by = AsText(by->at(0).at(0));
    return AuditLocked(actor, "household.move", "person", person_id, "ok",
                       "from household " + from_id + " to household " + to_id);
  });
  if (!ok) return Fail(ok.error());
  return move;
}

Result<std::vector<HouseholdMove>> Store::ListHouseholdMoves(const std::string& id,
                                                             const Actor& actor) {
  std::lock_guard lock(mutex_);
  std::vector<HouseholdMove> out;
  auto ok = db_->Transaction([&]() -> Status {
    auto exists = db_->Query("SELECT id FROM households WHERE id = ?", {id});
    if (!exists) return Fail(exists.error());
    if (exists->empty()) return Fail(Error::NotFound("no household has the id '{}'", id));
    auto rows = db_->Query(
        "SELECT m.id, m.person_id, m.from_household, m.to_household, m.relationship, "
        "COALESCE(u.username, m.by_actor), m.at FROM household_moves m "
        "LEFT JOIN users u ON u.id = m.by_actor "
        "WHERE m.from_household = ? OR m.to_household = ? ORDER BY m.at, m.id",
        {id, id});
    if (!rows) return Fail(rows.error());
    for (const Row& r : *rows) {
      HouseholdMove m;
      m.id = AsText(r[0]);
      auto relationship = internal::Stored(ParseRelationship(AsText(r[4])), "household_moves", m.id,
                                           "relationship");
      if (!relationship) return Fail(relationship.error());
      m.person_id = AsText(r[1]);
      m.from_household_id = AsText(r[2]);
      m.to_household_id = AsText(r[3]);
      m.relationship = *relationship;
      m.by = AsText(r[5]);
      m.at = AsText(r[6]);
      out.push_back(std::move(m));
    }
    return AuditLocked(actor, "household.moves", "household", id, "ok");
  });
  if (!ok) return Fail(ok.error());
  return out;
}

}  // namespace sanad::store
