// Partial dates (birth dates, document issue dates) and full ISO dates, as
// typed into forms and CSV cells. Invariants: what parses prints back to a
// form that parses to the same value; a partial date's range is ordered and
// inside the years sanad accepts; a day count converts back to its date.
#include "core/date.h"
#include "fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text = sanad::fuzz::AsText(data, size);
  if (auto partial = sanad::PartialDate::Parse(text)) {
    auto again = sanad::PartialDate::Parse(partial->ToIso());
    FUZZ_CHECK(again.has_value(), "a parsed partial date prints to a form that parses");
    FUZZ_CHECK(*again == *partial, "a partial date survives ToIso and Parse");
    const sanad::Date earliest = partial->Earliest();
    const sanad::Date latest = partial->Latest();
    FUZZ_CHECK(earliest <= latest, "a partial date's range is ordered");
    FUZZ_CHECK(earliest.year >= 1900 - 100 && latest.year <= 2100 + 100,
               "a partial date's range stays near the accepted years");
  } else {
    FUZZ_CHECK(!partial.error().message.empty(), "a refusal says why");
    FUZZ_CHECK(sanad::fuzz::MessageFitsInput(text, partial.error().message),
               "a refusal quoting UTF-8 input is UTF-8");
  }
  auto date = sanad::Date::ParseIso(text);
  if (!date) {
    FUZZ_CHECK(sanad::fuzz::MessageFitsInput(text, date.error().message),
               "a refusal quoting UTF-8 input is UTF-8");
  } else {
    auto again = sanad::Date::ParseIso(date->ToIso());
    FUZZ_CHECK(again.has_value() && *again == *date, "a date survives ToIso and ParseIso");
    FUZZ_CHECK(sanad::Date::FromDaysSinceEpoch(date->DaysSinceEpoch()) == *date,
               "a date survives the day count");
    FUZZ_CHECK(date->day >= 1 && date->day <= sanad::DaysInMonth(date->year, date->month),
               "a parsed day exists in its month");
  }
  return 0;
}
