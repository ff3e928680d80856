// Versioned schema migrations, applied in order at start. A migration is
// never edited once released: add a new one. SQL is kept portable between
// SQLite and PostgreSQL (TEXT, BIGINT, BLOB mapped to BYTEA by the postgres
// backend).
#pragma once

#include <string_view>
#include <vector>

namespace sanad::store {

struct Migration {
  int version;
  std::string_view description;
  std::string_view sql;
};

[[nodiscard]] const std::vector<Migration>& Migrations();

}  // namespace sanad::store
