// The bodies of the tracing routes (api/tracing_json): POST
// tracing-requests and POST .../decisions. Every decoder reads every input.
// Invariants: a refusal names a field; an accepted request survives encode →
// decode to the same value; a decision names exactly one candidate.
#include "api/tracing_json.h"
#include "json_fuzz.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace sanad;
  static const TestClock clock(TestClock::FromIso(2026, 12, 2, 12));
  auto body = fuzz::Body(data, size);
  if (!body) return 0;
  if (auto r = api::DecodeNewTracingRequest(*body, clock); !r) {
    fuzz::CheckRefusal(r.error());
  } else {
    api::json sought = api::json::array();
    for (const SoughtPerson& s : r->sought) sought.push_back(api::EncodeSought(s, true));
    auto again = api::DecodeNewTracingRequest(
        {{"inquirer_id", r->inquirer_id}, {"case_id", r->case_id}, {"sought", sought}}, clock);
    FUZZ_CHECK(again.has_value() && *again == *r, "a tracing request survives encode and decode");
  }
  if (auto d = api::DecodeTracingDecision(*body, "id"); !d) {
    fuzz::CheckRefusal(d.error());
  } else {
    FUZZ_CHECK(d->decision.person_id.empty() != d->decision.other_request_id.empty(),
               "a decision names one candidate");
    FUZZ_CHECK(d->decision.request_id == "id", "a decision stays with its request");
  }
  return 0;
}
