#include "sync/operation.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <utility>

namespace sanad::sync {
namespace {

constexpr std::array<std::pair<OpKind, std::string_view>, 9> kKindNames = {{
    {OpKind::kCreate, "create"},
    {OpKind::kSet, "set"},
    {OpKind::kTombstone, "tombstone"},
    {OpKind::kErase, "erase"},
    {OpKind::kTransition, "transition"},
    {OpKind::kResolve, "resolve"},
    {OpKind::kLink, "link"},
    {OpKind::kDismiss, "dismiss"},
    {OpKind::kMergeInto, "merge_into"},
}};

bool KindIsRecordLevel(OpKind kind) {
  return kind == OpKind::kCreate || kind == OpKind::kTombstone || kind == OpKind::kErase;
}

}  // namespace

std::string ToString(const OpId& id) { return id.site + ":" + std::to_string(id.sequence); }

bool IsValidSiteId(std::string_view site) {
  if (site.empty() || site.size() > 64 || site.front() == '-') return false;
  return std::all_of(site.begin(), site.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  });
}

Result<OpId> ParseOpId(std::string_view text, std::string_view field) {
  auto invalid = [&] {
    return Fail(Error::InvalidInput(std::string(field),
                                    "expected SITE:SEQUENCE such as torkham-1:42, got '{}'",
                                    text.substr(0, 80)));
  };
  const size_t colon = text.rfind(':');
  if (colon == std::string_view::npos || !IsValidSiteId(text.substr(0, colon))) return invalid();
  OpId id{std::string(text.substr(0, colon)), 0};
  const char* end = text.data() + text.size();
  if (auto [p, ec] = std::from_chars(text.data() + colon + 1, end, id.sequence);
      ec != std::errc() || p != end || id.sequence == 0) {
    return invalid();
  }
  return id;
}

std::string_view ToString(OpKind kind) {
  for (const auto& [k, name] : kKindNames) {
    if (k == kind) return name;
  }
  return "set";
}

std::optional<OpKind> ParseOpKind(std::string_view text) {
  for (const auto& [kind, name] : kKindNames) {
    if (name == text) return kind;
  }
  return std::nullopt;
}

Status ValidateOperation(const Operation& operation) {
  if (!IsValidSiteId(operation.id.site)) {
    return Fail(Error::InvalidInput("op_id.site", "a site id is 1 to 64 of a-z, 0-9 and '-'"));
  }
  if (operation.id.sequence == 0) {
    return Fail(Error::InvalidInput("op_id.sequence", "sequence numbers start at 1"));
  }
  if (operation.record_type.empty()) {
    return Fail(Error::InvalidInput("record_type", "the record type is missing"));
  }
  if (operation.record_id.empty())
    return Fail(Error::InvalidInput("record_id", "the record id is missing"));
  if (KindIsRecordLevel(operation.kind) && !operation.field.empty()) {
    return Fail(Error::InvalidInput("field", "a {} applies to the whole record and names no field",
                                    ToString(operation.kind)));
  }
  if (!KindIsRecordLevel(operation.kind) && operation.kind != OpKind::kResolve &&
      operation.field.empty()) {
    return Fail(Error::InvalidInput("field", "a {} must name the field it changes",
                                    ToString(operation.kind)));
  }
  if ((operation.kind == OpKind::kTombstone || operation.kind == OpKind::kErase) &&
      !operation.value.empty()) {
    return Fail(Error::InvalidInput("value", "a {} carries no value", ToString(operation.kind)));
  }
  if (operation.kind == OpKind::kResolve && operation.parents.size() < 2) {
    return Fail(Error::InvalidInput("parents",
                                    "a resolve names the conflicting values it chooses "
                                    "among (at least two)"));
  }
  if (operation.kind == OpKind::kResolve && operation.field.empty() &&
      operation.value != kResolveKeep && operation.value != kResolveDelete) {
    return Fail(Error::InvalidInput("value",
                                    "resolving a deletion conflict keeps the record ('keep') "
                                    "or confirms the deletion ('delete')"));
  }
  std::vector<OpId> parents = operation.parents;
  std::sort(parents.begin(), parents.end());
  if (std::adjacent_find(parents.begin(), parents.end()) != parents.end()) {
    return Fail(Error::InvalidInput("parents", "a parent is named twice"));
  }
  if (std::binary_search(parents.begin(), parents.end(), operation.id)) {
    return Fail(Error::InvalidInput("parents", "an operation cannot be its own parent"));
  }
  return {};
}

}  // namespace sanad::sync
