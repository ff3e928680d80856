// Returns monitoring: the domain types for people crossing a border, counted
// two ways (see DOMAIN.md, "Crossing points and flows").
//
// - A `FlowTally` is a head count made at a busy crossing without
//   registration: on a date, at a crossing point, in one direction and mode,
//   so many households and individuals, by sex and by age band, heading to a
//   province. It may declare how many of its people were also registered
//   (`registered_individuals`), so a report can count them once.
// - A registered movement (core/model.h `Movement`) links to registered
//   people; the store turns those into per-person-derived `FlowTally` values
//   (there `registered_individuals` is not used), where sex or age may be
//   unknown, so `female + male` or the age bands may sum to less than
//   `individuals`.
//
// Vulnerabilities and reasons for return are closed code lists with wire
// names; crossing points come from a gazetteer that an admin can extend.
#pragma once

#include <array>
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

enum class AgeBand { k0To4, k5To17, k18To59, k60Plus };
inline constexpr size_t kAgeBandCount = 4;

// The band of a person aged `age_years` (negative ages are treated as 0).
[[nodiscard]] AgeBand AgeBandOf(int age_years);
// "age_0_4", "age_5_17", "age_18_59", "age_60_plus".
[[nodiscard]] std::string_view ToString(AgeBand value);

// The band of a person born on `birth` at the date `on`, from the middle of
// the dates the partial birth date may stand for ("1986" is taken as mid
// 1986); nullopt when the birth date is unknown or after `on`.
[[nodiscard]] std::optional<AgeBand> AgeBandAt(const std::optional<PartialDate>& birth, Date on);

enum class Vulnerability {
  kUnaccompaniedOrSeparatedChild,
  kFemaleHeadedHousehold,
  kDisability,
  kSeriousMedicalCondition,
  kElderlyAlone,
  kPregnantOrLactating,
};

enum class ReturnReason { kFearOfArrest, kEviction, kNoDocuments, kHarassment, kEconomic, kOther };

// Wire names ("unaccompanied_or_separated_child", "fear_of_arrest", ...) and
// their parsers; a parser returns nullopt for an unknown name.
[[nodiscard]] std::string_view ToString(Vulnerability value);
[[nodiscard]] std::string_view ToString(ReturnReason value);
[[nodiscard]] std::optional<Vulnerability> ParseVulnerability(std::string_view text);
[[nodiscard]] std::optional<ReturnReason> ParseReturnReason(std::string_view text);
// The accepted names, comma-separated, for error messages.
[[nodiscard]] std::string_view VulnerabilityNames();
[[nodiscard]] std::string_view ReturnReasonNames();

// A head count of one group of crossings. Counts are of people (households
// excepted) and never negative.
struct FlowTally {
  Date date;
  std::string crossing_point;  // the canonical gazetteer name, e.g. "Torkham"
  Direction direction = Direction::kToAfghanistan;
  MovementMode mode = MovementMode::kSpontaneous;
  int64_t households = 0;
  int64_t individuals = 0;
  int64_t female = 0;
  int64_t male = 0;
  int64_t age_0_4 = 0;
  int64_t age_5_17 = 0;
  int64_t age_18_59 = 0;
  int64_t age_60_plus = 0;
  std::string destination_province;  // in Afghanistan; may be empty (unknown)
  // How many of `individuals` were also registered with a movement on the
  // same date, crossing point, direction and mode (avoids double counting).
  int64_t registered_individuals = 0;
  // Registered flows only: the people of known sex and known age band by
  // sex × age band ([female, male][0-4, 5-17, 18-59, 60+]), for the age-sex
  // pyramid. Head-count tallies leave it zero: a tally counts sex and age
  // separately.
  std::array<std::array<int64_t, kAgeBandCount>, 2> sex_by_age{};

  bool operator==(const FlowTally&) const = default;
};

// The per-person-derived tally of one registered movement: its date,
// crossing point, direction and mode, one household when the movement has a
// household, the people who crossed counted by sex and by age band on the
// movement's date (people of unknown sex or age are counted in individuals
// only), and the household's intended province. `people` are the persons
// named in movement.person_ids (the caller looks them up).
// Counts one person into `tally`: always in individuals; in female or male
// and in an age band only when known.
void CountPerson(FlowTally* tally, Sex sex, std::optional<AgeBand> band);

[[nodiscard]] FlowTally TallyOfMovement(const Movement& movement,
                                        const std::vector<const Person*>& people,
                                        std::string destination_province);

// Checks a tally as recorded at a crossing: every count >= 0, households <=
// individuals, households > 0 when individuals > 0, registered_individuals <=
// individuals, and when `require_complete` (head-count tallies) female + male
// and the four age bands each add up to individuals; otherwise (registered
// flows, where sex or age may be unknown) each sum must not exceed it.
// The date must not be in the future (ValidateNotInFuture, the rule movements
// follow). Returns kInvalidInput naming the field at fault, with both sums in
// the message. `clock` says what today is.
[[nodiscard]] Status ValidateFlowTally(const FlowTally& tally, bool require_complete = true,
                                       const Clock& clock = SystemClock());

// One crossing point: a canonical name and the other ways people write it
// (Latin variants, Pashto/Dari script).
struct CrossingPoint {
  std::string name;                    // canonical, e.g. "Chaman–Spin Boldak"
  std::string afghan_province;         // the Afghan side, e.g. "Kandahar"
  std::vector<std::string> spellings;  // other accepted forms
};

// The crossing-point gazetteer. Matching ignores case, spaces, hyphens,
// en/em dashes, underscores and apostrophes, so "torkham", "TORKHAM" and
// "Tor-kham" all find "Torkham". Not thread-safe for concurrent Add.
class CrossingGazetteer {
 public:
  // The shipped list: Torkham, Chaman–Spin Boldak, Ghulam Khan, Angoor Adda,
  // Kharlachi, Badini, Bahramcha.
  [[nodiscard]] static CrossingGazetteer Default();

  // Adds a crossing point (an admin extending the list). kInvalidInput for an
  // empty or invalid name; kConflict when the name or one of its spellings
  // already finds another crossing point.
  [[nodiscard]] Status Add(CrossingPoint point);

  // The canonical name for a name or spelling, nullopt if unknown.
  [[nodiscard]] std::optional<std::string> Find(std::string_view text) const;

  [[nodiscard]] const std::vector<CrossingPoint>& points() const { return points_; }
  // The canonical names, comma-separated, for error messages.
  [[nodiscard]] std::string Names() const;

 private:
  std::vector<CrossingPoint> points_;
};

}  // namespace sanad
