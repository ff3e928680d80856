// A person's and a household's fields as the change log holds them: one text
// value per field, a list (documents, vulnerabilities, consents with who
// recorded them) being one value, so that an edit never pairs half of one
// list with half of another. A `set` carries one field's value; a `create`
// carries them all. A replica that receives them builds the record back
// (replica_apply.cc). Private to src/store.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/error.h"
#include "core/model.h"

namespace sanad::store::internal {

using FieldValues = std::map<std::string, std::string, std::less<>>;

// Every field of `p`, in a fixed order (the order edits are logged in).
[[nodiscard]] std::vector<std::pair<std::string_view, std::string>> PersonFields(const Person& p);
// A person `create`'s plaintext: every field, and the member's place in the
// household. Sealed with the person's key by the caller.
// `text` as a JSON string, quoted and escaped, appended to `out`.
void AppendJsonString(std::string* out, std::string_view text);
[[nodiscard]] std::string PersonCreatePayload(const Person& p, int64_t position);
// Back from a create's plaintext: the fields and the position. kInvalidInput
// naming `where` when it is not one.
[[nodiscard]] Result<FieldValues> ReadCreatePayload(std::string_view text, int64_t* position,
                                                    const std::string& where);
// The person the field values describe (id `id`), checked as a registration
// is (ValidatePerson); errors name "<where>.<field>".
[[nodiscard]] Result<Person> PersonFromFields(const std::string& id, const FieldValues& fields,
                                              const std::string& where);

// A household's own fields (its place of origin, where it is, where it goes).
[[nodiscard]] std::vector<std::pair<std::string_view, std::string>> HouseholdFields(
    const Household& h);
[[nodiscard]] std::string HouseholdCreatePayload(const Household& h);
[[nodiscard]] Result<FieldValues> ReadHouseholdPayload(std::string_view text,
                                                       const std::string& where);
// Sets the fields of `h` from `fields`; errors name "<where>.<field>".
[[nodiscard]] Status HouseholdFromFields(const FieldValues& fields, Household* h,
                                         const std::string& where);

}  // namespace sanad::store::internal
