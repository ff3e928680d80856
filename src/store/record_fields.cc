// A person's and a household's fields as the change log holds them (see
// record_fields.h).
#include "store/record_fields.h"

#include <nlohmann/json.hpp>

#include "core/validation.h"

namespace sanad::store::internal {
namespace {

using nlohmann::json;

// `what` says what was expected, for the engineer reading the code; the
// message (logged where a record is not built) names the field only.
Error NotA(const std::string& where, [[maybe_unused]] std::string_view what) {
  return Error::InvalidInput(where, "is not a value this field can hold");
}

// A JSON object of text values (a create's payload) into field values.
Result<FieldValues> ReadTextObject(const json& object, const std::string& where) {
  if (!object.is_object()) return Fail(NotA(where, "an object of the record's fields"));
  FieldValues fields;
  for (const auto& [field, value] : object.items()) {
    if (!value.is_string()) continue;  // the position, read by the caller
    fields.emplace(field, value.get<std::string>());
  }
  return fields;
}

const std::string& FieldOr(const FieldValues& fields, std::string_view field) {
  static const std::string kEmpty;
  auto it = fields.find(field);
  return it == fields.end() ? kEmpty : it->second;
}

}  // namespace

std::vector<std::pair<std::string_view, std::string>> PersonFields(const Person& p) {
  json documents = json::array();
  for (const Document& d : p.documents) {
    documents.push_back({{"type", ToString(d.type)},
                         {"number", d.number},
                         {"issued", d.issued ? d.issued->ToIso() : ""},
                         {"valid_until", d.valid_until ? d.valid_until->ToIso() : ""}});
  }
  // The purposes and who recorded them change together: one value.
  json purposes = json::array();
  for (ConsentPurpose consent : p.consents) purposes.push_back(ToString(consent));
  const json consents = {{"purposes", std::move(purposes)}, {"recorded_by", p.consent_recorded_by}};
  return {
      {"given_name", p.given_name},
      {"father_name", p.father_name},
      {"grandfather_name", p.grandfather_name},
      {"family_name", p.family_name},
      {"sex", std::string(ToString(p.sex))},
      {"birth_date", p.birth_date ? p.birth_date->ToIso() : ""},
      {"phone", p.phone},
      {"external_id", p.external_id},
      {"household_id", p.household_id},
      {"relationship", p.relationship ? std::string(ToString(*p.relationship)) : ""},
      {"documents", documents.dump()},
      {"consents", consents.dump()},
      {"vulnerabilities", json(p.vulnerabilities).dump()},
  };
}

void AppendJsonString(std::string* out, std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  out->push_back('"');
  for (char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (c == '"' || c == '\\') {
      out->push_back('\\');
      out->push_back(ch);
    } else if (c < 0x20) {
      out->append("\\u00");
      out->push_back(kHex[c >> 4]);
      out->push_back(kHex[c & 15]);
    } else {
      out->push_back(ch);
    }
  }
  out->push_back('"');
}

// Written by hand: it is on the import's hot path (nlohmann's objects cost
// an allocation a field); read with nlohmann-json.
std::string PersonCreatePayload(const Person& p, int64_t position) {
  std::string out;
  out.reserve(384);
  for (const auto& [field, value] : PersonFields(p)) {
    out.push_back(out.empty() ? '{' : ',');
    AppendJsonString(&out, field);
    out.push_back(':');
    AppendJsonString(&out, value);
  }
  out.append(",\"position\":");
  out.append(std::to_string(position));
  out.push_back('}');
  return out;
}

Result<FieldValues> ReadCreatePayload(std::string_view text, int64_t* position,
                                      const std::string& where) {
  const json payload = json::parse(text, nullptr, /*allow_exceptions=*/false);
  auto fields = ReadTextObject(payload, where);
  if (!fields) return Fail(fields.error());
  auto at = payload.find("position");
  if (at == payload.end() || !at->is_number_integer() || at->get<int64_t>() < 0) {
    return Fail(NotA(where + ".position", "the member's place in the household, 0 or more"));
  }
  *position = at->get<int64_t>();
  return fields;
}

Result<Person> PersonFromFields(const std::string& id, const FieldValues& fields,
                                const std::string& where) {
  Person p;
  p.id = id;
  p.given_name = FieldOr(fields, "given_name");
  p.father_name = FieldOr(fields, "father_name");
  p.grandfather_name = FieldOr(fields, "grandfather_name");
  p.family_name = FieldOr(fields, "family_name");
  p.phone = FieldOr(fields, "phone");
  p.external_id = FieldOr(fields, "external_id");
  p.household_id = FieldOr(fields, "household_id");
  auto sex = ParseSex(FieldOr(fields, "sex"));
  if (!sex) return Fail(NotA(where + ".sex", "female, male, other or unknown"));
  p.sex = *sex;
  if (const std::string& birth = FieldOr(fields, "birth_date"); !birth.empty()) {
    auto date = PartialDate::Parse(birth, where + ".birth_date");
    if (!date) return Fail(date.error());
    p.birth_date = *date;
  }
  if (const std::string& relationship = FieldOr(fields, "relationship"); !relationship.empty()) {
    auto parsed = ParseRelationship(relationship);
    if (!parsed) return Fail(NotA(where + ".relationship", "a relationship to the head"));
    p.relationship = *parsed;
  }
  try {
    const json documents = json::parse(FieldOr(fields, "documents"));
    for (size_t i = 0; i < documents.size(); ++i) {
      const json& d = documents.at(i);
      const std::string at = where + ".documents[" + std::to_string(i) + "]";
      Document document;
      auto type = ParseDocumentType(d.at("type").get<std::string>());
      if (!type) return Fail(NotA(at + ".type", "a document type"));
      document.type = *type;
      document.number = d.at("number").get<std::string>();
      if (auto issued = d.at("issued").get<std::string>(); !issued.empty()) {
        auto date = PartialDate::Parse(issued, at + ".issued");
        if (!date) return Fail(date.error());
        document.issued = *date;
      }
      if (auto valid = d.at("valid_until").get<std::string>(); !valid.empty()) {
        auto date = Date::ParseIso(valid, at + ".valid_until");
        if (!date) return Fail(date.error());
        document.valid_until = *date;
      }
      p.documents.push_back(std::move(document));
    }
  } catch (const json::exception&) {
    return Fail(NotA(where + ".documents", "a list of documents"));
  }
  try {
    // A list of purposes (logs written before the recorder travelled), or
    // the purposes and who recorded them.
    const json consents = json::parse(FieldOr(fields, "consents"));
    const json& purposes = consents.is_array() ? consents : consents.at("purposes");
    if (consents.is_object()) p.consent_recorded_by = consents.at("recorded_by").get<std::string>();
    for (const json& purpose : purposes) {
      auto parsed = ParseConsentPurpose(purpose.get<std::string>());
      if (!parsed) return Fail(NotA(where + ".consents", "consent purposes"));
      p.consents.push_back(*parsed);
    }
  } catch (const json::exception&) {
    return Fail(NotA(where + ".consents", "the consents and who recorded them"));
  }
  try {
    p.vulnerabilities =
        json::parse(FieldOr(fields, "vulnerabilities")).get<std::vector<std::string>>();
  } catch (const json::exception&) {
    return Fail(NotA(where + ".vulnerabilities", "a list of vulnerabilities"));
  }
  if (auto valid = ValidatePerson(p); !valid) {
    return Fail(std::move(valid.error()).WithFieldPrefix(where));
  }
  return p;
}

std::vector<std::pair<std::string_view, std::string>> HouseholdFields(const Household& h) {
  return {{"origin_province", h.origin_province},
          {"origin_district", h.origin_district},
          {"current_location", h.current_location},
          {"destination_province", h.destination_province},
          {"destination_district", h.destination_district}};
}

std::string HouseholdCreatePayload(const Household& h) {
  json payload = json::object();
  for (auto& [field, value] : HouseholdFields(h)) payload[std::string(field)] = std::move(value);
  return payload.dump();
}

Result<FieldValues> ReadHouseholdPayload(std::string_view text, const std::string& where) {
  return ReadTextObject(json::parse(text, nullptr, /*allow_exceptions=*/false), where);
}

Status HouseholdFromFields(const FieldValues& fields, Household* h, const std::string& where) {
  for (auto [field, target] : {std::pair{"origin_province", &h->origin_province},
                               std::pair{"origin_district", &h->origin_district},
                               std::pair{"current_location", &h->current_location},
                               std::pair{"destination_province", &h->destination_province},
                               std::pair{"destination_district", &h->destination_district}}) {
    const std::string& value = FieldOr(fields, field);
    if (auto ok = ValidateText(where + "." + field, value, 200); !ok) return ok;
    *target = value;
  }
  return {};
}

}  // namespace sanad::store::internal
