// POST /api/v1/status/check: a date, a context and documents, evaluated
// against the shipped policy. Invariants: a refusal names the field; at most
// 20 documents; Evaluate and StatusOn agree on what was decoded.
#include "api/service_json.h"
#include "json_fuzz.h"
#include "policy/policy.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace sanad;
  auto body = fuzz::Body(data, size);
  if (!body) return 0;
  auto check = api::DecodeStatusCheck(*body);
  if (!check) {
    fuzz::CheckRefusal(check.error());
    return 0;
  }
  FUZZ_CHECK(check->documents.size() <= 20, "at most 20 documents");
  static const policy::Policy shipped = *policy::LoadShippedPolicy();
  const auto evaluation = policy::Evaluate(shipped, check->documents, check->date, check->context);
  FUZZ_CHECK(
      evaluation.status == policy::StatusOn(shipped, check->documents, check->date, check->context),
      "Evaluate and StatusOn agree");
  return 0;
}
