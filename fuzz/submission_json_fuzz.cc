// Form submissions (`sanad import submissions`): Kobo JSON, ODK Central
// OData JSON and, since the bytes decide, ODK Central's CSV zip, then the
// mapping of the shipped form. Invariants: a whole-file error names "file"
// and says something; every submission read has an instanceID and is not
// also a problem; every problem names its submission; messages quoting
// UTF-8 input are UTF-8; mapping never fails for a mapping without
// ambiguous paths, and every household it returns passes validation.
#include "core/submission.h"
#include "core/submission_mapping.h"
#include "core/validation.h"
#include "fuzz_check.h"

namespace {

constexpr std::string_view kMapping = R"(
[household]
origin_province = "household/origin_province"
destination_province = { path = "destination_province", values = { sar_e_pol = "Sar-e Pol" } }
[members]
repeat = "household/members"
given_name = "given_name"
father_name = "father_name"
sex = { path = "sex", values = { f = "female", m = "male" } }
relationship = "relationship"
birth_date = { path = "birth_date", solar_hijri = true, eastern_digits = true }
phone = { path = "phone", eastern_digits = true }
vulnerabilities = { path = "vulnerabilities", values = { uasc = "unaccompanied_or_separated_child" } }
consents = "consents"
[members.documents]
types = { path = "documents", values = { por = "por_card" } }
por_card = { path = "por_number", eastern_digits = true }
por_card_valid_until = "por_valid_until"
)";

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace sanad;
  const std::string_view input = fuzz::AsText(data, size);
  static const SubmissionMapping mapping = *ParseSubmissionMapping(kMapping, "fuzz.toml");
  auto parsed = ParseSubmissions(input);
  if (!parsed) {
    FUZZ_CHECK(parsed.error().field == "file", "a whole-file error names the file");
    FUZZ_CHECK(!parsed.error().message.empty(), "an error says what is wrong");
    FUZZ_CHECK(fuzz::MessageFitsInput(input, parsed.error().message),
               "an error quoting UTF-8 input is UTF-8");
    return 0;
  }
  for (const auto& s : parsed->submissions) {
    FUZZ_CHECK(!s.instance_id.empty(), "a submission read has an instanceID");
    FUZZ_CHECK(s.index >= 1, "a submission has its 1-based index");
  }
  for (const auto& p : parsed->problems) {
    FUZZ_CHECK(!p.submission.empty(), "a problem names its submission");
    FUZZ_CHECK(fuzz::MessageFitsInput(input, p.message), "a problem quoting UTF-8 is UTF-8");
  }
  auto mapped = MapSubmissions(mapping, *parsed);
  if (!mapped) {
    FUZZ_CHECK(mapped.error().field == "mapping", "only the mapping can fail as a whole");
    return 0;
  }
  FUZZ_CHECK(mapped->households.size() <= parsed->submissions.size(),
             "no more households than submissions");
  for (const auto& m : mapped->households) {
    FUZZ_CHECK(ValidateHousehold(m.household).has_value(), "a mapped household is valid");
    FUZZ_CHECK(m.member_paths.size() == m.household.members.size(), "every member has a path");
  }
  for (const auto& p : mapped->problems) {
    FUZZ_CHECK(!p.submission.empty(), "a problem names its submission");
    FUZZ_CHECK(fuzz::MessageFitsInput(input, p.message), "a problem quoting UTF-8 is UTF-8");
  }
  return 0;
}
