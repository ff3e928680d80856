// POST /api/v1/households/{id}/properties: property left behind. Invariants:
// a refusal names the field; a decoded record survives EncodeProperty and
// DecodeProperty once the fields the server adds are removed.
#include "api/incident_json.h"
#include "json_fuzz.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace sanad;
  auto body = fuzz::Body(data, size);
  if (!body) return 0;
  auto record = api::DecodeProperty(*body);
  if (!record) {
    fuzz::CheckRefusal(record.error());
    return 0;
  }
  api::json encoded = api::EncodeProperty(*record);
  for (const char* key :
       {"id", "household_id", "evidence", "recorded_by", "created_at", "updated_at"}) {
    encoded.erase(key);
  }
  auto again = api::DecodeProperty(encoded);
  FUZZ_CHECK(again.has_value() && *again == *record,
             "a property record survives EncodeProperty and DecodeProperty");
  return 0;
}
