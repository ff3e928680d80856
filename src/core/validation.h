// Validation of domain values before anything is stored. Each function
// returns the first problem found as kInvalidInput with `field` naming it by
// path ("members[2].documents[0].valid_until"), or success.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>

#include "core/clock.h"
#include "core/error.h"
#include "core/model.h"

namespace sanad {

// Longest value accepted in a name, number or place field, in bytes.
inline constexpr size_t kMaxFieldBytes = 200;
inline constexpr size_t kMaxHouseholdMembers = 60;

// A free-text field: valid UTF-8, none of the characters FindForbiddenCharacter
// (core/utf8.h) refuses (control characters, line separators, bidirectional
// controls), at most `max_bytes`. Every text field goes through here.
[[nodiscard]] Status ValidateText(std::string_view field, std::string_view value,
                                  size_t max_bytes = kMaxFieldBytes);
// A name field: ValidateText, and no symbol or picture (Unicode So, Sk, Sm,
// Co, Cs: emoji, flags, math signs, private-use characters). Letters, marks,
// ZWNJ, spaces, hyphens, apostrophes and periods ("Md.") are names.
[[nodiscard]] Status ValidateName(std::string_view field, std::string_view value);
// A phone number as people write it: digits, spaces, '+', '-', '(', ')', '.',
// Eastern Arabic-Indic digits; at least 6 digits.
[[nodiscard]] Status ValidatePhone(std::string_view field, std::string_view value);

// `clock` says what "today" is for dates that cannot be in the future.
[[nodiscard]] Status ValidateDocument(const Document& document, const Clock& clock = SystemClock());
[[nodiscard]] Status ValidatePerson(const Person& person, const Clock& clock = SystemClock());
// Also checks that exactly one member is the head when relationships are given.
[[nodiscard]] Status ValidateHousehold(const Household& household,
                                       const Clock& clock = SystemClock());

// ValidateHousehold a member at a time, for a caller that never holds a
// whole household (an import that streams its file): the same checks, and
// the same error when there are several. Small (16 bytes), to be kept for
// each household of a large file.
class HouseholdCheck {
 public:
  // Checks the household's place fields; its members are not looked at.
  explicit HouseholdCheck(const Household& places);
  // Checks the next member (the members()-th, counting from 0).
  void Add(const Person& member, const Clock& clock = SystemClock());
  [[nodiscard]] size_t members() const { return members_; }
  // What ValidateHousehold says of the places and the members added.
  [[nodiscard]] Status Result() const;

 private:
  uint32_t members_ = 0;
  uint32_t heads_ = 0;
  std::unique_ptr<Error> first_error_;  // of the places, else of the first bad member
};

// Also checks that no person is named twice (kInvalidInput naming the second,
// "person_ids[2]").
[[nodiscard]] Status ValidateMovement(const Movement& movement, const Clock& clock = SystemClock());

// The one rule for dates that cannot be after today (crossings, head counts,
// births, documents issued): kInvalidInput naming `field` when `date` is
// after the latest day it may be anywhere now (today in UTC + 1, since a
// site east of UTC may already be a day ahead), today being `clock`'s.
[[nodiscard]] Status ValidateNotInFuture(std::string_view field, Date date,
                                         const Clock& clock = SystemClock());

}  // namespace sanad
