#include "api/json_codec.h"

#include <gtest/gtest.h>

#include "api/incident_json.h"
#include "api/login_throttle.h"
#include "api/service_json.h"

namespace sanad::api {
namespace {

TEST(JsonCodec, RejectsBadBodiesNamingTheField) {
  struct Case {
    const char* name;
    std::string body;
    const char* field;
  } cases[] = {
      {"not json", "{\"members\": [", "body"},
      {"not an object", "[1,2]", "body"},
      {"invalid utf8", "{\"origin_province\": \"\xC3\x28\"}", "body"},
      {"unknown top field", R"({"members":[{"given_name":"A"}],"ethnicity":"x"})", "ethnicity"},
      {"unknown member field", R"({"members":[{"given_name":"A","tribe":"x"}]})",
       "members[0].tribe"},
      {"wrong type", R"({"members":[{"given_name":5}]})", "members[0].given_name"},
      {"bad date", R"({"members":[{"given_name":"A","birth_date":"1990-02-30"}]})",
       "members[0].birth_date"},
      {"bad document type",
       R"({"members":[{"given_name":"A","documents":[{"type":"driving_licence"}]}]})",
       "members[0].documents[0].type"},
      {"bad consent", R"({"members":[{"given_name":"A","consents":["marketing"]}]})",
       "members[0].consents[0]"},
      {"no members", R"({"origin_province":"Peshawar"})", "members"},
      {"id given", R"({"members":[{"id":"x","given_name":"A"}]})", "members[0].id"},
      {"missing name", R"({"members":[{"father_name":"B"}]})", "members[0].given_name"},
      // Found by fuzz/json_patch (fuzz/crashes/json_patch/): a field named ""
      // gave an error naming no field at all.
      {"empty field name", R"({"":1,"members":[{"given_name":"A"}]})", "body"},
      {"empty member field name", R"({"members":[{"given_name":"A","":1}]})", "members[0]"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    auto body = ParseBody(c.body);
    Error error;
    if (!body) {
      error = body.error();
    } else {
      auto h = DecodeNewHousehold(*body);
      ASSERT_FALSE(h);
      error = h.error();
    }
    EXPECT_EQ(error.field, c.field) << error.message;
    EXPECT_EQ(error.code, Error::Code::kInvalidInput);
  }
}

// The incident and property decoders share the codec's field checks, so a
// field named "" is named by its object there too (a finding of fuzz/json_patch).
TEST(JsonCodec, IncidentAndPropertyBodiesNameTheObjectOfAnEmptyField) {
  auto incident = DecodeIncident(nlohmann::json::parse(R"({"": 1})"), Incident{}, false);
  ASSERT_FALSE(incident);
  EXPECT_EQ(incident.error().field, "body");
  auto property = DecodeProperty(nlohmann::json::parse(R"({"kind": "house", "": 1})"));
  ASSERT_FALSE(property);
  EXPECT_EQ(property.error().field, "body");
  EXPECT_NE(property.error().message.find("empty name"), std::string::npos);
}

TEST(JsonCodec, PatchChangesOnlyWhatItNames) {
  Household h;
  h.version = 3;
  Person p;
  p.id = "01234567-89ab-7def-8123-456789abcdef";
  p.given_name = "Gul";
  p.father_name = "Khan";
  h.members.push_back(p);
  auto body = ParseBody(
      R"({"version":3,"current_location":"Kabul","members":[{"id":"01234567-89ab-7def-8123-456789abcdef","phone":"0700123456"},{"given_name":"Nazo"}]})");
  ASSERT_TRUE(body);
  auto version = ApplyHouseholdPatch(*body, &h);
  ASSERT_TRUE(version) << version.error().message;
  EXPECT_EQ(*version, 3);
  EXPECT_EQ(h.current_location, "Kabul");
  ASSERT_EQ(h.members.size(), 2u);
  EXPECT_EQ(h.members[0].father_name, "Khan");
  EXPECT_EQ(h.members[0].phone, "0700123456");
  EXPECT_EQ(h.members[1].given_name, "Nazo");
  auto no_version = ParseBody(R"({"current_location":"Kabul"})");
  EXPECT_EQ(ApplyHouseholdPatch(*no_version, &h).error().field, "version");
  auto empty_name = ParseBody(R"({"versioP":"3","":[{"id":"nobody"}]})");  // the fuzzer's input
  EXPECT_EQ(ApplyHouseholdPatch(*empty_name, &h).error().field, "body");
}

TEST(JsonCodec, SignInNeedsTwoStringsWithinTheirCaps) {
  auto ok = DecodeSignIn(*ParseBody(R"({"username":"amina","password":"pw"})"));
  ASSERT_TRUE(ok) << ok.error().message;
  EXPECT_EQ(ok->username, "amina");
  EXPECT_EQ(ok->password, "pw");
  struct Case {
    const char* name;
    std::string body;
    const char* field;
  } cases[] = {
      {"no password", R"({"username":"amina"})", "username"},
      {"number", R"({"username":"amina","password":5})", "username"},
      {"empty username", R"({"username":"","password":"pw"})", "username"},
      {"long username",
       R"({"username":")" + std::string(kMaxUsernameBytes + 1, 'a') + R"(","password":"pw"})",
       "username"},
      {"long password",
       R"({"username":"amina","password":")" + std::string(kMaxSignInPasswordBytes + 1, 'p') +
           R"("})",
       "password"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    auto decoded = DecodeSignIn(*ParseBody(c.body));
    ASSERT_FALSE(decoded);
    EXPECT_EQ(decoded.error().field, c.field);
  }
}

TEST(StatusCheckJson, AFieldWithAnEmptyNameIsNamedAsTheBody) {
  auto check = DecodeStatusCheck(*ParseBody(R"({"date":"2025-01-01","":1})"));
  ASSERT_FALSE(check);
  EXPECT_EQ(check.error().field, "body");
  EXPECT_NE(check.error().message.find("empty name"), std::string::npos);
}

}  // namespace
}  // namespace sanad::api
