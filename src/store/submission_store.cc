// Households from form submissions (`sanad import submissions`): created,
// updated by an edited submission, or skipped when imported before.
//
// The table submission_imports holds, for each submission version imported,
// its instanceID, the household it wrote and the household's version after
// the write. An edited submission names the version it replaces (Kobo's
// meta/deprecatedID) or keeps its first version's id (ODK Central's __id);
// the household it updates must still be at the version that import left
// (Kobo's, which names the version) or the last import left (Central's), so
// an edit made in sanad since, or a second edit of the same version, is
// never overwritten (kConflict).
#include <algorithm>

#include "core/validation.h"
#include "store/store.h"
#include "store/store_internal.h"

namespace sanad::store {

namespace {

Error AtSubmission(Error error, size_t index) {
  error.line = static_cast<int64_t>(index + 1);
  return error;
}

}  // namespace

Result<std::vector<SubmissionOutcome>> Store::ImportSubmissions(
    std::vector<SubmittedHousehold>* submissions, const Actor& actor,
    const std::function<void(size_t)>& progress) {
  std::lock_guard lock(mutex_);
  const std::string now = clock_->NowIso();
  std::vector<SubmissionOutcome> outcomes;
  auto ok = db_->Transaction([&]() -> Status {
    outcomes.clear();
    size_t created = 0, updated = 0, skipped = 0;
    // The household an instanceID wrote and the version it left; an empty
    // id when it was never imported.
    struct Imported {
      std::string household_id;
      int64_t version = 0;
      std::vector<std::string> person_ids;  // in the roster's order
    };
    auto read = [&](std::string_view sql, const std::string& key) -> Result<Imported> {
      if (key.empty()) return Imported{};
      auto rows = db_->Query(sql, {key});
      if (!rows) return Fail(rows.error());
      if (rows->empty()) return Imported{};
      Imported out{AsText(rows->at(0).at(0)), AsInt(rows->at(0).at(1)), {}};
      const std::string ids = AsText(rows->at(0).at(2));
      for (size_t start = 0; start < ids.size();) {
        const size_t comma = std::min(ids.find(',', start), ids.size());
        out.person_ids.push_back(ids.substr(start, comma - start));
        start = comma + 1;
      }
      return out;
    };
    auto imported = [&](const std::string& instance_id) {
      return read(
          "SELECT household_id, household_version, person_ids FROM submission_imports "
          "WHERE instance_id = ?",
          instance_id);
    };
    // The last import of the household the first version (ODK Central's __id) made.
    auto last_import_from = [&](const std::string& first_instance_id) -> Result<Imported> {
      auto first = imported(first_instance_id);
      if (!first || first->household_id.empty()) return first;
      return read(
          "SELECT household_id, household_version, person_ids FROM submission_imports "
          "WHERE household_id = ? ORDER BY household_version DESC LIMIT 1",
          first->household_id);
    };
    for (size_t i = 0; i < submissions->size(); ++i) {
      SubmittedHousehold& s = (*submissions)[i];
      if (s.instance_id.empty()) {
        return Fail(AtSubmission(Error::InvalidInput("instance_id", "is required"), i));
      }
      auto seen = imported(s.instance_id);
      if (!seen) return Fail(seen.error());
      if (!seen->household_id.empty()) {
        s.household.id = seen->household_id;
        outcomes.push_back(SubmissionOutcome::kSkipped);
        ++skipped;
        continue;
      }
      // The version this edit replaces: Kobo names it (deprecatedID), so
      // the household must still be as that version left it; ODK Central
      // keeps only the first version's id, so the household must be as the
      // last import left it.
      auto earlier_version = imported(s.deprecated_id);
      if (!earlier_version) return Fail(earlier_version.error());
      if (earlier_version->household_id.empty()) {
        earlier_version = last_import_from(s.root_id);
        if (!earlier_version) return Fail(earlier_version.error());
      }
      const std::string earlier = earlier_version->household_id;
      const int64_t expected = earlier_version->version;
      if (earlier.empty()) {
        if (auto inserted = InsertHouseholdRows(s.household, now, actor); !inserted) {
          return Fail(AtSubmission(inserted.error(), i));
        }
        outcomes.push_back(SubmissionOutcome::kCreated);
        ++created;
      } else {
        auto current = LoadHousehold(earlier);
        if (!current) return Fail(AtSubmission(current.error(), i));
        if (current->version != expected) {
          Error conflict = Error::Conflict(
              "household {} has changed since the version this submission edits was imported "
              "(version {} now, {} then: an edit in sanad, or another edit of the same "
              "submission): compare the two and make the change once, in sanad",
              earlier, current->version, expected);
          conflict.field = "version";
          return Fail(AtSubmission(std::move(conflict), i));
        }
        Household& h = s.household;
        const std::vector<std::string>& roster = earlier_version->person_ids;
        if (h.members.size() < roster.size()) {
          return Fail(AtSubmission(
              Error::InvalidInput("members",
                                  "the edited submission lists {} members where the version it "
                                  "edits listed {}: sanad never drops a person silently. To remove "
                                  "someone for good, ask an administrator to erase their record",
                                  h.members.size(), roster.size()),
              i));
        }
        // The same people, by their place in the roster when it was imported:
        // one erased or moved since cannot be written again from a form.
        for (size_t m = 0; m < roster.size(); ++m) {
          const bool live = std::any_of(current->members.begin(), current->members.end(),
                                        [&](const Person& p) { return p.id == roster[m]; });
          if (!live) {
            Error gone = Error::Conflict(
                "this person's record was erased or moved out of the household since the "
                "submission was imported: an edit from the form cannot bring it back. Make the "
                "change in sanad");
            gone.field = "members[" + std::to_string(m) + "]";
            return Fail(AtSubmission(std::move(gone), i));
          }
          h.members[m].id = roster[m];
        }
        h.id = earlier;
        if (auto valid = ValidateHousehold(h, *clock_); !valid) {
          return Fail(AtSubmission(valid.error(), i));
        }
        if (auto dest = internal::CanonicalDestination(&h.destination_province); !dest) {
          return Fail(AtSubmission(dest.error(), i));
        }
        if (auto written = UpdateHouseholdRows(h, expected, now, actor); !written) {
          return Fail(AtSubmission(written.error(), i));
        }
        h.version = expected + 1;
        outcomes.push_back(SubmissionOutcome::kUpdated);
        ++updated;
      }
      std::string person_ids;
      for (const Person& p : s.household.members) {
        if (!person_ids.empty()) person_ids += ',';
        person_ids += p.id;
      }
      auto recorded = db_->Execute(
          "INSERT INTO submission_imports (instance_id, household_id, household_version, "
          "person_ids, imported_at) VALUES (?, ?, ?, ?, ?)",
          {s.instance_id, s.household.id, s.household.version, person_ids, now});
      if (!recorded) return Fail(AtSubmission(recorded.error(), i));
      if (progress && (i + 1) % 1000 == 0) progress(i + 1);
    }
    if (created + updated == 0) return {};
    return AuditLocked(actor, "submissions.import", "import",
                       std::to_string(created) + " created, " + std::to_string(updated) +
                           " updated, " + std::to_string(skipped) + " skipped",
                       "ok");
  });
  if (!ok) return Fail(ok.error());
  // Updated households as stored (members' ids for the new ones).
  for (size_t i = 0; i < submissions->size(); ++i) {
    if (outcomes[i] != SubmissionOutcome::kUpdated) continue;
    auto reloaded = LoadHousehold((*submissions)[i].household.id);
    if (reloaded) (*submissions)[i].household = std::move(*reloaded);
  }
  return outcomes;
}

}  // namespace sanad::store
