#include "api/json_codec.h"

#include <initializer_list>
#include <set>

#include "api/json_fields.h"
#include "api/login_throttle.h"
#include "core/flow.h"
#include "core/translation.h"
#include "core/utf8.h"
#include "core/validation.h"

namespace sanad::api {
namespace {

std::string Indexed(std::string_view path, std::string_view key, size_t i) {
  return Join(path, key) + "[" + std::to_string(i) + "]";
}

template <typename T>
Status GetEnum(const json& j, std::string_view path, std::string_view key,
               std::optional<T> (*parse)(std::string_view), std::string_view allowed, T* out,
               bool* present = nullptr) {
  std::string text;
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return {};
  if (auto ok = GetString(j, path, key, &text, 0); !ok) return ok;
  auto value = parse(text);
  if (!value) {
    return Fail(Error::InvalidInput(Join(path, key), "must be one of {}", allowed));
  }
  *out = *value;
  if (present) *present = true;
  return {};
}

Result<Document> DecodeDocument(const json& j, std::string_view path) {
  if (auto ok = RequireObject(j, path); !ok) return Fail(ok.error());
  if (auto ok = RejectUnknown(j, path, {"type", "number", "issued", "valid_until"}); !ok) {
    return Fail(ok.error());
  }
  Document d;
  if (!j.contains("type")) {
    return Fail(
        Error::InvalidInput(Join(path, "type"), "is required: one of {}", DocumentTypeNames()));
  }
  if (auto ok = GetEnum(j, path, "type", &ParseDocumentType, DocumentTypeNames(), &d.type); !ok) {
    return Fail(ok.error());
  }
  if (auto ok = GetString(j, path, "number", &d.number, 0); !ok) return Fail(ok.error());
  std::string text;
  if (auto ok = GetString(j, path, "issued", &text, 0); !ok) return Fail(ok.error());
  if (!text.empty()) {
    auto date = PartialDate::Parse(text, Join(path, "issued"));
    if (!date) return Fail(date.error());
    d.issued = *date;
  }
  text.clear();
  if (auto ok = GetString(j, path, "valid_until", &text, 0); !ok) return Fail(ok.error());
  if (!text.empty()) {
    auto date = Date::ParseIso(text, Join(path, "valid_until"));
    if (!date) return Fail(date.error());
    d.valid_until = *date;
  }
  return d;
}

template <typename T>
Status GetStringArray(const json& j, std::string_view path, std::string_view key,
                      std::vector<T>* out,
                      const std::function<std::optional<T>(const std::string&)>& parse,
                      std::string_view allowed) {
  auto it = j.find(key);
  if (it == j.end()) return {};
  if (!it->is_array()) return Fail(Error::InvalidInput(Join(path, key), "must be a list"));
  out->clear();
  for (size_t i = 0; i < it->size(); ++i) {
    const json& item = (*it)[i];
    auto value = item.is_string() ? parse(item.get<std::string>()) : std::nullopt;
    if (!value) {
      return Fail(Error::InvalidInput(Indexed(path, key, i), "must be one of {}", allowed));
    }
    out->push_back(*value);
  }
  return {};
}

}  // namespace

Result<json> ParseBody(std::string_view body) {
  if (!IsValidUtf8(body)) {
    return Fail(Error::InvalidInput("body", "is not valid UTF-8: send the request as UTF-8"));
  }
  json j = json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return Fail(Error::InvalidInput("body", "is not valid JSON"));
  if (!j.is_object()) return Fail(Error::InvalidInput("body", "must be a JSON object"));
  return j;
}

Result<Person> DecodePerson(const json& j, Person p, std::string_view path, const Clock& clock) {
  if (auto ok = RequireObject(j, path); !ok) return Fail(ok.error());
  if (auto ok = RejectUnknown(j, path,
                              {"id", "given_name", "father_name", "grandfather_name", "family_name",
                               "sex", "birth_date", "phone", "relationship", "documents",
                               "consents", "vulnerabilities", "household_id", "external_id"});
      !ok) {
    return Fail(ok.error());
  }
  struct Field {
    std::string_view key;
    std::string* out;
  } fields[] = {{"given_name", &p.given_name},
                {"father_name", &p.father_name},
                {"grandfather_name", &p.grandfather_name},
                {"family_name", &p.family_name},
                {"phone", &p.phone}};
  for (auto& f : fields) {
    if (auto ok = GetString(j, path, f.key, f.out, 0); !ok) return Fail(ok.error());
  }
  if (auto ok = GetEnum(j, path, "sex", &ParseSex, "female, male, unknown", &p.sex); !ok) {
    return Fail(ok.error());
  }
  if (j.contains("relationship")) {
    if (j["relationship"].is_null()) {
      p.relationship.reset();
    } else {
      Relationship r{};
      if (auto ok = GetEnum(j, path, "relationship", &ParseRelationship, RelationshipNames(), &r);
          !ok) {
        return Fail(ok.error());
      }
      p.relationship = r;
    }
  }
  if (j.contains("birth_date")) {
    std::string text;
    if (auto ok = GetString(j, path, "birth_date", &text, 0); !ok) return Fail(ok.error());
    if (text.empty()) {
      p.birth_date.reset();
    } else {
      auto date = PartialDate::Parse(text, Join(path, "birth_date"));
      if (!date) return Fail(date.error());
      p.birth_date = *date;
    }
  }
  if (auto it = j.find("documents"); it != j.end()) {
    if (!it->is_array())
      return Fail(Error::InvalidInput(Join(path, "documents"), "must be a list"));
    if (it->size() > 20) {
      return Fail(Error::InvalidInput(Join(path, "documents"), "at most 20 documents per person"));
    }
    p.documents.clear();
    for (size_t i = 0; i < it->size(); ++i) {
      auto d = DecodeDocument((*it)[i], Indexed(path, "documents", i));
      if (!d) return Fail(d.error());
      p.documents.push_back(std::move(*d));
    }
  }
  if (auto ok = GetStringArray<ConsentPurpose>(
          j, path, "consents", &p.consents,
          [](const std::string& s) { return ParseConsentPurpose(s); }, ConsentPurposeNames());
      !ok) {
    return Fail(ok.error());
  }
  if (auto ok = GetStringArray<std::string>(
          j, path, "vulnerabilities", &p.vulnerabilities,
          [](const std::string& s) -> std::optional<std::string> {
            if (ParseVulnerability(s)) return s;
            return std::nullopt;
          },
          VulnerabilityNames());
      !ok) {
    return Fail(ok.error());
  }
  if (auto ok = ValidatePerson(p, clock); !ok) {
    return Fail(std::move(ok.error()).WithFieldPrefix(path));
  }
  return p;
}

namespace {

Status DecodeHouseholdFields(const json& j, Household* h) {
  struct Field {
    std::string_view key;
    std::string* out;
  } fields[] = {{"origin_province", &h->origin_province},
                {"origin_district", &h->origin_district},
                {"current_location", &h->current_location},
                {"destination_province", &h->destination_province},
                {"destination_district", &h->destination_district}};
  for (auto& f : fields) {
    if (auto ok = GetString(j, "", f.key, f.out, 0); !ok) return ok;
  }
  return {};
}

}  // namespace

Result<Household> DecodeNewHousehold(const json& j, const Clock& clock) {
  if (auto ok = RejectUnknown(j, "",
                              {"origin_province", "origin_district", "current_location",
                               "destination_province", "destination_district", "members"});
      !ok) {
    return Fail(ok.error());
  }
  Household h;
  if (auto ok = DecodeHouseholdFields(j, &h); !ok) return Fail(ok.error());
  auto it = j.find("members");
  if (it == j.end() || !it->is_array() || it->empty()) {
    return Fail(Error::InvalidInput("members", "list the household's members (at least one)"));
  }
  if (it->size() > kMaxHouseholdMembers) {
    return Fail(Error::InvalidInput("members", "a household may have at most {} members",
                                    kMaxHouseholdMembers));
  }
  for (size_t i = 0; i < it->size(); ++i) {
    const std::string path = "members[" + std::to_string(i) + "]";
    if ((*it)[i].is_object() && (*it)[i].contains("id")) {
      return Fail(Error::InvalidInput(path + ".id", "is given by sanad: leave it out"));
    }
    auto p = DecodePerson((*it)[i], Person{}, path, clock);
    if (!p) return Fail(p.error());
    h.members.push_back(std::move(*p));
  }
  if (auto ok = ValidateHousehold(h, clock); !ok) return Fail(ok.error());
  return h;
}

Result<int64_t> ApplyHouseholdPatch(const json& j, Household* current, const Clock& clock) {
  if (auto ok = RejectUnknown(j, "",
                              {"version", "origin_province", "origin_district", "current_location",
                               "destination_province", "destination_district", "members"});
      !ok) {
    return Fail(ok.error());
  }
  auto version = j.find("version");
  if (version == j.end() || !version->is_number_integer()) {
    return Fail(Error::InvalidInput(
        "version", "is required: send the version you read, so no one's change is overwritten"));
  }
  if (auto ok = DecodeHouseholdFields(j, current); !ok) return Fail(ok.error());
  if (auto it = j.find("members"); it != j.end()) {
    if (!it->is_array()) return Fail(Error::InvalidInput("members", "must be a list"));
    for (size_t i = 0; i < it->size(); ++i) {
      const std::string path = "members[" + std::to_string(i) + "]";
      const json& m = (*it)[i];
      if (!m.is_object()) return Fail(Error::InvalidInput(path, "must be a JSON object"));
      Person* target = nullptr;
      if (auto id = m.find("id"); id != m.end()) {
        if (!id->is_string()) return Fail(Error::InvalidInput(path + ".id", "must be a string"));
        for (auto& existing : current->members) {
          if (existing.id == id->get<std::string>()) target = &existing;
        }
        if (!target) {
          return Fail(Error::InvalidInput(path + ".id", "is not a member of this household"));
        }
      }
      auto decoded = DecodePerson(m, target ? *target : Person{}, path, clock);
      if (!decoded) return Fail(decoded.error());
      if (target) {
        *target = std::move(*decoded);
      } else {
        current->members.push_back(std::move(*decoded));
      }
    }
  }
  return version->get<int64_t>();
}

Result<Movement> DecodeMovement(const json& j, const Clock& clock) {
  if (auto ok = RejectUnknown(
          j, "", {"date", "crossing_point", "direction", "mode", "household_id", "person_ids"});
      !ok) {
    return Fail(ok.error());
  }
  Movement m;
  std::string date;
  if (auto ok = GetString(j, "", "date", &date, 0); !ok) return Fail(ok.error());
  auto parsed = Date::ParseIso(date, "date");
  if (!parsed) return Fail(parsed.error());
  m.date = *parsed;
  if (auto ok = GetString(j, "", "crossing_point", &m.crossing_point, 0); !ok) {
    return Fail(ok.error());
  }
  if (auto ok =
          GetEnum(j, "", "direction", &ParseDirection, "to_afghanistan, to_pakistan", &m.direction);
      !ok) {
    return Fail(ok.error());
  }
  bool has_mode = false;
  if (auto ok = GetEnum(j, "", "mode", &ParseMovementMode, MovementModeNames(), &m.mode, &has_mode);
      !ok) {
    return Fail(ok.error());
  }
  if (!has_mode) {
    return Fail(Error::InvalidInput("mode", "is required: one of {}", MovementModeNames()));
  }
  if (auto ok = GetString(j, "", "household_id", &m.household_id, 0); !ok) return Fail(ok.error());
  if (auto it = j.find("person_ids"); it != j.end()) {
    if (!it->is_array()) return Fail(Error::InvalidInput("person_ids", "must be a list of ids"));
    for (size_t i = 0; i < it->size(); ++i) {
      if (!(*it)[i].is_string()) {
        return Fail(Error::InvalidInput("person_ids[" + std::to_string(i) + "]", "must be an id"));
      }
      m.person_ids.push_back((*it)[i].get<std::string>());
    }
  }
  if (auto ok = ValidateMovement(m, clock); !ok) return Fail(ok.error());
  return m;
}

Result<SignInRequest> DecodeSignIn(const json& j) {
  if (!j.contains("username") || !j["username"].is_string() || !j.contains("password") ||
      !j["password"].is_string()) {
    return Fail(Error::InvalidInput("username", "send {{\"username\", \"password\"}}"));
  }
  SignInRequest request{j["username"].get<std::string>(), j["password"].get<std::string>()};
  if (request.username.empty() || request.username.size() > kMaxUsernameBytes) {
    return Fail(Error::InvalidInput("username", "must be 1 to {} bytes", kMaxUsernameBytes));
  }
  if (request.password.size() > kMaxSignInPasswordBytes) {
    return Fail(Error::InvalidInput("password", "is too long"));
  }
  return request;
}

json EncodePerson(const Person& p, bool show_numbers) {
  json docs = json::array();
  for (const auto& d : p.documents) {
    docs.push_back({{"type", ToString(d.type)},
                    {"number", show_numbers ? json(d.number) : json(nullptr)},
                    {"issued", d.issued ? json(d.issued->ToIso()) : json(nullptr)},
                    {"valid_until", d.valid_until ? json(d.valid_until->ToIso()) : json(nullptr)}});
  }
  json consents = json::array();
  for (auto c : p.consents) consents.push_back(ToString(c));
  return {{"id", p.id},
          {"household_id", p.household_id},
          {"given_name", p.given_name},
          {"father_name", p.father_name},
          {"grandfather_name", p.grandfather_name},
          {"family_name", p.family_name},
          {"sex", ToString(p.sex)},
          {"birth_date", p.birth_date ? json(p.birth_date->ToIso()) : json(nullptr)},
          {"phone", show_numbers ? json(p.phone) : json(nullptr)},
          {"relationship", p.relationship ? json(ToString(*p.relationship)) : json(nullptr)},
          {"documents", docs},
          {"consents", consents},
          {"vulnerabilities", p.vulnerabilities}};
}

json EncodeHousehold(const Household& h, bool show_numbers) {
  json members = json::array();
  for (const auto& m : h.members) members.push_back(EncodePerson(m, show_numbers));
  return {{"id", h.id},
          {"version", h.version},
          {"origin_province", h.origin_province},
          {"origin_district", h.origin_district},
          {"current_location", h.current_location},
          {"destination_province", h.destination_province},
          {"destination_district", h.destination_district},
          {"created_at", h.created_at},
          {"updated_at", h.updated_at},
          {"members", members}};
}

json EncodeMovement(const Movement& m) {
  return {{"id", m.id},
          {"date", m.date.ToIso()},
          {"crossing_point", m.crossing_point},
          {"direction", ToString(m.direction)},
          {"mode", ToString(m.mode)},
          {"household_id", m.household_id.empty() ? json(nullptr) : json(m.household_id)},
          {"person_ids", m.person_ids},
          {"created_at", m.created_at}};
}

json EncodeSummary(const store::PersonSummary& s) {
  return {{"id", s.id},
          {"household_id", s.household_id},
          {"given_name", s.given_name},
          {"father_name", s.father_name},
          {"grandfather_name", s.grandfather_name},
          {"sex", ToString(s.sex)},
          {"birth_year", s.birth_year ? json(*s.birth_year) : json(nullptr)},
          {"province", s.province}};
}

json EncodeError(const Error& e, std::string_view language) {
  return {{"error",
           {{"code", CodeName(e.code)},
            {"message", Say(e.text, language)},
            {"field", e.field.empty() ? json(nullptr) : json(e.field)}}}};
}

}  // namespace sanad::api
