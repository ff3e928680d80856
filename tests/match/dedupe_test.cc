#include "match/dedupe.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "match/evaluation.h"
#include "match/features.h"
#include "match/model.h"

namespace sanad::match {
namespace {

// A name in its Latin spellings and its Perso-Arabic form.
struct Name {
  const char* latin[2];
  const char* arabic;
};
const Name kMale[] = {
    {{"Mohammad", "Muhammad"}, "محمد"},
    {{"Ahmad", "Ahmed"}, "احمد"},
    {{"Mahmood", "Mahmud"}, "محمود"},
    {{"Abdul Rahman", "Abdurrahman"}, "عبدالرحمن"},
    {{"Karim", "Kareem"}, "کریم"},
    {{"Nabi", "Nabee"}, "نبی"},
    {{"Hamid", "Hameed"}, "حمید"},
    {{"Rahim", "Raheem"}, "رحیم"},
    {{"Zabihullah", "Zabiullah"}, "ذبیح الله"},
    {{"Noor Ahmad", "Nur Ahmad"}, "نور احمد"},
    {{"Hussain", "Hosein"}, "حسین"},
    {{"Jawad", "Javad"}, "جواد"},
    {{"Bashir", "Basheer"}, "بشیر"},
    {{"Nasir", "Naseer"}, "ناصر"},
    {{"Qasim", "Qaseem"}, "قاسم"},
    {{"Yousuf", "Yusuf"}, "یوسف"},
    {{"Ismail", "Esmail"}, "اسماعیل"},
    {{"Sakhi", "Sakhee"}, "سخی"},
    {{"Wali", "Walee"}, "ولی"},
    {{"Rahmatullah", "Rahmatulla"}, "رحمت الله"},
    {{"Shafiq", "Shafeeq"}, "شفیق"},
    {{"Faridoon", "Fraidun"}, "فریدون"},
    {{"Habibullah", "Habibulla"}, "حبیب الله"},
    {{"Samiullah", "Samiulla"}, "سمیع الله"},
    {{"Daud", "Dawood"}, "داود"},
    {{"Idrees", "Idris"}, "ادریس"},
    {{"Tariq", "Tareq"}, "طارق"},
    {{"Zalmai", "Zalmay"}, "زلمی"},
    {{"Khalid", "Khaled"}, "خالد"},
    {{"Omar", "Umar"}, "عمر"},
};
const char* kProvinces[] = {"Nangarhar", "Kabul", "Kandahar", "Kunduz", "Laghman", "Khost"};

struct Generated {
  std::vector<std::string> rows;  // given,father,grandfather,sex,birth,phone,tazkira,province
  std::vector<uint32_t> person;   // true person of each row
};

const Name& Pick(std::mt19937_64& random) {
  return kMale[std::uniform_int_distribution<size_t>(0, std::size(kMale) - 1)(random)];
}

std::string Spell(const Name& name, std::mt19937_64& random) {
  const int form = std::uniform_int_distribution<int>(0, 3)(random);
  if (form == 3) return name.arabic;
  return name.latin[form == 2 ? 1 : 0];
}

// Households of brothers (same father, grandfather, phone and province);
// about a third of the people registered twice with spelling or script
// variants, dropped fields or a year instead of a date.
Generated Generate(int households, uint64_t seed) {
  std::mt19937_64 random(seed);
  Generated out;
  uint32_t person = 0;
  for (int h = 0; h < households; ++h) {
    const Name& father = Pick(random);
    const Name& grandfather = Pick(random);
    const std::string phone =
        "07" + std::to_string(10000000 + static_cast<int>(random() % 89999999));
    const char* province = kProvinces[random() % std::size(kProvinces)];
    const int sons = 1 + static_cast<int>(random() % 4);
    std::vector<const Name*> used;
    for (int s = 0; s < sons; ++s, ++person) {
      const Name* given = &Pick(random);
      while (std::find(used.begin(), used.end(), given) != used.end()) given = &Pick(random);
      used.push_back(given);
      const int year = 1960 + static_cast<int>(random() % 50);
      const std::string date = std::to_string(year) + "-0" + std::to_string(1 + random() % 9) +
                               "-1" + std::to_string(random() % 10);
      const std::string tazkira =
          random() % 2 == 0 ? std::to_string(100000 + random() % 900000) : "";
      const int copies = random() % 3 == 0 ? 2 : 1;
      for (int c = 0; c < copies; ++c) {
        const bool variant = c > 0;
        std::string row = Spell(*given, random) + "," + Spell(father, random) + "," +
                          (variant && random() % 4 == 0 ? "" : Spell(grandfather, random)) + ",m," +
                          (variant && random() % 3 == 0 ? std::to_string(year) : date) + "," +
                          (variant && random() % 3 == 0 ? "" : phone) + "," +
                          (variant && random() % 2 == 0 ? "" : tazkira) + "," + province;
        out.rows.push_back(std::move(row));
        out.person.push_back(person);
      }
    }
  }
  return out;
}

void Load(const Generated& generated, FeatureStore* store) {
  for (size_t r = 0; r < generated.rows.size(); ++r) {
    std::vector<std::string_view> cells;
    std::string_view row = generated.rows[r];
    size_t start = 0;
    while (true) {
      const size_t comma = row.find(',', start);
      cells.push_back(row.substr(start, comma - start));
      if (comma == std::string_view::npos) break;
      start = comma + 1;
    }
    // given, father, grandfather, family, sex, birth, phone, document, province
    std::vector<std::vector<std::string_view>> raw = {{cells[0]}, {cells[1]},     {cells[2]},
                                                      {},         {cells[3]},     {cells[4]},
                                                      {cells[5]}, {cells[6], ""}, {cells[7]}};
    ASSERT_TRUE(store->Add("r" + std::to_string(r), raw));
  }
}

PairwiseScores Score(const std::vector<uint32_t>& clusters, const std::vector<uint32_t>& persons) {
  const std::vector<uint64_t> c(clusters.begin(), clusters.end());
  const std::vector<uint64_t> p(persons.begin(), persons.end());
  return ScorePairwise(c, p);
}

TEST(Dedupe, FindsDuplicatesAcrossScriptsAndSpellings) {
  const Generated generated = Generate(1500, 11);
  FeatureStore store(DefaultPersonModel());
  Load(generated, &store);
  DedupeOptions options;
  options.threads = 2;
  options.u_pairs = 200000;
  Result<DedupeResult> result = Dedupe(&store, options);
  ASSERT_TRUE(result) << result.error().message;
  const PairwiseScores quality = Score(result->clustering.cluster_of, generated.person);
  EXPECT_GT(quality.precision, 0.95) << "recall " << quality.recall;
  EXPECT_GT(quality.recall, 0.85) << "precision " << quality.precision;
  EXPECT_GT(result->stats.pairs_scored, 0U);
  EXPECT_GT(result->stats.em_iterations, 0);
}

TEST(Dedupe, BrothersSharingFatherGrandfatherPhoneAndProvinceAreNotMerged) {
  const Generated background = Generate(400, 5);
  FeatureStore store(DefaultPersonModel());
  Load(background, &store);
  const size_t first = store.size();
  // Two brothers, Ahmad (1990) and Mahmood (1994), sons of Abdul Karim son of
  // Ghulam Sakhi, one phone: each registered twice, in both scripts.
  const std::vector<std::vector<std::string>> family = {
      {"Ahmad", "Abdul Karim", "Ghulam Sakhi", "m", "1990-03-01", "0700123456", "Nangarhar"},
      {"احمد", "عبدالکریم", "غلام سخی", "m", "1990", "0700123456", "Nangarhar"},
      {"Mahmood", "Abdul Karim", "Ghulam Sakhi", "m", "1994-07-12", "0700123456", "Nangarhar"},
      {"محمود", "عبدالکریم", "غلام سخی", "m", "1994", "0700123456", "Nangarhar"},
      // A thin record of the same family: no given name, no birth date.
      {"", "Abdul Karim", "Ghulam Sakhi", "m", "", "0700123456", "Nangarhar"},
  };
  for (size_t i = 0; i < family.size(); ++i) {
    const auto& f = family[i];
    std::vector<std::vector<std::string_view>> raw = {{f[0]}, {f[1]}, {f[2]}, {},    {f[3]},
                                                      {f[4]}, {f[5]}, {},     {f[6]}};
    ASSERT_TRUE(store.Add("family" + std::to_string(i), raw));
  }
  DedupeOptions options;
  options.u_pairs = 200000;
  Result<DedupeResult> result = Dedupe(&store, options);
  ASSERT_TRUE(result) << result.error().message;
  const auto& cluster = result->clustering.cluster_of;
  EXPECT_EQ(cluster[first + 0], cluster[first + 1]) << "Ahmad's two registrations";
  EXPECT_EQ(cluster[first + 2], cluster[first + 3]) << "Mahmood's two registrations";
  EXPECT_NE(cluster[first + 0], cluster[first + 2]) << "the brothers were merged";
}

// A family registered at two places: registration 1 with the mother's own
// father named, registration 2 with her husband's name in the father's field
// (as often happens) and her birth year alone. Alone her two records
// disagree on the father's name and say little else; as members of two registrations joined by
// their other members she is found, and the brothers still are not merged.
// `registrations` false: the same records with no household_ref.
struct FamilyTwice {
  size_t first = 0;
  DedupeResult result;
};
FamilyTwice DedupeAFamilyRegisteredTwice(bool registrations) {
  FeatureStore store(DefaultPersonModel());
  Load(Generate(400, 5), &store);
  FamilyTwice family;
  family.first = store.size();
  // given, father, grandfather, sex, birth date, phone, province; registration
  const std::vector<std::vector<std::string>> rows = {
      {"Abdul Karim", "Ghulam Sakhi", "Mohammad Akbar", "m", "1965", "0700123456", "Nangarhar",
       "1"},
      {"Gul Bibi", "Mohammad Nabi", "", "f", "1970-05-02", "", "Nangarhar", "1"},
      {"Ahmad", "Abdul Karim", "Ghulam Sakhi", "m", "1990-03-01", "0700123456", "Nangarhar", "1"},
      {"Mahmood", "Abdul Karim", "Ghulam Sakhi", "m", "1994-07-12", "", "Nangarhar", "1"},
      {"عبدالکریم", "غلام سخی", "محمد اکبر", "m", "1965", "0700123456", "ننگرهار", "2"},
      {"گل بی بی", "عبدالکریم", "", "f", "1970", "", "ننگرهار", "2"},
      {"احمد", "عبدالکریم", "غلام سخی", "m", "1990", "0700123456", "ننگرهار", "2"},
      {"محمود", "عبدالکریم", "غلام سخی", "m", "1994", "", "ننگرهار", "2"},
  };
  for (size_t i = 0; i < rows.size(); ++i) {
    const auto& f = rows[i];
    std::vector<std::vector<std::string_view>> raw = {{f[0]}, {f[1]}, {f[2]}, {},    {f[3]},
                                                      {f[4]}, {f[5]}, {},     {f[6]}};
    EXPECT_TRUE(store.Add("family" + std::to_string(i), raw));
    if (registrations) {
      store.SetRegistration(store.size() - 1, static_cast<uint32_t>(std::stoul(f[7])));
    }
  }
  DedupeOptions options;
  options.u_pairs = 200000;
  Result<DedupeResult> result = Dedupe(&store, options);
  EXPECT_TRUE(result) << result.error().message;
  if (result) family.result = std::move(*result);
  return family;
}

TEST(Dedupe, AFamilyRegisteredTwiceFindsTheMotherItsRegistrationsVouchFor) {
  const FamilyTwice with = DedupeAFamilyRegisteredTwice(true);
  const auto& cluster = with.result.clustering.cluster_of;
  const size_t f = with.first;
  ASSERT_EQ(cluster.size(), f + 8);
  EXPECT_EQ(cluster[f + 0], cluster[f + 4]) << "the father's two registrations";
  EXPECT_EQ(cluster[f + 2], cluster[f + 6]) << "Ahmad's two registrations";
  EXPECT_EQ(cluster[f + 3], cluster[f + 7]) << "Mahmood's two registrations";
  EXPECT_EQ(cluster[f + 1], cluster[f + 5]) << "the mother, her husband in the father's field";
  EXPECT_NE(cluster[f + 2], cluster[f + 3]) << "the brothers were merged";
  EXPECT_NE(cluster[f + 1], cluster[f + 0]) << "the mother was merged with her husband";
  EXPECT_GE(with.result.stats.registration_links, 1U);

  // Without the registrations her records stay apart: it is the household's
  // evidence, not her own, that found her.
  const FamilyTwice without = DedupeAFamilyRegisteredTwice(false);
  EXPECT_NE(without.result.clustering.cluster_of[f + 1],
            without.result.clustering.cluster_of[f + 5]);
  EXPECT_EQ(without.result.stats.registration_links, 0U);
}

TEST(Dedupe, EveryRecordGetsACluster) {
  const Generated generated = Generate(50, 3);
  FeatureStore store(DefaultPersonModel());
  Load(generated, &store);
  Result<DedupeResult> result = Dedupe(&store, DedupeOptions{});
  ASSERT_TRUE(result);
  ASSERT_EQ(result->clustering.cluster_of.size(), store.size());
  for (size_t r = 0; r < store.size(); ++r) EXPECT_LE(result->clustering.cluster_of[r], r);
  for (const ScoredPair& pair : result->pairs) {
    EXPECT_LT(pair.left, pair.right);
    EXPECT_GE(pair.probability, store.model().review_threshold);
  }
}

}  // namespace
}  // namespace sanad::match
