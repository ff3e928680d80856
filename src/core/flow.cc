#include "core/flow.h"

#include <array>
#include <utility>

#include "core/name_table.h"
#include "core/validation.h"

namespace sanad {
namespace {

constexpr NameTable<Vulnerability, 6> kVulnerabilityNames{{
    {Vulnerability::kUnaccompaniedOrSeparatedChild, "unaccompanied_or_separated_child"},
    {Vulnerability::kFemaleHeadedHousehold, "female_headed_household"},
    {Vulnerability::kDisability, "disability"},
    {Vulnerability::kSeriousMedicalCondition, "serious_medical_condition"},
    {Vulnerability::kElderlyAlone, "elderly_alone"},
    {Vulnerability::kPregnantOrLactating, "pregnant_or_lactating"},
}};

constexpr NameTable<ReturnReason, 6> kReturnReasonNames{{
    {ReturnReason::kFearOfArrest, "fear_of_arrest"},
    {ReturnReason::kEviction, "eviction"},
    {ReturnReason::kNoDocuments, "no_documents"},
    {ReturnReason::kHarassment, "harassment"},
    {ReturnReason::kEconomic, "economic"},
    {ReturnReason::kOther, "other"},
}};

// Lowercases ASCII and drops the separators people write differently
// (space, '-', '_', '/', apostrophes, en and em dashes).
std::string FoldCrossingName(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == ' ' || c == '-' || c == '_' || c == '/' || c == '\'' || c == '.' || c == '\t') {
      continue;
    }
    // U+2013, U+2014 (dashes) and U+2019 (apostrophe): E2 80 93/94/99.
    if (static_cast<unsigned char>(c) == 0xE2 && i + 2 < text.size() &&
        static_cast<unsigned char>(text[i + 1]) == 0x80) {
      const auto third = static_cast<unsigned char>(text[i + 2]);
      if (third == 0x93 || third == 0x94 || third == 0x99) {
        i += 2;
        continue;
      }
    }
    out.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
  }
  return out;
}

Error CountError(std::string field, Message message) {
  return Error::InvalidInput(std::move(field), std::move(message));
}

}  // namespace

AgeBand AgeBandOf(int age_years) {
  if (age_years < 5) return AgeBand::k0To4;
  if (age_years < 18) return AgeBand::k5To17;
  if (age_years < 60) return AgeBand::k18To59;
  return AgeBand::k60Plus;
}

std::optional<AgeBand> AgeBandAt(const std::optional<PartialDate>& birth, Date on) {
  if (!birth) return std::nullopt;
  const int32_t earliest = birth->Earliest().DaysSinceEpoch();
  const int32_t latest = birth->Latest().DaysSinceEpoch();
  const Date middle = Date::FromDaysSinceEpoch(earliest + (latest - earliest) / 2);
  if (middle > on) return std::nullopt;
  int age = on.year - middle.year;
  if (on.month < middle.month || (on.month == middle.month && on.day < middle.day)) --age;
  return AgeBandOf(age);
}

void CountPerson(FlowTally* tally, Sex sex, std::optional<AgeBand> band) {
  ++tally->individuals;
  if (sex == Sex::kFemale) ++tally->female;
  if (sex == Sex::kMale) ++tally->male;
  if (!band) return;
  if (sex == Sex::kFemale || sex == Sex::kMale) {
    ++tally->sex_by_age[sex == Sex::kFemale ? 0 : 1][static_cast<size_t>(*band)];
  }
  switch (*band) {
    case AgeBand::k0To4:
      ++tally->age_0_4;
      break;
    case AgeBand::k5To17:
      ++tally->age_5_17;
      break;
    case AgeBand::k18To59:
      ++tally->age_18_59;
      break;
    case AgeBand::k60Plus:
      ++tally->age_60_plus;
      break;
  }
}

FlowTally TallyOfMovement(const Movement& movement, const std::vector<const Person*>& people,
                          std::string destination_province) {
  FlowTally t;
  t.date = movement.date;
  t.crossing_point = movement.crossing_point;
  t.direction = movement.direction;
  t.mode = movement.mode;
  t.destination_province = std::move(destination_province);
  for (const Person* person : people) {
    CountPerson(&t, person->sex, AgeBandAt(person->birth_date, movement.date));
  }
  // A movement of registered people is one household crossing (or several
  // individuals travelling together, counted as one group).
  t.households = t.individuals > 0 ? 1 : 0;
  return t;
}

std::string_view ToString(AgeBand value) {
  switch (value) {
    case AgeBand::k0To4:
      return "age_0_4";
    case AgeBand::k5To17:
      return "age_5_17";
    case AgeBand::k18To59:
      return "age_18_59";
    case AgeBand::k60Plus:
      return "age_60_plus";
  }
  return "unknown";
}

std::string_view ToString(Vulnerability value) { return NameOf(kVulnerabilityNames, value); }
std::string_view ToString(ReturnReason value) { return NameOf(kReturnReasonNames, value); }
std::optional<Vulnerability> ParseVulnerability(std::string_view text) {
  return ValueOf(kVulnerabilityNames, text);
}
std::optional<ReturnReason> ParseReturnReason(std::string_view text) {
  return ValueOf(kReturnReasonNames, text);
}
std::string_view VulnerabilityNames() {
  return "unaccompanied_or_separated_child, female_headed_household, disability, "
         "serious_medical_condition, elderly_alone, pregnant_or_lactating";
}
std::string_view ReturnReasonNames() {
  return "fear_of_arrest, eviction, no_documents, harassment, economic, other";
}

Status ValidateFlowTally(const FlowTally& tally, bool require_complete, const Clock& clock) {
  const std::array<std::pair<std::string_view, int64_t>, 9> counts{{
      {"households", tally.households},
      {"individuals", tally.individuals},
      {"female", tally.female},
      {"male", tally.male},
      {"age_0_4", tally.age_0_4},
      {"age_5_17", tally.age_5_17},
      {"age_18_59", tally.age_18_59},
      {"age_60_plus", tally.age_60_plus},
      {"registered_individuals", tally.registered_individuals},
  }};
  for (const auto& [field, value] : counts) {
    if (value < 0) {
      return Fail(
          CountError(std::string(field), Message("must not be negative (it is {})", value)));
    }
  }
  if (tally.households > tally.individuals) {
    return Fail(CountError("households", Message("{} households cannot hold only {} individuals",
                                                 tally.households, tally.individuals)));
  }
  if (tally.individuals > 0 && tally.households == 0) {
    return Fail(CountError(
        "households", Message("must be at least 1 when individuals is {}", tally.individuals)));
  }
  if (tally.registered_individuals > tally.individuals) {
    return Fail(CountError("registered_individuals",
                           Message("{} registered is more than the {} individuals counted",
                                   tally.registered_individuals, tally.individuals)));
  }
  const int64_t by_sex = tally.female + tally.male;
  const int64_t by_age = tally.age_0_4 + tally.age_5_17 + tally.age_18_59 + tally.age_60_plus;
  const bool sex_bad = require_complete ? by_sex != tally.individuals : by_sex > tally.individuals;
  if (sex_bad) {
    return Fail(CountError(
        "female",
        Message("female + male = {} but individuals = {}; correct the counts so they add up",
                by_sex, tally.individuals)));
  }
  const bool age_bad = require_complete ? by_age != tally.individuals : by_age > tally.individuals;
  if (age_bad) {
    return Fail(
        CountError("age_0_4", Message("age_0_4 + age_5_17 + age_18_59 + age_60_plus = {} but "
                                      "individuals = {}; correct the counts so they add up",
                                      by_age, tally.individuals)));
  }
  if (auto ok = ValidateText("crossing_point", tally.crossing_point); !ok) return ok;
  if (auto ok = ValidateText("destination_province", tally.destination_province); !ok) return ok;
  if (auto ok = ValidateNotInFuture("date", tally.date, clock); !ok) return ok;
  return {};
}

CrossingGazetteer CrossingGazetteer::Default() {
  CrossingGazetteer gazetteer;
  gazetteer.points_ = {
      {"Torkham", "Nangarhar", {"Torkhum", "Torkam", "Turkham", "تورخم", "طورخم"}},
      {"Chaman–Spin Boldak",
       "Kandahar",
       {"Chaman", "Spin Boldak", "Spin Buldak", "Chaman-Spin Boldak", "Chaman Spin Boldak",
        "Chaman/Spin Boldak", "چمن", "سپین بولدک", "اسپین بولدک"}},
      {"Ghulam Khan", "Khost", {"Gulam Khan", "Ghulam Khan Kalay", "غلام خان"}},
      {"Angoor Adda",
       "Paktika",
       {"Angur Adda", "Angoor Ada", "Angur Ada", "انګور اډه", "انگور اډه"}},
      {"Kharlachi", "Paktia", {"Kharlachai", "Kharlaachi", "خرلاچی"}},
      {"Badini", "Zabul", {"Badeeni", "بادینی"}},
      {"Bahramcha", "Helmand", {"Bahram Cha", "Baramcha", "Bahramchah", "بهرامچه"}},
  };
  return gazetteer;
}

Status CrossingGazetteer::Add(CrossingPoint point) {
  if (point.name.empty()) return Fail(Error::InvalidInput("name", "a crossing point needs a name"));
  if (auto ok = ValidateText("name", point.name); !ok) return ok;
  for (const auto& spelling : point.spellings) {
    if (auto ok = ValidateText("spellings", spelling); !ok) return ok;
  }
  std::vector<std::string> forms = point.spellings;
  forms.push_back(point.name);
  for (const auto& form : forms) {
    if (auto existing = Find(form)) {
      return Fail(Error::Conflict("'{}' already names the crossing point {}", form, *existing));
    }
  }
  points_.push_back(std::move(point));
  return {};
}

std::optional<std::string> CrossingGazetteer::Find(std::string_view text) const {
  const std::string key = FoldCrossingName(text);
  if (key.empty()) return std::nullopt;
  for (const auto& point : points_) {
    if (FoldCrossingName(point.name) == key) return point.name;
    for (const auto& spelling : point.spellings) {
      if (FoldCrossingName(spelling) == key) return point.name;
    }
  }
  return std::nullopt;
}

std::string CrossingGazetteer::Names() const {
  std::string out;
  for (const auto& point : points_) {
    if (!out.empty()) out += ", ";
    out += point.name;
  }
  return out;
}

}  // namespace sanad
