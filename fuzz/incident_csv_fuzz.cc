// The incident CSV (`sanad import incidents`): rows typed by monitors on
// paper or exported from a form tool. Invariants: errors are capped, carry a
// line and a column and say what is wrong (in UTF-8 when the file is); an
// incident read has one line per person, and passes ValidateIncident (the
// parser promises it checked every incident it returns).
#include "core/incident_csv.h"
#include "fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace sanad;
  const std::string_view text = fuzz::AsText(data, size);
  const IncidentCsv csv = ParseIncidentCsv(text, 10);
  FUZZ_CHECK(csv.errors.size() <= 10, "errors capped at max_errors");
  for (const auto& error : csv.errors) {
    FUZZ_CHECK(error.line >= 1, "every error names its line");
    FUZZ_CHECK(!error.field.empty(), "every error names its column");
    FUZZ_CHECK(!error.message.empty(), "every error says what is wrong");
    FUZZ_CHECK(fuzz::MessageFitsInput(text, error.message),
               "an error quoting UTF-8 input is UTF-8");
  }
  FUZZ_CHECK(csv.lines.size() == csv.incidents.size(), "each incident has its lines");
  if (!csv.errors.empty()) return 0;
  for (size_t i = 0; i < csv.incidents.size(); ++i) {
    const Incident& incident = csv.incidents[i];
    FUZZ_CHECK(!incident.persons.empty(), "an incident has a person");
    FUZZ_CHECK(csv.lines[i].size() == incident.persons.size(), "one line per person");
    FUZZ_CHECK(ValidateIncident(incident).has_value(), "an incident read is a valid incident");
  }
  return 0;
}
