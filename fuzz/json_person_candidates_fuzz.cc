// POST /api/v1/persons/candidates: a person half typed, decoded as the route
// decodes it (a "province" string taken out first; a missing given name
// allowed). Invariants: a refusal names the field; a decoded person
// survives EncodePerson and DecodePerson.
#include "json_fuzz.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace sanad;
  auto body = fuzz::Body(data, size);
  if (!body) return 0;
  api::json person_json = *body;
  if (auto it = person_json.find("province"); it != person_json.end()) {
    if (!it->is_string()) return 0;  // the route's 400
    person_json.erase("province");
  }
  const bool has_given_name = person_json.contains("given_name");
  Person base;
  if (!has_given_name) base.given_name = "-";
  auto person = api::DecodePerson(person_json, base, "");
  if (!person) {
    fuzz::CheckRefusal(person.error());
    return 0;
  }
  fuzz::CheckPersonRoundTrip(*person);
  return 0;
}
