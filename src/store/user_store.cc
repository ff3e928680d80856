// Users, password hashes (Argon2id) and sessions (only a hash of each
// token is stored).
#include <sodium.h>

#include <cstring>

#include "core/id.h"
#include "store/store.h"
#include "store/store_internal.h"

namespace sanad::store {
namespace {

std::string RandomToken(size_t bytes) {
  std::string raw(bytes, '\0');
  randombytes_buf(raw.data(), raw.size());
  std::string out(sodium_base64_ENCODED_LEN(bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(raw.data()),
                    raw.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  out.resize(std::strlen(out.c_str()));
  return out;
}

// The id of the user called `username`; kNotFound when there is none.
Result<std::string> UserIdNamed(Database& db, const std::string& username) {
  auto rows = db.Query("SELECT id FROM users WHERE username = ?", {username});
  if (!rows) return Fail(rows.error());
  if (rows->empty()) return Fail(Error::NotFound("no user named '{}'", username));
  return AsText(rows->at(0).at(0));
}

std::string TokenHash(const std::string& token) {
  unsigned char out[32];
  crypto_generichash(out, sizeof out, reinterpret_cast<const unsigned char*>(token.data()),
                     token.size(), nullptr, 0);
  return std::string(reinterpret_cast<const char*>(out), sizeof out);
}

// Argon2id (libsodium's default for crypto_pwhash_str), at least 12 characters.
Result<std::string> HashPassword(std::string_view password) {
  if (password.size() < kMinPasswordLength) {
    return Fail(
        Error::InvalidInput("password", "must have at least {} characters", kMinPasswordLength));
  }
  char hash[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str(hash, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
    return Fail(Error::Unavailable("not enough memory to hash the password"));
  }
  return std::string(hash);
}

}  // namespace

namespace {

// A user from the columns id, username, role, disabled, created_at (in this
// order, first in `r`); kInternal naming the user's row when the role is not
// one sanad knows: a damaged role never becomes some other role.
Result<User> ReadUser(const Row& r) {
  User user{AsText(r[0]), AsText(r[1]), Role::kAnalyst, AsInt(r[3]) != 0, AsText(r[4])};
  auto role = internal::Stored(ParseRole(AsText(r[2])), "users", user.id, "role");
  if (!role) return Fail(role.error());
  user.role = *role;
  return user;
}

}  // namespace

std::string_view ToString(Role role) {
  switch (role) {
    case Role::kAdmin:
      return "admin";
    case Role::kRegistrar:
      return "registrar";
    case Role::kCounsellor:
      return "counsellor";
    case Role::kCaseworker:
      return "caseworker";
    case Role::kAnalyst:
      return "analyst";
  }
  return "analyst";
}

std::optional<Role> ParseRole(std::string_view text) {
  for (Role r :
       {Role::kAdmin, Role::kRegistrar, Role::kCounsellor, Role::kCaseworker, Role::kAnalyst}) {
    if (ToString(r) == text) return r;
  }
  return std::nullopt;
}

Result<User> Store::CreateUser(const std::string& username, Role role, std::string_view password,
                               const Actor& actor, bool issued) {
  if (username.empty() || username.size() > 64 ||
      username.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789._-") != std::string::npos) {
    return Fail(
        Error::InvalidInput("username", "use 1 to 64 lowercase letters, digits, '.', '_' or '-'"));
  }
  auto hash = HashPassword(password);
  if (!hash) return Fail(hash.error());
  User user{NewId(), username, role, false, clock_->NowIso()};
  std::lock_guard lock(mutex_);
  auto ok = db_->Transaction([&]() -> Status {
    auto exists = db_->Query("SELECT id FROM users WHERE username = ?", {username});
    if (!exists) return Fail(exists.error());
    if (!exists->empty()) {
      return Fail(Error(Error::Code::kConflict,
                        Message("a user named '{}' already exists", username), "username", 0));
    }
    auto r = db_->Execute(
        "INSERT INTO users (id, username, role, password_hash, disabled, created_at, "
        "password_change_required) VALUES (?, ?, ?, ?, 0, ?, ?)",
        {user.id, username, std::string(ToString(role)), *hash, user.created_at,
         int64_t{issued ? 1 : 0}});
    if (!r) return Fail(r.error());
    return AuditLocked(actor, "user.create", "user", user.id, "ok");
  });
  if (!ok) return Fail(ok.error());
  return user;
}

Result<std::vector<User>> Store::ListUsers() {
  std::lock_guard lock(mutex_);
  auto rows =
      db_->Query("SELECT id, username, role, disabled, created_at FROM users ORDER BY username");
  if (!rows) return Fail(rows.error());
  std::vector<User> users;
  for (const Row& r : *rows) {
    auto user = ReadUser(r);
    if (!user) return Fail(user.error());
    users.push_back(std::move(*user));
  }
  return users;
}

Status Store::SetUserDisabled(const std::string& username, bool disabled, const Actor& actor) {
  std::lock_guard lock(mutex_);
  return db_->Transaction([&]() -> Status {
    auto found = UserIdNamed(*db_, username);
    if (!found) return Fail(found.error());
    const std::string& id = *found;
    if (auto r = db_->Execute("UPDATE users SET disabled = ? WHERE id = ?",
                              {int64_t{disabled ? 1 : 0}, id});
        !r) {
      return Fail(r.error());
    }
    if (disabled) {
      if (auto r = db_->Execute("DELETE FROM sessions WHERE user_id = ?", {id}); !r) {
        return Fail(r.error());
      }
    }
    return AuditLocked(actor, disabled ? "user.disable" : "user.enable", "user", id, "ok");
  });
}

Status Store::ResetPassword(const std::string& username, std::string_view password,
                            const Actor& actor, bool issued) {
  auto hash = HashPassword(password);
  if (!hash) return Fail(hash.error());
  std::lock_guard lock(mutex_);
  return db_->Transaction([&]() -> Status {
    auto found = UserIdNamed(*db_, username);
    if (!found) return Fail(found.error());
    const std::string& id = *found;
    if (auto r = db_->Execute(
            "UPDATE users SET password_hash = ?, password_change_required = ? WHERE id = ?",
            {*hash, int64_t{issued ? 1 : 0}, id});
        !r) {
      return Fail(r.error());
    }
    if (auto r = db_->Execute("DELETE FROM sessions WHERE user_id = ?", {id}); !r) {
      return Fail(r.error());
    }
    return AuditLocked(actor, "user.reset_password", "user", id, "ok");
  });
}

Result<NewSession> Store::Login(const std::string& username, std::string_view password,
                                const Actor& actor) {
  std::unique_lock lock(mutex_);
  auto rows = db_->Query(
      "SELECT id, username, role, disabled, created_at, password_hash, password_change_required "
      "FROM users WHERE username = ?",
      {username});
  if (!rows) return Fail(rows.error());
  lock.unlock();  // hashing takes a while: do not hold the database
  bool good = false;
  bool change_required = false;
  User user;
  if (!rows->empty()) {
    const Row& r = rows->at(0);
    auto read = ReadUser(r);
    if (!read) return Fail(read.error());
    user = std::move(*read);
    const std::string hash = AsText(r[5]);
    change_required = AsInt(r[6]) != 0;
    good = crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0 &&
           !user.disabled;
  } else {
    // Spend the same time as a real check, so timing does not reveal which
    // usernames exist.
    char dummy[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str(dummy, password.data(), password.size(),
                          crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
      return Fail(Error::Unavailable("not enough memory to check the password"));
    }
  }
  lock.lock();
  if (!good) {
    auto ok = db_->Transaction([&] {
      return AuditLocked(actor, "login", "user", user.id.empty() ? "unknown" : user.id, "failed");
    });
    if (!ok) return Fail(ok.error());
    return Fail(Error(Error::Code::kUnauthenticated,
                      Message("wrong username or password (or the account is disabled)"), {}, 0));
  }
  NewSession session{RandomToken(32), RandomToken(24), user, change_required};
  const int64_t now = clock_->NowSeconds();
  auto ok = db_->Transaction([&]() -> Status {
    auto r = db_->Execute(
        "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, last_seen) "
        "VALUES (?, ?, ?, ?, ?)",
        {Bytes{TokenHash(session.token)}, user.id, session.csrf_token, now, now});
    if (!r) return Fail(r.error());
    return AuditLocked(actor, "login", "user", user.id, "ok");
  });
  if (!ok) return Fail(ok.error());
  return session;
}

Result<Session> Store::FindSession(const std::string& token, int64_t idle_timeout_seconds) {
  const Error unauthenticated = Error::Unauthenticated("your session has ended: sign in again");
  if (token.empty() || token.size() > 128) return Fail(unauthenticated);
  std::lock_guard lock(mutex_);
  const std::string hash = TokenHash(token);
  auto rows = db_->Query(
      "SELECT u.id, u.username, u.role, u.disabled, u.created_at, s.csrf_token, s.last_seen, "
      "u.password_change_required FROM sessions s JOIN users u ON u.id = s.user_id "
      "WHERE s.token_hash = ?",
      {Bytes{hash}});
  if (!rows) return Fail(rows.error());
  if (rows->empty()) return Fail(unauthenticated);
  const Row& r = rows->at(0);
  const int64_t now = clock_->NowSeconds();
  if (AsInt(r[3]) != 0 || now - AsInt(r[6]) > idle_timeout_seconds) {
    (void)db_->Execute("DELETE FROM sessions WHERE token_hash = ?", {Bytes{hash}});
    return Fail(unauthenticated);
  }
  if (now != AsInt(r[6])) {
    if (auto u = db_->Execute("UPDATE sessions SET last_seen = ? WHERE token_hash = ?",
                              {now, Bytes{hash}});
        !u) {
      return Fail(u.error());
    }
  }
  auto user = ReadUser(r);
  if (!user) return Fail(user.error());
  return Session{std::move(*user), AsText(r[5]), AsInt(r[7]) != 0};
}

Status Store::ChangeOwnPassword(const std::string& token, std::string_view current,
                                std::string_view password, const Actor& actor) {
  if (current == password) {
    return Fail(
        Error::InvalidInput("password", "choose a new password, not the one you were given"));
  }
  auto hash = HashPassword(password);
  if (!hash) return Fail(hash.error());
  const std::string token_hash = TokenHash(token);
  std::unique_lock lock(mutex_);
  auto rows = db_->Query(
      "SELECT u.id, u.password_hash FROM sessions s JOIN users u ON u.id = s.user_id "
      "WHERE s.token_hash = ?",
      {Bytes{token_hash}});
  if (!rows) return Fail(rows.error());
  if (rows->empty()) {
    return Fail(Error(Error::Code::kUnauthenticated,
                      Message("your session has ended: sign in again"), {}, 0));
  }
  const std::string id = AsText(rows->at(0).at(0));
  const std::string stored = AsText(rows->at(0).at(1));
  lock.unlock();  // checking the password takes a while: do not hold the database
  const bool good = crypto_pwhash_str_verify(stored.c_str(), current.data(), current.size()) == 0;
  lock.lock();
  if (!good) {
    auto audited = db_->Transaction(
        [&] { return AuditLocked(actor, "user.change_password", "user", id, "failed"); });
    if (!audited) return Fail(audited.error());
    return Fail(Error::InvalidInput("current",
                                    "the current password is wrong: type the one you were given"));
  }
  return db_->Transaction([&]() -> Status {
    if (auto r = db_->Execute(
            "UPDATE users SET password_hash = ?, password_change_required = 0 WHERE id = ?",
            {*hash, id});
        !r) {
      return Fail(r.error());
    }
    if (auto r = db_->Execute("DELETE FROM sessions WHERE user_id = ? AND token_hash <> ?",
                              {id, Bytes{token_hash}});
        !r) {
      return Fail(r.error());
    }
    return AuditLocked(actor, "user.change_password", "user", id, "ok");
  });
}

Status Store::Logout(const std::string& token, const Actor& actor) {
  std::lock_guard lock(mutex_);
  return db_->Transaction([&]() -> Status {
    auto r = db_->Execute("DELETE FROM sessions WHERE token_hash = ?", {Bytes{TokenHash(token)}});
    if (!r) return Fail(r.error());
    return AuditLocked(actor, "logout", "session", "-", "ok");
  });
}

}  // namespace sanad::store
