#include "match/model.h"

#include <toml++/toml.h>

#include <exception>
#include <initializer_list>
#include <optional>
#include <sstream>
#include <string>

#include "match/string_similarity.h"

namespace sanad::match {
namespace {

FieldSpec Field(std::string name, std::vector<std::string> columns, Comparator comparator,
                Normalizer normalizer, bool term_frequency, int group = -1) {
  FieldSpec spec;
  spec.name = std::move(name);
  spec.columns = std::move(columns);
  spec.comparator = comparator;
  spec.normalizer = normalizer;
  spec.term_frequency = term_frequency;
  spec.group = group;
  return spec;
}

std::optional<Comparator> ParseComparator(std::string_view text) {
  if (text == "name") return Comparator::kName;
  if (text == "text") return Comparator::kText;
  if (text == "code") return Comparator::kCode;
  if (text == "exact") return Comparator::kExact;
  if (text == "identifier") return Comparator::kIdentifier;
  if (text == "date") return Comparator::kDate;
  return std::nullopt;
}

std::optional<Normalizer> ParseNormalizer(std::string_view text) {
  if (text == "none") return Normalizer::kNone;
  if (text == "phone") return Normalizer::kPhone;
  if (text == "document") return Normalizer::kDocument;
  if (text == "province") return Normalizer::kProvince;
  if (text == "sex") return Normalizer::kSex;
  return std::nullopt;
}

std::optional<KeyTransform> ParseTransform(std::string_view text) {
  if (text == "skeleton") return KeyTransform::kSkeleton;
  if (text == "tokens") return KeyTransform::kTokens;
  if (text == "exact") return KeyTransform::kExact;
  if (text == "year") return KeyTransform::kYear;
  if (text == "prefix3") return KeyTransform::kPrefix3;
  return std::nullopt;
}

// Builds "FILE:LINE: message" errors for a node of the parsed document.
class ModelErrors {
 public:
  explicit ModelErrors(std::string_view file_name) : file_name_(file_name) {}
  [[nodiscard]] Error At(const toml::node* node, const Message& message) const {
    const int64_t line = node != nullptr ? static_cast<int64_t>(node->source().begin.line) : 0;
    return At(line, message);
  }
  [[nodiscard]] Error At(int64_t line, const Message& message) const {
    Error error = Error::InvalidInput("model", "{}:{}: {}", file_name_, line, message);
    error.line = line;
    return error;
  }

 private:
  std::string file_name_;
};

// Reads an optional string key of `table` into `out`.
Status ReadString(const toml::table& table, std::string_view key, std::string* out,
                  const ModelErrors& errors) {
  const toml::node* node = table.get(key);
  if (node == nullptr) return {};
  if (!node->is_string()) return Fail(errors.At(node, Message("{} must be a string", key)));
  *out = node->as_string()->get();
  return {};
}

Status ReadProbability(const toml::table& table, std::string_view key, double* out,
                       const ModelErrors& errors) {
  const toml::node* node = table.get(key);
  if (node == nullptr) return {};
  std::optional<double> value = node->value<double>();
  // Written so that NaN (every comparison false) fails too.
  if (!value || !(*value > 0.0 && *value < 1.0)) {
    return Fail(errors.At(node, Message("{} must be a number between 0 and 1 (exclusive)", key)));
  }
  *out = *value;
  return {};
}

// Refuses a key of `table` that is not in `known` (a misspelt key would
// otherwise be ignored and its default silently used), naming its line and,
// when one is close, the key that was probably meant. `where` names the
// table for the message ("", "[[field]]").
Status RejectUnknownKeys(const toml::table& table, std::initializer_list<std::string_view> known,
                         std::string_view where, const ModelErrors& errors) {
  const toml::node* first = nullptr;
  std::string first_key;
  for (const auto& [key, node] : table) {
    bool found = false;
    for (std::string_view k : known) found = found || k == key.str();
    if (found) continue;
    if (first == nullptr || node.source().begin.line < first->source().begin.line) {
      first = &node;
      first_key = std::string(key.str());
    }
  }
  if (first == nullptr) return {};
  const Message unknown = where.empty() ? Message("unknown key '{}'", first_key)
                                        : Message("unknown key '{}' in {}", first_key, where);
  std::string_view closest;
  int best = 3;
  for (std::string_view k : known) {
    const int distance = EditDistanceWithin(first_key, k, 2);
    if (distance < best) {
      best = distance;
      closest = k;
    }
  }
  if (!closest.empty()) {
    return Fail(errors.At(first, Message("{} (did you mean '{}'?)", unknown, closest)));
  }
  std::string keys;
  for (std::string_view k : known) {
    if (!keys.empty()) keys += ", ";
    keys += k;
  }
  return Fail(errors.At(first, Message("{}: the keys are {}", unknown, keys)));
}

}  // namespace

int Model::FieldIndex(std::string_view field_name) const {
  for (size_t i = 0; i < fields.size(); ++i) {
    if (fields[i].name == field_name) return static_cast<int>(i);
  }
  return -1;
}

std::string_view ToString(Comparator comparator) {
  switch (comparator) {
    case Comparator::kName:
      return "name";
    case Comparator::kText:
      return "text";
    case Comparator::kCode:
      return "code";
    case Comparator::kExact:
      return "exact";
    case Comparator::kIdentifier:
      return "identifier";
    case Comparator::kDate:
      return "date";
  }
  return "?";
}

std::string_view ToString(KeyTransform transform) {
  switch (transform) {
    case KeyTransform::kSkeleton:
      return "skeleton";
    case KeyTransform::kTokens:
      return "tokens";
    case KeyTransform::kExact:
      return "exact";
    case KeyTransform::kYear:
      return "year";
    case KeyTransform::kPrefix3:
      return "prefix3";
  }
  return "?";
}

Model DefaultPersonModel() {
  Model model;
  model.name = "person";
  model.id_column = "record_id";
  model.groups.push_back({"lineage", 0.15});
  // Tuned on `sanad synth` data (docs/matching.md): at 0.6 pairwise precision
  // stays near 0.99 while recall gains four points over 0.9.
  model.match_threshold = 0.6;
  model.review_threshold = 0.3;
  model.fields = {
      Field("given_name", {"given_name"}, Comparator::kName, Normalizer::kNone, true),
      Field("father_name", {"father_name"}, Comparator::kName, Normalizer::kNone, true, 0),
      Field("grandfather_name", {"grandfather_name"}, Comparator::kName, Normalizer::kNone, true,
            0),
      Field("family_name", {"family_name"}, Comparator::kName, Normalizer::kNone, true, 0),
      Field("sex", {"sex"}, Comparator::kExact, Normalizer::kSex, false),
      Field("birth_date", {"birth_date"}, Comparator::kDate, Normalizer::kNone, false),
      Field("phone", {"phone"}, Comparator::kIdentifier, Normalizer::kPhone, true, 0),
      Field("document", {"tazkira_number", "por_number"}, Comparator::kIdentifier,
            Normalizer::kDocument, true),
      Field("province", {"province"}, Comparator::kExact, Normalizer::kProvince, true, 0),
  };
  model.fields[0].family_conditional = true;  // given name
  model.fields[7].family_conditional =
      true;  // documents (brothers' cards are numbered in sequence)
  model.family_field = 1;
  model.family_check_field = 2;
  model.swap_first = 0;
  model.swap_second = 1;
  model.registration_column = "household_ref";
  // Blocks cut at 30 rather than 50: 20% fewer pairs and the same F1 on
  // `sanad synth --persons 720000 --seed 3` (0.9520 / 0.9521); windows of 5
  // or 6 lost recall (docs/matching.md).
  model.max_block_size = 30;
  // Cut blocks pair each record with the next 10 (in date order): on the
  // tuning data 0.9524 against 0.9520 at 8, for 15% more pairs.
  model.window = 10;
  auto rule = [](std::vector<KeyPart> parts, const Model& m, bool unordered = false) {
    BlockingRule r;
    r.unordered = unordered;
    for (const KeyPart& p : parts) {
      if (!r.name.empty()) r.name += '+';
      r.name += m.fields[p.field].name;
      r.name += ':';
      r.name += ToString(p.transform);
    }
    r.parts = std::move(parts);
    return r;
  };
  using enum KeyTransform;
  model.blocking = {
      rule({{0, kSkeleton}, {1, kSkeleton}}, model, /*unordered=*/true),
      rule({{0, kSkeleton}, {5, kYear}}, model),
      rule({{1, kSkeleton}, {5, kYear}}, model),
      rule({{1, kSkeleton}, {2, kSkeleton}, {4, kExact}}, model),
      rule({{7, kExact}}, model),
      rule({{6, kExact}}, model),
      // The father's field empty, or holding a husband's name.
      rule({{0, kSkeleton}, {2, kSkeleton}}, model),
  };
  return model;
}

Result<Model> ParseModelToml(std::string_view content, std::string_view file_name) {
  const ModelErrors errors(file_name);
  toml::table root;
  try {
    root = toml::parse(content, file_name);
  } catch (const toml::parse_error& e) {
    return Fail(errors.At(static_cast<int64_t>(e.source().begin.line),
                          Message::Verbatim(std::string(e.description()))));
  }
  if (auto s = RejectUnknownKeys(
          root,
          {"name", "id_column", "trim_leading_spaces", "match_threshold", "review_threshold",
           "max_block_size", "window", "group", "field", "blocking"},
          "", errors);
      !s) {
    return Fail(s.error());
  }
  Model model;
  model.fields.clear();
  model.blocking.clear();
  if (auto s = ReadString(root, "name", &model.name, errors); !s) return Fail(s.error());
  if (auto s = ReadString(root, "id_column", &model.id_column, errors); !s) {
    return Fail(s.error());
  }
  if (const toml::node* node = root.get("trim_leading_spaces")) {
    if (!node->is_boolean())
      return Fail(errors.At(node, Message("trim_leading_spaces must be true or false")));
    model.trim_leading_spaces = node->as_boolean()->get();
  }
  if (auto s = ReadProbability(root, "match_threshold", &model.match_threshold, errors); !s) {
    return Fail(s.error());
  }
  if (auto s = ReadProbability(root, "review_threshold", &model.review_threshold, errors); !s) {
    return Fail(s.error());
  }
  if (model.review_threshold > model.match_threshold) {
    return Fail(errors.At(root.get("review_threshold"),
                          Message("review_threshold must not be above match_threshold")));
  }
  for (std::string_view key : {"max_block_size", "window"}) {
    if (const toml::node* node = root.get(key)) {
      std::optional<int64_t> value = node->value<int64_t>();
      if (!value || *value < 2 || *value > 100000) {
        return Fail(errors.At(node, Message("{} must be an integer from 2 to 100000", key)));
      }
      (key == "window" ? model.window : model.max_block_size) = static_cast<size_t>(*value);
    }
  }

  if (const toml::node* groups = root.get("group")) {
    const toml::array* array = groups->as_array();
    if (array == nullptr)
      return Fail(errors.At(groups, Message("group must be an array of tables [[group]]")));
    for (const toml::node& item : *array) {
      const toml::table* table = item.as_table();
      if (table == nullptr)
        return Fail(errors.At(&item, Message("each [[group]] must be a table")));
      if (auto s = RejectUnknownKeys(*table, {"name", "max_probability"}, "[[group]]", errors);
          !s) {
        return Fail(s.error());
      }
      FieldGroup group;
      if (auto s = ReadString(*table, "name", &group.name, errors); !s) return Fail(s.error());
      if (group.name.empty()) return Fail(errors.At(&item, Message("a [[group]] needs a name")));
      if (auto s = ReadProbability(*table, "max_probability", &group.max_probability, errors); !s) {
        return Fail(s.error());
      }
      model.groups.push_back(std::move(group));
    }
  }

  const toml::node* fields = root.get("field");
  if (fields == nullptr || !fields->is_array() || fields->as_array()->empty()) {
    return Fail(errors.At(fields != nullptr ? fields->source().begin.line : 1,
                          Message("the model declares no [[field]]: add at least one")));
  }
  for (const toml::node& item : *fields->as_array()) {
    const toml::table* table = item.as_table();
    if (table == nullptr) return Fail(errors.At(&item, Message("each [[field]] must be a table")));
    if (auto s = RejectUnknownKeys(*table,
                                   {"name", "columns", "comparator", "normalizer", "date_format",
                                    "term_frequency", "group"},
                                   "[[field]]", errors);
        !s) {
      return Fail(s.error());
    }
    FieldSpec field;
    if (auto s = ReadString(*table, "name", &field.name, errors); !s) return Fail(s.error());
    if (field.name.empty()) return Fail(errors.At(&item, Message("a [[field]] needs a name")));
    if (model.FieldIndex(field.name) >= 0) {
      return Fail(
          errors.At(table->get("name"), Message("field '{}' is declared twice", field.name)));
    }
    if (const toml::node* columns = table->get("columns")) {
      const toml::array* array = columns->as_array();
      if (array == nullptr || array->empty() || array->size() > kMaxColumnsPerField) {
        return Fail(errors.At(columns, Message("columns must be a list of 1 to 4 column names")));
      }
      for (const toml::node& column : *array) {
        if (!column.is_string())
          return Fail(errors.At(&column, Message("a column name must be a string")));
        field.columns.push_back(column.as_string()->get());
      }
    } else {
      field.columns.push_back(field.name);
    }
    std::string text = "text";
    if (auto s = ReadString(*table, "comparator", &text, errors); !s) return Fail(s.error());
    std::optional<Comparator> comparator = ParseComparator(text);
    if (!comparator) {
      return Fail(errors.At(
          table->get("comparator"),
          Message("unknown comparator '{}': use name, text, code, exact, identifier or date",
                  text)));
    }
    field.comparator = *comparator;
    text = "none";
    if (auto s = ReadString(*table, "normalizer", &text, errors); !s) return Fail(s.error());
    std::optional<Normalizer> normalizer = ParseNormalizer(text);
    if (!normalizer) {
      return Fail(errors.At(
          table->get("normalizer"),
          Message("unknown normalizer '{}': use none, phone, document, province or sex", text)));
    }
    field.normalizer = *normalizer;
    text = "iso";
    if (auto s = ReadString(*table, "date_format", &text, errors); !s) return Fail(s.error());
    if (text == "iso") {
      field.date_format = DateFormat::kIso;
    } else if (text == "yyyymmdd") {
      field.date_format = DateFormat::kYyyymmdd;
    } else {
      return Fail(errors.At(table->get("date_format"),
                            Message("unknown date_format '{}': use iso or yyyymmdd", text)));
    }
    if (const toml::node* node = table->get("term_frequency")) {
      if (!node->is_boolean())
        return Fail(errors.At(node, Message("term_frequency must be true or false")));
      field.term_frequency = node->as_boolean()->get();
    }
    if (const toml::node* node = table->get("group")) {
      std::string group_name;
      if (auto s = ReadString(*table, "group", &group_name, errors); !s) return Fail(s.error());
      for (size_t g = 0; g < model.groups.size(); ++g) {
        if (model.groups[g].name == group_name) field.group = static_cast<int>(g);
      }
      if (field.group < 0) {
        return Fail(
            errors.At(node, Message("group '{}' is not declared by a [[group]]", group_name)));
      }
    }
    if (model.fields.size() == kMaxFields) {
      return Fail(errors.At(&item, Message("a model compares at most 16 fields")));
    }
    model.fields.push_back(std::move(field));
  }

  const toml::node* blocking = root.get("blocking");
  if (blocking == nullptr || !blocking->is_array() || blocking->as_array()->empty()) {
    return Fail(errors.At(blocking != nullptr ? blocking->source().begin.line : 1,
                          Message("the model declares no [[blocking]] rule: add at least one")));
  }
  for (const toml::node& item : *blocking->as_array()) {
    const toml::table* table = item.as_table();
    if (table != nullptr) {
      if (auto s = RejectUnknownKeys(*table, {"keys"}, "[[blocking]]", errors); !s) {
        return Fail(s.error());
      }
    }
    const toml::node* keys = table != nullptr ? table->get("keys") : nullptr;
    if (keys == nullptr || !keys->is_array() || keys->as_array()->empty()) {
      return Fail(
          errors.At(&item, Message("each [[blocking]] needs keys = [\"field:transform\", ...]")));
    }
    BlockingRule rule;
    for (const toml::node& key : *keys->as_array()) {
      if (!key.is_string())
        return Fail(errors.At(&key, Message("a blocking key must be a string")));
      const std::string& spec = key.as_string()->get();
      const size_t colon = spec.find(':');
      const std::string field_name = spec.substr(0, colon);
      const std::string transform_name =
          colon == std::string::npos ? "exact" : spec.substr(colon + 1);
      const int field = model.FieldIndex(field_name);
      if (field < 0) {
        return Fail(errors.At(&key, Message("blocking key '{}' names no declared field", spec)));
      }
      std::optional<KeyTransform> transform = ParseTransform(transform_name);
      if (!transform) {
        return Fail(errors.At(
            &key,
            Message("unknown key transform '{}': use skeleton, tokens, exact, year or prefix3",
                    transform_name)));
      }
      if (*transform == KeyTransform::kYear &&
          model.fields[static_cast<size_t>(field)].comparator != Comparator::kDate) {
        return Fail(errors.At(&key, Message("the year transform needs a date field")));
      }
      if (!rule.name.empty()) rule.name += '+';
      rule.name += spec;
      rule.parts.push_back({static_cast<size_t>(field), *transform});
    }
    model.blocking.push_back(std::move(rule));
  }
  return model;
}

}  // namespace sanad::match
