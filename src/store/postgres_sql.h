// The portable SQL of the store as PostgreSQL reads it (postgres_database.cc):
// `?` placeholders become $1..$n, and a migration script has BLOB read as
// BYTEA, `WITHOUT ROWID` left out and PRAGMA statements (SQLite settings,
// checkpoints) dropped, so schema.cc stays one text for both backends.
// Text inside string literals, quoted names and comments is never changed.
// Pure functions of their input; private to src/store.
#pragma once

#include <string>
#include <string_view>

namespace sanad::store::internal {

struct Translated {
  std::string sql;
  int parameters = 0;  // the number of `?` replaced
};

// `?` → $1..$n outside literals, quoted names and comments.
[[nodiscard]] Translated TranslatePlaceholders(std::string_view sql);

// A migration script as PostgreSQL reads it: BLOB → BYTEA, WITHOUT ROWID
// left out, PRAGMA statements dropped.
[[nodiscard]] std::string TranslateScript(std::string_view sql);

// True when `sql` holds nothing but white space, semicolons and comments
// (a script whose every statement was dropped).
[[nodiscard]] bool IsBlank(std::string_view sql);

}  // namespace sanad::store::internal
