// POST and PATCH /api/v1/incidents. Invariants: a refusal names the field;
// a decoded incident survives EncodeIncident and DecodeIncident once the
// fields the server adds (ids, marks, derived values) are removed; the same
// body as a patch onto that incident changes nothing further.
#include "api/incident_json.h"
#include "json_fuzz.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace sanad;
  auto body = fuzz::Body(data, size);
  if (!body) return 0;
  auto incident = api::DecodeIncident(*body, Incident{}, /*patch=*/false);
  if (!incident) {
    fuzz::CheckRefusal(incident.error());
    return 0;
  }
  api::json encoded = api::EncodeIncident(*incident, {});
  for (const char* key : {"id", "version", "approximate_date", "risk", "external_ref",
                          "recorded_by", "created_at", "updated_at"}) {
    encoded.erase(key);
  }
  for (auto& person : encoded["persons"]) {
    person.erase("documentation");
    person.erase("status");
  }
  auto again = api::DecodeIncident(encoded, Incident{}, /*patch=*/false);
  FUZZ_CHECK(again.has_value() && *again == *incident,
             "an incident survives EncodeIncident and DecodeIncident");
  auto patched = api::DecodeIncident(*body, *incident, /*patch=*/true);
  FUZZ_CHECK(patched.has_value() && *patched == *incident,
             "the same body as a patch changes nothing further");
  return 0;
}
