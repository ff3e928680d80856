// docs/openapi.json against the server: every route of the table is described
// (same method, same path) and nothing else is; the description names the
// access each route has; real answers of a real server fit the documented
// schemas; and GET /api/v1/openapi.json serves the file's bytes.
//
// The schema check covers the subset of JSON Schema the document uses:
// $ref (to #/components/schemas), allOf, type (a name or a list of names, so
// ["string","null"] is nullable), properties, required, items, enum, const.
// Anything else in a schema is ignored, so it must not be relied on.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>

#include "api/openapi_document.h"
#include "api/route.h"
#include "server_fixture.h"

namespace sanad::api {
namespace {

std::string ReadOpenApiFile() {
  std::ifstream in(std::string(SANAD_SOURCE_DIR) + "/docs/openapi.json", std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

const json& OpenApiJson() {
  static const json kDoc = json::parse(ReadOpenApiFile());
  return kDoc;
}

// "/api/v1/persons/([0-9a-f-]{36})/status" and "/api/v1/persons/{id}/status"
// both become "/api/v1/persons/{}/status".
std::string RoutePathShape(std::string_view pattern) {
  return std::regex_replace(std::string(pattern), std::regex(R"(\(\[0-9a-f-\]\{36\}\))"), "{}");
}
std::string DocPathShape(const std::string& path) {
  return std::regex_replace(path, std::regex(R"(\{[a-z_]+\})"), "{}");
}

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& ch : out) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return out;
}

bool IsFallback(const Route& route) { return route.pattern.find(".*") != std::string_view::npos; }

std::string AccessName(const Route& route) {
  switch (route.access) {
    case Access::kPublic:
      return "none";
    case Access::kSignedIn:
      return "signed-in";
    case Access::kSite:
      return "site";
    case Access::kPermission:
      return std::string(ToString(route.permission));
  }
  return "unknown";
}

bool HasType(const json& value, const std::string& type) {
  if (type == "object") return value.is_object();
  if (type == "array") return value.is_array();
  if (type == "string") return value.is_string();
  if (type == "integer") return value.is_number_integer();
  if (type == "number") return value.is_number();
  if (type == "boolean") return value.is_boolean();
  if (type == "null") return value.is_null();
  return false;
}

// Appends to `problems` each way `value` does not fit `schema`, naming where.
void CheckSchema(const json& schema, const json& value, const std::string& where,
                 std::vector<std::string>& problems) {
  if (schema.contains("$ref")) {
    const std::string ref = schema["$ref"];
    const std::string name = ref.substr(ref.rfind('/') + 1);
    return CheckSchema(OpenApiJson()["components"]["schemas"][name], value, where, problems);
  }
  if (schema.contains("allOf")) {
    for (const json& part : schema["allOf"]) CheckSchema(part, value, where, problems);
  }
  if (schema.contains("type")) {
    const json types = schema["type"].is_array() ? schema["type"] : json::array({schema["type"]});
    bool fits = false;
    for (const json& type : types) fits = fits || HasType(value, type.get<std::string>());
    if (!fits) {
      problems.push_back(where + ": " + value.dump().substr(0, 80) + " is not " + types.dump());
      return;
    }
  }
  if (schema.contains("enum") &&
      std::find(schema["enum"].begin(), schema["enum"].end(), value) == schema["enum"].end()) {
    problems.push_back(where + ": " + value.dump() + " is not one of " + schema["enum"].dump());
  }
  if (schema.contains("const") && value != schema["const"]) {
    problems.push_back(where + ": " + value.dump() + " is not " + schema["const"].dump());
  }
  if (value.is_object()) {
    const json required = schema.value("required", json::array());
    const json properties = schema.value("properties", json::object());
    for (const json& name : required) {
      if (!value.contains(name.get<std::string>())) {
        problems.push_back(where + ": lacks required \"" + name.get<std::string>() + "\"");
      }
    }
    for (const auto& [name, property] : properties.items()) {
      if (value.contains(name)) CheckSchema(property, value[name], where + "." + name, problems);
    }
  }
  if (value.is_array() && schema.contains("items")) {
    for (size_t i = 0; i < value.size(); ++i) {
      CheckSchema(schema["items"], value[i], where + "[" + std::to_string(i) + "]", problems);
    }
  }
}

TEST(OpenApi, EveryRouteOfTheTableIsDescribedWithItsAccess) {
  const json& paths = OpenApiJson()["paths"];
  std::map<std::string, std::string> doc_paths;  // shape -> path as written
  for (const auto& [path, item] : paths.items()) doc_paths[DocPathShape(path)] = path;
  size_t checked = 0;
  for (const Route& route : AllRoutes()) {
    if (IsFallback(route)) continue;
    const std::string shape = RoutePathShape(route.pattern);
    SCOPED_TRACE(std::string(route.method) + " " + shape);
    ASSERT_TRUE(doc_paths.contains(shape)) << "route not in docs/openapi.json";
    const json& item = paths[doc_paths[shape]];
    ASSERT_TRUE(item.contains(Lower(route.method))) << "method not in docs/openapi.json";
    const json& operation = item[Lower(route.method)];
    EXPECT_EQ(operation.value("x-sanad-permission", ""), AccessName(route));
    EXPECT_FALSE(operation.value("summary", "").empty());
    EXPECT_TRUE(operation["responses"].contains("default")) << "no error response";
    ++checked;
  }
  EXPECT_GE(checked, 70U);
}

TEST(OpenApi, EveryDescribedOperationIsARegisteredRoute) {
  std::set<std::pair<std::string, std::string>> registered;
  for (const Route& route : AllRoutes()) {
    if (!IsFallback(route)) {
      registered.insert({Lower(route.method), RoutePathShape(route.pattern)});
    }
  }
  size_t operations = 0;
  for (const auto& [path, item] : OpenApiJson()["paths"].items()) {
    for (const auto& [method, operation] : item.items()) {
      SCOPED_TRACE(method + " " + path);
      EXPECT_TRUE(registered.contains({method, DocPathShape(path)})) << "no such route";
      ++operations;
    }
  }
  EXPECT_EQ(operations, registered.size());
}

TEST(OpenApi, EveryReferenceNamesASchemaThatExists) {
  const json& schemas = OpenApiJson()["components"]["schemas"];
  const std::string text = ReadOpenApiFile();
  const std::regex ref(R"re("\$ref": "#/components/schemas/([A-Za-z]+)")re");
  size_t refs = 0;
  for (auto it = std::sregex_iterator(text.begin(), text.end(), ref); it != std::sregex_iterator();
       ++it, ++refs) {
    EXPECT_TRUE(schemas.contains((*it)[1].str())) << (*it)[1].str();
  }
  EXPECT_GT(refs, 10U);
}

class OpenApiServerTest : public ServerTest {
 protected:
  // Sends the request, expects `status`, and checks the JSON answer against
  // the schema documented for the route and that status ("default" for an
  // error). Returns the answer.
  json Expect(const std::string& method, const std::string& path, const std::string& doc_path,
              int status, const json& body = nullptr) {
    SCOPED_TRACE(method + " " + path);
    httplib::Request req;
    req.method = method;
    req.path = path;
    req.headers = Bearer(token_);
    if (!body.is_null()) {
      req.body = body.dump();
      req.set_header("Content-Type", "application/json");
    }
    auto res = client_->send(req);
    EXPECT_TRUE(res);
    if (!res) return nullptr;
    EXPECT_EQ(res->status, status) << res->body;
    const json answer = json::parse(res->body, nullptr, false);
    EXPECT_FALSE(answer.is_discarded()) << res->body;
    const json& responses = OpenApiJson()["paths"][doc_path][Lower(method)]["responses"];
    const std::string key = status < 400 ? std::to_string(status) : "default";
    EXPECT_TRUE(responses.contains(key)) << "no documented " << key << " answer";
    if (!responses.contains(key)) return answer;
    std::vector<std::string> problems;
    CheckSchema(responses[key]["content"]["application/json"]["schema"], answer, "answer",
                problems);
    for (const auto& problem : problems) ADD_FAILURE() << problem;
    ++checked_;
    return answer;
  }

  std::string token_;
  size_t checked_ = 0;
};

TEST_F(OpenApiServerTest, RealAnswersFitTheDocumentedSchemas) {
  const json signed_in = Expect("POST", "/api/v1/session", "/api/v1/session", 200,
                                {{"username", "admin"}, {"password", kPassword}});
  token_ = signed_in["token"];
  Expect("GET", "/api/v1/session", "/api/v1/session", 200);
  Expect("GET", "/healthz", "/healthz", 200);

  const json first =
      Expect("POST", "/api/v1/households", "/api/v1/households", 201, HouseholdOfSix());
  const json second =
      Expect("POST", "/api/v1/households", "/api/v1/households", 201, HouseholdOfSix());
  EXPECT_FALSE(second["possible_duplicates"].empty());  // so Candidate is checked too
  const std::string hid = first["id"];
  const std::string pid = first["members"][0]["id"];
  const std::string other = second["members"][0]["id"];
  Expect("GET", "/api/v1/households/" + hid, "/api/v1/households/{id}", 200);
  Expect("GET", "/api/v1/persons/" + pid, "/api/v1/persons/{id}", 200);
  Expect("GET", "/api/v1/persons?q=Nazo", "/api/v1/persons", 200);
  Expect("POST", "/api/v1/persons/candidates", "/api/v1/persons/candidates", 200,
         {{"given_name", "Nazo"}, {"father_name", "Mohammad Nabi"}, {"sex", "female"}});
  Expect("GET", "/api/v1/persons/" + pid + "/duplicates", "/api/v1/persons/{id}/duplicates", 200);
  Expect("POST", "/api/v1/persons/" + pid + "/duplicates/decisions",
         "/api/v1/persons/{id}/duplicates/decisions", 201,
         {{"candidate_id", other}, {"decision", "not_same"}});
  const json decided = Expect("GET", "/api/v1/persons/" + pid + "/duplicates",
                              "/api/v1/persons/{id}/duplicates", 200);
  EXPECT_EQ(decided["decisions"].size(), 1U);

  Expect("POST", "/api/v1/status-check", "/api/v1/status-check", 200,
         {{"date", "2025-03-01"},
          {"context", "stay"},
          {"documents", {{{"type", "por_card"}, {"valid_until", "2025-06-30"}}}}});
  Expect("GET", "/api/v1/persons/" + pid + "/status?date=2025-03-01", "/api/v1/persons/{id}/status",
         200);

  Expect("POST", "/api/v1/movements", "/api/v1/movements", 201,
         {{"date", "2025-03-01"},
          {"crossing_point", "Torkham"},
          {"direction", "to_afghanistan"},
          {"mode", "deported"},
          {"household_id", hid}});
  Expect("GET", "/api/v1/movements", "/api/v1/movements", 200);
  Expect("GET", "/api/v1/persons/" + pid + "/movements", "/api/v1/persons/{id}/movements", 200);
  Expect("GET", "/api/v1/reports/flash?from=2025-03-01&to=2025-03-07", "/api/v1/reports/flash",
         200);
  Expect("GET", "/api/v1/reports/status-changes?days=90", "/api/v1/reports/status-changes", 200);
  Expect("GET", "/api/v1/audit/head", "/api/v1/audit/head", 200);
  Expect("GET", "/api/v1/users", "/api/v1/users", 200);
  Expect("GET", "/api/v1/crossing-points", "/api/v1/crossing-points", 200);
  Expect("GET", "/api/v1/organisations", "/api/v1/organisations", 200);
  const json sync_status = Expect("GET", "/api/v1/sync/status", "/api/v1/sync/status", 200);
  EXPECT_EQ(sync_status["configured"], false);

  // Errors: the one shape, whatever the route.
  json bad = HouseholdOfSix();
  bad["members"][0]["birth_date"] = "not a date";
  const json invalid = Expect("POST", "/api/v1/households", "/api/v1/households", 400, bad);
  EXPECT_EQ(invalid["error"]["code"], "invalid_input");
  const json missing = Expect("GET", "/api/v1/persons/01234567-89ab-7def-8123-456789abcdef",
                              "/api/v1/persons/{id}", 404);
  EXPECT_EQ(missing["error"]["code"], "not_found");
  EXPECT_EQ(checked_, 26U);
}

TEST_F(OpenApiServerTest, ServesTheDocumentWithoutASessionByteForByte) {
  const std::string file = ReadOpenApiFile();
  ASSERT_FALSE(file.empty());
  EXPECT_EQ(OpenApiDocument(), file);  // the embedded copy is current
  auto res = client_->Get("/api/v1/openapi.json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->body, file);
  EXPECT_EQ(res->get_header_value("Content-Type"), "application/json");
  EXPECT_FALSE(res->has_header("Content-Disposition"));
  EXPECT_EQ(OpenApiJson()["openapi"], "3.1.0");
}

}  // namespace
}  // namespace sanad::api
