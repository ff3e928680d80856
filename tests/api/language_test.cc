// The server says its errors in the language of the request's
// Accept-Language (issue 16), over a real server: validation errors, a
// refusal with its own status (a stale write's 409 with its version), and
// the server's own 404; English without the header.
#include <gtest/gtest.h>

#include "core/translation.h"
#include "server_fixture.h"

namespace sanad::api {
namespace {

class LanguageTest : public ServerTest {
 protected:
  httplib::Headers In(const std::string& language, const std::string& token = "") {
    httplib::Headers headers{{"Accept-Language", language}};
    if (!token.empty()) headers.emplace("Authorization", "Bearer " + token);
    return headers;
  }
};

// The translation of `english` into `language` from the catalogue, filled
// with `argument` where it takes one.
std::string Expected(std::string_view english, std::string_view language,
                     const std::string& argument = "") {
  const std::string* translated = TranslationOf(english, language);
  EXPECT_NE(translated, nullptr) << english << " has no " << language << " translation";
  if (translated == nullptr) return "";
  return fmt::format(fmt::runtime(*translated), argument);
}

TEST_F(LanguageTest, AValidationErrorIsSaidInTheRequestsLanguageNamingTheSameField) {
  const std::string token = Login("registrar");
  json household = HouseholdOfSix();
  household["members"][1]["sex"] = "x";
  for (const std::string language : {"ps", "fa-AF", "ur"}) {
    SCOPED_TRACE(language);
    auto res = client_->Post("/api/v1/households", In(language + ",en;q=0.5", token),
                             household.dump(), "application/json");
    ASSERT_TRUE(res);
    ASSERT_EQ(res->status, 400) << res->body;
    EXPECT_EQ(res->get_header_value("Content-Language"), language);
    const json error = json::parse(res->body)["error"];
    EXPECT_EQ(error["field"], "members[1].sex");
    EXPECT_EQ(error["code"], "invalid_input");
    EXPECT_EQ(error["message"], Expected("must be one of {}", language, "female, male, unknown"))
        << error.dump();
  }
  auto english =
      client_->Post("/api/v1/households", Bearer(token), household.dump(), "application/json");
  ASSERT_EQ(english->status, 400);
  EXPECT_EQ(json::parse(english->body)["error"]["message"], "must be one of female, male, unknown");
}

TEST_F(LanguageTest, AStaleWriteIsRefusedInTheLanguageAndKeepsTheCurrentVersion) {
  const std::string token = Login("registrar");
  auto created = client_->Post("/api/v1/households", Bearer(token), HouseholdOfSix().dump(),
                               "application/json");
  ASSERT_EQ(created->status, 201) << created->body;
  const std::string id = json::parse(created->body)["id"];
  const json patch = {{"version", 1}, {"current_location", "Kabul"}};
  ASSERT_EQ(
      client_->Patch("/api/v1/households/" + id, Bearer(token), patch.dump(), "application/json")
          ->status,
      200);
  auto stale =
      client_->Patch("/api/v1/households/" + id, In("ur", token), patch.dump(), "application/json");
  ASSERT_EQ(stale->status, 409) << stale->body;
  EXPECT_EQ(stale->get_header_value("Content-Language"), "ur");
  const json error = json::parse(stale->body)["error"];
  EXPECT_EQ(error["code"], "conflict");
  EXPECT_EQ(error["current_version"], 2);
  const std::string message = error["message"];
  EXPECT_FALSE(message.empty());
  EXPECT_EQ(message.find("someone else"), std::string::npos) << "said in English: " << message;
}

TEST_F(LanguageTest, TheServersOwnNotFoundIsSaidInTheLanguageWithThePath) {
  auto res = client_->Get("/api/v1/nothing-here", In("fa-AF", Login("registrar")));
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 404) << res->body;
  const std::string message = json::parse(res->body)["error"]["message"];
  EXPECT_NE(message.find("/api/v1/nothing-here"), std::string::npos) << message;
  EXPECT_EQ(message.find("there is"), std::string::npos) << "said in English: " << message;
}

TEST_F(LanguageTest, ALanguageTheServerDoesNotSpeakGetsEnglish) {
  auto res = client_->Get("/api/v1/nothing-here", In("de-DE,fr;q=0.8", Login("registrar")));
  ASSERT_EQ(res->status, 404);
  EXPECT_EQ(res->get_header_value("Content-Language"), "en");
  const std::string message = json::parse(res->body)["error"]["message"];
  EXPECT_EQ(message.rfind("there is", 0), 0U) << message;
}

}  // namespace
}  // namespace sanad::api
