// Family tracing: the caseworker's decisions on a request's candidates and
// the alerts new registrations raise (tracing_store.cc holds the requests
// themselves and what is sealed in them). A confirmed match links the
// inquirer with the person found, and so their households, in the
// transaction that records it; an alert is raised once per request, person
// sought and candidate, and never for a pair already decided.
#include <sodium.h>

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>

#include "core/id.h"
#include "store/store.h"
#include "store/store_internal.h"
#include "store/tracing_internal.h"

namespace sanad::store {
namespace {

using internal::LiveHouseholdOf;
using internal::LoadRequestRow;
using internal::StaleVersion;

}  // namespace

Result<TracingRequest> Store::DecideTracingMatch(TracingDecision decision,
                                                 std::optional<int64_t> expected_version,
                                                 const Actor& actor) {
  if (decision.person_id.empty() == decision.other_request_id.empty()) {
    return Fail(
        Error::InvalidInput("person_id",
                            "name either the person found (person_id) or the other tracing request "
                            "(tracing_request_id), not both"));
  }
  std::lock_guard lock(mutex_);
  const std::string& id = decision.request_id;
  decision.by = actor.id;
  decision.at = clock_->NowIso();
  TracingRequest updated;
  auto ok = db_->Transaction([&]() -> Status {
    auto row = LoadRequestRow(*db_, id);
    if (!row) return Fail(row.error());
    if (expected_version && *expected_version != row->version) {
      return Fail(StaleVersion(Message("tracing request"), *expected_version, row->version));
    }
    auto file = LoadTracingFileLocked(id);
    if (!file) return Fail(file.error());
    TracingRequest& t = file->request;
    if (decision.sought_index >= t.sought.size()) {
      return Fail(Error::InvalidInput(
          "sought_index", "this request seeks {} persons, numbered from 0", t.sought.size()));
    }
    if (t.status == TracingStatus::kClosed) {
      return Fail(Error::Conflict("this tracing request is closed: open a new one"));
    }
    if (t.found[decision.sought_index]) {
      return Fail(Error::Conflict("this person sought was found already: their trace is closed"));
    }
    // Who the candidate is: a person, or the inquirer of the other request.
    std::string found_person = decision.person_id;
    if (!decision.person_id.empty()) {
      if (decision.person_id == t.inquirer_id) {
        return Fail(Error::InvalidInput("person_id", "is the inquirer"));
      }
      auto household = LiveHouseholdOf(*db_, decision.person_id, "person_id");
      if (!household) return Fail(household.error());
    } else {
      if (decision.other_request_id == id) {
        return Fail(Error::InvalidInput("tracing_request_id", "is this request"));
      }
      auto other = LoadRequestRow(*db_, decision.other_request_id);
      if (!other) {
        return Fail(Error::InvalidInput("tracing_request_id", "no tracing request has this id"));
      }
      found_person = other->inquirer_id;
    }
    for (const TracingDecision& d : file->decisions) {
      if (d.sought_index == decision.sought_index && d.person_id == decision.person_id &&
          d.other_request_id == decision.other_request_id) {
        return Fail(Error::Conflict(
            "this candidate was already {} for this person sought, on {}",
            d.verdict == TracingVerdict::kConfirm ? Message("confirmed") : Message("rejected"),
            d.at));
      }
    }
    auto written = db_->Execute(
        "INSERT INTO tracing_decisions (id, request_id, sought_index, person_id, "
        "other_request_id, verdict, by_actor, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        {NewId(), id, static_cast<int64_t>(decision.sought_index),
         internal::OptionalText(!decision.person_id.empty(), decision.person_id),
         internal::OptionalText(!decision.other_request_id.empty(), decision.other_request_id),
         std::string(ToString(decision.verdict)), decision.by, decision.at});
    if (!written) return Fail(written.error());
    if (auto r =
            db_->Execute("DELETE FROM tracing_alerts WHERE request_id = ? AND sought_index = ? AND "
                         "person_id = ?",
                         {id, static_cast<int64_t>(decision.sought_index), found_person});
        !r) {
      return Fail(r.error());
    }
    updated = t;
    if (decision.verdict == TracingVerdict::kConfirm) {
      auto mine = LiveHouseholdOf(*db_, t.inquirer_id, "inquirer_id");
      if (!mine) return Fail(mine.error());
      auto theirs = LiveHouseholdOf(*db_, found_person, "person_id");
      if (!theirs) return Fail(theirs.error());
      auto link = db_->Execute(
          "INSERT INTO person_links (id, person_a, person_b, household_a, household_b, "
          "relationship, tracing_request_id, created_by, created_at) "
          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
          {NewId(), t.inquirer_id, found_person, *mine, *theirs,
           std::string(ToString(t.sought[decision.sought_index].relationship)), id, actor.id,
           decision.at});
      if (!link) return Fail(link.error());
      if (auto r = db_->Execute(
              "UPDATE tracing_sought SET found = 1 WHERE request_id = ? AND sought_index = ?",
              {id, static_cast<int64_t>(decision.sought_index)});
          !r) {
        return Fail(r.error());
      }
      if (auto r =
              db_->Execute("DELETE FROM tracing_alerts WHERE request_id = ? AND sought_index = ?",
                           {id, static_cast<int64_t>(decision.sought_index)});
          !r) {
        return Fail(r.error());
      }
      updated.found[decision.sought_index] = true;
      if (std::all_of(updated.found.begin(), updated.found.end(), [](bool f) { return f; })) {
        updated.status = TracingStatus::kClosed;
      }
    }
    updated.version = row->version + 1;
    updated.updated_at = decision.at;
    auto changed = db_->Execute(
        "UPDATE tracing_requests SET version = ?, status = ?, updated_at = ? "
        "WHERE id = ? AND version = ?",
        {updated.version, std::string(ToString(updated.status)), updated.updated_at, id,
         row->version});
    if (!changed) return Fail(changed.error());
    if (*changed == 0)
      return Fail(StaleVersion(Message("tracing request"), row->version, row->version));
    const std::string candidate = decision.person_id.empty()
                                      ? "tracing_request " + decision.other_request_id
                                      : "person " + decision.person_id;
    return AuditLocked(actor, "tracing." + std::string(ToString(decision.verdict)),
                       "tracing_request", id, "ok",
                       "sought[" + std::to_string(decision.sought_index) + "] " + candidate);
  });
  if (!ok) return Fail(ok.error());
  return updated;
}

Result<bool> Store::RaiseTracingAlert(const std::string& request_id, size_t sought_index,
                                      const std::string& person_id, const Actor& actor) {
  std::lock_guard lock(mutex_);
  bool raised = false;
  auto ok = db_->Transaction([&]() -> Status {
    auto row = LoadRequestRow(*db_, request_id);
    if (!row) return Fail(row.error());
    if (row->status != TracingStatus::kOpen) return {};
    const auto index = static_cast<int64_t>(sought_index);
    auto open = db_->Query(
        "SELECT 1 FROM tracing_sought WHERE request_id = ? AND sought_index = ? AND found = 0 "
        "AND NOT EXISTS (SELECT 1 FROM tracing_decisions d WHERE d.request_id = ? AND "
        "d.sought_index = ? AND d.person_id = ?) "
        "AND NOT EXISTS (SELECT 1 FROM tracing_alerts a WHERE a.request_id = ? AND "
        "a.sought_index = ? AND a.person_id = ?)",
        {request_id, index, request_id, index, person_id, request_id, index, person_id});
    if (!open) return Fail(open.error());
    if (open->empty()) return {};
    const std::string now = clock_->NowIso();
    auto r = db_->Execute(
        "INSERT INTO tracing_alerts (id, request_id, sought_index, person_id, caseworker, "
        "created_at) VALUES (?, ?, ?, ?, ?, ?)",
        {NewId(), request_id, index, person_id, row->caseworker, now});
    if (!r) return Fail(r.error());
    if (!row->case_id.empty()) {
      // On the case's list too, due today; the title names no one.
      auto wrapped = db_->Query("SELECT wrapped_key FROM cases WHERE id = ?", {row->case_id});
      if (!wrapped) return Fail(wrapped.error());
      if (!wrapped->empty() && !AsBytes(wrapped->at(0).at(0)).empty()) {
        auto key = keys_.UnwrapKey(AsBytes(wrapped->at(0).at(0)), row->case_id);
        if (!key) return Fail(key.error());
        const std::string task_id = NewId();
        const std::string sealed = KeyRing::Seal(
            *key,
            "Tracing: a new registration may be person sought " + std::to_string(sought_index) +
                " of tracing request " + request_id + ": review its matches",
            task_id);
        sodium_memzero(key->data(), key->size());
        auto task = db_->Execute(
            "INSERT INTO case_tasks (id, case_id, version, sealed, due, done, created_by, "
            "created_at, updated_at) VALUES (?, ?, 1, ?, ?, 0, ?, ?, ?)",
            {task_id, row->case_id, Bytes{sealed}, clock_->Today().ToIso(), actor.id, now, now});
        if (!task) return Fail(task.error());
      }
    }
    raised = true;
    return AuditLocked(actor, "tracing.alert", "tracing_request", request_id, "ok",
                       "sought[" + std::to_string(sought_index) + "] person " + person_id);
  });
  if (!ok) return Fail(ok.error());
  return raised;
}

Result<int64_t> Store::CountConfirmedTracingMatches() {
  std::lock_guard lock(mutex_);
  auto rows = db_->Query("SELECT COUNT(*) FROM tracing_decisions WHERE verdict = 'confirm'");
  if (!rows) return Fail(rows.error());
  return AsInt(rows->at(0).at(0));
}

}  // namespace sanad::store
