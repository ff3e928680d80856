#include "store/postgres_sql.h"

#include <cctype>
#include <cstddef>

namespace sanad::store::internal {
namespace {

bool IsWordStart(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool IsWordChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// Walks `sql`, copying quoted text and comments to `out` as they are and
// handing every other stretch to `plain` one character or one bare word at
// a time; `plain` returns how many characters it consumed (at least one).
template <typename Plain>
void Scan(std::string_view sql, std::string* out, Plain plain) {
  size_t i = 0;
  const size_t n = sql.size();
  while (i < n) {
    const char c = sql[i];
    if (c == '\'' || c == '"') {  // a literal or a quoted name; doubled quotes stay inside
      size_t j = i + 1;
      while (j < n) {
        if (sql[j] == c) {
          if (j + 1 < n && sql[j + 1] == c) {
            j += 2;
            continue;
          }
          ++j;
          break;
        }
        ++j;
      }
      out->append(sql.substr(i, j - i));
      i = j;
    } else if (c == '-' && i + 1 < n && sql[i + 1] == '-') {
      const size_t end = sql.find('\n', i);
      const size_t j = end == std::string_view::npos ? n : end;
      out->append(sql.substr(i, j - i));
      i = j;
    } else if (c == '/' && i + 1 < n && sql[i + 1] == '*') {
      const size_t end = sql.find("*/", i + 2);
      const size_t j = end == std::string_view::npos ? n : end + 2;
      out->append(sql.substr(i, j - i));
      i = j;
    } else {
      i += plain(sql.substr(i));
    }
  }
}

size_t WordLength(std::string_view s) {
  size_t j = 0;
  while (j < s.size() && IsWordChar(s[j])) ++j;
  return j;
}

bool EqualsUpper(std::string_view word, std::string_view upper) {
  if (word.size() != upper.size()) return false;
  for (size_t k = 0; k < word.size(); ++k) {
    if (std::toupper(static_cast<unsigned char>(word[k])) != upper[k]) return false;
  }
  return true;
}

}  // namespace

Translated TranslatePlaceholders(std::string_view sql) {
  Translated t;
  t.sql.reserve(sql.size() + 16);
  Scan(sql, &t.sql, [&t](std::string_view rest) -> size_t {
    if (rest[0] == '?') {
      t.sql += '$' + std::to_string(++t.parameters);
      return 1;
    }
    if (IsWordStart(rest[0])) {  // a word at a time, not a character
      const size_t length = WordLength(rest);
      t.sql.append(rest.substr(0, length));
      return length;
    }
    t.sql += rest[0];
    return 1;
  });
  return t;
}

std::string TranslateScript(std::string_view sql) {
  std::string out;
  std::string statement;
  bool seen_word = false;
  bool pragma = false;
  auto end_statement = [&] {
    if (!pragma) out += statement;
    statement.clear();
    seen_word = false;
    pragma = false;
  };
  // Literals and comments land in `statement` too, so a dropped PRAGMA takes
  // its own with it.
  Scan(sql, &statement, [&](std::string_view rest) -> size_t {
    if (IsWordStart(rest[0])) {
      const size_t length = WordLength(rest);
      const std::string_view word = rest.substr(0, length);
      if (!seen_word) {
        seen_word = true;
        pragma = EqualsUpper(word, "PRAGMA");
      }
      if (EqualsUpper(word, "BLOB")) {
        statement += "BYTEA";
        return length;
      }
      if (EqualsUpper(word, "WITHOUT")) {
        size_t j = length;
        while (j < rest.size() && std::isspace(static_cast<unsigned char>(rest[j]))) ++j;
        const size_t next = WordLength(rest.substr(j));
        if (EqualsUpper(rest.substr(j, next), "ROWID")) return j + next;
      }
      statement.append(word);
      return length;
    }
    statement += rest[0];
    if (rest[0] == ';') end_statement();
    return 1;
  });
  end_statement();
  return out;
}

bool IsBlank(std::string_view sql) {
  std::string plain;
  std::string ignored;
  Scan(sql, &ignored, [&plain](std::string_view rest) -> size_t {
    if (!std::isspace(static_cast<unsigned char>(rest[0])) && rest[0] != ';') plain += rest[0];
    return 1;
  });
  return plain.empty();
}

}  // namespace sanad::store::internal
