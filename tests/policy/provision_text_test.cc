// A provision's texts in Pashto, Dari and Urdu: read from [provision.text.LANG]
// tables, refused when they do not match the English, English where a
// language is missing; and the shipped policy translated in full.
#include <gtest/gtest.h>

#include <string>

#include "policy/policy.h"

namespace sanad::policy {
namespace {

// One provision with two next steps and a sources_differ; tests append
// translation tables after it. The appended text's line k (0-based, it starts
// with a newline) is file line kTextNextLine + k.
constexpr std::string_view kTranslatedProvision = R"([policy]
id = "test"
title = "Test policy"

[[provision]]
id = "card-lawful"
title = "Cards valid"
effect = "lawful_stay"
documents = ["por_card"]
to = 2023-12-31
source = { authority = "Cabinet", date = "2022-12", reference = "Notice 1" }
explanation = "Card holders may stay."
sources_differ = "Reports differ."
next_steps = ["Carry the card.", "Call the hotline."]
)";
constexpr int64_t kTextNextLine = 15;

constexpr std::string_view kPashto = R"(
[provision.text.ps]
title = "کارتونه معتبر دي"
explanation = "د کارت لرونکي پاتې کېدای شي."
sources_differ = "راپورونه توپیر لري."
next_steps = ["کارت له ځان سره ولرئ.", "مرستندویه شمېرې ته زنګ ووهئ."]
)";

TEST(ProvisionText, ReadsATranslationAndFallsBackToEnglish) {
  auto policy = LoadPolicy(std::string(kTranslatedProvision) + std::string(kPashto), "test.toml");
  ASSERT_TRUE(policy.has_value()) << policy.error().message;
  const Provision& p = policy->provisions[0];

  const ProvisionTextView ps = p.TextIn("ps");
  EXPECT_EQ(ps.language, "ps");
  EXPECT_EQ(ps.title, "کارتونه معتبر دي");
  EXPECT_EQ(ps.explanation, "د کارت لرونکي پاتې کېدای شي.");
  EXPECT_EQ(ps.sources_differ, "راپورونه توپیر لري.");
  ASSERT_EQ(ps.next_steps.size(), 2u);
  EXPECT_EQ(ps.next_steps[1], "مرستندویه شمېرې ته زنګ ووهئ.");

  for (std::string_view language : {"en", "ur", "fa-AF", "de", ""}) {
    SCOPED_TRACE(language);
    const ProvisionTextView text = p.TextIn(language);
    EXPECT_EQ(text.language, "en");
    EXPECT_EQ(text.title, "Cards valid");
    EXPECT_EQ(text.explanation, "Card holders may stay.");
    EXPECT_EQ(text.sources_differ, "Reports differ.");
    EXPECT_EQ(text.next_steps.size(), 2u);
  }
  EXPECT_EQ(p.MissingLanguages(), (std::vector<std::string_view>{"fa-AF", "ur"}));
}

TEST(ProvisionText, RefusesTranslationsThatDoNotMatchTheEnglish) {
  struct Case {
    std::string name;
    std::string text;
    int64_t line;
    std::string problem;
  };
  const std::vector<Case> cases = {
      {"unknown language", R"(
[provision.text.de]
title = "Karten gültig"
explanation = "E"
sources_differ = "S"
next_steps = ["a", "b"]
)",
       kTextNextLine + 1, "unknown language 'de'"},
      {"English as a translation", R"(
[provision.text.en]
title = "T"
explanation = "E"
)",
       kTextNextLine + 1, "unknown language 'en'"},
      {"unknown key", R"(
[provision.text.ur]
title = "T"
explanation = "E"
sources_differ = "S"
next_step = ["a", "b"]
)",
       kTextNextLine + 5, "unknown key 'next_step' in the ur text of provision 'card-lawful'"},
      {"missing explanation", R"(
[provision.text.ur]
title = "T"
sources_differ = "S"
next_steps = ["a", "b"]
)",
       kTextNextLine + 1, "has no 'explanation'"},
      {"fewer next steps", R"(
[provision.text.fa-AF]
title = "T"
explanation = "E"
sources_differ = "S"
next_steps = ["a"]
)",
       kTextNextLine + 5, "has 1 next steps but the English has 2"},
      {"no next steps", R"(
[provision.text.fa-AF]
title = "T"
explanation = "E"
sources_differ = "S"
)",
       kTextNextLine + 1, "has 0 next steps but the English has 2"},
      {"sources_differ missing", R"(
[provision.text.ps]
title = "T"
explanation = "E"
next_steps = ["a", "b"]
)",
       kTextNextLine + 1, "lacks 'sources_differ'"},
      {"text not a table", R"(
text = "T"
)",
       kTextNextLine + 1, "must hold one table per language"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    auto policy = LoadPolicy(std::string(kTranslatedProvision) + c.text, "bad.toml");
    ASSERT_FALSE(policy.has_value());
    EXPECT_EQ(policy.error().line, c.line) << policy.error().message;
    EXPECT_TRUE(policy.error().message.starts_with("bad.toml:" + std::to_string(c.line) + ": "))
        << policy.error().message;
    EXPECT_NE(policy.error().message.find(c.problem), std::string::npos) << policy.error().message;
  }
}

TEST(ProvisionText, SourcesDifferOnlyWhereTheEnglishHasOne) {
  const std::string text = R"([policy]
id = "test"
title = "Test policy"

[[provision]]
id = "a"
title = "A"
effect = "lawful_stay"
documents = ["acc"]
source = { authority = "Cabinet", date = "2022-12", reference = "Notice 1" }
explanation = "E"

[provision.text.ur]
title = "T"
explanation = "E"
sources_differ = "S"
)";
  auto policy = LoadPolicy(text, "bad.toml");
  ASSERT_FALSE(policy.has_value());
  EXPECT_NE(policy.error().message.find("has 'sources_differ' but the English text has none"),
            std::string::npos)
      << policy.error().message;
}

// Part of `make test`'s check that no message lacks a translation: every
// provision of the shipped policy has its texts in Pashto, Dari and Urdu
// (the loader has already checked each translation against the English).
TEST(ProvisionText, ShippedPolicyIsTranslatedInFull) {
  auto policy = LoadShippedPolicy();
  ASSERT_TRUE(policy.has_value()) << policy.error().message;
  for (const Provision& p : policy->provisions) {
    SCOPED_TRACE(p.id);
    EXPECT_TRUE(p.MissingLanguages().empty());
    for (std::string_view language : kTranslationLanguages) {
      SCOPED_TRACE(language);
      const ProvisionTextView text = p.TextIn(language);
      EXPECT_EQ(text.language, language);
      EXPECT_NE(text.title, p.title);
      EXPECT_NE(text.explanation, p.explanation);
      // Dates and provision ids stay exact: every ISO date of the English
      // title is in the translated title.
      for (size_t at = 0; (at = p.title.find("20", at)) != std::string::npos; ++at) {
        if (at + 10 > p.title.size() || p.title[at + 4] != '-' || p.title[at + 7] != '-') continue;
        const std::string date = p.title.substr(at, 10);
        EXPECT_NE(text.title.find(date), std::string_view::npos) << date;
      }
    }
  }
}

}  // namespace
}  // namespace sanad::policy
