#include "sync/operation_json.h"

#include <sodium.h>

#include <nlohmann/json.hpp>

namespace sanad::sync {
namespace {

using nlohmann::json;

std::string ToBase64(std::string_view bytes) {
  std::string out(sodium_base64_ENCODED_LEN(bytes.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()),
                    bytes.size(), sodium_base64_VARIANT_ORIGINAL);
  out.resize(out.size() - 1);  // the terminating NUL
  return out;
}

Result<std::string> FromBase64(std::string_view text, const std::string& field) {
  std::string out(text.size() / 4 * 3 + 3, '\0');
  size_t length = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(),
                        text.size(), nullptr, &length, nullptr,
                        sodium_base64_VARIANT_ORIGINAL) != 0) {
    return Fail(Error::InvalidInput(field, "not base64"));
  }
  out.resize(length);
  return out;
}

Result<std::string> TextAt(const json& object, const char* key, const std::string& prefix) {
  auto it = object.find(key);
  if (it == object.end() || !it->is_string()) {
    return Fail(Error::InvalidInput(prefix + key, "expected text"));
  }
  return it->get<std::string>();
}

Result<Operation> OperationFromJson(const json& object, const std::string& prefix) {
  if (!object.is_object()) {
    return Fail(
        Error::InvalidInput(prefix.substr(0, prefix.size() - 1), "expected an operation object"));
  }
  Operation operation;
  auto op_id = TextAt(object, "op_id", prefix);
  if (!op_id) return Fail(op_id.error());
  auto id = ParseOpId(*op_id, prefix + "op_id");
  if (!id) return Fail(id.error());
  operation.id = std::move(*id);
  auto clock = TextAt(object, "clock", prefix);
  if (!clock) return Fail(clock.error());
  auto parsed_clock = ParseHlc(*clock, prefix + "clock");
  if (!parsed_clock) return Fail(parsed_clock.error());
  operation.clock = *parsed_clock;
  auto kind = TextAt(object, "kind", prefix);
  if (!kind) return Fail(kind.error());
  auto parsed_kind = ParseOpKind(*kind);
  if (!parsed_kind)
    return Fail(Error::InvalidInput(prefix + "kind", "unknown kind '{}'", kind->substr(0, 40)));
  operation.kind = *parsed_kind;
  for (auto [key, target] :
       {std::pair{"user", &operation.user}, std::pair{"record_type", &operation.record_type},
        std::pair{"record_id", &operation.record_id}, std::pair{"field", &operation.field}}) {
    auto text = TextAt(object, key, prefix);
    if (!text) return Fail(text.error());
    *target = std::move(*text);
  }
  auto value = TextAt(object, "value", prefix);
  if (!value) return Fail(value.error());
  auto bytes = FromBase64(*value, prefix + "value");
  if (!bytes) return Fail(bytes.error());
  operation.value = std::move(*bytes);
  auto parents = object.find("parents");
  if (parents == object.end() || !parents->is_array()) {
    return Fail(Error::InvalidInput(prefix + "parents", "expected a list of operation ids"));
  }
  for (size_t i = 0; i < parents->size(); ++i) {
    const std::string where = prefix + "parents[" + std::to_string(i) + "]";
    if (!(*parents)[i].is_string())
      return Fail(Error::InvalidInput(where, "expected SITE:SEQUENCE"));
    auto parent = ParseOpId((*parents)[i].get<std::string>(), where);
    if (!parent) return Fail(parent.error());
    operation.parents.push_back(std::move(*parent));
  }
  if (auto valid = ValidateOperation(operation); !valid) {
    return Fail(Error(valid.error()).WithFieldPrefix(prefix.substr(0, prefix.size() - 1)));
  }
  return operation;
}

}  // namespace

json BatchJson(const std::vector<Operation>& operations, const RecordKeys& keys) {
  json list = json::array();
  for (const Operation& operation : operations) {
    json parents = json::array();
    for (const OpId& parent : operation.parents) parents.push_back(ToString(parent));
    list.push_back({{"op_id", ToString(operation.id)},
                    {"clock", ToString(operation.clock)},
                    {"user", operation.user},
                    {"record_type", operation.record_type},
                    {"record_id", operation.record_id},
                    {"kind", ToString(operation.kind)},
                    {"field", operation.field},
                    {"value", ToBase64(operation.value)},
                    {"parents", std::move(parents)}});
  }
  json batch{{"operations", std::move(list)}};
  if (!keys.empty()) {
    json encoded = json::object();
    for (const auto& [record, key] : keys) encoded[record] = ToBase64(key);
    batch["keys"] = std::move(encoded);
  }
  return batch;
}

std::string EncodeBatch(const std::vector<Operation>& operations, const RecordKeys& keys) {
  return BatchJson(operations, keys).dump();
}

Result<std::vector<Operation>> DecodeBatch(std::string_view body, RecordKeys* keys) {
  json document = json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (document.is_discarded() || !document.is_object()) {
    return Fail(Error::InvalidInput("body", "expected a JSON object {{\"operations\":[...]}}"));
  }
  auto list = document.find("operations");
  if (list == document.end() || !list->is_array()) {
    return Fail(Error::InvalidInput("operations", "expected a list of operations"));
  }
  if (list->size() > kMaxBatchOperations) {
    return Fail(Error::InvalidInput("operations",
                                    "at most {} operations per batch; send the rest in another",
                                    kMaxBatchOperations));
  }
  std::vector<Operation> operations;
  operations.reserve(list->size());
  for (size_t i = 0; i < list->size(); ++i) {
    auto operation = OperationFromJson((*list)[i], "operations[" + std::to_string(i) + "].");
    if (!operation) return Fail(operation.error());
    operations.push_back(std::move(*operation));
  }
  auto sent_keys = document.find("keys");
  if (keys != nullptr && sent_keys != document.end()) {
    if (!sent_keys->is_object() || sent_keys->size() > list->size()) {
      return Fail(Error::InvalidInput(
          "keys", "expected an object of at most one key per operation, {{\"person/ID\": base64}}"));
    }
    for (const auto& [record, key] : sent_keys->items()) {
      const std::string field = "keys[" + record.substr(0, 80) + "]";
      if (record.size() > 100 || !key.is_string() || key.get_ref<const std::string&>().size() > 200) {
        return Fail(Error::InvalidInput(field, "expected a sealed key in base64"));
      }
      auto bytes = FromBase64(key.get_ref<const std::string&>(), field);
      if (!bytes) return Fail(bytes.error());
      (*keys)[record] = std::move(*bytes);
    }
  }
  return operations;
}

}  // namespace sanad::sync
