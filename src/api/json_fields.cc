#include "api/json_fields.h"

namespace sanad::api {

using nlohmann::json;

std::string Join(std::string_view path, std::string_view key) {
  if (path.empty()) return std::string(key);
  return std::string(path) + "." + std::string(key);
}

Status RequireObject(const json& j, std::string_view path) {
  if (!j.is_object()) {
    return Fail(
        Error::InvalidInput(path.empty() ? "body" : std::string(path), "must be a JSON object"));
  }
  return {};
}

Status RejectUnknown(const json& j, std::string_view path,
                     std::initializer_list<std::string_view> known) {
  for (const auto& [key, value] : j.items()) {
    bool found = false;
    for (auto k : known) found = found || k == key;
    if (!found) {
      std::string list;
      for (auto k : known) list += (list.empty() ? "" : ", ") + std::string(k);
      if (key.empty()) {  // a field named "" would leave the error naming nothing
        return Fail(Error::InvalidInput(path.empty() ? "body" : std::string(path),
                                        "has a field with an empty name; known fields: {}", list));
      }
      return Fail(
          Error::InvalidInput(Join(path, key), "is not a known field; known fields: {}", list));
    }
  }
  return {};
}

Status GetString(const json& j, std::string_view path, std::string_view key, std::string* out,
                 size_t max_bytes) {
  const json* it = PresentOrClear(j, key, out);
  if (it == nullptr) return {};
  if (!it->is_string()) return Fail(Error::InvalidInput(Join(path, key), "must be a string"));
  *out = it->get<std::string>();
  if (max_bytes == 0) return {};
  return ValidateText(Join(path, key), *out, max_bytes);
}

}  // namespace sanad::api
