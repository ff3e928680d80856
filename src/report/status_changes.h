// For planning: how many registered persons' legal status changes within a
// number of days, by province of origin. Persons are handed in one by one
// (the caller reads them from the store); what comes out has passed
// disclosure control: a province with fewer than k persons is withheld, and
// so are further cells (a second province, or the total) wherever a
// withheld one could otherwise be derived from what is published. Never
// names anyone.
#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "core/model.h"
#include "policy/policy.h"

namespace sanad::report {

class StatusChangeCount {
 public:
  // `policy` must outlive this object.
  StatusChangeCount(const policy::Policy& policy, Date today, int days);

  // Counts `person` when their status changes within the window.
  void Add(const Person& person, std::string_view origin_province);

  // {"from","days","k","rows":[{"province","persons"}],"total"}, withheld
  // counts as null.
  [[nodiscard]] nlohmann::json ToJson(int64_t k) const;

 private:
  const policy::Policy& policy_;
  Date today_;
  int days_;
  std::map<std::string, int64_t> by_province_;
};

}  // namespace sanad::report
