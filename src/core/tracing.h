// Family tracing: a registered person (the inquirer) looking for relatives
// lost in the return: a father deported while his family stayed in Karachi,
// children who crossed alone.
//
// Plain structs, their closed vocabularies, validation naming the field at
// fault, and the one piece of domain knowledge the matching needs: what the
// family structure says about a sought person's names. Afghan names are
// patronymic: a person's father_name is the father's given name and the
// grandfather_name the father's father's. A brother sought therefore
// carries the inquirer's father and grandfather; a son of a male inquirer
// carries the inquirer as his father. Only relationships whose line is
// unambiguous derive names: an uncle may be the father's or the mother's
// brother, a grandchild a son's or a daughter's child, so nothing is derived
// for them, and a mother's names are not the inquirer's line at all.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/date.h"
#include "core/error.h"
#include "core/model.h"

namespace sanad {

// What the sought person is to the inquirer.
enum class SoughtRelationship {
  kBrother,
  kSister,
  kSon,
  kDaughter,
  kFather,
  kMother,
  kSpouse,
  kGrandchild,
  kGrandparent,
  kUncle,
  kAunt,
  kNephew,
  kNiece,
  kCousin,
  kOther,
};

enum class SeparationCause { kDeportation, kDetention, kCrossing, kEviction, kOther };

[[nodiscard]] std::string_view ToString(SoughtRelationship value);
[[nodiscard]] std::string_view ToString(SeparationCause value);
[[nodiscard]] std::optional<SoughtRelationship> ParseSoughtRelationship(std::string_view text);
[[nodiscard]] std::optional<SeparationCause> ParseSeparationCause(std::string_view text);
[[nodiscard]] std::string_view SoughtRelationshipNames();
[[nodiscard]] std::string_view SeparationCauseNames();

// The sex a relationship implies (a brother is male), or kUnknown.
[[nodiscard]] Sex SexOf(SoughtRelationship relationship);

// A person sought, as the inquirer describes them (names in either script).
struct SoughtPerson {
  std::string given_name;  // given_name or nickname is required
  std::string father_name;
  std::string grandfather_name;
  std::string family_name;
  std::string nickname;
  Sex sex = Sex::kUnknown;
  std::optional<PartialDate> birth_date;
  std::optional<int32_t> age;  // years, when the birth date is not known
  SoughtRelationship relationship = SoughtRelationship::kOther;
  std::optional<PartialDate> separation_date;
  std::string separation_place;
  SeparationCause separation_cause = SeparationCause::kOther;
  std::string last_known_place;
  std::string last_known_phone;

  bool operator==(const SoughtPerson&) const = default;
};

// The most persons one tracing request may seek.
inline constexpr size_t kMaxSoughtPersons = 20;

// kInvalidInput naming the field: names as text (given_name or nickname
// required), age 0..120, a birth date and separation date not in the
// future, a sex that does not contradict the relationship (a sister who is
// male), a phone that is a phone.
[[nodiscard]] Status ValidateSoughtPerson(const SoughtPerson& sought,
                                          const Clock& clock = SystemClock());

// The names the family structure gives the sought person, from the
// inquirer's; empty where it says nothing (see the top of this file).
struct ExpectedNames {
  std::string given_name;
  std::string father_name;
  std::string grandfather_name;
};
[[nodiscard]] ExpectedNames ExpectedNamesOf(const Person& inquirer,
                                            SoughtRelationship relationship);

// The person to look for in the register: the names and facts the inquirer
// gave and, for each name field left empty, the one the family structure
// implies (listed in `derived`, so an explanation can say where a name came
// from); a sex from the relationship when none was given; a birth year
// from the age. The nickname stands in for a missing given name.
struct TracingQuery {
  Person person;
  std::vector<std::string_view> derived;  // "given_name", "father_name", "grandfather_name"
};
[[nodiscard]] TracingQuery TracingQueryOf(const Person& inquirer, const SoughtPerson& sought,
                                          Date today);


// A tracing request: the inquirer, who they seek, and where the search
// stands. Each sought person's trace closes when a match is confirmed; the
// request closes when every trace has.
enum class TracingStatus { kOpen, kClosed };
enum class TracingVerdict { kConfirm, kReject };
[[nodiscard]] std::string_view ToString(TracingStatus value);
[[nodiscard]] std::string_view ToString(TracingVerdict value);
[[nodiscard]] std::optional<TracingStatus> ParseTracingStatus(std::string_view text);
[[nodiscard]] std::optional<TracingVerdict> ParseTracingVerdict(std::string_view text);

struct TracingRequest {
  std::string id;
  std::string inquirer_id;  // a registered person who consented to tracing
  std::string case_id;      // optional: the protection case it belongs to
  std::string caseworker;   // username; empty: any caseworker's
  TracingStatus status = TracingStatus::kOpen;
  int64_t version = 0;
  std::vector<SoughtPerson> sought;
  std::vector<bool> found;  // per sought person: a match was confirmed
  std::string created_by;
  std::string created_at;
  std::string updated_at;

  bool operator==(const TracingRequest&) const = default;
};

// A caseworker's verdict on one candidate for one sought person: a
// registered person or another tracing request (exactly one is set).
struct TracingDecision {
  std::string request_id;
  size_t sought_index = 0;
  std::string person_id;
  std::string other_request_id;
  TracingVerdict verdict = TracingVerdict::kReject;
  std::string by;
  std::string at;

  bool operator==(const TracingDecision&) const = default;
};

// A new request as the caller gives it: inquirer_id, 1..kMaxSoughtPersons
// sought persons each valid (kInvalidInput naming "sought[2].age").
[[nodiscard]] Status ValidateTracingRequest(const TracingRequest& request,
                                            const Clock& clock = SystemClock());

}  // namespace sanad
