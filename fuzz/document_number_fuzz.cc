// Document numbers (Tazkira, PoR card, passport) as typed or scanned, in any
// script. Invariant: normalising is idempotent (number searches depend on it).
#include "fuzz_check.h"
#include "text/document_number.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string normal = sanad::text::NormalizeDocumentNumber(sanad::fuzz::AsText(data, size));
  FUZZ_CHECK(sanad::text::NormalizeDocumentNumber(normal) == normal,
             "normalising a document number is idempotent");
  return 0;
}
