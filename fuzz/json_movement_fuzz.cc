// POST /api/v1/movements: a crossing. Invariants: a refusal names the field;
// a decoded movement survives EncodeMovement and DecodeMovement once the
// store's fields are removed.
#include "json_fuzz.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace sanad;
  auto body = fuzz::Body(data, size);
  if (!body) return 0;
  auto movement = api::DecodeMovement(*body);
  if (!movement) {
    fuzz::CheckRefusal(movement.error());
    return 0;
  }
  api::json encoded = api::EncodeMovement(*movement);
  for (const char* key : {"id", "created_at"}) encoded.erase(key);
  auto again = api::DecodeMovement(encoded);
  FUZZ_CHECK(again.has_value() && *again == *movement,
             "a movement survives EncodeMovement and DecodeMovement");
  return 0;
}
