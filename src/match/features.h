// Per-record features computed once, so that comparing two records in the hot
// loop compares integers rather than strings.
//
// Every distinct string (a folded name, a skeleton, a normalised phone) is
// interned once in a pool and referred to by a 32-bit id; id 0 means
// "missing". Each field of each record becomes one 32-byte `FieldFeature`;
// a record is `fields.size()` consecutive features. Raw values repeat a lot
// (names, provinces), so encoding caches raw value → feature and folds each
// distinct name once.
#pragma once

#include <absl/container/flat_hash_map.h>

#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/error.h"
#include "core/model.h"
#include "match/model.h"

namespace sanad::match {

// The features of one field of one record (32 bytes).
//  name:  id = folded name, skeleton = whole-name skeleton, values = token
//         skeletons (up to 4), script = 1 when the folded name is not ASCII,
//         text = its vowel runs (text::VowelRuns), reserved = 1 when it is a
//         common name (text::IsCommonName).
//  text, code: id = normalised value.
//  exact, identifier: values = normalised values of the field's columns,
//         id = values[0], reserved = a bit per column that holds a value.
//  date:  id = exact date code, values = {earliest day, latest day, year,
//         precision | month << 8 | day << 16}, text = the 8-digit form
//         (yyyymmdd input only).
struct FieldFeature {
  uint32_t id = 0;
  uint32_t skeleton = 0;
  uint32_t text = 0;
  uint8_t count = 0;
  uint8_t script = 0;
  uint16_t reserved = 0;
  uint32_t values[4] = {0, 0, 0, 0};

  [[nodiscard]] bool missing() const { return id == 0; }
};
static_assert(sizeof(FieldFeature) == 32);

// Transparent hashing of text keys: a std::string key looked up by a
// string_view (Debian's absl has its own string_view type, so its string
// hasher does not take std::string_view).
struct TextHash {
  using is_transparent = void;
  size_t operator()(std::string_view text) const { return absl::Hash<std::string_view>{}(text); }
};
struct TextEqual {
  using is_transparent = void;
  bool operator()(std::string_view a, std::string_view b) const { return a == b; }
};
// A Swiss table keyed by text (at a million records these maps hold
// millions of entries; as node maps they were half of the reading time),
// looked up by string_view without a copy.
template <typename V>
using TextMap = absl::flat_hash_map<std::string, V, TextHash, TextEqual>;

// Interned strings. Ids are dense from 1; views stay valid while the pool lives.
class StringPool {
 public:
  StringPool();
  [[nodiscard]] uint32_t Intern(std::string_view text);  // 0 for ""
  [[nodiscard]] std::optional<uint32_t> Find(std::string_view text) const;
  [[nodiscard]] std::string_view Text(uint32_t id) const { return texts_[id]; }
  [[nodiscard]] size_t size() const { return texts_.size(); }

 private:
  std::deque<std::string> storage_;
  std::vector<std::string_view> texts_;
  absl::flat_hash_map<std::string_view, uint32_t, TextHash, TextEqual> ids_;
};

// Records of one model as features, plus term frequencies per field.
// Not thread-safe for writing; concurrent const use is safe once built.
class FeatureStore {
 public:
  explicit FeatureStore(Model model);

  [[nodiscard]] const Model& model() const { return model_; }
  [[nodiscard]] size_t size() const { return ids_.size(); }
  [[nodiscard]] size_t field_count() const { return model_.fields.size(); }
  [[nodiscard]] const FieldFeature* Record(size_t index) const {
    return &features_[index * model_.fields.size()];
  }
  [[nodiscard]] const std::string& Id(size_t index) const { return ids_[index]; }
  // The registration record `index` came with (Model::registration_column),
  // 1 and up; 0 for none.
  [[nodiscard]] uint32_t Registration(size_t index) const {
    return index < registrations_.size() ? registrations_[index] : 0;
  }
  void SetRegistration(size_t index, uint32_t registration) {
    if (registrations_.size() <= index) registrations_.resize(index + 1, 0);
    registrations_[index] = registration;
  }
  [[nodiscard]] const StringPool& pool() const { return pool_; }

  // Encodes one record given, for each field, the raw values of its columns
  // (`raw[f][c]`, c < fields[f].columns.size()). Returns kInvalidInput naming
  // the column when a value cannot be read (a malformed ISO date); the store
  // is unchanged then. When `count_terms` is false the record is encoded
  // (its features written to `out`) but not stored nor counted.
  [[nodiscard]] Status Add(std::string id, std::span<const std::vector<std::string_view>> raw);
  [[nodiscard]] Status Encode(std::span<const std::vector<std::string_view>> raw,
                              FieldFeature* out);

  // −log2 of the share of records holding `value` in `field`, floored at
  // 1e-6 share; 0 for a field without term frequency.
  [[nodiscard]] float NegLogFrequency(size_t field, uint32_t value) const {
    const std::vector<float>& frozen = neg_log_frequency_[field];
    return value < frozen.size() ? frozen[value] : CountedNegLogFrequency(field, value);
  }
  // Term frequencies counted over fewer values than this are noise (in a
  // new site's index every name is "frequent"): scoring then uses the plain
  // level weights.
  static constexpr uint64_t kMinValuesForTermFrequency = 100;
  [[nodiscard]] bool HasReliableFrequencies(size_t field) const {
    return term_totals_[field] >= kMinValuesForTermFrequency;
  }
  // Precomputes NegLogFrequency for every value (call after the last Add in
  // batch use; the index recomputes on the fly instead).
  void FreezeFrequencies();
  // The value whose frequency a term-frequency level uses (the skeleton for
  // names, the value for the others); a name's exact level uses the spelling.
  [[nodiscard]] static uint32_t FrequencyKey(const FieldSpec& spec, const FieldFeature& feature,
                                             uint32_t agreed_value);
  void Reserve(size_t records);
  // Restoring a saved store: the pool's strings are interned again in id
  // order (Intern returns each one's saved id), then each record's saved
  // features are appended. kInternal naming the record when a feature names
  // a string the pool lacks; the store is unchanged then.
  [[nodiscard]] uint32_t Intern(std::string_view text) { return pool_.Intern(text); }
  [[nodiscard]] Status AddEncoded(std::string id, std::span<const FieldFeature> record);
  // How many times a folded name (an interned id of a name field) occurs in
  // the store's name fields, whichever field. A spelling seen several times
  // is a name; a typo is seldom made twice.
  [[nodiscard]] uint32_t NameCount(uint32_t id) const {
    return id < name_counts_.size() ? name_counts_[id] : 0;
  }

 private:
  [[nodiscard]] Status EncodeField(size_t field, std::span<const std::string_view> raw,
                                   FieldFeature* out);
  FieldFeature EncodeName(std::string_view raw);
  [[nodiscard]] float CountedNegLogFrequency(size_t field, uint32_t value) const;
  void CountTerms(const FieldFeature* record);

  Model model_;
  StringPool pool_;
  std::vector<std::string> ids_;
  std::vector<FieldFeature> features_;
  std::vector<uint32_t> registrations_;
  TextMap<FieldFeature> name_cache_;
  std::vector<TextMap<uint32_t>> value_cache_;         // per field
  std::vector<std::vector<uint32_t>> term_counts_;     // [field][value id]
  std::vector<uint64_t> term_totals_;                  // [field]
  std::vector<std::vector<float>> neg_log_frequency_;  // frozen table
  std::vector<uint32_t> name_counts_;                  // [name id], all name fields
};

// The raw values of the default person model for a Person and its province
// (the order of DefaultPersonModel().fields). Views point into `person`.
[[nodiscard]] std::vector<std::vector<std::string_view>> PersonFieldValues(
    const Person& person, std::string_view province, std::string* birth_date_buffer,
    std::string* sex_buffer);

}  // namespace sanad::match
