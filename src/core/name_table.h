// Wire names of enumerations: a constant table per enum, looked up both ways.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sanad {

template <typename E, size_t N>
using NameTable = std::array<std::pair<E, std::string_view>, N>;

// The name of `value`, or "unknown" when the table lacks it.
template <typename E, size_t N>
constexpr std::string_view NameOf(const NameTable<E, N>& table, E value) {
  for (const auto& [e, name] : table) {
    if (e == value) return name;
  }
  return "unknown";
}

// The value named `text`, or nullopt.
template <typename E, size_t N>
constexpr std::optional<E> ValueOf(const NameTable<E, N>& table, std::string_view text) {
  for (const auto& [e, name] : table) {
    if (name == text) return e;
  }
  return std::nullopt;
}

// The values of the table, in its order.
template <typename E, size_t N>
std::vector<E> AllValues(const NameTable<E, N>& table) {
  std::vector<E> all;
  for (const auto& [value, name] : table) all.push_back(value);
  return all;
}

// The names of the table, in its order, comma-separated: "a, b, c".
template <typename E, size_t N>
std::string JoinNames(const NameTable<E, N>& table) {
  std::string out;
  for (const auto& [value, name] : table) {
    if (!out.empty()) out += ", ";
    out += name;
  }
  return out;
}

}  // namespace sanad
