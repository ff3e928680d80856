// The search index: blind indexes (keyed hashes, key_ring.h) of name keys,
// phones and document numbers, so that persons are found without storing
// any of these in the clear.
#include <algorithm>
#include <set>

#include "core/validation.h"
#include "store/store.h"
#include "store/store_internal.h"
#include "text/document_number.h"
#include "text/name_folding.h"
#include "text/phone.h"

namespace sanad::store {

using internal::kPersonColumns;
using internal::Summarize;

namespace internal {

void ForEachIndexKey(
    const Person& p,
    const std::function<void(std::string_view kind, std::string_view key)>& visit) {
  // Own names and fathers' names are indexed apart, so a search can rank a
  // person named "Mohammad Nabi" above the children of a Mohammad Nabi.
  for (const std::string* name : {&p.given_name, &p.family_name}) {
    for (const auto& key : text::SearchKeys(*name)) visit("given", key);
  }
  for (const std::string* name : {&p.father_name, &p.grandfather_name}) {
    for (const auto& key : text::SearchKeys(*name)) visit("father", key);
  }
  if (auto phone = text::NormalizePhone(p.phone)) visit("phone", *phone);
  for (const auto& d : p.documents) {
    const std::string number = text::NormalizeDocumentNumber(d.number);
    if (!number.empty()) visit("document", number);
  }
}

}  // namespace internal

std::vector<std::string> Store::IndexTokens(const Person& p) const {
  std::set<std::string> tokens;
  internal::ForEachIndexKey(p, [&](std::string_view kind, std::string_view key) {
    tokens.insert(keys_.BlindIndex(kind, key));
  });
  return {tokens.begin(), tokens.end()};
}

// The index is keyed by (token, person): a person's entries are removed by
// recomputing their tokens from the record, so no second index is needed.
Status Store::DeleteIndex(const Person& p) {
  const std::vector<std::string> tokens = IndexTokens(p);
  if (tokens.empty()) return {};
  // Padded to a multiple of 8 tokens (the last repeated), so that a few
  // statement texts serve every person.
  std::string sql = "DELETE FROM person_index WHERE person_id = ? AND token IN (?";
  std::vector<Value> params{p.id, Bytes{tokens[0]}};
  const size_t slots = (tokens.size() + 7) / 8 * 8;
  for (size_t i = 1; i < slots; ++i) {
    sql += ", ?";
    params.emplace_back(Bytes{tokens[std::min(i, tokens.size() - 1)]});
  }
  if (auto ok = db_->Execute(sql + ")", params); !ok) return Fail(ok.error());
  return {};
}

Status Store::WriteIndex(const Person& p) {
  const std::vector<std::string> tokens = IndexTokens(p);
  if (tokens.empty()) return {};
  // One statement for all of a person's tokens: imports write millions.
  std::string sql = "INSERT INTO person_index (token, person_id) VALUES (?, ?)";
  std::vector<Value> params;
  params.reserve(tokens.size() * 2);
  for (const auto& token : tokens) {
    if (!params.empty()) sql += ", (?, ?)";
    params.emplace_back(Bytes{token});
    params.emplace_back(p.id);
  }
  if (auto ok = db_->Execute(sql, params); !ok) return Fail(ok.error());
  return {};
}

Result<PersonPage> Store::SearchPersons(std::string_view query, int page, int page_size,
                                        const Actor& actor) {
  if (page < 1 || page > kMaxSearchPage) {
    return Fail(Error::InvalidInput(
        "page", "must be between 1 and {}: narrow the search with more of the name instead",
        kMaxSearchPage));
  }
  if (page_size < 1 || page_size > kMaxSearchPageSize) {
    return Fail(Error::InvalidInput("page_size", "must be between 1 and {}", kMaxSearchPageSize));
  }
  if (auto ok = ValidateText("q", query); !ok) return Fail(ok.error());
  // Each word of the query must match: by its name keys, or the whole query
  // as a phone or document number.
  std::vector<std::vector<std::string>> word_tokens;  // per word: its keys in any name field
  std::vector<std::vector<std::string>> word_given;   // per word: its keys as an own name
  std::vector<std::string> exact_tokens;
  if (auto phone = text::NormalizePhone(query)) {
    exact_tokens.push_back(keys_.BlindIndex("phone", *phone));
  }
  if (auto number = text::NormalizeDocumentNumber(query); !number.empty()) {
    exact_tokens.push_back(keys_.BlindIndex("document", number));
  }
  size_t start = 0;
  const std::string q(query);
  while (start < q.size()) {
    size_t end = q.find_first_of(" ,\t", start);
    if (end == std::string::npos) end = q.size();
    if (end > start) {
      std::vector<std::string> any, given;
      for (const auto& key : text::SearchKeys(std::string_view(q).substr(start, end - start))) {
        given.push_back(keys_.BlindIndex("given", key));
        any.push_back(given.back());
        any.push_back(keys_.BlindIndex("father", key));
      }
      if (!any.empty()) {
        word_tokens.push_back(std::move(any));
        word_given.push_back(std::move(given));
      }
    }
    start = end + 1;
  }
  if (word_tokens.empty() && exact_tokens.empty()) {
    return Fail(Error::InvalidInput("q", "type a name, a phone number or a document number"));
  }
  if (word_tokens.size() > kMaxSearchWords) {
    return Fail(Error::InvalidInput(
        "q", "use at most {} words: a name, a father's and a grandfather's name are enough",
        kMaxSearchWords));
  }
  // The SQL text depends only on the number of words and on each word's
  // keys in blocks of four (lists padded by repeating the last key), so
  // searches share a few prepared statements rather than making one each.
  std::vector<Value> params;
  auto any_of = [&](const std::vector<std::string>& tokens) {
    std::string s = "SELECT person_id FROM person_index WHERE token IN (";
    const size_t slots = (tokens.size() + 3) / 4 * 4;
    for (size_t i = 0; i < slots; ++i) {
      s += i ? ", ?" : "?";
      params.push_back(Bytes{tokens[std::min(i, tokens.size() - 1)]});
    }
    return s + ")";
  };
  // Every word must match (INTERSECT); a phone or document number matches alone.
  auto every_word = [&](const std::vector<std::vector<std::string>>& words) {
    std::string s;
    for (const auto& tokens : words) s += (s.empty() ? "" : " INTERSECT ") + any_of(tokens);
    return s;
  };
  std::string matches;
  if (!exact_tokens.empty()) matches = any_of(exact_tokens);
  if (!word_tokens.empty()) {
    matches += (matches.empty() ? "" : " UNION ") +
               ("SELECT * FROM (" + every_word(word_tokens) + ") AS every_word");
  }
  std::string sql =
      "SELECT " + std::string(kPersonColumns) +
      ", h.origin_province FROM persons p JOIN person_keys k ON k.person_id = p.id "
      "JOIN households h ON h.id = p.household_id WHERE p.erased_at IS NULL AND p.id IN (" +
      matches + ") ORDER BY ";
  if (!word_given.empty()) {
    // (PostgreSQL 15 requires a subquery in FROM to be named.)
    sql += "CASE WHEN p.id IN (SELECT * FROM (" + every_word(word_given) +
           ") AS every_given) THEN 0 ELSE 1 END, ";
  }
  sql += "p.id DESC LIMIT ? OFFSET ?";
  params.push_back(int64_t{page_size} + 1);
  params.push_back(int64_t{page - 1} * int64_t{page_size});

  std::lock_guard lock(mutex_);
  PersonPage result;
  auto ok = db_->Transaction([&]() -> Status {
    auto rows = db_->Query(sql, params);
    if (!rows) return Fail(rows.error());
    for (const Row& r : *rows) {
      if (result.items.size() == static_cast<size_t>(page_size)) {
        result.has_more = true;
        break;
      }
      auto p = LoadPerson(r);
      if (!p) return Fail(p.error());
      result.items.push_back(Summarize(*p, AsText(r[9])));
    }
    return AuditLocked(actor, "person.search", "person",
                       std::to_string(result.items.size()) + " results", "ok");
  });
  if (!ok) return Fail(ok.error());
  return result;
}

}  // namespace sanad::store
