// The bodies of the case routes (api/case_json): POST cases, PATCH cases,
// transitions, notes, tasks (new and changed), referrals (new and changed)
// and organisations. Every decoder reads every input.
// Invariants: a refusal names a field; an accepted new case, task, referral
// or organisation survives encode → decode to the same value; a decoded
// transition's closure reason is one the machine knows.
#include "api/case_json.h"
#include "json_fuzz.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace sanad;
  auto body = fuzz::Body(data, size);
  if (!body) return 0;
  if (auto c = api::DecodeNewCase(*body); !c) {
    fuzz::CheckRefusal(c.error());
  } else {
    auto again = api::DecodeNewCase({{"person_id", c->person_id},
                                     {"incident_id", c->incident_id},
                                     {"risks", api::EncodeCase(*c)["risks"]},
                                     {"priority", ToString(c->priority)},
                                     {"assigned_to", c->assigned_to}});
    FUZZ_CHECK(again.has_value() && *again == *c, "a new case survives encode and decode");
  }
  Case stored;
  stored.person_id = "0190f3a0-0000-7000-8000-000000000002";
  stored.risks = {ProtectionRisk::kGbv};
  if (auto v = api::ApplyCasePatch(*body, &stored); !v) {
    fuzz::CheckRefusal(v.error());
  } else {
    FUZZ_CHECK(stored.person_id == "0190f3a0-0000-7000-8000-000000000002",
               "a patch never moves a case to another person");
  }
  if (auto t = api::DecodeTransition(*body); !t) fuzz::CheckRefusal(t.error());
  if (auto n = api::DecodeNote(*body); !n) fuzz::CheckRefusal(n.error());
  if (auto t = api::DecodeNewTask(*body); !t) {
    fuzz::CheckRefusal(t.error());
  } else {
    const api::json encoded = api::EncodeTask(*t);
    auto again = api::DecodeNewTask({{"title", encoded["title"]}, {"due", encoded["due"]}});
    FUZZ_CHECK(again.has_value() && again->title == t->title && again->due == t->due,
               "a new task survives encode and decode");
  }
  if (auto c = api::DecodeTaskChange(*body, "id"); !c) fuzz::CheckRefusal(c.error());
  if (auto r = api::DecodeNewReferral(*body); !r) {
    fuzz::CheckRefusal(r.error());
  } else {
    const api::json encoded = api::EncodeReferral(*r);
    auto again = api::DecodeNewReferral({{"service", encoded["service"]},
                                         {"organisation_id", encoded["organisation_id"]},
                                         {"shared_fields", encoded["shared_fields"]},
                                         {"outcome_note", encoded["outcome_note"]}});
    FUZZ_CHECK(again.has_value() && *again == *r, "a new referral survives encode and decode");
  }
  if (auto c = api::DecodeReferralChange(*body, "id"); !c) fuzz::CheckRefusal(c.error());
  if (auto o = api::DecodeOrganisation(*body); !o) {
    fuzz::CheckRefusal(o.error());
  } else {
    const api::json encoded = api::EncodeOrganisation(*o);
    auto again =
        api::DecodeOrganisation({{"name", encoded["name"]}, {"services", encoded["services"]}});
    FUZZ_CHECK(again.has_value() && *again == *o, "an organisation survives encode and decode");
  }
  return 0;
}
