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

}  // namespace
}  // namespace sanad::policy
