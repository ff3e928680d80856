// The three exports of form submissions and the mapping to households, on
// the committed fixtures of the shipped form (tests/data/submissions/,
// written by make_fixtures.py there). Solar Hijri dates and Eastern digits
// are tested beside core/date (date_test.cc).
#include "core/submission.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "../testing/files.h"
#include "core/clock.h"
#include "core/date.h"
#include "core/submission_mapping.h"

namespace sanad {
namespace {

using sanad::testing::ReadWholeFile;

std::string Fixture(const std::string& name) {
  return ReadWholeFile(std::string(SANAD_TEST_DATA_DIR) + "/submissions/" + name);
}

SubmissionMapping ShippedMapping() {
  const std::string path =
      std::string(SANAD_TEST_DATA_DIR) + "/../../forms/sanad-household.mapping.toml";
  auto mapping = ParseSubmissionMapping(ReadWholeFile(path), "sanad-household.mapping.toml");
  EXPECT_TRUE(mapping) << mapping.error().message;
  return mapping ? *mapping : SubmissionMapping{};
}

// A clock fixed after every date in the fixtures.
const Clock& Today() {
  static const TestClock clock(TestClock::FromIso(2025, 12, 1));
  return clock;
}

TEST(SubmissionPath, SeparatorsAreOne) {
  EXPECT_EQ(NormaliseFormPath("household-members-given_name"), "household/members/given_name");
  EXPECT_EQ(NormaliseFormPath("household.members.given_name"), "household/members/given_name");
  EXPECT_EQ(NormaliseFormPath("/household/origin_province/"), "household/origin_province");
}

// Members per submission of the six households in every format's fixture.
const std::vector<size_t> kFixtureSizes = {1, 2, 4, 7, 9, 12};

TEST(Submissions, ReadsTheThreeExportsOfTheShippedForm) {
  struct Case {
    const char* file;
    SubmissionFormat format;
  };
  for (const Case& c : {Case{"kobo.json", SubmissionFormat::kKoboJson},
                        Case{"odk.json", SubmissionFormat::kOdkODataJson},
                        Case{"odk.csv.zip", SubmissionFormat::kOdkCsvZip}}) {
    SCOPED_TRACE(c.file);
    auto parsed = ParseSubmissions(Fixture(c.file));
    ASSERT_TRUE(parsed) << parsed.error().message;
    EXPECT_EQ(parsed->format, c.format);
    EXPECT_TRUE(parsed->problems.empty());
    ASSERT_EQ(parsed->submissions.size(), kFixtureSizes.size());
    for (size_t i = 0; i < kFixtureSizes.size(); ++i) {
      const Submission& s = parsed->submissions[i];
      EXPECT_EQ(s.index, i + 1);
      EXPECT_TRUE(s.instance_id.starts_with("uuid:")) << s.instance_id;
      EXPECT_TRUE(s.deprecated_id.empty());
      EXPECT_TRUE(s.root_id.empty()) << "the first version's id is its own";
      auto roster = s.data.repeats.find("household/members");
      ASSERT_NE(roster, s.data.repeats.end());
      EXPECT_EQ(roster->second.size(), kFixtureSizes[i]);
      // Paths inside the roster are relative to it, whatever the export.
      EXPECT_TRUE(roster->second[0].fields.contains("given_name"));
      EXPECT_TRUE(s.data.fields.contains("household/origin_province"));
    }
  }
}

TEST(Submissions, AnEditedSubmissionNamesTheVersionItReplaces) {
  auto kobo = ParseSubmissions(Fixture("kobo-edited.json"));
  ASSERT_TRUE(kobo);
  auto first = ParseSubmissions(Fixture("kobo.json"));
  ASSERT_TRUE(first);
  // Kobo: a new instanceID and meta/deprecatedID naming the old one.
  EXPECT_NE(kobo->submissions[2].instance_id, first->submissions[2].instance_id);
  EXPECT_EQ(kobo->submissions[2].deprecated_id, first->submissions[2].instance_id);
  // ODK Central: a new meta/instanceID, the first one kept as __id / KEY.
  for (const auto& [original_file, edited_file] :
       {std::pair{"odk.json", "odk-edited.json"}, std::pair{"odk.csv.zip", "odk-edited.csv.zip"}}) {
    SCOPED_TRACE(edited_file);
    auto edited = ParseSubmissions(Fixture(edited_file));
    auto original = ParseSubmissions(Fixture(original_file));
    ASSERT_TRUE(edited && original);
    EXPECT_NE(edited->submissions[2].instance_id, original->submissions[2].instance_id);
    EXPECT_EQ(edited->submissions[2].root_id, original->submissions[2].instance_id);
    EXPECT_TRUE(edited->submissions[2].deprecated_id.empty());
    EXPECT_EQ(edited->submissions[1].instance_id, original->submissions[1].instance_id);
  }
}

TEST(Submissions, KobosPlainListAndApiPageReadAlike) {
  const std::string item =
      R"({"household/origin_province":"Sindh","household/members":[{"household/members/given_name":"Nazo"}],"meta/instanceID":"uuid:a","_id":12,"_geolocation":[null,null]})";
  auto list = ParseSubmissions("[" + item + "]");
  auto page =
      ParseSubmissions(R"({"count":1,"next":null,"previous":null,"results":[)" + item + "]}");
  ASSERT_TRUE(list && page);
  ASSERT_EQ(list->submissions.size(), 1u);
  EXPECT_EQ(list->submissions[0].data, page->submissions[0].data);
  EXPECT_EQ(list->submissions[0].data.repeats.at("household/members")[0].fields.at("given_name"),
            "Nazo");
}

TEST(Submissions, OnePageOfSeveralIsSaid) {
  const std::string item = R"({"meta/instanceID":"uuid:a","x":"1"})";
  auto kobo = ParseSubmissions(
      R"({"count":2400,"next":"https://kf.kobotoolbox.org/api/v2/assets/a/data/?start=1000","previous":null,"results":[)" +
      item + "]}");
  ASSERT_TRUE(kobo);
  ASSERT_EQ(kobo->notes.size(), 1u);
  EXPECT_NE(kobo->notes[0].find("1 submissions of 2400"), std::string::npos) << kobo->notes[0];
  auto odata = ParseSubmissions(
      R"({"value":[)" + item +
      R"(],"@odata.nextLink":"https://c.example.org/x.svc/Submissions?$skiptoken=a"})");
  ASSERT_TRUE(odata);
  ASSERT_EQ(odata->notes.size(), 1u);
  EXPECT_NE(odata->notes[0].find("@odata.nextLink"), std::string::npos);
  auto whole = ParseSubmissions(Fixture("kobo.json"));
  ASSERT_TRUE(whole);
  EXPECT_TRUE(whole->notes.empty());
}

TEST(Submissions, RefusesWhatIsNotAnExportNamingTheFile) {
  for (const char* content :
       {"record_id,given_name\n1,Nazo\n", "{\"a\":1}", "[1,", "[1e999]", "PK\x03\x04junk", ""}) {
    SCOPED_TRACE(content);
    auto parsed = ParseSubmissions(content);
    ASSERT_FALSE(parsed);
    EXPECT_EQ(parsed.error().field, "file");
  }
  EXPECT_FALSE(LooksLikeSubmissionExport(Fixture("kobo.csv")));
  EXPECT_TRUE(LooksLikeSubmissionExport(Fixture("odk.csv.zip")));
  EXPECT_TRUE(LooksLikeSubmissionExport(Fixture("kobo.json")));
}

TEST(Submissions, ASubmissionWithoutAnInstanceIdIsNamedByItsIndex) {
  auto parsed = ParseSubmissions(
      R"([{"meta/instanceID":"uuid:a","x":"1"},{"x":"2"},{"x":["not","a","repeat"],"meta/instanceID":"uuid:c"}])");
  ASSERT_TRUE(parsed);
  ASSERT_EQ(parsed->submissions.size(), 1u);
  ASSERT_EQ(parsed->problems.size(), 2u);
  EXPECT_EQ(parsed->problems[0].submission, "2");
  EXPECT_NE(parsed->problems[0].message.find("meta/instanceID"), std::string::npos);
  EXPECT_EQ(parsed->problems[1].submission, "3");
  EXPECT_EQ(FormatSubmissionProblem("k.json", {"uuid:c", "household/members[2]/sex", "no"}),
            "k.json:uuid:c:household/members[2]/sex: no");
}

TEST(Submissions, NestingTooDeepIsAProblemNotACrash) {
  std::string deep = "{\"meta/instanceID\":\"uuid:d\",\"g\":";
  for (int i = 0; i < 40; ++i) deep += "{\"g\":";
  deep += "\"x\"";
  for (int i = 0; i < 41; ++i) deep += "}";
  auto parsed = ParseSubmissions("[" + deep + "]");
  ASSERT_TRUE(parsed);
  ASSERT_EQ(parsed->problems.size(), 1u);
  EXPECT_NE(parsed->problems[0].message.find("nested"), std::string::npos);
}

TEST(SubmissionMapping, TheThreeExportsGiveTheSameHouseholds) {
  const SubmissionMapping mapping = ShippedMapping();
  std::vector<std::vector<Household>> all;
  for (const char* file : {"kobo.json", "odk.json", "odk.csv.zip"}) {
    SCOPED_TRACE(file);
    auto parsed = ParseSubmissions(Fixture(file));
    ASSERT_TRUE(parsed);
    auto mapped = MapSubmissions(mapping, *parsed, Today());
    ASSERT_TRUE(mapped) << mapped.error().message;
    for (const auto& p : mapped->problems) ADD_FAILURE() << FormatSubmissionProblem(file, p);
    EXPECT_TRUE(mapped->unanswered.empty()) << mapped->unanswered.front();
    std::vector<Household> households;
    for (const auto& m : mapped->households) households.push_back(m.household);
    all.push_back(std::move(households));
  }
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0], all[1]);
  EXPECT_EQ(all[0], all[2]);
  ASSERT_EQ(all[0].size(), 6u);

  // What the mapping did, on the first households.
  const Household& first = all[0][0];
  EXPECT_EQ(first.origin_province, "Khyber Pakhtunkhwa");
  EXPECT_EQ(first.destination_province, "Nangarhar");  // the value map
  const Person& gul = first.members[0];
  EXPECT_EQ(gul.sex, Sex::kMale);
  EXPECT_EQ(gul.relationship, Relationship::kHead);
  EXPECT_EQ(gul.birth_date->ToIso(), "1982");  // 1361 Solar Hijri
  ASSERT_EQ(gul.documents.size(), 2u);         // a select_multiple with numbers
  EXPECT_EQ(gul.documents[0].type, DocumentType::kPorCard);
  EXPECT_EQ(gul.documents[0].number, "45218763");  // Eastern digits read
  EXPECT_EQ(gul.documents[0].valid_until, (Date{2025, 6, 30}));
  EXPECT_EQ(gul.documents[1].type, DocumentType::kTazkira);
  EXPECT_EQ(gul.consents,
            (std::vector<ConsentPurpose>{ConsentPurpose::kRegistration, ConsentPurpose::kAssistance,
                                         ConsentPurpose::kLegalAid}));
  const Person& zarghuna = all[0][1].members[0];
  EXPECT_EQ(zarghuna.given_name, "زرغونه");
  EXPECT_EQ(zarghuna.birth_date->ToIso(), "1989-08-03");  // ۱۳۶۸/۰۵/۱۲
  EXPECT_EQ(zarghuna.phone, "0700123456");
  EXPECT_EQ(zarghuna.vulnerabilities, std::vector<std::string>{"female_headed_household"});
  EXPECT_EQ(all[0][5].destination_province, "Sar-e Pol");
  EXPECT_EQ(all[0][5].members.size(), 12u);
}

TEST(SubmissionMapping, BadAnswersAreNamedByTheFormsPath) {
  auto parsed = ParseSubmissions(Fixture("kobo-bad.json"));
  ASSERT_TRUE(parsed);
  auto mapped = MapSubmissions(ShippedMapping(), *parsed, Today());
  ASSERT_TRUE(mapped);
  EXPECT_EQ(mapped->households.size(), 7u);  // the six, and the good new one
  ASSERT_EQ(mapped->problems.size(), 2u);
  const std::string bad = parsed->submissions[7].instance_id;
  EXPECT_EQ(mapped->problems[0].submission, bad);
  EXPECT_EQ(mapped->problems[0].path, "household/members[2]/sex");
  EXPECT_EQ(mapped->problems[1].path, "household/members[2]/birth_date");
  EXPECT_NE(mapped->problems[1].message.find("1402/13/05"), std::string::npos)
      << mapped->problems[1].message;
}

TEST(SubmissionMapping, ValidationErrorsAreNamedByTheFormsPath) {
  const std::string two_heads =
      R"([{"meta/instanceID":"uuid:h","g/members":[
        {"g/members/given_name":"Nazo","g/members/relationship":"head"},
        {"g/members/given_name":"Gul 😀","g/members/relationship":"son"}]}])";
  auto mapping = ParseSubmissionMapping(
      "[members]\nrepeat = \"members\"\ngiven_name = \"given_name\"\n"
      "relationship = \"relationship\"\n",
      "m.toml");
  ASSERT_TRUE(mapping) << mapping.error().message;
  auto parsed = ParseSubmissions(two_heads);
  ASSERT_TRUE(parsed);
  auto mapped = MapSubmissions(*mapping, *parsed, Today());
  ASSERT_TRUE(mapped);
  ASSERT_EQ(mapped->problems.size(), 1u);
  EXPECT_EQ(mapped->problems[0].path, "g/members[2]/given_name");
}

TEST(SubmissionMapping, GroupPrefixesAreOptionalUnlessAmbiguous) {
  const std::string export_json =
      R"([{"meta/instanceID":"uuid:p","respondent/name":"Gul","helper/name":"Nazo","place/district":"Kama"}])";
  auto parsed = ParseSubmissions(export_json);
  ASSERT_TRUE(parsed);
  auto ok = ParseSubmissionMapping(
      "[household]\norigin_district = \"district\"\n[members]\ngiven_name = \"respondent.name\"\n",
      "m.toml");
  ASSERT_TRUE(ok) << ok.error().message;
  auto mapped = MapSubmissions(*ok, *parsed, Today());
  ASSERT_TRUE(mapped) << mapped.error().message;
  ASSERT_EQ(mapped->households.size(), 1u);
  EXPECT_EQ(mapped->households[0].household.origin_district, "Kama");
  EXPECT_EQ(mapped->households[0].household.members[0].given_name, "Gul");

  auto ambiguous = ParseSubmissionMapping("[members]\ngiven_name = \"name\"\n", "m.toml");
  ASSERT_TRUE(ambiguous);
  auto refused = MapSubmissions(*ambiguous, *parsed, Today());
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().line, 2);
  EXPECT_NE(refused.error().message.find("helper/name"), std::string::npos);
  EXPECT_NE(refused.error().message.find("respondent/name"), std::string::npos);
}

TEST(SubmissionMapping, RefusesMistakesInTheMappingWithTheirLine) {
  struct Case {
    const char* toml;
    const char* says;
  };
  const Case cases[] = {
      {"[members]\ngiven_name = \"n\"\nbirthdate = \"b\"\n", "m.toml:3: unknown field 'birthdate'"},
      {"[members]\ngiven_name = \"n\"\nsex = { path = \"s\", values = { m = \"man\" } }\n",
       "m.toml:3: 'man' is not a value of members.sex"},
      {"[members]\ngiven_name = \"n\"\n[members.documents]\ntazkira_numbr = \"t\"\n",
       "m.toml:4: unknown key 'tazkira_numbr'"},
      {"[members]\nfather_name = \"f\"\n", "must map given_name"},
      {"[members]\ngiven_name = { path = \"n\", solar_hijri = \"yes\" }\n",
       "solar_hijri must be true or false"},
      {"[people]\n", "unknown table 'people'"},
      {"[members]\ngiven_name = \n", "m.toml:2:"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.toml);
    auto mapping = ParseSubmissionMapping(c.toml, "m.toml");
    ASSERT_FALSE(mapping);
    EXPECT_EQ(mapping.error().field, "mapping");
    EXPECT_NE(mapping.error().message.find(c.says), std::string::npos) << mapping.error().message;
  }
}

TEST(SubmissionMapping, ARosterTheExportLacksIsRefused) {
  auto mapping = ParseSubmissionMapping(
      "[members]\nrepeat = \"people\"\ngiven_name = \"given_name\"\n", "m.toml");
  ASSERT_TRUE(mapping);
  auto parsed = ParseSubmissions(Fixture("kobo.json"));
  ASSERT_TRUE(parsed);
  auto mapped = MapSubmissions(*mapping, *parsed, Today());
  ASSERT_FALSE(mapped);
  EXPECT_NE(mapped.error().message.find("not a repeat group"), std::string::npos);
}

}  // namespace
}  // namespace sanad
