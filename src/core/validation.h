// Validation of domain values before anything is stored. Each function
// returns the first problem found as kInvalidInput with `field` naming it by
// path ("members[2].documents[0].valid_until"), or success.
#pragma once

#include <cstddef>
#include <string_view>

#include "core/error.h"
#include "core/model.h"

namespace sanad {

// Longest value accepted in a name, number or place field, in bytes.
inline constexpr size_t kMaxFieldBytes = 200;
inline constexpr size_t kMaxHouseholdMembers = 60;

// A free-text field: valid UTF-8, no control characters, at most `max_bytes`.
[[nodiscard]] Status ValidateText(std::string_view field, std::string_view value,
                                  size_t max_bytes = kMaxFieldBytes);
// A phone number as people write it: digits, spaces, '+', '-', '(', ')', '.',
// Eastern Arabic-Indic digits; at least 6 digits.
[[nodiscard]] Status ValidatePhone(std::string_view field, std::string_view value);

[[nodiscard]] Status ValidateDocument(const Document& document);
[[nodiscard]] Status ValidatePerson(const Person& person);
// Also checks that exactly one member is the head when relationships are given.
[[nodiscard]] Status ValidateHousehold(const Household& household);
[[nodiscard]] Status ValidateMovement(const Movement& movement);
[[nodiscard]] Status ValidateNotInFuture(std::string_view field, Date date);

}  // namespace sanad
