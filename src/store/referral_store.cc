// Referrals from a case to a service, the organisations that receive them,
// and the facts the analysts' counts read.
//
// A referral is written only when the person's recorded consent covers it:
// the person's own `referral` consent, or for a child (a birth date that
// may be less than 18 years before today) the household head's, since a
// parent or guardian decides for a child; a child with no other head in the
// household (an unaccompanied child registered as head) is covered by the
// consent recorded with them. It carries only the fields chosen on the form,
// and its audit entry lists them with whose consent it was. The outcome
// note is sealed under the case's data key, bound to the referral's id.
#include <sodium.h>

#include <algorithm>
#include <utility>

#include "core/id.h"
#include "store/case_internal.h"
#include "store/store.h"
#include "store/store_internal.h"

namespace sanad::store {
namespace {

using internal::Damaged;
using internal::SplitIds;
using internal::StoredValues;

constexpr std::string_view kReferralColumns =
    "id, case_id, version, service, organisation_id, status, shared_fields, consent_of, sealed, "
    "created_by, created_at, updated_at";

Result<Referral> ReferralFromRow(const Row& r, const Key& case_key) {
  Referral out;
  out.id = AsText(r[0]);
  StoredValues stored("referrals", out.id);
  out.case_id = AsText(r[1]);
  out.version = AsInt(r[2]);
  out.service = stored(ParseServiceType(AsText(r[3])), "service");
  out.organisation_id = AsText(r[4]);
  out.status = stored(ParseReferralStatus(AsText(r[5])), "status");
  if (!stored.status()) return Fail(stored.status().error());
  out.shared_fields = SplitIds(AsText(r[6]));
  for (const std::string& f : out.shared_fields) {
    if (!IsShareableField(f)) return Fail(Damaged("referrals", out.id, "shared_fields"));
  }
  out.consent_of = AsText(r[7]);
  auto note = KeyRing::Open(case_key, AsBytes(r[8]), out.id);
  if (!note) return Fail(note.error());
  out.outcome_note = std::move(*note);
  out.created_by = AsText(r[9]);
  out.created_at = AsText(r[10]);
  out.updated_at = AsText(r[11]);
  return out;
}

}  // namespace

namespace internal {

Result<std::vector<Referral>> LoadReferrals(Database& db, const Key& case_key,
                                            const std::string& case_id) {
  auto rows = db.Query("SELECT " + std::string(kReferralColumns) +
                           " FROM referrals WHERE case_id = ? ORDER BY created_at, id",
                       {case_id});
  if (!rows) return Fail(rows.error());
  std::vector<Referral> out;
  for (const Row& r : *rows) {
    auto referral = ReferralFromRow(r, case_key);
    if (!referral) return Fail(referral.error());
    out.push_back(std::move(*referral));
  }
  return out;
}

}  // namespace internal

namespace {

using internal::CaseKey;
using internal::JoinNames;

std::string Joined(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ",") + n;
  return out;
}

// May the person born `birth` be under 18 on `today`?
bool MayBeChild(const std::optional<PartialDate>& birth, Date today) {
  if (!birth) return false;
  Date adult_if_born_by{today.year - 18, today.month, today.day};
  if (adult_if_born_by.month == 2 && adult_if_born_by.day == 29 &&
      !IsLeapYear(adult_if_born_by.year)) {
    adult_if_born_by.day = 28;
  }
  return birth->Latest() > adult_if_born_by;
}

bool HasReferralConsent(const Person& p) {
  for (ConsentPurpose c : p.consents) {
    if (c == ConsentPurpose::kReferral) return true;
  }
  return false;
}

// The person with only the fields named in `shared` (minimum data).
Person OnlyShared(const Person& p, const std::vector<std::string>& shared) {
  Person out;
  out.id = p.id;
  for (const std::string& f : shared) {
    if (f == "given_name") out.given_name = p.given_name;
    if (f == "father_name") out.father_name = p.father_name;
    if (f == "grandfather_name") out.grandfather_name = p.grandfather_name;
    if (f == "family_name") out.family_name = p.family_name;
    if (f == "sex") out.sex = p.sex;
    if (f == "birth_date") out.birth_date = p.birth_date;
    if (f == "phone") out.phone = p.phone;
    if (f == "documents") out.documents = p.documents;
    if (f == "vulnerabilities") out.vulnerabilities = p.vulnerabilities;
  }
  return out;
}

Result<std::vector<ServiceType>> ServicesOf(const Row& r) {
  StoredValues stored("organisations", AsText(r[0]));
  std::vector<ServiceType> out;
  for (const std::string& name : internal::SplitIds(AsText(r[2]))) {
    out.push_back(stored(ParseServiceType(name), "services"));
  }
  if (!stored.status()) return Fail(stored.status().error());
  return out;
}

}  // namespace

Result<ReferralPacket> Store::CreateReferral(const std::string& case_id, Referral referral,
                                             const Actor& actor) {
  referral.status = ReferralStatus::kPending;
  if (auto ok = ValidateReferral(referral); !ok) return Fail(ok.error());
  std::lock_guard lock(mutex_);
  referral.id = NewId();
  referral.case_id = case_id;
  referral.version = 1;
  referral.created_by = actor.id;
  referral.created_at = referral.updated_at = clock_->NowIso();
  const Date today = clock_->Today();
  ReferralPacket packet;
  auto ok = db_->Transaction([&]() -> Status {
    auto c = internal::LoadCase(*db_, keys_, case_id);
    if (!c) return Fail(c.error());
    auto org = db_->Query("SELECT id, name, services FROM organisations WHERE id = ?",
                          {referral.organisation_id});
    if (!org) return Fail(org.error());
    if (org->empty()) {
      return Fail(Error::InvalidInput("organisation_id", "no organisation has this id"));
    }
    auto services = ServicesOf(org->at(0));
    if (!services) return Fail(services.error());
    if (std::find(services->begin(), services->end(), referral.service) == services->end()) {
      return Fail(Error::InvalidInput("organisation_id",
                                      "{} does not offer {}: choose an organisation that does",
                                      AsText(org->at(0).at(1)), ToString(referral.service)));
    }
    const std::string person_sql = "SELECT " + std::string(internal::kPersonColumns) +
                                   " FROM persons p LEFT JOIN person_keys k ON k.person_id = p.id "
                                   "WHERE ";
    auto rows = db_->Query(person_sql + "p.id = ?", {c->person_id});
    if (!rows) return Fail(rows.error());
    if (rows->empty()) return Fail(Error::NotFound("the case's person is not on this site"));
    auto person = LoadPerson(rows->at(0));
    if (!person) return Fail(person.error());
    const Person* consenting = &*person;
    Result<Person> head = Fail(Error::NotFound("no head"));
    referral.consent_of = "person";
    if (MayBeChild(person->birth_date, today)) {
      auto heads = db_->Query(person_sql +
                                  "p.household_id = ? AND p.relationship = 'head' AND "
                                  "p.erased_at IS NULL AND p.id <> ?",
                              {person->household_id, person->id});
      if (!heads) return Fail(heads.error());
      if (!heads->empty()) {
        head = LoadPerson(heads->at(0));
        if (!head) return Fail(head.error());
        consenting = &*head;
        referral.consent_of = "household_head";
      }
    }
    if (!HasReferralConsent(*consenting)) {
      return Fail(
          referral.consent_of == "person"
              ? Error::Forbidden(
                    "no consent to referral is recorded for this person: a referral needs their "
                    "consent (consents: referral), recorded on their registration first")
              : Error::Forbidden(
                    "this person may be under 18: a referral needs the consent to referral of the "
                    "household head (their parent or guardian), and none is recorded"));
    }
    packet.person = OnlyShared(*person, referral.shared_fields);
    for (const auto& f : referral.shared_fields) {
      if (f == "risks") packet.risks = c->risks;
    }
    auto key = CaseKey(*db_, keys_, case_id);
    if (!key) return Fail(key.error());
    const std::string sealed = KeyRing::Seal(*key, referral.outcome_note, referral.id);
    sodium_memzero(key->data(), key->size());
    auto r = db_->Execute(
        "INSERT INTO referrals (" + std::string(kReferralColumns) +
            ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        {referral.id, case_id, referral.version, std::string(ToString(referral.service)),
         referral.organisation_id, std::string(ToString(referral.status)),
         Joined(referral.shared_fields), referral.consent_of, Bytes{sealed}, referral.created_by,
         referral.created_at, referral.updated_at});
    if (!r) return Fail(r.error());
    return AuditLocked(
        actor, "referral.create", "case", case_id, "ok",
        "referral " + referral.id + " to " + std::string(ToString(referral.service)) +
            "; shared: " + Joined(referral.shared_fields) + "; consent of: " + referral.consent_of);
  });
  if (!ok) return Fail(ok.error());
  packet.referral = std::move(referral);
  return packet;
}

Result<Referral> Store::UpdateReferral(const ReferralChange& change, CaseScope scope,
                                       const Actor& actor) {
  if (change.outcome_note) {
    if (auto ok = ValidateNotes("outcome_note", *change.outcome_note, kMaxOutcomeNoteBytes); !ok) {
      return Fail(ok.error());
    }
  }
  std::lock_guard lock(mutex_);
  Referral updated;
  auto ok = db_->Transaction([&]() -> Status {
    auto rows = db_->Query(
        "SELECT " + std::string(kReferralColumns) + " FROM referrals WHERE id = ?", {change.id});
    if (!rows) return Fail(rows.error());
    if (rows->empty()) return Fail(Error::NotFound("no referral has the id '{}'", change.id));
    const std::string case_id = AsText(rows->at(0).at(1));
    auto visible = internal::CaseInScope(*db_, case_id, scope);
    if (!visible) return Fail(visible.error());
    if (!*visible) {
      return Fail(Error::NotFound("no referral you may see has the id '{}'", change.id));
    }
    auto key = CaseKey(*db_, keys_, case_id);
    if (!key) return Fail(key.error());
    auto before = ReferralFromRow(rows->at(0), *key);
    std::string sealed;
    if (before) {
      updated = *before;
      if (change.outcome_note) updated.outcome_note = *change.outcome_note;
      sealed = KeyRing::Seal(*key, updated.outcome_note, updated.id);
    }
    sodium_memzero(key->data(), key->size());
    if (!before) return Fail(before.error());
    if (before->version != change.expected_version) {
      return Fail(
          internal::StaleVersion(Message("referral"), change.expected_version, before->version));
    }
    if (change.status && *change.status != before->status) {
      if (auto s = CheckReferralTransition(before->status, *change.status); !s) return s;
      updated.status = *change.status;
    }
    updated.version = before->version + 1;
    updated.updated_at = clock_->NowIso();
    auto r = db_->Execute(
        "UPDATE referrals SET version = ?, status = ?, sealed = ?, updated_at = ? "
        "WHERE id = ? AND version = ?",
        {updated.version, std::string(ToString(updated.status)), Bytes{sealed}, updated.updated_at,
         updated.id, change.expected_version});
    if (!r) return Fail(r.error());
    return AuditLocked(actor, "referral.update", "case", case_id, "ok",
                       "referral " + updated.id + ": " + std::string(ToString(before->status)) +
                           " -> " + std::string(ToString(updated.status)));
  });
  if (!ok) return Fail(ok.error());
  return updated;
}

Result<Organisation> Store::CreateOrganisation(Organisation organisation, const Actor& actor) {
  if (auto ok = ValidateOrganisation(organisation); !ok) return Fail(ok.error());
  std::lock_guard lock(mutex_);
  organisation.id = NewId();
  organisation.created_at = clock_->NowIso();
  auto ok = db_->Transaction([&]() -> Status {
    auto taken = db_->Query("SELECT 1 FROM organisations WHERE name = ?", {organisation.name});
    if (!taken) return Fail(taken.error());
    if (!taken->empty()) {
      return Fail(Error(Error::Code::kConflict,
                        Message("an organisation named '{}' is already listed", organisation.name),
                        "name", 0));
    }
    auto r = db_->Execute(
        "INSERT INTO organisations (id, name, services, created_at) VALUES (?, ?, ?, ?)",
        {organisation.id, organisation.name, JoinNames(organisation.services),
         organisation.created_at});
    if (!r) return Fail(r.error());
    return AuditLocked(actor, "organisation.create", "organisation", organisation.id, "ok");
  });
  if (!ok) return Fail(ok.error());
  return organisation;
}

Result<std::vector<Organisation>> Store::ListOrganisations() {
  std::lock_guard lock(mutex_);
  auto rows = db_->Query("SELECT id, name, services, created_at FROM organisations ORDER BY name");
  if (!rows) return Fail(rows.error());
  std::vector<Organisation> out;
  for (const Row& r : *rows) {
    auto services = ServicesOf(r);
    if (!services) return Fail(services.error());
    out.push_back({AsText(r[0]), AsText(r[1]), std::move(*services), AsText(r[3])});
  }
  return out;
}

Result<CaseFacts> Store::ListCaseFacts() {
  std::lock_guard lock(mutex_);
  CaseFacts facts;
  auto cases = db_->Query("SELECT id, status, risks FROM cases");
  if (!cases) return Fail(cases.error());
  for (const Row& r : *cases) {
    StoredValues stored("cases", AsText(r[0]));
    CaseFacts::CaseFact f;
    f.status = stored(ParseCaseStatus(AsText(r[1])), "status");
    for (const std::string& name : internal::SplitIds(AsText(r[2]))) {
      f.risks.push_back(stored(ParseProtectionRisk(name), "risks"));
    }
    if (!stored.status()) return Fail(stored.status().error());
    facts.cases.push_back(std::move(f));
  }
  auto referrals = db_->Query("SELECT id, service, status FROM referrals");
  if (!referrals) return Fail(referrals.error());
  for (const Row& r : *referrals) {
    StoredValues stored("referrals", AsText(r[0]));
    CaseFacts::ReferralFact f;
    f.service = stored(ParseServiceType(AsText(r[1])), "service");
    f.status = stored(ParseReferralStatus(AsText(r[2])), "status");
    if (!stored.status()) return Fail(stored.status().error());
    facts.referrals.push_back(f);
  }
  auto confirmed = db_->Query("SELECT COUNT(*) FROM tracing_decisions WHERE verdict = 'confirm'");
  if (!confirmed) return Fail(confirmed.error());
  facts.tracing_matches_confirmed = AsInt(confirmed->at(0).at(0));
  return facts;
}

}  // namespace sanad::store
