// Decisions on possible duplicates: a registrar or caseworker says two
// records are the same person, or not.
//
// A pair is stored once, ordered (person_a < person_b), so a decision made
// from either person's page is found from the other's; a pair decided
// before is a conflict, never overwritten silently. "Same" links the two in
// person_links (relationship "same_person") and keeps both records: a link
// never merges, moves or drops anyone. What is stored is ids, the verdict,
// who and when; the audit entry names the person and the candidate.
#include <sodium.h>

#include "core/id.h"
#include "core/validation.h"
#include "store/store.h"
#include "store/store_internal.h"

namespace sanad::store {

std::string_view ToString(DuplicateVerdict verdict) {
  return verdict == DuplicateVerdict::kSame ? "same" : "not_same";
}

std::optional<DuplicateVerdict> ParseDuplicateVerdict(std::string_view text) {
  if (text == "same") return DuplicateVerdict::kSame;
  if (text == "not_same") return DuplicateVerdict::kNotSame;
  return std::nullopt;
}

namespace {

constexpr std::string_view kSamePerson = "same_person";

// The decision rows naming `person_id`, as that person sees them.
Result<std::vector<DuplicateDecision>> DecisionsOf(Database& db, const std::string& person_id) {
  auto rows = db.Query(
      "SELECT d.id, d.person_a, d.person_b, d.decision, COALESCE(u.username, d.by_actor), d.at "
      "FROM duplicate_decisions d LEFT JOIN users u ON u.id = d.by_actor "
      "WHERE d.person_a = ? OR d.person_b = ? ORDER BY d.at, d.id",
      {person_id, person_id});
  if (!rows) return Fail(rows.error());
  std::vector<DuplicateDecision> out;
  for (const Row& r : *rows) {
    const std::string id = AsText(r[0]);
    auto verdict = internal::Stored(ParseDuplicateVerdict(AsText(r[3])), "duplicate_decisions", id,
                                    "decision");
    if (!verdict) return Fail(verdict.error());
    DuplicateDecision d;
    d.person_id = person_id;
    d.candidate_id = AsText(r[1]) == person_id ? AsText(r[2]) : AsText(r[1]);
    d.verdict = *verdict;
    d.by = AsText(r[4]);
    d.at = AsText(r[5]);
    out.push_back(std::move(d));
  }
  return out;
}

}  // namespace

namespace internal {

Status ShredDuplicateDecisionsOf(Database& db, const std::string& person_id) {
  for (const char* table : {"duplicate_decisions", "cross_site_duplicates"}) {
    auto r = db.Execute(std::string("DELETE FROM ") + table + " WHERE person_a = ? OR person_b = ?",
                        {person_id, person_id});
    if (!r) return Fail(r.error());
  }
  return {};
}

std::string DuplicateField(std::string_view other_id) {
  return std::string(kDuplicateFieldPrefix) + std::string(other_id);
}

Status InsertDuplicateDecision(Database& db, const std::string& person_id,
                               const std::string& household_id, const std::string& candidate_id,
                               const std::string& candidate_household_id, DuplicateVerdict verdict,
                               const std::string& by, const std::string& at) {
  const bool ordered = person_id < candidate_id;
  const std::string& a = ordered ? person_id : candidate_id;
  const std::string& b = ordered ? candidate_id : person_id;
  auto written = db.Execute(
      "INSERT INTO duplicate_decisions (id, person_a, person_b, decision, by_actor, at) "
      "VALUES (?, ?, ?, ?, ?, ?)",
      {NewId(), a, b, std::string(ToString(verdict)), by, at});
  if (!written) return Fail(written.error());
  if (verdict == DuplicateVerdict::kSame) {
    auto link = db.Execute(
        "INSERT INTO person_links (id, person_a, person_b, household_a, household_b, "
        "relationship, tracing_request_id, created_by, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?, NULL, ?, ?)",
        {NewId(), person_id, candidate_id, household_id, candidate_household_id,
         std::string(kSamePerson), by, at});
    if (!link) return Fail(link.error());
  }
  return {};
}

Result<bool> PairDecided(Database& db, const std::string& person_id,
                         const std::string& candidate_id) {
  const bool ordered = person_id < candidate_id;
  auto rows = db.Query("SELECT 1 FROM duplicate_decisions WHERE person_a = ? AND person_b = ?",
                       {ordered ? person_id : candidate_id, ordered ? candidate_id : person_id});
  if (!rows) return Fail(rows.error());
  return !rows->empty();
}

}  // namespace internal

Result<DuplicateDecision> Store::DecideDuplicate(const std::string& person_id,
                                                 const std::string& candidate_id,
                                                 DuplicateVerdict verdict, const Actor& actor) {
  if (auto ok = ValidateText("candidate_id", candidate_id, 64); !ok) return Fail(ok.error());
  if (candidate_id.empty()) {
    return Fail(Error::InvalidInput("candidate_id", "is required: the other person's id"));
  }
  if (candidate_id == person_id) {
    return Fail(Error::InvalidInput("candidate_id",
                                    "is this person: a person is not their own "
                                    "duplicate"));
  }
  std::lock_guard lock(mutex_);
  DuplicateDecision decision{person_id, candidate_id, verdict, actor.id, clock_->NowIso()};
  auto ok = db_->Transaction([&]() -> Status {
    auto mine = internal::LiveHouseholdOf(*db_, person_id, "person_id");
    if (!mine) {
      return Fail(Error::NotFound("no person has the id '{}'", person_id));
    }
    auto theirs = internal::LiveHouseholdOf(*db_, candidate_id, "candidate_id");
    if (!theirs) return Fail(theirs.error());
    auto before = DecisionsOf(*db_, person_id);
    if (!before) return Fail(before.error());
    for (const DuplicateDecision& d : *before) {
      if (d.candidate_id != candidate_id) continue;
      return Fail(Error::Conflict("these two records were already decided {} (by {}, {})",
                                  d.verdict == DuplicateVerdict::kSame ? Message("the same person")
                                                                       : Message("not the same"),
                                  d.by, d.at));
    }
    if (auto written = internal::InsertDuplicateDecision(*db_, person_id, *mine, candidate_id,
                                                         *theirs, verdict, actor.id, decision.at);
        !written) {
      return written;
    }
    // The verdict travels as an operation on each person ("duplicate/" and
    // the other's id), sealed with that person's key like their other
    // fields: each person's site receives the verdict on its person, and two
    // replicas that decide a pair differently see a conflict there.
    for (const auto& [self, other] :
         {std::pair{person_id, candidate_id}, {candidate_id, person_id}}) {
      auto data_key = internal::PersonKey(*db_, keys_, self);
      if (!data_key) return Fail(data_key.error());
      const std::string field = internal::DuplicateField(other);
      std::string sealed = KeyRing::Seal(*data_key, ToString(verdict), self + "/" + field);
      sodium_memzero(data_key->data(), data_key->size());
      if (auto logged = RecordOperation(
              verdict == DuplicateVerdict::kSame ? sync::OpKind::kLink : sync::OpKind::kDismiss,
              "person", self, field, std::move(sealed), actor);
          !logged) {
        return logged;
      }
    }
    auto by = db_->Query("SELECT username FROM users WHERE id = ?", {actor.id});
    if (!by) return Fail(by.error());
    if (!by->empty()) decision.by = AsText(by->at(0).at(0));
    return AuditLocked(actor, "person.duplicate." + std::string(ToString(verdict)), "person",
                       person_id, "ok", "candidate " + candidate_id);
  });
  if (!ok) return Fail(ok.error());
  return decision;
}

Result<std::vector<DuplicateDecision>> Store::DuplicateDecisionsOf(const std::string& person_id) {
  std::lock_guard lock(mutex_);
  return DecisionsOf(*db_, person_id);
}

}  // namespace sanad::store
