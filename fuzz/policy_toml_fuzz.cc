// Policy files (TOML) an admin loads with `sanad policy check/load`.
// Invariants: a refusal names the file; a policy that loads answers
// Evaluate and StatusOn alike for a few documents, dates and both contexts.
#include "fuzz_check.h"
#include "policy/evaluation.h"
#include "policy/policy.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace sanad;
  auto policy = policy::LoadPolicy(fuzz::AsText(data, size), "fuzz.toml");
  if (!policy) {
    FUZZ_CHECK(policy.error().message.find("fuzz.toml") != std::string::npos,
               "a refused policy file is named in the message");
    FUZZ_CHECK(fuzz::MessageFitsInput(fuzz::AsText(data, size), policy.error().message),
               "a refusal quoting UTF-8 input is UTF-8");
    return 0;
  }
  const std::vector<std::vector<policy::HeldDocument>> holdings = {
      {},
      {{DocumentType::kPorCard, Date{2025, 6, 30}}},
      {{DocumentType::kTazkira, std::nullopt}, {DocumentType::kPassport, Date{2030, 1, 1}}},
  };
  for (const auto& held : holdings) {
    for (const Date date : {Date{2023, 11, 1}, Date{2025, 9, 1}}) {
      for (auto context : {policy::Context::kStay, policy::Context::kEntry}) {
        const auto evaluation = policy::Evaluate(*policy, held, date, context);
        FUZZ_CHECK(evaluation.status == policy::StatusOn(*policy, held, date, context),
                   "Evaluate and StatusOn agree");
      }
    }
  }
  return 0;
}
