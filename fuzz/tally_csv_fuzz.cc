// The flow-tally CSV (`sanad import movements`): counts at crossing points,
// typed by monitors. Invariants: every row seen is a record or an error;
// errors carry a line; a good row's counts are whole numbers >= 0 that add
// up (female + male and the four age bands each = individuals), its
// crossing point and province are canonical gazetteer names.
#include "fuzz_check.h"
#include "report/tally_csv.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace sanad;
  static const CrossingGazetteer gazetteer = CrossingGazetteer::Default();
  const report::FlowTallyCsv csv =
      report::ParseFlowTallyCsv(fuzz::AsText(data, size), gazetteer, 10);
  FUZZ_CHECK(csv.records.size() <= csv.rows, "no more records than rows");
  FUZZ_CHECK(csv.errors.size() <= 10, "errors capped at max_errors");
  for (const auto& error : csv.errors) {
    FUZZ_CHECK(error.line >= 1, "every error names its line");
    FUZZ_CHECK(!error.message.empty(), "every error says what is wrong");
    FUZZ_CHECK(fuzz::MessageFitsInput(fuzz::AsText(data, size), error.message),
               "an error quoting UTF-8 input is UTF-8");
  }
  for (const auto& record : csv.records) {
    const FlowTally& t = record.tally;
    FUZZ_CHECK(t.households >= 0 && t.individuals >= 0 && t.female >= 0 && t.male >= 0 &&
                   t.age_0_4 >= 0 && t.age_5_17 >= 0 && t.age_18_59 >= 0 && t.age_60_plus >= 0 &&
                   t.registered_individuals >= 0,
               "counts are >= 0");
    FUZZ_CHECK(t.female + t.male == t.individuals, "female + male = individuals");
    FUZZ_CHECK(t.age_0_4 + t.age_5_17 + t.age_18_59 + t.age_60_plus == t.individuals,
               "the age bands add up to individuals");
    const auto canonical = gazetteer.Find(t.crossing_point);
    FUZZ_CHECK(canonical && *canonical == t.crossing_point, "the crossing point is canonical");
  }
  return 0;
}
