// The one JSON shape of a status answer (API and CLI alike).
#include "policy/evaluation_json.h"

#include <gtest/gtest.h>

namespace sanad::policy {
namespace {

TEST(EvaluationJson, CarriesTheUnionOfTheFieldNamesTheApiAndCliPublished) {
  auto policy = LoadShippedPolicy();
  ASSERT_TRUE(policy) << policy.error().message;
  const std::vector<HeldDocument> documents = {{DocumentType::kPorCard, Date{2025, 6, 30}}};
  const Date date{2025, 3, 1};
  const nlohmann::json answer = EvaluationToJson(*policy, Evaluate(*policy, documents, date));
  for (const char* field : {"policy", "date", "context", "status", "status_text",
                            "status_description", "reason", "provisions", "deciding_document",
                            "deciding_documents", "missing_documents", "warnings", "next_steps"}) {
    EXPECT_TRUE(answer.contains(field)) << field;
  }
  EXPECT_EQ(answer["status_text"], answer["status_description"]);
  EXPECT_EQ(answer["deciding_document"], "por_card");
  EXPECT_EQ(answer["deciding_documents"][0], "por_card");
  EXPECT_FALSE(answer["provisions"][0]["source"].get<std::string>().empty());

  const nlohmann::json timeline =
      TimelineToJson(*policy, Timeline(*policy, documents, Date{2024, 1, 1}, date));
  ASSERT_FALSE(timeline.empty());
  const nlohmann::json& first = timeline[0];
  ASSERT_FALSE(first["provisions"].empty());
  EXPECT_TRUE(first["provisions"][0].is_string()) << "ids, as the API published";
  EXPECT_EQ(first["provision_sources"][0]["id"], first["provisions"][0]);
  EXPECT_FALSE(first["provision_sources"][0]["title"].get<std::string>().empty());
}

TEST(EvaluationJson, GivesTheTextsInTheLanguageAsked) {
  auto policy = LoadShippedPolicy();
  ASSERT_TRUE(policy) << policy.error().message;
  const std::vector<HeldDocument> documents = {{DocumentType::kPorCard, std::nullopt}};
  const Evaluation e = Evaluate(*policy, documents, Date{2024, 3, 1});
  const Provision* extension = policy->Find("por-extension-2024");
  ASSERT_NE(extension, nullptr);

  for (std::string_view language : {"ps", "fa-AF", "ur"}) {
    SCOPED_TRACE(language);
    const nlohmann::json answer = EvaluationToJson(*policy, e, language);
    EXPECT_EQ(answer["language"], language);
    const ProvisionTextView text = extension->TextIn(language);
    ASSERT_EQ(answer["provisions"][0]["id"], "por-extension-2024");
    EXPECT_EQ(answer["provisions"][0]["title"], text.title);
    EXPECT_EQ(answer["provisions"][0]["explanation"], text.explanation);
    EXPECT_EQ(answer["provisions"][0]["language"], language);
    EXPECT_EQ(answer["provisions"][0]["source"], extension->citation) << "sources stay as cited";
    ASSERT_EQ(answer["next_steps"].size(), 2u);
    EXPECT_EQ(answer["next_steps"][0], text.next_steps[0]);
    EXPECT_EQ(answer["next_steps"][1], text.next_steps[1]);
    EXPECT_EQ(answer["status_text"], Describe(LegalStatus::kLawful, language));
    EXPECT_NE(answer["status_text"], Describe(LegalStatus::kLawful));
    EXPECT_EQ(answer["status_description"], answer["status_text"]);
    const nlohmann::json timeline = TimelineToJson(
        *policy, Timeline(*policy, documents, Date{2024, 3, 1}, Date{2024, 3, 2}), language);
    EXPECT_EQ(timeline[0]["provision_sources"][0]["title"], text.title);
    EXPECT_EQ(timeline[0]["status_text"], Describe(LegalStatus::kLawful, language));
  }

  for (std::string_view language : {"en", "de", "fa", ""}) {
    SCOPED_TRACE(language);
    const nlohmann::json answer = EvaluationToJson(*policy, e, language);
    EXPECT_EQ(answer["language"], "en");
    EXPECT_EQ(answer["provisions"][0]["title"], extension->title);
    EXPECT_EQ(answer["provisions"][0]["language"], "en");
    EXPECT_EQ(answer["next_steps"][0], extension->next_steps[0]);
    EXPECT_EQ(answer["status_text"],
              "lawful: the person may stay in Pakistan lawfully on this date");
  }
}

TEST(EvaluationJson, AProvisionWithoutTranslationStaysEnglishAndSaysSo) {
  auto policy = LoadPolicy(R"([policy]
id = "t"
title = "T"

[[provision]]
id = "acc-lawful"
title = "ACC valid"
effect = "lawful_stay"
documents = ["acc"]
source = { authority = "A", date = "2024", reference = "R" }
explanation = "ACC holders may stay."
next_steps = ["Carry the ACC."]
)",
                           "t.toml");
  ASSERT_TRUE(policy) << policy.error().message;
  const nlohmann::json answer = EvaluationToJson(
      *policy, Evaluate(*policy, {{DocumentType::kAcc, std::nullopt}}, Date{2024, 1, 1}), "ur");
  EXPECT_EQ(answer["language"], "ur");
  EXPECT_EQ(answer["provisions"][0]["title"], "ACC valid");
  EXPECT_EQ(answer["provisions"][0]["language"], "en");
  EXPECT_EQ(answer["next_steps"][0], "Carry the ACC.");
  EXPECT_EQ(answer["status_text"], Describe(LegalStatus::kLawful, "ur"));
}

TEST(EvaluationJson, SaysTheEnginesOwnSentencesInTheLanguage) {
  auto policy = LoadShippedPolicy();
  ASSERT_TRUE(policy) << policy.error().message;
  // A PoR holder under the 2025 order: the reason quotes the order's title,
  // in the language asked, and names the dates as they are.
  const Evaluation order =
      Evaluate(*policy, {{DocumentType::kPorCard, std::nullopt}}, Date{2025, 8, 15});
  const Provision* notification = policy->Find("por-notification-2025");
  ASSERT_NE(notification, nullptr);
  for (std::string_view language : kTranslationLanguages) {
    SCOPED_TRACE(language);
    const std::string reason = EvaluationToJson(*policy, order, language)["reason"];
    EXPECT_NE(reason.find(notification->TextIn(language).title), std::string::npos) << reason;
    EXPECT_NE(reason.find("[por-notification-2025]"), std::string::npos) << reason;
    EXPECT_NE(reason.find("2025-08-31"), std::string::npos) << reason;
    EXPECT_EQ(reason.find("The order"), std::string::npos) << reason;
    EXPECT_EQ(reason, order.reason.Say(language));
  }
  EXPECT_EQ(EvaluationToJson(*policy, order, "en")["reason"],
            "The order \"PoR card holders made unlawful; deportation from 2025-09-01\" "
            "[por-notification-2025] concerns a person holding a PoR card: leave by 2025-08-31; "
            "removals from 2025-09-01.");

  // Entry with a passport alone: the engine's own next step and the warning
  // about a visa without a date are said in Dari.
  const Evaluation entry = Evaluate(
      *policy, {{DocumentType::kPassport, std::nullopt}, {DocumentType::kVisa, std::nullopt}},
      Date{2024, 3, 1}, Context::kEntry);
  const nlohmann::json dari = EvaluationToJson(*policy, entry, "fa-AF");
  ASSERT_FALSE(dari["warnings"].empty());
  for (const auto& warning : dari["warnings"]) {
    EXPECT_EQ(warning.get<std::string>().find("visa"), std::string::npos) << warning;
  }
  const Evaluation missing = Evaluate(*policy, {{DocumentType::kPassport, std::nullopt}},
                                      Date{2024, 3, 1}, Context::kEntry);
  const nlohmann::json steps = EvaluationToJson(*policy, missing, "fa-AF")["next_steps"];
  EXPECT_EQ(steps.back(), "پیش از سفر، ویزه معتبر بگیرید.");
  EXPECT_EQ(EvaluationToJson(*policy, missing, "en")["next_steps"].back(),
            "Before travelling, obtain a valid visa.");
}

TEST(StatusDescription, EveryStatusInEveryLanguage) {
  for (LegalStatus s :
       {LegalStatus::kLawful, LegalStatus::kTolerated, LegalStatus::kRemovalAnnounced,
        LegalStatus::kRemovalInForce, LegalStatus::kAdmissible, LegalStatus::kInadmissible}) {
    SCOPED_TRACE(ToString(s));
    EXPECT_TRUE(Describe(s).starts_with(ToString(s).substr(0, 6)));
    for (std::string_view language : kTranslationLanguages) {
      EXPECT_NE(Describe(s, language), Describe(s)) << language;
      EXPECT_FALSE(Describe(s, language).empty());
    }
  }
}

}  // namespace
}  // namespace sanad::policy
