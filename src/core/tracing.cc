#include "core/tracing.h"

#include <utility>

#include "core/name_table.h"
#include "core/validation.h"

namespace sanad {
namespace {

constexpr NameTable<SoughtRelationship, 15> kRelationshipNames{{
    {SoughtRelationship::kBrother, "brother"},
    {SoughtRelationship::kSister, "sister"},
    {SoughtRelationship::kSon, "son"},
    {SoughtRelationship::kDaughter, "daughter"},
    {SoughtRelationship::kFather, "father"},
    {SoughtRelationship::kMother, "mother"},
    {SoughtRelationship::kSpouse, "spouse"},
    {SoughtRelationship::kGrandchild, "grandchild"},
    {SoughtRelationship::kGrandparent, "grandparent"},
    {SoughtRelationship::kUncle, "uncle"},
    {SoughtRelationship::kAunt, "aunt"},
    {SoughtRelationship::kNephew, "nephew"},
    {SoughtRelationship::kNiece, "niece"},
    {SoughtRelationship::kCousin, "cousin"},
    {SoughtRelationship::kOther, "other"},
}};

constexpr NameTable<SeparationCause, 5> kCauseNames{{
    {SeparationCause::kDeportation, "deportation"},
    {SeparationCause::kDetention, "detention"},
    {SeparationCause::kCrossing, "crossing"},
    {SeparationCause::kEviction, "eviction"},
    {SeparationCause::kOther, "other"},
}};

constexpr NameTable<TracingStatus, 2> kStatusNames{{
    {TracingStatus::kOpen, "open"},
    {TracingStatus::kClosed, "closed"},
}};

constexpr NameTable<TracingVerdict, 2> kVerdictNames{{
    {TracingVerdict::kConfirm, "confirm"},
    {TracingVerdict::kReject, "reject"},
}};

}  // namespace

std::string_view ToString(TracingStatus value) { return NameOf(kStatusNames, value); }
std::string_view ToString(TracingVerdict value) { return NameOf(kVerdictNames, value); }
std::optional<TracingStatus> ParseTracingStatus(std::string_view text) {
  return ValueOf(kStatusNames, text);
}
std::optional<TracingVerdict> ParseTracingVerdict(std::string_view text) {
  return ValueOf(kVerdictNames, text);
}

std::string_view ToString(SoughtRelationship value) { return NameOf(kRelationshipNames, value); }
std::string_view ToString(SeparationCause value) { return NameOf(kCauseNames, value); }
std::optional<SoughtRelationship> ParseSoughtRelationship(std::string_view text) {
  return ValueOf(kRelationshipNames, text);
}
std::optional<SeparationCause> ParseSeparationCause(std::string_view text) {
  return ValueOf(kCauseNames, text);
}
std::string_view SoughtRelationshipNames() {
  return "brother, sister, son, daughter, father, mother, spouse, grandchild, grandparent, uncle, "
         "aunt, nephew, niece, cousin, other";
}
std::string_view SeparationCauseNames() {
  return "deportation, detention, crossing, eviction, other";
}

Sex SexOf(SoughtRelationship relationship) {
  switch (relationship) {
    case SoughtRelationship::kBrother:
    case SoughtRelationship::kSon:
    case SoughtRelationship::kFather:
    case SoughtRelationship::kUncle:
    case SoughtRelationship::kNephew:
      return Sex::kMale;
    case SoughtRelationship::kSister:
    case SoughtRelationship::kDaughter:
    case SoughtRelationship::kMother:
    case SoughtRelationship::kAunt:
    case SoughtRelationship::kNiece:
      return Sex::kFemale;
    default:
      return Sex::kUnknown;
  }
}

Status ValidateSoughtPerson(const SoughtPerson& s, const Clock& clock) {
  const std::pair<std::string_view, std::string_view> names[] = {
      {"given_name", s.given_name},
      {"father_name", s.father_name},
      {"grandfather_name", s.grandfather_name},
      {"family_name", s.family_name},
      {"nickname", s.nickname}};
  for (const auto& [field, value] : names) {
    if (auto ok = ValidateName(field, value); !ok) return ok;
  }
  if (auto ok = ValidateText("separation_place", s.separation_place); !ok) return ok;
  if (auto ok = ValidateText("last_known_place", s.last_known_place); !ok) return ok;
  if (s.given_name.empty() && s.nickname.empty()) {
    return Fail(Error::InvalidInput(
        "given_name", "is required: the name the person is known by (or give a nickname)"));
  }
  if (s.age && (*s.age < 0 || *s.age > 120)) {
    return Fail(Error::InvalidInput("age", "must be a number of years from 0 to 120"));
  }
  if (s.birth_date) {
    if (auto ok = ValidateNotInFuture("birth_date", s.birth_date->Earliest(), clock); !ok) {
      return ok;
    }
  }
  if (s.separation_date) {
    if (auto ok = ValidateNotInFuture("separation_date", s.separation_date->Earliest(), clock);
        !ok) {
      return ok;
    }
  }
  const Sex implied = SexOf(s.relationship);
  if (s.sex != Sex::kUnknown && implied != Sex::kUnknown && s.sex != implied) {
    return Fail(
        Error::InvalidInput("sex", "disagrees with relationship '{}'", ToString(s.relationship)));
  }
  if (!s.last_known_phone.empty()) {
    if (auto ok = ValidatePhone("last_known_phone", s.last_known_phone); !ok) return ok;
  }
  return {};
}

Status ValidateTracingRequest(const TracingRequest& request, const Clock& clock) {
  if (request.inquirer_id.empty()) {
    return Fail(Error::InvalidInput("inquirer_id", "is required: the registered person asking"));
  }
  if (request.sought.empty()) {
    return Fail(Error::InvalidInput("sought", "name at least one person sought"));
  }
  if (request.sought.size() > kMaxSoughtPersons) {
    return Fail(
        Error::InvalidInput("sought", "at most {} persons in one request", kMaxSoughtPersons));
  }
  for (size_t i = 0; i < request.sought.size(); ++i) {
    if (auto ok = ValidateSoughtPerson(request.sought[i], clock); !ok) {
      Error e = ok.error();
      e.field = "sought[" + std::to_string(i) + "]." + e.field;
      return Fail(std::move(e));
    }
  }
  return {};
}

ExpectedNames ExpectedNamesOf(const Person& inquirer, SoughtRelationship relationship) {
  ExpectedNames names;
  switch (relationship) {
    case SoughtRelationship::kBrother:
    case SoughtRelationship::kSister:  // the same father, so the same line
      names.father_name = inquirer.father_name;
      names.grandfather_name = inquirer.grandfather_name;
      break;
    case SoughtRelationship::kSon:
    case SoughtRelationship::kDaughter:  // the inquirer is the father
      if (inquirer.sex == Sex::kMale) {
        names.father_name = inquirer.given_name;
        names.grandfather_name = inquirer.father_name;
      }
      break;
    case SoughtRelationship::kFather:
      names.given_name = inquirer.father_name;
      names.father_name = inquirer.grandfather_name;
      break;
    default:
      break;  // the line is not the inquirer's, or not known
  }
  return names;
}

TracingQuery TracingQueryOf(const Person& inquirer, const SoughtPerson& sought, Date today) {
  TracingQuery q;
  Person& p = q.person;
  const ExpectedNames expected = ExpectedNamesOf(inquirer, sought.relationship);
  auto fill = [&](std::string* field, const std::string& given, const std::string& derived,
                  std::string_view name) {
    if (!given.empty()) {
      *field = given;
    } else if (!derived.empty()) {
      *field = derived;
      q.derived.push_back(name);
    }
  };
  fill(&p.given_name, sought.given_name.empty() ? sought.nickname : sought.given_name,
       expected.given_name, "given_name");
  fill(&p.father_name, sought.father_name, expected.father_name, "father_name");
  fill(&p.grandfather_name, sought.grandfather_name, expected.grandfather_name, "grandfather_name");
  p.family_name = sought.family_name;
  p.sex = sought.sex != Sex::kUnknown ? sought.sex : SexOf(sought.relationship);
  if (sought.birth_date) {
    p.birth_date = sought.birth_date;
  } else if (sought.age) {
    PartialDate year;
    year.year = today.year - *sought.age;
    year.precision = PartialDate::Precision::kYear;
    p.birth_date = year;
  }
  p.phone = sought.last_known_phone;
  return q;
}

}  // namespace sanad
