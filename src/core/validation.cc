#include "core/validation.h"

#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <cstdio>
#include <string>
#include <unordered_map>

#include "core/flow.h"
#include "core/utf8.h"

namespace sanad {
namespace {

std::string Indexed(std::string_view name, size_t i) {
  return std::string(name) + "[" + std::to_string(i) + "]";
}

}  // namespace

Status ValidateText(std::string_view field, std::string_view value, size_t max_bytes) {
  if (!IsValidUtf8(value)) {
    return Fail(Error::InvalidInput(std::string(field),
                                    "is not valid UTF-8 text: re-save the file or form as UTF-8"));
  }
  if (auto c = FindForbiddenCharacter(value)) {
    char code[16];
    std::snprintf(code, sizeof code, "U+%04X", static_cast<unsigned>(*c));
    if (IsInvisibleFormatCharacter(*c)) {
      return Fail(Error::InvalidInput(std::string(field),
                                      "contains an invisible character ({}) that changes how the "
                                      "text is shown: retype it without that character",
                                      code));
    }
    return Fail(Error::InvalidInput(
        std::string(field), "contains a control character or line break ({}): remove it", code));
  }
  if (value.size() > max_bytes) {
    return Fail(Error::InvalidInput(std::string(field), "is too long ({} bytes, at most {})",
                                    value.size(), max_bytes));
  }
  return {};
}

Status ValidateName(std::string_view field, std::string_view value) {
  if (auto ok = ValidateText(field, value); !ok) return ok;
  const icu::UnicodeString text = icu::UnicodeString::fromUTF8(
      icu::StringPiece(value.data(), static_cast<int32_t>(value.size())));
  for (int32_t i = 0; i < text.length(); i = text.moveIndex32(i, 1)) {
    const UChar32 c = text.char32At(i);
    switch (u_charType(c)) {
      case U_OTHER_SYMBOL:      // So: emoji, flags, pictographs
      case U_MODIFIER_SYMBOL:   // Sk: emoji skin tones, spacing accents
      case U_MATH_SYMBOL:       // Sm
      case U_PRIVATE_USE_CHAR:  // Co
      case U_SURROGATE: {       // Cs
        char code[16];
        std::snprintf(code, sizeof code, "U+%04X", static_cast<unsigned>(c));
        return Fail(Error::InvalidInput(std::string(field),
                                        "contains a symbol or picture ({}) that is not part of a "
                                        "name: write the name in letters",
                                        code));
      }
      default:
        break;
    }
  }
  return {};
}

Status ValidatePhone(std::string_view field, std::string_view value) {
  if (value.empty()) return {};
  if (auto ok = ValidateText(field, value, 40); !ok) return ok;
  int digits = 0;
  for (size_t i = 0; i < value.size(); ++i) {
    const auto c = static_cast<unsigned char>(value[i]);
    if (c >= '0' && c <= '9') {
      ++digits;
    } else if (c == ' ' || c == '+' || c == '-' || c == '(' || c == ')' || c == '.') {
      continue;
    } else if ((c == 0xD9 || c == 0xDB) && i + 1 < value.size()) {
      // U+0660..U+0669 (D9 A0..A9) and U+06F0..U+06F9 (DB B0..B9).
      const auto next = static_cast<unsigned char>(value[i + 1]);
      if ((c == 0xD9 && next >= 0xA0 && next <= 0xA9) ||
          (c == 0xDB && next >= 0xB0 && next <= 0xB9)) {
        ++digits;
        ++i;
      } else {
        return Fail(Error::InvalidInput(std::string(field),
                                        "may only hold digits, spaces, '+', '-' and brackets"));
      }
    } else {
      return Fail(Error::InvalidInput(std::string(field),
                                      "may only hold digits, spaces, '+', '-' and brackets"));
    }
  }
  if (digits < 6 || digits > 15) {
    return Fail(Error::InvalidInput(std::string(field),
                                    "should have between 6 and 15 digits, e.g. 0700 123 456"));
  }
  return {};
}

Status ValidateDocument(const Document& document, const Clock& clock) {
  if (auto ok = ValidateText("number", document.number, 64); !ok) return ok;
  if (document.issued) {
    if (auto ok = ValidateNotInFuture("issued", document.issued->Earliest(), clock); !ok) return ok;
  }
  if (document.issued && document.valid_until &&
      document.valid_until->DaysSinceEpoch() < document.issued->Earliest().DaysSinceEpoch()) {
    return Fail(Error::InvalidInput("valid_until", "is before the date of issue"));
  }
  return {};
}

Status ValidatePerson(const Person& person, const Clock& clock) {
  struct NamedField {
    std::string_view name;
    const std::string& value;
  };
  const NamedField names[] = {{"given_name", person.given_name},
                              {"father_name", person.father_name},
                              {"grandfather_name", person.grandfather_name},
                              {"family_name", person.family_name}};
  for (const auto& [name, value] : names) {
    if (auto ok = ValidateName(name, value); !ok) return ok;
  }
  bool blank = true;
  for (char c : person.given_name) blank = blank && c == ' ';
  if (blank) {
    return Fail(Error::InvalidInput("given_name", "is required: write the person's given name"));
  }
  if (auto ok = ValidateText("external_id", person.external_id, 64); !ok) return ok;
  if (auto ok = ValidatePhone("phone", person.phone); !ok) return ok;
  if (person.birth_date) {
    if (auto ok = ValidateNotInFuture("birth_date", person.birth_date->Earliest(), clock); !ok)
      return ok;
  }
  for (size_t i = 0; i < person.vulnerabilities.size(); ++i) {
    if (!ParseVulnerability(person.vulnerabilities[i])) {
      return Fail(Error::InvalidInput(Indexed("vulnerabilities", i), "must be one of {}",
                                      VulnerabilityNames()));
    }
  }
  for (size_t i = 0; i < person.documents.size(); ++i) {
    if (auto ok = ValidateDocument(person.documents[i], clock); !ok) {
      return Fail(std::move(ok.error()).WithFieldPrefix(Indexed("documents", i)));
    }
  }
  return {};
}

HouseholdCheck::HouseholdCheck(const Household& places) {
  const struct {
    std::string_view name;
    const std::string& value;
  } fields[] = {{"origin_province", places.origin_province},
                {"origin_district", places.origin_district},
                {"current_location", places.current_location},
                {"destination_province", places.destination_province},
                {"destination_district", places.destination_district}};
  for (const auto& [name, value] : fields) {
    if (auto ok = ValidateText(name, value); !ok) {
      first_error_ = std::make_unique<Error>(std::move(ok.error()));
      return;
    }
  }
}

void HouseholdCheck::Add(const Person& member, const Clock& clock) {
  if (!first_error_) {
    if (auto ok = ValidatePerson(member, clock); !ok) {
      first_error_ = std::make_unique<Error>(
          std::move(ok.error()).WithFieldPrefix(Indexed("members", members_)));
    }
  }
  if (member.relationship == Relationship::kHead) ++heads_;
  ++members_;
}

Status HouseholdCheck::Result() const {
  if (members_ == 0) {
    return Fail(Error::InvalidInput("members", "a household needs at least one member"));
  }
  if (members_ > kMaxHouseholdMembers) {
    return Fail(Error::InvalidInput(
        "members",
        "a household may have at most {} members: register large families as several households",
        kMaxHouseholdMembers));
  }
  if (first_error_) return Fail(*first_error_);
  if (heads_ > 1) {
    return Fail(Error::InvalidInput("members", "only one member can be the household head"));
  }
  return {};
}

Status ValidateHousehold(const Household& household, const Clock& clock) {
  HouseholdCheck check(household);
  for (const Person& member : household.members) check.Add(member, clock);
  return check.Result();
}

Status ValidateNotInFuture(std::string_view field, Date date, const Clock& clock) {
  // Today is the UTC day; a site east of UTC (Kabul is UTC+4:30, any zone
  // at most UTC+14) may already be a day ahead.
  if (date > clock.Today().AddDays(1)) {
    return Fail(Error::InvalidInput(std::string(field), "{} is in the future", date.ToIso()));
  }
  return {};
}

Status ValidateMovement(const Movement& movement, const Clock& clock) {
  if (movement.crossing_point.empty()) {
    return Fail(Error::InvalidInput("crossing_point", "is required, e.g. Torkham"));
  }
  if (auto ok = ValidateText("crossing_point", movement.crossing_point); !ok) return ok;
  if (auto ok = ValidateNotInFuture("date", movement.date, clock); !ok) return ok;
  if (movement.household_id.empty() && movement.person_ids.empty()) {
    return Fail(Error::InvalidInput(
        "household_id", "give the household that crossed, or the persons (person_ids)"));
  }
  if (auto ok = ValidateText("household_id", movement.household_id, 64); !ok) return ok;
  std::unordered_map<std::string_view, size_t> seen;
  for (size_t i = 0; i < movement.person_ids.size(); ++i) {
    const std::string field = Indexed("person_ids", i);
    if (auto ok = ValidateText(field, movement.person_ids[i], 64); !ok) return ok;
    auto [first, inserted] = seen.emplace(movement.person_ids[i], i);
    if (!inserted) {
      return Fail(Error::InvalidInput(
          field, "names the same person as person_ids[{}]: list each person once", first->second));
    }
  }
  return {};
}

}  // namespace sanad
