// The policy engine's answers in the request's language (issue 16): a status
// check, a person's status with its timeline, and the loaded policy give the
// provisions' texts, next steps and status description in the language of
// Accept-Language, and say which it is in "language"; English without it.
#include <gtest/gtest.h>

#include "policy/evaluation.h"
#include "policy/policy.h"
#include "server_fixture.h"

namespace sanad::api {
namespace {

class StatusLanguageTest : public ServerTest {
 protected:
  httplib::Headers In(const std::string& language, const std::string& token) {
    return {{"Accept-Language", language}, {"Authorization", "Bearer " + token}};
  }
  json Check(const httplib::Headers& headers) {
    auto res = client_->Post("/api/v1/status-check", headers,
                             R"({"date":"2024-05-01","documents":[{"type":"por_card"}]})",
                             "application/json");
    EXPECT_TRUE(res);
    if (!res) return json();
    EXPECT_EQ(res->status, 200) << res->body;
    return json::parse(res->body);
  }
};

TEST_F(StatusLanguageTest, AStatusCheckIsAnsweredInTheRequestsLanguage) {
  auto policy = policy::LoadShippedPolicy();
  ASSERT_TRUE(policy) << policy.error().message;
  const policy::Provision* extension = policy->Find("por-extension-2024");
  ASSERT_NE(extension, nullptr);
  const std::string counsellor = Login("counsellor");

  for (const std::string language : {"ps", "fa-AF", "ur"}) {
    SCOPED_TRACE(language);
    const json answer = Check(In(language + ",en;q=0.5", counsellor));
    const policy::ProvisionTextView text = extension->TextIn(language);
    EXPECT_EQ(answer["language"], language);
    EXPECT_EQ(answer["status"], "lawful") << "wire names stay English";
    ASSERT_EQ(answer["provisions"][0]["id"], "por-extension-2024");
    EXPECT_EQ(answer["provisions"][0]["title"], text.title);
    EXPECT_EQ(answer["provisions"][0]["explanation"], text.explanation);
    EXPECT_EQ(answer["provisions"][0]["language"], language);
    EXPECT_EQ(answer["next_steps"][0], text.next_steps[0]);
    EXPECT_EQ(answer["status_text"], policy::Describe(policy::LegalStatus::kLawful, language));
  }

  for (const httplib::Headers& headers :
       {In("en", counsellor), Bearer(counsellor), In("de-DE", counsellor)}) {
    const json answer = Check(headers);
    EXPECT_EQ(answer["language"], "en");
    EXPECT_EQ(answer["provisions"][0]["title"], extension->title);
    EXPECT_EQ(answer["provisions"][0]["explanation"], extension->explanation);
    EXPECT_EQ(answer["next_steps"][0], extension->next_steps[0]);
    EXPECT_EQ(answer["status_text"],
              "lawful: the person may stay in Pakistan lawfully on this date");
  }
}

TEST_F(StatusLanguageTest, APersonsStatusAndTimelineAreInTheLanguage) {
  auto created = client_->Post("/api/v1/households", Bearer(Login("registrar")),
                               HouseholdOfSix().dump(), "application/json");
  ASSERT_EQ(created->status, 201) << created->body;
  const std::string head = json::parse(created->body)["members"][0]["id"];
  auto res = client_->Get("/api/v1/persons/" + head + "/status?date=2025-03-01",
                          In("ps", Login("counsellor")));
  ASSERT_EQ(res->status, 200) << res->body;
  const json answer = json::parse(res->body);
  EXPECT_EQ(answer["language"], "ps");
  ASSERT_FALSE(answer["timeline"].empty());
  const json& segment = answer["timeline"][0];
  EXPECT_EQ(
      segment["status_text"],
      policy::Describe(*policy::ParseLegalStatus(segment["status"].get<std::string>()), "ps"));
}

TEST_F(StatusLanguageTest, TheLoadedPolicyIsShownInTheLanguage) {
  auto res = client_->Get("/api/v1/policy", In("fa-AF", Login("counsellor")));
  ASSERT_EQ(res->status, 200) << res->body;
  const json policy = json::parse(res->body);
  EXPECT_EQ(policy["language"], "fa-AF");
  for (const json& p : policy["provisions"]) {
    SCOPED_TRACE(p["id"].get<std::string>());
    EXPECT_EQ(p["language"], "fa-AF");
    EXPECT_TRUE(p["missing_languages"].empty());
  }
  EXPECT_EQ(policy["provisions"][0]["title"],
            "کارت‌های PoR تمدید 2021-22، معتبر تا 2023-06-30");
}

}  // namespace
}  // namespace sanad::api
