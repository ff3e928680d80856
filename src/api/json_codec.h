// JSON for the HTTP API: strict decoding (unknown fields and wrong types are
// errors naming the field path) and encoding of the domain types. Field
// names are a contract: given_name, father_name, grandfather_name,
// family_name, sex, birth_date, phone, documents[{type,number,issued,valid_until}].
#pragma once

#include <nlohmann/json.hpp>

#include "core/clock.h"
#include "core/error.h"
#include "core/model.h"
#include "store/store.h"

namespace sanad::api {

using nlohmann::json;

// Parses a request body; kInvalidInput with a plain message when it is not
// a JSON object (or not UTF-8).
[[nodiscard]] Result<json> ParseBody(std::string_view body);

// Decodes the keys present in `j` onto `base` (so a PATCH changes only what
// it names). `path` prefixes field names in errors. The decoders validate
// what they decode (core/validation.h); `clock` says what today is for
// dates that cannot be in the future.
[[nodiscard]] Result<Person> DecodePerson(const json& j, Person base, std::string_view path,
                                          const Clock& clock = SystemClock());
// A new household (POST): members required, no ids accepted.
[[nodiscard]] Result<Household> DecodeNewHousehold(const json& j,
                                                   const Clock& clock = SystemClock());
// Applies a PATCH body onto `current`; returns the version the client saw.
[[nodiscard]] Result<int64_t> ApplyHouseholdPatch(const json& j, Household* current,
                                                  const Clock& clock = SystemClock());
[[nodiscard]] Result<Movement> DecodeMovement(const json& j, const Clock& clock = SystemClock());

// A sign-in body {"username", "password"}: both strings, the username 1 to
// kMaxUsernameBytes bytes and the password at most kMaxSignInPasswordBytes
// (capped before anything, the throttle included, remembers them).
inline constexpr size_t kMaxSignInPasswordBytes = 4096;
struct SignInRequest {
  std::string username;
  std::string password;
};
[[nodiscard]] Result<SignInRequest> DecodeSignIn(const json& j);

// `show_numbers` false hides phones and document numbers (field-level rule).
[[nodiscard]] json EncodePerson(const Person& person, bool show_numbers);
[[nodiscard]] json EncodeHousehold(const Household& household, bool show_numbers);
[[nodiscard]] json EncodeMovement(const Movement& movement);
[[nodiscard]] json EncodeSummary(const store::PersonSummary& summary);
// {"error":{"code","message","field"}}
// The message is said in `language` (core/translation.h).
[[nodiscard]] json EncodeError(const Error& error, std::string_view language = "en");

}  // namespace sanad::api
