// POST /api/v1/households: a new household and its members. Invariants: a
// decoded household has 1 to kMaxHouseholdMembers members and no ids; each
// member survives EncodePerson and DecodePerson; the household survives
// EncodeHousehold and DecodeNewHousehold once the store's fields are removed.
#include "core/validation.h"
#include "json_fuzz.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace sanad;
  auto body = fuzz::Body(data, size);
  if (!body) return 0;
  auto household = api::DecodeNewHousehold(*body);
  if (!household) {
    fuzz::CheckRefusal(household.error());
    return 0;
  }
  FUZZ_CHECK(!household->members.empty() && household->members.size() <= kMaxHouseholdMembers,
             "1 to kMaxHouseholdMembers members");
  for (const auto& member : household->members) {
    FUZZ_CHECK(member.id.empty(), "a new member has no id");
    fuzz::CheckPersonRoundTrip(member);
  }
  api::json encoded = api::EncodeHousehold(*household, /*show_numbers=*/true);
  for (const char* key : {"id", "version", "created_at", "updated_at"}) encoded.erase(key);
  for (auto& member : encoded["members"]) {
    for (const char* key : {"id", "household_id"}) member.erase(key);
  }
  auto again = api::DecodeNewHousehold(encoded);
  FUZZ_CHECK(again.has_value() && *again == *household,
             "a household survives EncodeHousehold and DecodeNewHousehold");
  return 0;
}
