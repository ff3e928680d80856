// What the JSON harnesses share: the body parser the API runs first
// (ParseBody: UTF-8, JSON, an object), and the re-encoding checks.
//
// The API's handlers catch exceptions (Dispatch turns them into a 500), but
// a decoder promises a Result: an exception out of one is a finding here,
// so these harnesses catch nothing.
#pragma once

#include <optional>

#include "api/json_codec.h"
#include "fuzz_check.h"

namespace sanad::fuzz {

// The body as the API would see it after ParseBody, or nullopt where the API
// answers 400 before any decoder runs. Checks that a body that parses also
// parses from its own dump (what the API's replies rely on).
inline std::optional<api::json> Body(const uint8_t* data, size_t size) {
  auto body = api::ParseBody(AsText(data, size));
  if (!body) {
    FUZZ_CHECK(body.error().field == "body", "a refused body names the body");
    return std::nullopt;
  }
  auto again = api::ParseBody(body->dump());
  FUZZ_CHECK(again.has_value() && *again == *body, "a body survives dump and parse");
  return std::move(*body);
}

// A decoder's refusal: names a field, and is UTF-8 (the body was).
inline void CheckRefusal(const Error& error) {
  FUZZ_CHECK(!error.field.empty(), "a refusal names the field");
  FUZZ_CHECK(IsValidUtf8(error.message) && IsValidUtf8(error.field),
             "a refusal of a UTF-8 body is UTF-8");
}

// A person as the API encodes it, decoded again onto an empty person: the
// same person (EncodePerson and DecodePerson agree on every field).
inline void CheckPersonRoundTrip(const Person& person) {
  auto again = api::DecodePerson(api::EncodePerson(person, /*show_numbers=*/true), Person{}, "");
  FUZZ_CHECK(again.has_value(), "an encoded person decodes");
  Person expected = person;
  expected.id.clear();            // read-only on the wire
  expected.household_id.clear();  // read-only on the wire
  expected.external_id.clear();   // not encoded
  expected.consent_recorded_by.clear();
  FUZZ_CHECK(*again == expected, "a person survives EncodePerson and DecodePerson");
}

}  // namespace sanad::fuzz
