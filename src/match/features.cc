// Encoding records into integer features (see features.h).
//
// Invariants: id 0 is the empty string in the pool, so a zero id is always
// "missing"; a name's token skeleton ids are sorted and unique, so token-set
// agreement is a merge of two short sorted arrays.
// Cost: one hash lookup per raw value once its distinct value was seen; ICU
// folding runs once per distinct name.
#include "match/features.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <string>

#include "text/document_number.h"
#include "text/gazetteer.h"
#include "text/name_folding.h"
#include "text/phone.h"

namespace sanad::match {
namespace {

std::string_view Trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front())))
    text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())))
    text.remove_suffix(1);
  return text;
}

// Lower-case ASCII with runs of spaces collapsed: the generic text normaliser.
std::string Simplify(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool space = false;
  for (char c : Trim(text)) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      space = true;
      continue;
    }
    if (space) out.push_back(' ');
    space = false;
    out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  return out;
}

bool IsAscii(std::string_view text) {
  return std::all_of(text.begin(), text.end(),
                     [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

constexpr float kFrequencyFloor = 1e-6F;

}  // namespace

StringPool::StringPool() {
  texts_.emplace_back();
  ids_.emplace(std::string_view(), 0);
}

uint32_t StringPool::Intern(std::string_view text) {
  if (text.empty()) return 0;
  if (auto it = ids_.find(text); it != ids_.end()) return it->second;
  const std::string& stored = storage_.emplace_back(text);
  const auto id = static_cast<uint32_t>(texts_.size());
  texts_.push_back(stored);
  ids_.emplace(stored, id);
  return id;
}

std::optional<uint32_t> StringPool::Find(std::string_view text) const {
  if (auto it = ids_.find(text); it != ids_.end()) return it->second;
  return std::nullopt;
}

FeatureStore::FeatureStore(Model model)
    : model_(std::move(model)),
      value_cache_(model_.fields.size()),
      term_counts_(model_.fields.size()),
      term_totals_(model_.fields.size(), 0),
      neg_log_frequency_(model_.fields.size()) {}

void FeatureStore::Reserve(size_t records) {
  ids_.reserve(records);
  features_.reserve(records * model_.fields.size());
}

FieldFeature FeatureStore::EncodeName(std::string_view raw) {
  if (auto it = name_cache_.find(raw); it != name_cache_.end()) return it->second;
  FieldFeature feature;
  const text::FoldedName folded = text::FoldName(raw);
  std::string joined;
  for (const std::string& token : folded.tokens) {
    if (!joined.empty()) joined.push_back(' ');
    joined += token;
  }
  feature.id = pool_.Intern(joined);
  if (feature.id != 0) {
    // Spaces dropped: "Shah Mohammad" and "شاه‌محمد" (one word with a ZWNJ)
    // are the same name.
    std::string skeleton = text::NameSkeleton(raw);
    std::erase(skeleton, ' ');
    feature.skeleton = pool_.Intern(skeleton);
    if (feature.skeleton == 0) feature.skeleton = feature.id;
    // The vowels the skeleton drops, for names that share one.
    feature.text = pool_.Intern(text::VowelRuns(raw));
    feature.reserved = text::IsCommonName(raw) ? 1 : 0;
    feature.script = IsAscii(joined) ? 0 : 1;
    std::array<uint32_t, 8> tokens{};
    size_t count = 0;
    // Token skeletons, joined compounds and their parts: "Mohammad Nabi"
    // holds "nb", so "Nabi" is a subset of it.
    for (const std::string& key : text::SearchKeys(raw)) {
      const uint32_t key_id = pool_.Intern(key);
      if (key_id != 0 && count < tokens.size()) tokens[count++] = key_id;
    }

    std::sort(tokens.begin(), tokens.begin() + static_cast<ptrdiff_t>(count));
    count = static_cast<size_t>(
        std::unique(tokens.begin(), tokens.begin() + static_cast<ptrdiff_t>(count)) -
        tokens.begin());
    feature.count = static_cast<uint8_t>(std::min<size_t>(count, 4));
    std::copy_n(tokens.begin(), feature.count, feature.values);
  }
  name_cache_.emplace(std::string(raw), feature);
  return feature;
}

Status FeatureStore::EncodeField(size_t field, std::span<const std::string_view> raw,
                                 FieldFeature* out) {
  const FieldSpec& spec = model_.fields[field];
  *out = FieldFeature{};
  switch (spec.comparator) {
    case Comparator::kName: {
      // Several columns of one name field are joined ("first middle").
      std::string joined;
      for (std::string_view part : raw) {
        part = Trim(part);
        if (part.empty()) continue;
        if (!joined.empty()) joined.push_back(' ');
        joined += part;
      }
      if (!joined.empty()) *out = EncodeName(joined);
      return {};
    }
    case Comparator::kDate: {
      std::string_view text;
      for (std::string_view part : raw) {
        if (!Trim(part).empty()) {
          text = Trim(part);
          break;
        }
      }
      if (text.empty()) return {};
      PartialDate date;
      if (spec.date_format == DateFormat::kYyyymmdd) {
        // Typed by hand and often impossible (month 13): keep the digits for
        // the one-typo level and the year when it is plausible.
        out->text = pool_.Intern(text);
        bool digits = text.size() == 8 && std::all_of(text.begin(), text.end(), [](char c) {
                        return std::isdigit(static_cast<unsigned char>(c));
                      });
        if (!digits) return {};
        std::string iso = std::string(text.substr(0, 4)) + "-" + std::string(text.substr(4, 2)) +
                          "-" + std::string(text.substr(6, 2));
        if (auto parsed = PartialDate::Parse(iso, spec.columns.front())) {
          date = *parsed;
        } else if (auto year = PartialDate::Parse(text.substr(0, 4), spec.columns.front())) {
          date = *year;
        } else {
          out->id = 1;  // present but unreadable: only the one-typo level applies
          out->values[2] = 0;
          out->values[3] = 255;
          return {};
        }
      } else {
        Result<PartialDate> parsed = PartialDate::Parse(text, spec.columns.front());
        if (!parsed) return Fail(parsed.error());
        date = *parsed;
      }
      out->values[0] = static_cast<uint32_t>(date.Earliest().DaysSinceEpoch());
      out->values[1] = static_cast<uint32_t>(date.Latest().DaysSinceEpoch());
      out->values[2] = static_cast<uint32_t>(date.year);
      // Precision in the low byte, then month and day, so comparing two full
      // dates needs no calendar arithmetic.
      out->values[3] = static_cast<uint32_t>(date.precision) |
                       static_cast<uint32_t>(date.month) << 8 |
                       static_cast<uint32_t>(date.day) << 16;
      // Exact code: distinct for distinct dates and precisions, never 0 or 1.
      out->id = static_cast<uint32_t>(((date.year * 13 + date.month) * 32 + date.day) * 64 +
                                      static_cast<int>(date.precision) * 16 +
                                      date.uncertainty_years % 16) +
                2;
      return {};
    }
    case Comparator::kText:
    case Comparator::kCode:
    case Comparator::kExact:
    case Comparator::kIdentifier: {
      std::array<uint32_t, kMaxColumnsPerField> values{};
      size_t count = 0;
      uint16_t columns = 0;  // which columns hold a value
      for (size_t column = 0; column < raw.size(); ++column) {
        std::string_view part = Trim(raw[column]);
        if (part.empty() || count == values.size()) continue;
        auto& cache = value_cache_[field];
        uint32_t id = 0;
        if (auto it = cache.find(part); it != cache.end()) {
          id = it->second;
        } else {
          std::string normalised;
          switch (spec.normalizer) {
            case Normalizer::kNone:
              normalised = Simplify(part);
              break;
            case Normalizer::kPhone:
              normalised = text::PhoneKey(part);
              if (normalised.empty()) normalised = Simplify(part);
              break;
            case Normalizer::kDocument:
              normalised = text::DocumentKey(part);
              break;
            case Normalizer::kProvince: {
              std::optional<std::string_view> province = text::CanonicalProvince(part);
              normalised = province ? std::string(*province) : Simplify(part);
              break;
            }
            case Normalizer::kSex: {
              std::optional<Sex> sex = ParseSex(Simplify(part));
              if (sex && *sex != Sex::kUnknown) normalised = std::string(ToString(*sex));
              break;
            }
          }
          id = pool_.Intern(normalised);
          cache.emplace(std::string(part), id);
        }
        if (id != 0 && std::find(values.begin(), values.begin() + static_cast<ptrdiff_t>(count),
                                 id) == values.begin() + static_cast<ptrdiff_t>(count)) {
          values[count++] = id;
        }
        if (id != 0) columns |= static_cast<uint16_t>(1U << column);
      }
      if (count == 0) return {};
      out->id = values[0];
      out->text = values[0];
      out->reserved = columns;
      out->count = static_cast<uint8_t>(count);
      std::copy_n(values.begin(), count, out->values);
      return {};
    }
  }
  return {};
}

Status FeatureStore::Encode(std::span<const std::vector<std::string_view>> raw, FieldFeature* out) {
  for (size_t f = 0; f < model_.fields.size(); ++f) {
    std::span<const std::string_view> values;
    if (f < raw.size()) values = raw[f];
    if (auto status = EncodeField(f, values, &out[f]); !status) return status;
  }
  return {};
}

Status FeatureStore::Add(std::string id, std::span<const std::vector<std::string_view>> raw) {
  // A record added after FreezeFrequencies makes the frozen tables stale.
  for (auto& table : neg_log_frequency_) table.clear();
  const size_t fields = model_.fields.size();
  const size_t offset = features_.size();
  features_.resize(offset + fields);
  if (auto status = Encode(raw, &features_[offset]); !status) {
    features_.resize(offset);
    return status;
  }
  ids_.push_back(std::move(id));
  CountTerms(&features_[offset]);
  return {};
}

Status FeatureStore::AddEncoded(std::string id, std::span<const FieldFeature> record) {
  const size_t fields = model_.fields.size();
  auto known = [this](uint32_t value) { return value < pool_.size(); };
  bool ok = record.size() == fields;
  for (size_t f = 0; ok && f < fields; ++f) {
    const FieldFeature& feature = record[f];
    ok = known(feature.text) && feature.count <= 4;
    if (model_.fields[f].comparator == Comparator::kDate) continue;
    ok = ok && known(feature.id) && known(feature.skeleton);
    for (uint8_t i = 0; ok && i < feature.count; ++i) ok = known(feature.values[i]);
  }
  if (!ok) return Fail(Error::Internal("saved features of record {} name unknown strings", id));
  for (auto& table : neg_log_frequency_) table.clear();
  features_.insert(features_.end(), record.begin(), record.end());
  ids_.push_back(std::move(id));
  CountTerms(&features_[features_.size() - fields]);
  return {};
}

uint32_t FeatureStore::FrequencyKey(const FieldSpec& spec, const FieldFeature& feature,
                                    uint32_t agreed_value) {
  return spec.comparator == Comparator::kName ? feature.skeleton : agreed_value;
}

void FeatureStore::CountTerms(const FieldFeature* record) {
  for (size_t f = 0; f < model_.fields.size(); ++f) {
    const FieldSpec& spec = model_.fields[f];
    if (spec.comparator == Comparator::kName && !record[f].missing()) {
      const uint32_t id = record[f].id;
      if (id >= name_counts_.size()) {
        name_counts_.resize(std::max<size_t>(id + 1, name_counts_.size() * 3 / 2));
      }
      ++name_counts_[id];
    }
    if (!spec.term_frequency || record[f].missing()) continue;
    auto& counts = term_counts_[f];
    auto bump = [&counts](uint32_t value) {
      if (value >= counts.size()) counts.resize(std::max<size_t>(value + 1, counts.size() * 3 / 2));
      ++counts[value];
    };
    if (spec.comparator == Comparator::kExact || spec.comparator == Comparator::kIdentifier) {
      for (uint8_t i = 0; i < record[f].count; ++i) bump(record[f].values[i]);
    } else if (spec.comparator == Comparator::kName) {
      // The spelling (for the exact level) and the skeleton (for spellings).
      bump(record[f].id);
      if (record[f].skeleton != record[f].id) bump(record[f].skeleton);
    } else {
      bump(FrequencyKey(spec, record[f], record[f].id));
    }
    ++term_totals_[f];
  }
}

float FeatureStore::CountedNegLogFrequency(size_t field, uint32_t value) const {
  const auto& counts = term_counts_[field];
  if (term_totals_[field] == 0) return 0.0F;
  const uint32_t count = value < counts.size() ? counts[value] : 0;
  const float share = std::max(static_cast<float>(count) / static_cast<float>(term_totals_[field]),
                               kFrequencyFloor);
  return -std::log2(share);
}

void FeatureStore::FreezeFrequencies() {
  for (size_t f = 0; f < model_.fields.size(); ++f) {
    neg_log_frequency_[f].clear();
    if (!model_.fields[f].term_frequency) continue;
    std::vector<float> table(term_counts_[f].size());
    for (size_t v = 0; v < table.size(); ++v)
      table[v] = CountedNegLogFrequency(f, static_cast<uint32_t>(v));
    neg_log_frequency_[f] = std::move(table);
  }
}

std::vector<std::vector<std::string_view>> PersonFieldValues(const Person& person,
                                                             std::string_view province,
                                                             std::string* birth_date_buffer,
                                                             std::string* sex_buffer) {
  *birth_date_buffer = person.birth_date ? person.birth_date->ToIso() : std::string();
  *sex_buffer = person.sex == Sex::kUnknown ? std::string() : std::string(ToString(person.sex));
  std::vector<std::string_view> documents;
  for (const Document& document : person.documents) {
    if (!document.number.empty() && documents.size() < kMaxColumnsPerField) {
      documents.push_back(document.number);
    }
  }
  return {{person.given_name},
          {person.father_name},
          {person.grandfather_name},
          {person.family_name},
          {*sex_buffer},
          {*birth_date_buffer},
          {person.phone},
          documents,
          {province}};
}

}  // namespace sanad::match
