// Person search (see person_search.h).
//
// Idea: an inverted index from search keys to (record, name field). A key
// is what text::SearchKeys gives for a record's folded name (the same for
// every spelling and both scripts), computed once per distinct name. A
// query's words are folded the same way (titles set aside); each word's
// keys give sorted lists of (record << 2 | field). The word with the
// fewest entries drives: its records are walked in order and every other
// word's lists are searched forward from where they were (galloping), so
// a rare word with a common one costs the rare word's records, and two
// common words cost one pass over each. Each record found is ranked by
// small integers packed with its index into one 64-bit number (only the
// page asked for is sorted): words met in the person's own names (a man
// named Nabi before the sons of a Nabi), the first word met in the given
// name, words spelt exactly as written in the record (Mohammad before
// Muhammad for "Mohammad"), words in the order given, father,
// grandfather, the given name whole, then the most recently added.
// A word next to another also takes the keys their pair adds (`Rahim
// Ullah` finds `رحیم‌الله`, whose only key is the joined `rhml`).
// Invariants: every list is sorted ascending and holds each entry once;
// a record's entries are exactly those of its current names.
// Cost: Add is a few hash lookups; a query is linear in the driving
// word's entries (a few hundred thousand for Mohammad at a million
// records: milliseconds) plus log-steps in the others.
#include "match/person_search.h"

#include <algorithm>
#include <array>
#include <iterator>

#include "text/document_number.h"
#include "text/name_folding.h"
#include "text/phone.h"

namespace sanad::match {
namespace {

constexpr std::array<std::string_view, 4> kNameFields = {"given_name", "father_name",
                                                         "grandfather_name", "family_name"};
constexpr std::array<std::string_view, 2> kNumberFields = {"phone", "document"};

// Whether `token` is one of the space-separated tokens of `folded`.
bool HoldsToken(std::string_view folded, std::string_view token) {
  size_t start = 0;
  while (start <= folded.size()) {
    size_t end = folded.find(' ', start);
    if (end == std::string_view::npos) end = folded.size();
    if (folded.substr(start, end - start) == token) return true;
    start = end + 1;
  }
  return false;
}

// The position of the first value ≥ `target` in `list` at or after `from`:
// doubling steps, then a binary search, so walking a list in order costs
// the log of each gap.
size_t Gallop(std::span<const uint32_t> list, size_t from, uint32_t target) {
  size_t step = 1;
  size_t hi = from;
  while (hi < list.size() && list[hi] < target) {
    from = hi + 1;
    hi += step;
    step *= 2;
  }
  hi = std::min(hi, list.size());
  return static_cast<size_t>(std::lower_bound(list.begin() + static_cast<ptrdiff_t>(from),
                                              list.begin() + static_cast<ptrdiff_t>(hi), target) -
                             list.begin());
}

// The page [offset, offset + limit) of `ranked` sorted descending, and
// whether more follow.
SearchPage TakePage(const FeatureStore& store, std::vector<uint64_t>* ranked, size_t offset,
                    size_t limit) {
  SearchPage page;
  if (offset >= ranked->size()) return page;
  const size_t end = std::min(ranked->size(), offset + limit);
  page.has_more = ranked->size() > end;
  std::partial_sort(ranked->begin(), ranked->begin() + static_cast<ptrdiff_t>(end), ranked->end(),
                    std::greater<>());
  for (size_t i = offset; i < end; ++i) {
    page.record_ids.push_back(store.Id(static_cast<uint32_t>((*ranked)[i])));
  }
  return page;
}

}  // namespace

bool IsNumberQuery(std::string_view text) {
  const std::string folded = text::NormalizeDocumentNumber(text);
  return std::ranges::any_of(folded, [](char c) { return c >= '0' && c <= '9'; });
}

struct PersonSearch::Word {
  std::string folded;
  std::vector<std::span<const uint32_t>> lists;  // one per key the index holds
  size_t entries = 0;
};

PersonSearch::PersonSearch(const Model& model) {
  auto find = [&model](std::string_view name, std::vector<size_t>* out) {
    for (size_t f = 0; f < model.fields.size(); ++f) {
      if (model.fields[f].name == name) out->push_back(f);
    }
  };
  for (std::string_view name : kNameFields) find(name, &name_fields_);
  for (std::string_view name : kNumberFields) find(name, &number_fields_);
  name_fields_.resize(std::min<size_t>(name_fields_.size(), 4));  // slots fit in two bits
}

const std::vector<uint32_t>& PersonSearch::NameKeys(uint32_t name_id, const StringPool& pool) {
  auto [it, added] = name_keys_.try_emplace(name_id);
  if (added) {
    // The name's search keys and its whole skeleton run together (the key
    // a query word is looked up by: "Nooruddin" meets "Noor ue Din").
    std::vector<std::string> keys = text::SearchKeys(pool.Text(name_id));
    keys.push_back(text::JoinedSkeleton(pool.Text(name_id)));
    std::ranges::sort(keys);
    keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
    for (const std::string& key : keys) {
      if (const uint32_t id = keys_.Intern(key); id != 0) it->second.push_back(id);
    }
  }
  return it->second;
}

void PersonSearch::Add(uint32_t record, const FieldFeature* features, const StringPool& pool) {
  for (size_t slot = 0; slot < name_fields_.size(); ++slot) {
    const FieldFeature& name = features[name_fields_[slot]];
    if (name.missing()) continue;
    for (uint32_t key : NameKeys(name.id, pool))
      names_.Add(key, record << 2 | static_cast<uint32_t>(slot));
  }
  for (size_t field : number_fields_) {
    const FieldFeature& number = features[field];
    for (uint8_t i = 0; i < number.count && i < 4; ++i) {
      if (numbers_.Values(number.values[i]).empty() ||
          numbers_.Values(number.values[i]).back() != record) {
        numbers_.Add(number.values[i], record);
      }
    }
  }
}

void PersonSearch::Remove(uint32_t record, const FieldFeature* features) {
  for (size_t slot = 0; slot < name_fields_.size(); ++slot) {
    const FieldFeature& name = features[name_fields_[slot]];
    if (name.missing()) continue;
    auto keys = name_keys_.find(name.id);
    if (keys == name_keys_.end()) continue;
    for (uint32_t key : keys->second) names_.Remove(key, record << 2 | static_cast<uint32_t>(slot));
  }
  for (size_t field : number_fields_) {
    const FieldFeature& number = features[field];
    for (uint8_t i = 0; i < number.count && i < 4; ++i) numbers_.Remove(number.values[i], record);
  }
}

void PersonSearch::Save(SnapshotWriter& out) const {
  out.Int(static_cast<uint32_t>(keys_.size()));
  for (uint32_t id = 1; id < keys_.size(); ++id) out.Text(keys_.Text(id));
  out.Int(static_cast<uint64_t>(name_keys_.size()));
  for (const auto& [name, keys] : name_keys_) {
    out.Int(name);
    out.Vector(keys);
  }
  names_.Save(out);
  numbers_.Save(out);
}

bool PersonSearch::Load(SnapshotReader& in, size_t records, size_t strings) {
  uint32_t keys = 0;
  if (!in.Int(&keys) || keys == 0) return false;
  std::string text;
  for (uint32_t id = 1; id < keys; ++id) {
    if (!in.Text(&text, 1 << 16) || keys_.Intern(text) != id) return false;
  }
  uint64_t names = 0;
  if (!in.Int(&names) || names > strings) return false;
  name_keys_.reserve(names);
  for (uint64_t n = 0; n < names; ++n) {
    uint32_t name = 0;
    std::vector<uint32_t> ids;
    if (!in.Int(&name) || name >= strings || !in.Vector(&ids, 1 << 16) ||
        !std::ranges::all_of(ids, [keys](uint32_t id) { return id < keys; })) {
      return false;
    }
    name_keys_.emplace(name, std::move(ids));
  }
  return names_.Load(in, uint64_t{records} << 2) && numbers_.Load(in, records);
}

Result<std::vector<PersonSearch::Word>> PersonSearch::ParseWords(std::string_view text) const {
  const std::vector<std::string> tokens = text::FoldName(text).tokens;
  if (tokens.empty()) {
    return Fail(Error::InvalidInput("q", "type a name, a phone number or a document number"));
  }
  if (tokens.size() > kMaxSearchWords) {
    return Fail(Error::InvalidInput(
        "q", "use at most {} words: a name, a father's and a grandfather's name are enough",
        kMaxSearchWords));
  }
  // A word is looked up by its whole skeleton (compounds joined), not by
  // the parts a record's name is also filed under: "Mohammadjavad" finds
  // Mohammadjavad and Mohammad Javad, not every Mohammad, and stays as rare
  // as it is. `keys` (all of a word's search keys) tells which keys of a
  // pair are new.
  std::vector<std::vector<std::string>> keys(tokens.size());
  std::vector<std::vector<std::string>> own(tokens.size());
  for (size_t i = 0; i < tokens.size(); ++i) {
    keys[i] = text::SearchKeys(tokens[i]);
    std::string whole = text::JoinedSkeleton(tokens[i]);
    own[i] = whole.empty() ? keys[i] : std::vector<std::string>{std::move(whole)};
  }
  // A word also takes the keys its pairs with its neighbours add (the
  // compound joined: "Rahim Ullah" meets رحیم‌الله, whose only key is
  // `rhml`); a connector, a short word of one consonant or none ("ud" of
  // "Nizam ud Din", "ue" mistyped), takes all of its pairs' keys, so it
  // meets the compound it joins.
  auto has = [](const std::vector<std::string>& list, const std::string& key) {
    return std::ranges::find(list, key) != list.end();
  };
  auto connector = [&](size_t w) {
    const size_t letters = static_cast<size_t>(std::ranges::count_if(
        tokens[w], [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
    return letters <= 3 &&
           std::ranges::all_of(keys[w], [](const std::string& key) { return key.size() <= 1; });
  };
  std::vector<std::vector<std::string>> pair_keys(tokens.size());
  for (size_t i = 0; i + 1 < tokens.size(); ++i) {
    for (const std::string& key : text::SearchKeys(tokens[i] + " " + tokens[i + 1])) {
      const bool joined = !has(keys[i], key) && !has(keys[i + 1], key);
      for (size_t w : {i, i + 1}) {
        if ((joined || connector(w)) && !has(own[w], key)) pair_keys[w].push_back(key);
      }
    }
  }
  std::vector<Word> words;
  for (size_t i = 0; i < tokens.size(); ++i) {
    // A word with no consonant and no pair ("e", "u") says nothing.
    if (own[i].empty() && pair_keys[i].empty()) continue;
    words.emplace_back();
    words.back().folded = tokens[i];
    std::vector<uint32_t> ids;
    for (const auto* list : {&own[i], &pair_keys[i]}) {
      for (const std::string& key : *list) {
        if (auto id = keys_.Find(key)) ids.push_back(*id);
      }
    }
    std::ranges::sort(ids);
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    for (uint32_t id : ids) {
      words.back().lists.push_back(names_.Values(id));
      words.back().entries += words.back().lists.back().size();
    }
  }
  if (words.empty()) {
    return Fail(Error::InvalidInput("q", "type a name, a phone number or a document number"));
  }
  return words;
}

Result<SearchPage> PersonSearch::Search(const FeatureStore& store,
                                        const SearchRequest& request) const {
  if (IsNumberQuery(request.text)) {
    if (!request.numbers) return SearchPage{};
    return SearchNumbers(store, request.text, request.offset, request.limit);
  }
  auto words = ParseWords(request.text);
  if (!words) return Fail(words.error());
  return SearchNames(store, *words, request.offset, request.limit);
}

SearchPage PersonSearch::SearchNumbers(const FeatureStore& store, std::string_view text,
                                       size_t offset, size_t limit) const {
  std::vector<uint64_t> records;
  for (const std::string& key : {text::PhoneKey(text), text::DocumentKey(text)}) {
    if (key.empty()) continue;
    if (auto id = store.pool().Find(key)) {
      for (uint32_t record : numbers_.Values(*id)) records.push_back(record);
    }
  }
  std::ranges::sort(records);
  records.erase(std::unique(records.begin(), records.end()), records.end());
  return TakePage(store, &records, offset, limit);  // the most recent first
}

SearchPage PersonSearch::SearchNames(const FeatureStore& store, const std::vector<Word>& words,
                                     size_t offset, size_t limit) const {
  for (const Word& word : words) {
    if (word.entries == 0) return {};
  }
  const size_t driver = static_cast<size_t>(
      std::ranges::min_element(words, {}, [](const Word& w) { return w.entries; }) - words.begin());
  // The driving word's entries, merged (each list is sorted: a merge, not
  // a sort): ascending, so one record's fields are adjacent.
  std::vector<uint32_t> entries;
  std::vector<uint32_t> merged;
  entries.reserve(words[driver].entries);
  for (auto list : words[driver].lists) {
    merged.clear();
    std::set_union(entries.begin(), entries.end(), list.begin(), list.end(),
                   std::back_inserter(merged));
    entries.swap(merged);
  }
  // Cursors into every list of every word, moved forward only.
  std::vector<std::vector<size_t>> cursors(words.size());
  for (size_t w = 0; w < words.size(); ++w) cursors[w].assign(words[w].lists.size(), 0);
  // Whether a word is spelt exactly as one of a name's tokens, per name id
  // (-1: not yet known): a flat table, since a common name meets the same
  // few thousand names hundreds of thousands of times.
  std::vector<std::vector<int8_t>> exact(words.size());
  auto spelt_exactly = [&](size_t w, uint32_t name_id) {
    if (exact[w].empty()) exact[w].assign(store.pool().size(), -1);
    int8_t& known = exact[w][name_id];
    if (known < 0) known = HoldsToken(store.pool().Text(name_id), words[w].folded) ? 1 : 0;
    return known == 1;
  };
  // The given name spelt as the first word, whole.
  const uint32_t whole = store.pool().Find(words[0].folded).value_or(0);

  std::vector<uint64_t> ranked;
  std::vector<uint8_t> fields(words.size());  // per word: a bit per name slot it meets
  for (size_t e = 0; e < entries.size();) {
    const uint32_t record = entries[e] >> 2;
    std::fill(fields.begin(), fields.end(), 0);
    for (; e < entries.size() && entries[e] >> 2 == record; ++e) {
      fields[driver] |= static_cast<uint8_t>(1U << (entries[e] & 3));
    }
    bool all = true;
    for (size_t w = 0; w < words.size() && all; ++w) {
      if (w == driver) continue;
      for (size_t l = 0; l < words[w].lists.size(); ++l) {
        const auto list = words[w].lists[l];
        size_t& at = cursors[w][l];
        at = Gallop(list, at, record << 2);
        for (size_t i = at; i < list.size() && list[i] >> 2 == record; ++i) {
          fields[w] |= static_cast<uint8_t>(1U << (list[i] & 3));
        }
      }
      all = fields[w] != 0;
    }
    if (!all) continue;
    const FieldFeature* features = store.Record(record);
    uint64_t own = 0;          // words met in the person's own names (given, family)
    uint64_t exact_words = 0;  // words spelt as in the record
    uint64_t in_order = 0;     // word w met as the w-th of given, father, grandfather
    for (size_t w = 0; w < words.size(); ++w) {
      bool spelt = false;
      for (size_t slot = 0; slot < name_fields_.size() && !spelt; ++slot) {
        if ((fields[w] >> slot & 1) != 0) {
          spelt = spelt_exactly(w, features[name_fields_[slot]].id);
        }
      }
      exact_words += spelt ? 1 : 0;
      own += (fields[w] & 0b1001) != 0 ? 1 : 0;
      in_order += (fields[w] >> std::min<size_t>(w, 3) & 1) != 0 ? 1 : 0;
    }
    const uint64_t given_first = fields[0] & 1;
    const bool whole_given =
        whole != 0 && given_first != 0 && features[name_fields_[0]].id == whole;
    ranked.push_back(own << 46 | given_first << 45 | exact_words << 41 | in_order << 37 |
                     uint64_t{whole_given} << 36 | record);
  }
  return TakePage(store, &ranked, offset, limit);
}

}  // namespace sanad::match
