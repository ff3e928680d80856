#include "match/model.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

namespace sanad::match {
namespace {

TEST(ModelToml, ShippedFebrlModelLoads) {
  std::ifstream in(std::string(SANAD_SOURCE_DIR) + "/models/febrl.toml");
  ASSERT_TRUE(in) << "models/febrl.toml is missing";
  std::stringstream buffer;
  buffer << in.rdbuf();
  Result<Model> model = ParseModelToml(buffer.str(), "febrl.toml");
  ASSERT_TRUE(model) << model.error().message;
  EXPECT_EQ(model->id_column, "rec_id");
  EXPECT_TRUE(model->trim_leading_spaces);
  EXPECT_GE(model->fields.size(), 5U);
  EXPECT_GE(model->blocking.size(), 3U);
}

TEST(ModelToml, ReadsFieldsGroupsAndRules) {
  const char* text = R"(name = "t"
id_column = "id"
match_threshold = 0.95
review_threshold = 0.4
[[group]]
name = "line"
max_probability = 0.3
[[field]]
name = "given"
comparator = "name"
term_frequency = true
[[field]]
name = "father"
comparator = "name"
group = "line"
[[field]]
name = "dob"
columns = ["birth"]
comparator = "date"
date_format = "yyyymmdd"
[[blocking]]
keys = ["given:skeleton", "dob:year"]
)";
  Result<Model> model = ParseModelToml(text, "t.toml");
  ASSERT_TRUE(model) << model.error().message;
  ASSERT_EQ(model->fields.size(), 3U);
  EXPECT_EQ(model->fields[0].columns, std::vector<std::string>{"given"});
  EXPECT_TRUE(model->fields[0].term_frequency);
  EXPECT_EQ(model->fields[1].group, 0);
  EXPECT_EQ(model->fields[2].columns, std::vector<std::string>{"birth"});
  EXPECT_EQ(model->fields[2].date_format, DateFormat::kYyyymmdd);
  ASSERT_EQ(model->blocking.size(), 1U);
  EXPECT_EQ(model->blocking[0].parts[1].transform, KeyTransform::kYear);
  EXPECT_DOUBLE_EQ(model->match_threshold, 0.95);
}

TEST(ModelToml, ErrorsNameFileAndLine) {
  struct Case {
    const char* text;
    const char* expected;  // a prefix of the message
  };
  const Case cases[] = {
      {"name = \"x\"\n[[field]]\nname = \"a\"\ncomparator = "
       "\"fuzzy\"\n[[blocking]]\nkeys=[\"a\"]\n",
       "m.toml:4: unknown comparator 'fuzzy'"},
      {"[[field]]\nname = \"a\"\n[[blocking]]\nkeys = [\"b:skeleton\"]\n",
       "m.toml:4: blocking key 'b:skeleton' names no declared field"},
      {"[[field]]\nname = \"a\"\n[[blocking]]\nkeys = [\"a:soundex\"]\n",
       "m.toml:4: unknown key transform 'soundex'"},
      {"match_threshold = 1.5\n[[field]]\nname = \"a\"\n", "m.toml:1: match_threshold must be"},
      {"[[field]]\nname = \"a\"\n", "m.toml:1: the model declares no [[blocking]]"},
      {"name = \n", "m.toml:1: "},
      {"[[field]]\nname = \"a\"\ngroup = \"nope\"\n", "m.toml:3: group 'nope' is not declared"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.text);
    Result<Model> model = ParseModelToml(c.text, "m.toml");
    ASSERT_FALSE(model);
    EXPECT_EQ(model.error().message.rfind(c.expected, 0), 0U) << model.error().message;
  }
}

TEST(DefaultPersonModel, ReadsThePersonCsvColumns) {
  const Model model = DefaultPersonModel();
  EXPECT_EQ(model.id_column, "record_id");
  EXPECT_GE(model.FieldIndex("given_name"), 0);
  EXPECT_GE(model.FieldIndex("birth_date"), 0);
  const auto& document = model.fields[static_cast<size_t>(model.FieldIndex("document"))];
  EXPECT_EQ(document.columns, (std::vector<std::string>{"tazkira_number", "por_number"}));
}

// Defect K: `match_threshold = nan` passed the 0..1 check (every comparison
// with NaN is false), and a misspelt key such as `match_treshold` was
// silently ignored, leaving the default in force.
TEST(ModelToml, RefusesNanAndUnknownKeysNamingTheKeyAndLine) {
  const std::string rest = "[[field]]\nname = \"a\"\n[[blocking]]\nkeys = [\"a\"]\n";
  struct Case {
    std::string text;
    const char* expected;  // a prefix of the message
  };
  const Case cases[] = {
      {"name = \"x\"\nmatch_threshold = nan\n" + rest, "m.toml:2: match_threshold must be"},
      {"review_threshold = -nan\n" + rest, "m.toml:1: review_threshold must be"},
      {"match_threshold = inf\n" + rest, "m.toml:1: match_threshold must be"},
      {"[[group]]\nname = \"g\"\nmax_probability = nan\n" + rest,
       "m.toml:3: max_probability must be"},
      {"name = \"x\"\nmatch_treshold = 0.9\n" + rest,
       "m.toml:2: unknown key 'match_treshold' (did you mean 'match_threshold'?)"},
      {"[[field]]\nname = \"a\"\ncomparater = \"name\"\n[[blocking]]\nkeys = [\"a\"]\n",
       "m.toml:3: unknown key 'comparater' in [[field]] (did you mean 'comparator'?)"},
      {"[[group]]\nname = \"g\"\nmax = 0.2\n" + rest, "m.toml:3: unknown key 'max' in [[group]]"},
      {rest + "key = [\"a\"]\n", "m.toml:5: unknown key 'key' in [[blocking]]"},
      {"[settings]\nx = 1\n" + rest, "m.toml:1: unknown key 'settings'"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.text);
    Result<Model> model = ParseModelToml(c.text, "m.toml");
    ASSERT_FALSE(model);
    EXPECT_EQ(model.error().message.rfind(c.expected, 0), 0U) << model.error().message;
  }
  EXPECT_TRUE(ParseModelToml("match_threshold = 0.9\n" + rest, "m.toml"));
}

}  // namespace
}  // namespace sanad::match
