// Phone numbers as registrars type them (Latin, Arabic-Indic or Persian
// digits, spaces, dashes, 00 or + prefixes). Invariant: normalising is
// idempotent, so a stored number finds itself when searched again.
#include "fuzz_check.h"
#include "text/phone.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const auto normal = sanad::text::NormalizePhone(sanad::fuzz::AsText(data, size));
  if (normal) {
    FUZZ_CHECK(!normal->empty(), "a phone number is never empty");
    const auto again = sanad::text::NormalizePhone(*normal);
    FUZZ_CHECK(again.has_value() && *again == *normal, "normalising a phone is idempotent");
  }
  return 0;
}
