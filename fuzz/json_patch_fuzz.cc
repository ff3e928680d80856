// PATCH /api/v1/households/{id}: changes onto a stored household of two.
// Invariants: a refused patch names a field; an accepted one keeps the
// members it did not name, adds (never removes) members, and each member
// survives EncodePerson and DecodePerson.
#include "json_fuzz.h"

namespace {

sanad::Household Stored() {
  using namespace sanad;
  Household h;
  h.id = "0190f3a0-0000-7000-8000-000000000001";
  h.version = 3;
  h.origin_province = "Peshawar";
  h.destination_province = "Nangarhar";
  Person head;
  head.id = "0190f3a0-0000-7000-8000-000000000002";
  head.household_id = h.id;
  head.given_name = "Gul";
  head.father_name = "Ahmad";
  head.sex = Sex::kMale;
  head.birth_date = PartialDate{1980, 0, 0, 0, PartialDate::Precision::kYear};
  head.relationship = Relationship::kHead;
  head.documents.push_back(Document{DocumentType::kPorCard, "PK-123456", {}, Date{2025, 6, 30}});
  Person child;
  child.id = "0190f3a0-0000-7000-8000-000000000003";
  child.household_id = h.id;
  child.given_name = "گل";
  child.sex = Sex::kFemale;
  h.members = {head, child};
  return h;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace sanad;
  auto body = fuzz::Body(data, size);
  if (!body) return 0;
  static const Household stored = Stored();
  Household current = stored;
  auto version = api::ApplyHouseholdPatch(*body, &current);
  if (!version) {
    fuzz::CheckRefusal(version.error());
    return 0;
  }
  FUZZ_CHECK(current.members.size() >= stored.members.size(), "a patch never removes members");
  for (size_t i = 0; i < stored.members.size(); ++i) {
    FUZZ_CHECK(current.members[i].id == stored.members[i].id, "members keep their ids and order");
  }
  for (const auto& member : current.members) fuzz::CheckPersonRoundTrip(member);
  return 0;
}
