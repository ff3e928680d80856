// A matching model: which columns of an input file are compared, how, how
// records are blocked into candidate pairs, and where the thresholds sit.
//
// The default model reads the person CSV format (core/person_csv.h). Other
// data is described by a TOML file, e.g. models/febrl.toml:
//
//   name = "febrl"
//   id_column = "rec_id"
//   trim_leading_spaces = true          # fields separated by ", "
//   match_threshold = 0.9               # pairs at or above are merged
//   review_threshold = 0.5              # pairs in [review, match) are listed for review
//
//   [[field]]
//   name = "given_name"
//   columns = ["given_name"]            # several columns: any value may agree
//   comparator = "name"                 # name | text | code | exact | identifier | date
//   normalizer = "none"                 # none | phone | document | province | sex
//   date_format = "yyyymmdd"            # date only: iso (partial dates) | yyyymmdd
//   term_frequency = true               # agreeing on a common value counts less
//   group = "lineage"                   # optional: fields whose joint evidence is capped
//
//   [[group]]
//   name = "lineage"
//   max_probability = 0.2               # agreeing on all of them alone never says more
//
//   [[blocking]]
//   keys = ["given_name:skeleton", "surname:skeleton"]   # transforms: skeleton | tokens
//                                                        # | exact | year | prefix3
//
// The person model's families (family_field, family_conditional), swapped
// names (swap_first, swap_second) and either-order blocking rules are set
// by DefaultPersonModel(); a TOML file does not declare them yet.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace sanad::match {

enum class Comparator : uint8_t {
  kName,        // folded names: exact / skeleton / Jaro-Winkler bands / shared token
  kText,        // free text: exact / Jaro-Winkler bands
  kCode,        // identifiers typed by hand: exact / one edit / two edits
  kExact,       // exact only (sex, province)
  kIdentifier,  // hand-typed numbers (phones, documents): exact / one edit apart
  kDate,        // partial dates: exact / same year / ±1 / ±3 / estimates overlap
};

enum class Normalizer : uint8_t { kNone, kPhone, kDocument, kProvince, kSex };
enum class DateFormat : uint8_t { kIso, kYyyymmdd };
enum class KeyTransform : uint8_t { kSkeleton, kTokens, kExact, kYear, kPrefix3 };

struct FieldSpec {
  std::string name;
  std::vector<std::string> columns;  // input columns; at most 4
  Comparator comparator = Comparator::kText;
  Normalizer normalizer = Normalizer::kNone;
  DateFormat date_format = DateFormat::kIso;
  bool term_frequency = false;
  int group = -1;  // index into Model::groups, -1 for none
  // Weighed apart within one family (see Model::family_field): the given
  // name and the birth date, which tell brothers apart.
  bool family_conditional = false;
};

// Fields that describe a family rather than a person (father's and
// grandfather's names, phone, province): their joint weight is capped so that
// agreeing on all of them alone gives at most `max_probability`.
struct FieldGroup {
  std::string name;
  double max_probability = 0.2;
};

struct KeyPart {
  size_t field = 0;
  KeyTransform transform = KeyTransform::kSkeleton;
};

struct BlockingRule {
  std::string name;  // "given_name:skeleton+father_name:skeleton"
  std::vector<KeyPart> parts;
  // The parts' values in either order (given and father's names swapped
  // between two records give one key).
  bool unordered = false;
};

struct Model {
  std::string name = "person";
  std::string id_column = "record_id";
  bool trim_leading_spaces = false;
  std::vector<FieldSpec> fields;  // at most 16
  std::vector<FieldGroup> groups;
  std::vector<BlockingRule> blocking;
  double match_threshold = 0.9;
  double review_threshold = 0.5;
  // Blocks larger than this are cut into windows of a sorted neighbourhood.
  size_t max_block_size = 50;
  size_t window = 8;
  // One family: a pair whose `family_field` (the father's name) agrees and
  // whose `family_check_field` (the grandfather's) does not disagree is
  // weighed as two records of one family, where brothers are the usual
  // non-match: fields marked family_conditional then weigh at most what they
  // tell within families (learned from the blocks of a rule on the family
  // field), and two names with one skeleton but different vowels count as
  // different names. -1: no family.
  int family_field = -1;
  int family_check_field = -1;
  // Two name fields that registrars swap (given and father's names): when
  // both disagree as written but agree crosswise, they are compared
  // crosswise. -1: none.
  int swap_first = -1;
  int swap_second = -1;
  // Optional column naming the registration a record came in with (the
  // person CSV's household_ref): records listed together. When two
  // registrations share a strong link, their other members are compared
  // with each other as people known to be of one family (Dedupe). Absent
  // from a file's header: no registrations.
  std::string registration_column;

  // Index of the field called `name`, or -1.
  [[nodiscard]] int FieldIndex(std::string_view field_name) const;
};

inline constexpr size_t kMaxFields = 16;
inline constexpr size_t kMaxColumnsPerField = 4;

// The model for the person CSV format: names of the person and their line,
// sex, birth date, phone, Tazkira and PoR numbers, province.
[[nodiscard]] Model DefaultPersonModel();

// Parses a TOML model. On error returns kInvalidInput whose message reads
// "FILE:LINE: problem" (`file_name` is used only for messages). A key the
// format does not have (a misspelling such as match_treshold) is an error,
// as is a threshold or probability that is not a number strictly between 0
// and 1 (nan, inf).
[[nodiscard]] Result<Model> ParseModelToml(std::string_view content, std::string_view file_name);

[[nodiscard]] std::string_view ToString(Comparator comparator);
[[nodiscard]] std::string_view ToString(KeyTransform transform);

}  // namespace sanad::match
