#include "match/synthetic_data.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "core/csv.h"
#include "core/person_csv.h"
#include "text/name_folding.h"

namespace sanad::match {
namespace {

std::vector<std::vector<std::string>> ReadAll(std::string_view csv) {
  CsvReader reader(csv);
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> fields;
  while (true) {
    auto more = reader.Next(&fields);
    EXPECT_TRUE(more) << more.error().message;
    if (!more || !*more) break;
    rows.push_back(fields);
  }
  return rows;
}

enum Column {
  kId,
  kGiven,
  kFather,
  kGrandfather,
  kFamily,
  kSex,
  kBirth,
  kPhone,
  kTazkira,
  kPor,
  kProvince,
  kDistrict,
  kHousehold,
  kRelationship
};

struct Generated {
  SyntheticData data;
  std::vector<std::vector<std::string>> rows;  // without the header
  std::map<std::string, std::vector<size_t>> rows_of_person;
};

const Generated& Sample() {
  static const Generated g = [] {
    Generated out;
    out.data = GenerateSynthetic(SynthOptions{20'000, 11, 0.25});
    out.rows = ReadAll(out.data.persons_csv);
    out.rows.erase(out.rows.begin());
    auto truth = ReadAll(out.data.truth_csv);
    truth.erase(truth.begin());
    for (size_t i = 0; i < truth.size(); ++i) {
      EXPECT_EQ(truth[i][0], out.rows[i][kId]);
      out.rows_of_person[truth[i][1]].push_back(i);
    }
    return out;
  }();
  return g;
}

bool IsArabicScript(std::string_view s) {
  return !s.empty() && (static_cast<unsigned char>(s[0]) & 0xF0) == 0xD0;
}

TEST(SyntheticData, IsDeterministicForASeed) {
  const auto a = GenerateSynthetic(SynthOptions{500, 3, 0.25});
  const auto b = GenerateSynthetic(SynthOptions{500, 3, 0.25});
  const auto c = GenerateSynthetic(SynthOptions{500, 4, 0.25});
  EXPECT_EQ(a.persons_csv, b.persons_csv);
  EXPECT_EQ(a.truth_csv, b.truth_csv);
  EXPECT_NE(a.persons_csv, c.persons_csv);
}

TEST(SyntheticData, HasExactlyThePersonsAskedForAndTruthForEveryRecord) {
  const Generated& g = Sample();
  EXPECT_EQ(g.data.stats.persons, 20'000u);
  EXPECT_EQ(g.rows_of_person.size(), 20'000u);
  EXPECT_EQ(g.rows.size(), g.data.stats.records);
  std::set<std::string> ids;
  for (const auto& row : g.rows) ids.insert(row[kId]);
  EXPECT_EQ(ids.size(), g.rows.size()) << "record ids repeat";
  size_t duplicated = 0;
  for (const auto& [person, rows] : g.rows_of_person) {
    duplicated += rows.size() > 1;
    EXPECT_LE(rows.size(), 7u) << person;
  }
  EXPECT_EQ(duplicated, g.data.stats.duplicated_persons);
}

TEST(SyntheticData, DuplicatesAboutTheShareAskedFor) {
  const Generated& g = Sample();
  const double share = static_cast<double>(g.data.stats.duplicated_persons) / 20'000.0;
  EXPECT_GT(share, 0.20);
  EXPECT_LT(share, 0.30);
  EXPECT_EQ(GenerateSynthetic(SynthOptions{2'000, 1, 0.0}).stats.duplicated_persons, 0u);
}

TEST(SyntheticData, EveryRowIsValidPersonCsv) {
  const Generated& g = Sample();
  const PersonCsv csv = ParsePersonCsv(g.data.persons_csv);
  ASSERT_TRUE(csv.errors.empty()) << FormatFileError("persons.csv", csv.errors[0]);
  EXPECT_EQ(csv.records.size(), g.rows.size());
  for (const auto& record : csv.records) {
    ASSERT_FALSE(record.household_ref.empty());
    ASSERT_TRUE(record.person.relationship.has_value());
  }
}

TEST(SyntheticData, HouseholdsHaveSixToTenPeopleAndBrothersShareTheirFathersNames) {
  const Generated& g = Sample();
  // Original registrations carry the household's plain reference "H<n>".
  std::map<std::string, std::vector<size_t>> households;
  for (size_t i = 0; i < g.rows.size(); ++i) {
    const std::string& ref = g.rows[i][kHousehold];
    if (ref.find('-') == std::string::npos && ref[0] == 'H') households[ref].push_back(i);
  }
  size_t sized_right = 0, with_brothers = 0, brothers_alike = 0;
  for (const auto& [ref, rows] : households) {
    sized_right += rows.size() >= 6 && rows.size() <= 10;
    std::vector<size_t> sons;
    for (size_t i : rows) {
      if (g.rows[i][kRelationship] == "son") sons.push_back(i);
    }
    if (sons.size() < 2) continue;
    ++with_brothers;
    const auto& a = g.rows[sons[0]];
    const auto& b = g.rows[sons[1]];
    brothers_alike += text::JoinedSkeleton(a[kFather]) == text::JoinedSkeleton(b[kFather]) &&
                      a[kProvince] == b[kProvince];
  }
  EXPECT_GT(static_cast<double>(sized_right), 0.95 * static_cast<double>(households.size() - 1));
  EXPECT_GT(with_brothers, households.size() / 2);
  // The same father's name (typos aside) and province: hard non-matches.
  EXPECT_GT(static_cast<double>(brothers_alike), 0.8 * static_cast<double>(with_brothers));
}

TEST(SyntheticData, DuplicatesVaryAsRealRegistrationsDo) {
  const Generated& g = Sample();
  size_t pairs = 0, script_switch = 0, spelling_differs = 0, same_skeleton = 0,
         grandfather_dropped = 0, estimate = 0, year_only = 0, honorific = 0;
  for (const auto& [person, rows] : g.rows_of_person) {
    if (rows.size() < 2) continue;
    const auto& a = g.rows[rows[0]];
    const auto& b = g.rows[rows[1]];
    ++pairs;
    const bool a_arabic = IsArabicScript(a[kGiven]), b_arabic = IsArabicScript(b[kGiven]);
    script_switch += a_arabic != b_arabic;
    spelling_differs += !a_arabic && !b_arabic && a[kGiven] != b[kGiven];
    same_skeleton += text::JoinedSkeleton(a[kGiven]) == text::JoinedSkeleton(b[kGiven]);
    grandfather_dropped += a[kGrandfather].empty() != b[kGrandfather].empty();
    for (const auto* row : {&a, &b}) {
      const std::string& birth = (*row)[kBirth];
      estimate += birth.find('~') != std::string::npos;
      year_only += birth.size() == 4;
      honorific += (*row)[kGiven].starts_with("Haji ") || (*row)[kGiven].starts_with("حاجی ");
    }
  }
  ASSERT_GT(pairs, 3'000u);
  auto share = [pairs](size_t n) { return static_cast<double>(n) / static_cast<double>(pairs); };
  EXPECT_GT(share(script_switch), 0.2);
  EXPECT_GT(share(spelling_differs), 0.1);
  EXPECT_GT(share(grandfather_dropped), 0.1);
  EXPECT_GT(share(estimate), 0.1);
  EXPECT_GT(share(year_only), 0.2);
  EXPECT_GT(honorific, pairs / 100);
  // Variants, not different names: most pairs still share a skeleton.
  EXPECT_GT(share(same_skeleton), 0.6);
}

TEST(SyntheticData, WritesNumbersInTheFormsPeopleUse) {
  const Generated& g = Sample();
  bool eastern = false, international = false, e_tazkira = false, pakistani = false;
  for (const auto& row : g.rows) {
    eastern |= row[kTazkira].starts_with("\xDB");
    international |= row[kPhone].starts_with("+93") || row[kPhone].starts_with("0093");
    pakistani |= row[kPhone].starts_with("03") || row[kPhone].starts_with("+92");
    e_tazkira |= row[kTazkira].size() == 15 && row[kTazkira][4] == '-';
  }
  EXPECT_TRUE(eastern);
  EXPECT_TRUE(international);
  EXPECT_TRUE(pakistani);
  EXPECT_TRUE(e_tazkira);
}

}  // namespace
}  // namespace sanad::match

namespace sanad::match {
namespace {

SyntheticData Realistic(size_t persons, uint64_t seed) {
  SynthOptions options{persons, seed, 0.25};
  options.errors = SynthErrors::kRealistic;
  return GenerateSynthetic(options);
}

TEST(RealisticErrors, IsDeterministicAndLeavesTheDefaultModelAlone) {
  const SyntheticData a = Realistic(800, 5);
  EXPECT_EQ(a.persons_csv, Realistic(800, 5).persons_csv);
  EXPECT_NE(a.persons_csv, Realistic(800, 6).persons_csv);
  // Another stream than the default model's: the same seed gives other data.
  EXPECT_NE(a.persons_csv, GenerateSynthetic(SynthOptions{800, 5, 0.25}).persons_csv);
  EXPECT_EQ(a.stats.persons, 800u);
}

TEST(RealisticErrors, EveryRowIsValidPersonCsvAndEveryKindOfErrorOccurs) {
  const SyntheticData data = Realistic(20'000, 11);
  const PersonCsv csv = ParsePersonCsv(data.persons_csv);
  ASSERT_TRUE(csv.errors.empty()) << FormatFileError("persons.csv", csv.errors[0]);
  const std::string& text = data.persons_csv;
  // Titles in both scripts, abbreviations, formats and spellings the
  // default model never writes.
  for (std::string_view expected :
       {"Alhaj ", "Mawlawi ", "Sayeda ", " Khan,", "Md.", "PoR No. ", "PoR# ", "+93 (0)", "Lughman",
        "Sar-i-Pul", "Daikundi", "NANGARHAR", "/"}) {
    EXPECT_NE(text.find(expected), std::string::npos) << expected;
  }
  EXPECT_GE(std::count(text.begin(), text.end(), '\n'), 20'000);
}

}  // namespace
}  // namespace sanad::match
