#include "core/submission_mapping.h"

#include <toml++/toml.h>

#include <algorithm>
#include <functional>
#include <set>
#include <span>
#include <sstream>

#include "core/flow.h"
#include "core/utf8.h"
#include "core/validation.h"

namespace sanad {
namespace {

constexpr std::string_view kHouseholdFields[] = {"origin_province", "origin_district",
                                                 "current_location", "destination_province",
                                                 "destination_district"};
constexpr std::string_view kMemberFields[] = {
    "given_name", "father_name", "grandfather_name", "family_name",     "sex",
    "birth_date", "phone",       "relationship",     "vulnerabilities", "consents"};
constexpr std::string_view kFieldKeys[] = {"path", "values", "eastern_digits", "solar_hijri"};

std::string Join(std::span<const std::string_view> names) {
  std::string out;
  for (std::string_view name : names) {
    if (!out.empty()) out += ", ";
    out += name;
  }
  return out;
}

bool Contains(std::span<const std::string_view> names, std::string_view name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

class MappingReader {
 public:
  explicit MappingReader(std::string_view file_name) : file_name_(file_name) {}

  [[nodiscard]] Error At(const toml::node* node, const Message& message) const {
    const int64_t line = node != nullptr ? static_cast<int64_t>(node->source().begin.line) : 0;
    Error error = Error::InvalidInput("mapping", "{}:{}: {}", file_name_, line, message);
    error.line = line;
    return error;
  }

  // A field: a path, or an inline table {path, values, eastern_digits, solar_hijri}.
  // `check_value` says whether a sanad value in `values` exists (empty: any).
  Result<FormField> Field(const toml::node& node, std::string_view key,
                          const std::function<bool(std::string_view)>& check_value,
                          std::string_view value_names) const {
    FormField field;
    field.line = static_cast<int64_t>(node.source().begin.line);
    const toml::node* path = &node;
    if (const toml::table* table = node.as_table()) {
      for (const auto& [k, v] : *table) {
        if (!Contains(kFieldKeys, k.str())) {
          return Fail(At(&v, Message("unknown key '{}' in {}; known keys: {}", k.str(), key,
                                     Join(kFieldKeys))));
        }
      }
      path = table->get("path");
      if (path == nullptr) return Fail(At(&node, Message("{} needs a path", key)));
      for (std::string_view flag : {"eastern_digits", "solar_hijri"}) {
        if (const toml::node* f = table->get(flag)) {
          if (!f->is_boolean()) return Fail(At(f, Message("{} must be true or false", flag)));
          (flag == "solar_hijri" ? field.solar_hijri : field.eastern_digits) =
              f->as_boolean()->get();
        }
      }
      if (const toml::node* values = table->get("values")) {
        const toml::table* map = values->as_table();
        if (map == nullptr) {
          return Fail(At(values, Message("values must be a table of answer = \"sanad value\"")));
        }
        for (const auto& [answer, value] : *map) {
          if (!value.is_string()) {
            return Fail(At(&value, Message("the value for '{}' must be a string", answer.str())));
          }
          const std::string& sanad_value = value.as_string()->get();
          if (check_value && !check_value(sanad_value)) {
            return Fail(At(&value, Message("'{}' is not a value of {}: use one of {}", sanad_value,
                                           key, value_names)));
          }
          field.values[std::string(answer.str())] = sanad_value;
        }
      }
    }
    if (!path->is_string()) {
      return Fail(
          At(path, Message("{} must be a form path (a string) or a table with a path", key)));
    }
    field.path = NormaliseFormPath(path->as_string()->get());
    if (field.path.empty()) return Fail(At(path, Message("{} has an empty path", key)));
    return field;
  }

 private:
  std::string file_name_;
};

std::function<bool(std::string_view)> ValueCheck(std::string_view field) {
  if (field == "sex") return [](std::string_view v) { return ParseSex(v).has_value(); };
  if (field == "relationship") {
    return [](std::string_view v) { return ParseRelationship(v).has_value(); };
  }
  if (field == "vulnerabilities") {
    return [](std::string_view v) { return ParseVulnerability(v).has_value(); };
  }
  if (field == "consents") {
    return [](std::string_view v) { return ParseConsentPurpose(v).has_value(); };
  }
  if (field == "types") {
    return [](std::string_view v) { return ParseDocumentType(v).has_value(); };
  }
  return {};
}

std::string_view ValueNames(std::string_view field) {
  if (field == "sex") return "female, male";
  if (field == "relationship") return RelationshipNames();
  if (field == "vulnerabilities") return VulnerabilityNames();
  if (field == "consents") return ConsentPurposeNames();
  if (field == "types") return DocumentTypeNames();
  return "";
}

Status ReadDocuments(const toml::table& table, const MappingReader& reader,
                     SubmissionMapping* mapping) {
  for (const auto& [k, v] : table) {
    const std::string key(k.str());
    if (key == "types") {
      auto field =
          reader.Field(v, "members.documents.types", ValueCheck("types"), ValueNames("types"));
      if (!field) return Fail(field.error());
      mapping->document_types = std::move(*field);
      continue;
    }
    constexpr std::string_view kValidUntil = "_valid_until";
    const bool valid_until = key.ends_with(kValidUntil);
    const std::string type_name =
        valid_until ? key.substr(0, key.size() - kValidUntil.size()) : key;
    auto type = ParseDocumentType(type_name);
    if (!type) {
      return Fail(
          reader.At(&v, Message("unknown key '{}' in [members.documents]: use types, a document "
                                "type for its number, or TYPE_valid_until; types: {}",
                                key, DocumentTypeNames())));
    }
    auto field = reader.Field(v, "members.documents." + key, {}, "");
    if (!field) return Fail(field.error());
    (valid_until ? mapping->document_valid_until : mapping->document_numbers)[*type] =
        std::move(*field);
  }
  return {};
}

// --- Applying a mapping ----------------------------------------------------

// Every path answered in `nodes` (their fields), and every repeat.
void CollectPaths(const SubmissionNode& node, std::set<std::string>* fields,
                  std::set<std::string>* repeats) {
  for (const auto& [path, value] : node.fields) fields->insert(path);
  if (repeats) {
    for (const auto& [path, items] : node.repeats) repeats->insert(path);
  }
}

bool EndsWithPath(std::string_view path, std::string_view suffix) {
  if (path == suffix) return true;
  return path.size() > suffix.size() && path.ends_with(suffix) &&
         path[path.size() - suffix.size() - 1] == '/';
}

// The one path of `seen` that `field` names: itself, else the one that ends
// with it; empty when none does; an error when several do.
Result<std::string> Resolve(const FormField& field, const std::set<std::string>& seen,
                            std::string_view what) {
  if (seen.contains(field.path)) return field.path;
  std::vector<std::string> matches;
  for (const auto& path : seen) {
    if (EndsWithPath(path, field.path)) matches.push_back(path);
  }
  if (matches.size() > 1) {
    Error error = Error::InvalidInput(
        "mapping",
        "the path '{}' of {} matches '{}' and '{}' in the export: write more of the path",
        field.path, what, matches[0], matches[1]);
    error.line = field.line;
    return Fail(std::move(error));
  }
  return matches.empty() ? std::string() : matches[0];
}

struct ResolvedField {
  const FormField* field = nullptr;
  std::string path;  // in the export; empty when no submission answers it
};

std::string Trim(std::string_view text) {
  const size_t begin = text.find_first_not_of(" \t\r\n");
  if (begin == std::string_view::npos) return {};
  const size_t end = text.find_last_not_of(" \t\r\n");
  return std::string(text.substr(begin, end - begin + 1));
}

std::vector<std::string> Words(std::string_view text) {
  std::vector<std::string> out;
  std::istringstream in{std::string(text)};
  std::string word;
  while (in >> word) out.push_back(word);
  return out;
}

class SubmissionMapper {
 public:
  SubmissionMapper(const SubmissionMapping& mapping, const Clock& clock)
      : mapping_(mapping), clock_(clock) {}

  Status Resolve(const SubmissionExport& submissions, std::vector<std::string>* unanswered) {
    std::set<std::string> root_fields, root_repeats, member_fields;
    for (const auto& s : submissions.submissions) {
      CollectPaths(s.data, &root_fields, &root_repeats);
    }
    if (mapping_.members_repeat) {
      auto roster = sanad::Resolve(*mapping_.members_repeat, root_repeats, "members.repeat");
      if (!roster) return Fail(roster.error());
      if (roster->empty() && !submissions.submissions.empty()) {
        const std::string& roster_path = mapping_.members_repeat->path;
        Error error =
            root_repeats.empty()
                ? Error::InvalidInput(
                      "mapping",
                      "the roster '{}' (members.repeat) is not a repeat group of this export: it "
                      "has none",
                      roster_path)
                : Error::InvalidInput("mapping",
                                      "the roster '{}' (members.repeat) is not a repeat group of "
                                      "this export: its first repeat is {}",
                                      roster_path, *root_repeats.begin());
        error.line = mapping_.members_repeat->line;
        return Fail(std::move(error));
      }
      roster_ = *roster;
      for (const auto& s : submissions.submissions) {
        auto it = s.data.repeats.find(roster_);
        if (it == s.data.repeats.end()) continue;
        for (const auto& item : it->second) CollectPaths(item, &member_fields, nullptr);
      }
    } else {
      member_fields = root_fields;
    }
    auto resolve = [&](const FormField& field, const std::set<std::string>& seen,
                       std::string_view what, ResolvedField* out) -> Status {
      auto path = sanad::Resolve(field, seen, what);
      if (!path) return Fail(path.error());
      *out = {&field, *path};
      if (path->empty()) unanswered->push_back(field.path + " (" + std::string(what) + ")");
      return {};
    };
    for (const auto& [name, field] : mapping_.household) {
      if (auto ok = resolve(field, root_fields, "household." + name, &household_[name]); !ok) {
        return ok;
      }
    }
    for (const auto& [name, field] : mapping_.members) {
      if (auto ok = resolve(field, member_fields, "members." + name, &members_[name]); !ok) {
        return ok;
      }
    }
    if (mapping_.document_types) {
      if (auto ok = resolve(*mapping_.document_types, member_fields, "members.documents.types",
                            &document_types_);
          !ok) {
        return ok;
      }
    }
    for (const auto& [type, field] : mapping_.document_numbers) {
      const std::string what = "members.documents." + std::string(ToString(type));
      if (auto ok = resolve(field, member_fields, what, &numbers_[type]); !ok) return ok;
    }
    for (const auto& [type, field] : mapping_.document_valid_until) {
      const std::string what = "members.documents." + std::string(ToString(type)) + "_valid_until";
      if (auto ok = resolve(field, member_fields, what, &valid_until_[type]); !ok) return ok;
    }
    return {};
  }

  void Map(const Submission& submission, MappedSubmissions* out) {
    MappedSubmission mapped;
    mapped.name = submission.Name();
    mapped.instance_id = submission.instance_id;
    mapped.deprecated_id = submission.deprecated_id;
    mapped.root_id = submission.root_id;
    problems_ = &out->problems;
    name_ = mapped.name;
    const size_t problems_before = out->problems.size();
    Household& h = mapped.household;
    std::string* places[] = {&h.origin_province, &h.origin_district, &h.current_location,
                             &h.destination_province, &h.destination_district};
    for (size_t i = 0; i < std::size(kHouseholdFields); ++i) {
      auto it = household_.find(std::string(kHouseholdFields[i]));
      if (it != household_.end()) *places[i] = Answer(submission.data, it->second);
    }
    std::vector<const SubmissionNode*> items;
    if (mapping_.members_repeat) {
      auto it = submission.data.repeats.find(roster_);
      if (it != submission.data.repeats.end()) {
        for (const auto& item : it->second) items.push_back(&item);
      }
      if (items.empty()) {
        problems_->push_back({name_, roster_,
                              "the household has no members: a submission needs at least one "
                              "person in the roster"});
      }
    } else {
      items.push_back(&submission.data);
    }
    for (size_t i = 0; i < items.size(); ++i) {
      const std::string member_path =
          mapping_.members_repeat ? roster_ + "[" + std::to_string(i + 1) + "]" : "";
      mapped.member_paths.push_back(member_path);
      h.members.push_back(MapMember(*items[i], member_path));
    }
    if (out->problems.size() == problems_before && !h.members.empty()) {
      if (auto ok = ValidateHousehold(h, clock_); !ok) {
        problems_->push_back({name_, FormPathOf(ok.error().field, h), ok.error().message});
      }
    }
    if (out->problems.size() == problems_before) out->households.push_back(std::move(mapped));
  }

 private:
  static std::string Under(std::string_view prefix, std::string_view path) {
    if (prefix.empty()) return std::string(path);
    return std::string(prefix) + "/" + std::string(path);
  }

  // The trimmed answer with digits folded when asked; "" when unanswered.
  std::string Raw(const SubmissionNode& node, const ResolvedField& field) const {
    if (field.path.empty()) return {};
    auto it = node.fields.find(field.path);
    if (it == node.fields.end()) return {};
    std::string value = Trim(it->second);
    if (field.field->eastern_digits) value = ToAsciiDigits(value);
    return value;
  }

  std::string Mapped(const FormField& field, const std::string& answer) const {
    auto it = field.values.find(answer);
    return it == field.values.end() ? answer : it->second;
  }

  std::string Answer(const SubmissionNode& node, const ResolvedField& field) const {
    std::string value = Raw(node, field);
    if (value.empty()) return value;
    return Mapped(*field.field, value);
  }

  std::vector<std::string> Choices(const SubmissionNode& node, const ResolvedField& field) const {
    std::vector<std::string> out;
    for (const auto& word : Words(Raw(node, field))) out.push_back(Mapped(*field.field, word));
    return out;
  }

  void Problem(std::string_view member_path, const ResolvedField& field, std::string message) {
    problems_->push_back({name_, Under(member_path, field.path), std::move(message)});
  }

  Person MapMember(const SubmissionNode& node, const std::string& member_path) {
    Person p;
    auto get = [&](std::string_view name) -> const ResolvedField* {
      auto it = members_.find(std::string(name));
      return it == members_.end() ? nullptr : &it->second;
    };
    const std::pair<std::string_view, std::string*> names[] = {
        {"given_name", &p.given_name},
        {"father_name", &p.father_name},
        {"grandfather_name", &p.grandfather_name},
        {"family_name", &p.family_name},
        {"phone", &p.phone}};
    for (const auto& [name, target] : names) {
      if (const auto* f = get(name)) *target = Answer(node, *f);
    }
    if (const auto* f = get("sex")) {
      const std::string value = Answer(node, *f);
      auto sex = ParseSex(value);
      if (!sex) {
        Problem(member_path, *f,
                "'" + std::string(Utf8Prefix(value, 40)) +
                    "' is not a sex sanad knows: map it under values (female, male)");
      } else {
        p.sex = *sex;
      }
    }
    if (const auto* f = get("relationship")) {
      const std::string value = Answer(node, *f);
      if (!value.empty()) {
        p.relationship = ParseRelationship(value);
        if (!p.relationship) {
          Problem(member_path, *f,
                  "'" + std::string(Utf8Prefix(value, 40)) +
                      "' is not a relationship sanad knows: map it under values (" +
                      std::string(RelationshipNames()) + ")");
        }
      }
    }
    if (const auto* f = get("birth_date")) {
      const std::string value = Answer(node, *f);
      if (!value.empty()) {
        auto date = f->field->solar_hijri ? ParseSolarHijriDate(value, "birth_date")
                                          : PartialDate::Parse(value, "birth_date");
        if (!date) {
          Problem(member_path, *f, date.error().message);
        } else {
          p.birth_date = *date;
        }
      }
    }
    if (const auto* f = get("vulnerabilities")) {
      for (auto& choice : Choices(node, *f)) {
        if (!ParseVulnerability(choice)) {
          Problem(member_path, *f,
                  "'" + std::string(Utf8Prefix(choice, 40)) +
                      "' is not a vulnerability sanad knows: map it under values (" +
                      std::string(VulnerabilityNames()) + ")");
          continue;
        }
        p.vulnerabilities.push_back(std::move(choice));
      }
    }
    if (const auto* f = get("consents")) {
      for (const auto& choice : Choices(node, *f)) {
        auto purpose = ParseConsentPurpose(choice);
        if (!purpose) {
          Problem(member_path, *f,
                  "'" + std::string(Utf8Prefix(choice, 40)) +
                      "' is not a consent purpose sanad knows: map it under values (" +
                      std::string(ConsentPurposeNames()) + ")");
          continue;
        }
        if (std::find(p.consents.begin(), p.consents.end(), *purpose) == p.consents.end()) {
          p.consents.push_back(*purpose);
        }
      }
    }
    MapDocuments(node, member_path, &p);
    return p;
  }

  void MapDocuments(const SubmissionNode& node, const std::string& member_path, Person* p) {
    auto add = [&](DocumentType type) -> Document& {
      for (auto& d : p->documents) {
        if (d.type == type) return d;
      }
      p->documents.push_back(Document{type, "", {}, {}});
      return p->documents.back();
    };
    if (mapping_.document_types) {
      for (const auto& choice : Choices(node, document_types_)) {
        auto type = ParseDocumentType(choice);
        if (!type) {
          Problem(member_path, document_types_,
                  "'" + std::string(Utf8Prefix(choice, 40)) +
                      "' is not a document type sanad knows: map it under values (" +
                      std::string(DocumentTypeNames()) + ")");
          continue;
        }
        add(*type);
      }
    }
    for (const auto& [type, field] : numbers_) {
      const std::string number = Answer(node, field);
      if (!number.empty()) add(type).number = number;
    }
    for (const auto& [type, field] : valid_until_) {
      const std::string text = Answer(node, field);
      if (text.empty()) continue;
      Result<Date> date = Fail(Error::Internal(""));
      if (field.field->solar_hijri) {
        auto partial = ParseSolarHijriDate(text, "valid_until");
        if (partial && partial->precision != PartialDate::Precision::kDay) {
          partial =
              Fail(Error::InvalidInput("valid_until", "'{}' needs a day: write YYYY/MM/DD", text));
        }
        date = partial ? Result<Date>(partial->Earliest()) : Fail(partial.error());
      } else {
        date = Date::ParseIso(text, "valid_until");
      }
      if (!date) {
        Problem(member_path, field, date.error().message);
        continue;
      }
      add(type).valid_until = *date;
    }
  }

  // The form's path for a field ValidateHousehold names ("members[2].phone").
  std::string FormPathOf(const std::string& sanad_field, const Household& h) const {
    auto member_field = [&](std::string_view name) -> std::string {
      auto it = members_.find(std::string(name));
      return it == members_.end() || it->second.path.empty() ? std::string(name) : it->second.path;
    };
    if (sanad_field.starts_with("members[")) {
      const size_t close = sanad_field.find(']');
      size_t index = 0;
      for (size_t i = 8; i < close; ++i)
        index = index * 10 + static_cast<size_t>(sanad_field[i] - '0');
      const std::string member =
          mapping_.members_repeat ? roster_ + "[" + std::to_string(index + 1) + "]" : std::string();
      std::string rest = close + 2 <= sanad_field.size() ? sanad_field.substr(close + 2) : "";
      const size_t cut = rest.find_first_of("[.");
      const std::string head = rest.substr(0, cut);
      if (head == "documents" && index < h.members.size()) {
        size_t doc = 0;
        for (size_t i = 10; i < rest.size() && rest[i] != ']'; ++i) {
          doc = doc * 10 + static_cast<size_t>(rest[i] - '0');
        }
        const auto& docs = h.members[index].documents;
        if (doc < docs.size()) {
          const DocumentType type = docs[doc].type;
          if (rest.ends_with("valid_until")) {
            if (auto it = valid_until_.find(type);
                it != valid_until_.end() && !it->second.path.empty()) {
              return Under(member, it->second.path);
            }
          } else if (auto it = numbers_.find(type);
                     it != numbers_.end() && !it->second.path.empty()) {
            return Under(member, it->second.path);
          }
          if (!document_types_.path.empty()) return Under(member, document_types_.path);
        }
        return Under(member, rest);
      }
      if (head.empty()) return member.empty() ? sanad_field : member;
      return Under(member, member_field(head));
    }
    if (sanad_field == "members") return mapping_.members_repeat ? roster_ : sanad_field;
    if (auto it = household_.find(sanad_field);
        it != household_.end() && !it->second.path.empty()) {
      return it->second.path;
    }
    return sanad_field;
  }

  const SubmissionMapping& mapping_;
  const Clock& clock_;
  std::string roster_;
  std::map<std::string, ResolvedField> household_;
  std::map<std::string, ResolvedField> members_;
  ResolvedField document_types_;
  std::map<DocumentType, ResolvedField> numbers_;
  std::map<DocumentType, ResolvedField> valid_until_;
  std::vector<SubmissionProblem>* problems_ = nullptr;
  std::string name_;
};

}  // namespace

Result<SubmissionMapping> ParseSubmissionMapping(std::string_view content,
                                                 std::string_view file_name) {
  const MappingReader reader(file_name);
  toml::table root;
  try {
    root = toml::parse(content, file_name);
  } catch (const toml::parse_error& e) {
    Error error = reader.At(nullptr, Message::Verbatim(std::string(e.description())));
    const auto line = static_cast<int64_t>(e.source().begin.line);
    error.message =
        std::string(file_name) + ":" + std::to_string(line) + ": " + std::string(e.description());
    error.line = line;
    return Fail(error);
  }
  SubmissionMapping mapping;
  for (const auto& [k, v] : root) {
    const std::string key(k.str());
    if (key != "household" && key != "members" && key != "form") {
      return Fail(
          reader.At(&v, Message("unknown table '{}'; known: form, household, members", key)));
    }
    if (!v.is_table()) return Fail(reader.At(&v, Message("'{}' must be a table", key)));
  }
  if (const toml::table* form = root["form"].as_table()) {
    for (const auto& [k, v] : *form) {
      if (k.str() != "id" && k.str() != "title" && k.str() != "version") {
        return Fail(reader.At(
            &v, Message("unknown key '{}' in [form]; known keys: id, title, version", k.str())));
      }
      if (!v.is_string()) {
        return Fail(reader.At(&v, Message("{} in [form] must be a string", k.str())));
      }
    }
  }
  if (const toml::table* household = root["household"].as_table()) {
    for (const auto& [k, v] : *household) {
      const std::string key(k.str());
      if (!Contains(kHouseholdFields, key)) {
        return Fail(reader.At(&v, Message("unknown field '{}' in [household]; sanad's fields: {}",
                                          key, Join(kHouseholdFields))));
      }
      auto field = reader.Field(v, "household." + key, {}, "");
      if (!field) return Fail(field.error());
      mapping.household[key] = std::move(*field);
    }
  }
  const toml::table* members = root["members"].as_table();
  if (members == nullptr) {
    return Fail(reader.At(nullptr, Message("the mapping has no [members] table: map at least the "
                                           "members' given_name")));
  }
  for (const auto& [k, v] : *members) {
    const std::string key(k.str());
    if (key == "repeat") {
      auto field = reader.Field(v, "members.repeat", {}, "");
      if (!field) return Fail(field.error());
      mapping.members_repeat = std::move(*field);
    } else if (key == "documents") {
      if (!v.is_table()) return Fail(reader.At(&v, Message("members.documents must be a table")));
      if (auto ok = ReadDocuments(*v.as_table(), reader, &mapping); !ok) return Fail(ok.error());
    } else if (Contains(kMemberFields, key)) {
      auto field = reader.Field(v, "members." + key, ValueCheck(key), ValueNames(key));
      if (!field) return Fail(field.error());
      if (field->solar_hijri && key != "birth_date") {
        return Fail(
            reader.At(&v, Message("solar_hijri applies to dates: birth_date or a document's "
                                  "TYPE_valid_until")));
      }
      mapping.members[key] = std::move(*field);
    } else {
      return Fail(
          reader.At(&v, Message("unknown field '{}' in [members]; known: repeat, documents, {}",
                                key, Join(kMemberFields))));
    }
  }
  if (!mapping.members.contains("given_name")) {
    return Fail(
        reader.At(members, Message("[members] must map given_name: every person needs one")));
  }
  return mapping;
}

Result<MappedSubmissions> MapSubmissions(const SubmissionMapping& mapping,
                                         const SubmissionExport& submissions, const Clock& clock) {
  MappedSubmissions out;
  SubmissionMapper mapper(mapping, clock);
  if (auto ok = mapper.Resolve(submissions, &out.unanswered); !ok) return Fail(ok.error());
  for (const auto& submission : submissions.submissions) mapper.Map(submission, &out);
  return out;
}

}  // namespace sanad
