// The duplicate index's snapshot file (see Store::WriteIndexSnapshot).
//
// File: "SANADIDX1\n" | header length (4 bytes, big-endian) | header (JSON:
// format, created_at, audit_seq, audit_hash, persons) | stream header (24)
// | chunks, each a 4-byte big-endian length then the sealed bytes, the
// last tagged FINAL. The header is the additional data of every chunk, so
// a changed header, a changed, reordered or missing chunk, and a file cut
// short all fail; the key is the master key's snapshot subkey, so another
// site's snapshot fails too.
// Freshness is decided before anything is decrypted, from the database
// alone: the audit entry the snapshot names must be in this chain (a
// restored or replaced database is another chain), no later entry may be
// a write that can change a person (household.create, household.update,
// persons.import, person.erase, or any action not known to leave persons
// alone, so that a new kind of write errs towards rebuilding), and the
// count of persons must agree.
// Cost: writing and reading are streamed (one chunk in memory); sealing
// runs at about a gigabyte a second.
#include <fcntl.h>
#include <sodium.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <vector>

#include "store/store.h"
#include "store/store_internal.h"

namespace sanad::store {
namespace {

constexpr std::string_view kMagic = "SANADIDX1\n";
constexpr size_t kChunk = size_t{1} << 20;
constexpr size_t kMaxHeader = 4096;
constexpr size_t kSealedChunk = kChunk + crypto_secretstream_xchacha20poly1305_ABYTES;

// Writes that leave every person and household as they were. Anything else
// after a snapshot's audit entry makes it stale.
constexpr std::string_view kLeavesPersons =
    "'person.read', 'person.search', 'person.summaries', 'household.read', 'login', 'logout', "
    "'user.create', 'user.disable', 'user.enable', 'user.reset_password', 'backup.create', "
    "'key.show_recovery', 'movement.create', 'movement.list', 'tallies.import', "
    "'incident.create', 'incident.read', 'incident.update', 'incident.list', 'incidents.import', "
    "'property.create', 'property.read', 'property.evidence.add', 'property.evidence.read', "
    "'export.persons', 'person.duplicate.same', 'person.duplicate.not_same', 'household.moves'";

void PutBigEndian(uint32_t n, unsigned char* out) {
  for (int i = 3; i >= 0; --i, n >>= 8) out[i] = static_cast<unsigned char>(n & 0xFF);
}

uint32_t GetBigEndian(const unsigned char* in) {
  return static_cast<uint32_t>(in[0]) << 24 | static_cast<uint32_t>(in[1]) << 16 |
         static_cast<uint32_t>(in[2]) << 8 | static_cast<uint32_t>(in[3]);
}

Error Unwritable(const std::string& path) {
  return Error::Unavailable(
      "cannot write the index snapshot '{}': check the folder's free space and permissions", path);
}

Error Unverified(Message why) {
  return Error::Internal(
      "the index snapshot failed verification ({}): it was altered, cut short or made with another "
      "key",
      why);
}

// Reads a whole snapshot file chunk by chunk, opening each as it is needed.
class SnapshotReader {
 public:
  SnapshotReader(std::FILE* file, const Key& key, std::string header)
      : file_(file), header_(std::move(header)) {
    key_ = key;
  }
  ~SnapshotReader() {
    sodium_memzero(plain_.data(), plain_.size());
    sodium_memzero(key_.data(), key_.size());
  }
  SnapshotReader(const SnapshotReader&) = delete;
  SnapshotReader& operator=(const SnapshotReader&) = delete;

  bool Start() {
    unsigned char stream_header[crypto_secretstream_xchacha20poly1305_HEADERBYTES];
    return std::fread(stream_header, 1, sizeof stream_header, file_) == sizeof stream_header &&
           crypto_secretstream_xchacha20poly1305_init_pull(&state_, stream_header, key_.data()) ==
               0;
  }
  // Copies the next `n` plaintext bytes to `out`; false (and failed()) when
  // a chunk does not open or the stream ends first.
  bool Read(char* out, size_t n) {
    while (n > 0) {
      if (at_ == plain_.size() && !Next()) return false;
      const size_t take = std::min(n, plain_.size() - at_);
      std::memcpy(out, plain_.data() + at_, take);
      at_ += take;
      out += take;
      n -= take;
    }
    return true;
  }
  // Whether everything was read: the final chunk opened, all of it used,
  // nothing after it in the file.
  bool AtEnd() { return final_ && at_ == plain_.size() && std::fgetc(file_) == EOF; }
  [[nodiscard]] const std::optional<Message>& failure() const { return failure_; }

 private:
  bool Next() {
    if (final_) return Failed(Message("data after the last chunk was asked for"));
    unsigned char length[4];
    if (std::fread(length, 1, 4, file_) != 4) return Failed(Message("cut short"));
    const uint32_t n = GetBigEndian(length);
    if (n < crypto_secretstream_xchacha20poly1305_ABYTES || n > kSealedChunk) {
      return Failed(Message("a chunk of impossible length"));
    }
    sealed_.resize(n);
    if (std::fread(sealed_.data(), 1, n, file_) != n) return Failed(Message("cut short"));
    plain_.resize(n - crypto_secretstream_xchacha20poly1305_ABYTES);
    unsigned long long written = 0;
    unsigned char tag = 0;
    if (crypto_secretstream_xchacha20poly1305_pull(
            &state_, plain_.data(), &written, &tag, sealed_.data(), n,
            reinterpret_cast<const unsigned char*>(header_.data()), header_.size()) != 0) {
      return Failed(Message("a chunk does not open"));
    }
    plain_.resize(written);
    at_ = 0;
    final_ = tag == crypto_secretstream_xchacha20poly1305_TAG_FINAL;
    return true;
  }
  bool Failed(Message why) {
    failure_ = std::move(why);
    return false;
  }

  std::FILE* file_;
  std::string header_;
  Key key_{};
  crypto_secretstream_xchacha20poly1305_state state_{};
  std::vector<unsigned char> sealed_;
  std::vector<unsigned char> plain_;
  size_t at_ = 0;
  bool final_ = false;
  std::optional<Message> failure_;
};

}  // namespace

Status Store::WriteIndexSnapshot(const std::string& path, const AuditEntry& head, int64_t persons,
                                 const std::function<void(const SnapshotSink&)>& write) {
  const std::string header = nlohmann::json{
      {"format", 1},
      {"created_at", clock_->NowIso()},
      {"audit_seq", head.seq},
      {"audit_hash", head.hash},
      {"persons", persons}}.dump();
  const std::string temporary = path + ".tmp";
  const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return Fail(Unwritable(path));
  std::FILE* file = ::fdopen(fd, "wb");
  if (file == nullptr) {
    ::close(fd);
    return Fail(Unwritable(path));
  }
  bool ok = std::fwrite(kMagic.data(), 1, kMagic.size(), file) == kMagic.size();
  unsigned char length[4];
  PutBigEndian(static_cast<uint32_t>(header.size()), length);
  ok = ok && std::fwrite(length, 1, 4, file) == 4 &&
       std::fwrite(header.data(), 1, header.size(), file) == header.size();
  crypto_secretstream_xchacha20poly1305_state state;
  unsigned char stream_header[crypto_secretstream_xchacha20poly1305_HEADERBYTES];
  crypto_secretstream_xchacha20poly1305_init_push(&state, stream_header,
                                                  keys_.snapshot_key().data());
  ok = ok && std::fwrite(stream_header, 1, sizeof stream_header, file) == sizeof stream_header;
  std::string plain;
  plain.reserve(kChunk);
  std::vector<unsigned char> sealed(kSealedChunk);
  auto push = [&](bool last) {
    unsigned long long n = 0;
    crypto_secretstream_xchacha20poly1305_push(
        &state, sealed.data(), &n, reinterpret_cast<const unsigned char*>(plain.data()),
        plain.size(), reinterpret_cast<const unsigned char*>(header.data()), header.size(),
        last ? crypto_secretstream_xchacha20poly1305_TAG_FINAL : 0);
    PutBigEndian(static_cast<uint32_t>(n), length);
    ok = ok && std::fwrite(length, 1, 4, file) == 4 && std::fwrite(sealed.data(), 1, n, file) == n;
    sodium_memzero(plain.data(), plain.size());
    plain.clear();
  };
  write([&](std::string_view bytes) {
    while (!bytes.empty()) {
      const size_t take = std::min(bytes.size(), kChunk - plain.size());
      plain.append(bytes.substr(0, take));
      bytes.remove_prefix(take);
      if (plain.size() == kChunk) push(false);
    }
  });
  push(true);
  ok = ok && std::fflush(file) == 0 && ::fsync(fd) == 0;
  ok = std::fclose(file) == 0 && ok;
  std::error_code error;
  if (ok) std::filesystem::rename(temporary, path, error);
  if (!ok || error) {
    std::filesystem::remove(temporary, error);
    return Fail(Unwritable(path));
  }
  return {};
}

Status Store::ReadIndexSnapshot(const std::string& path,
                                const std::function<Status(const SnapshotSource&)>& read) {
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"),
                                                       &std::fclose);
  if (!file) return Fail(Error::NotFound("there is no index snapshot at '{}'", path));
  std::string magic(kMagic.size(), '\0');
  unsigned char length[4];
  if (std::fread(magic.data(), 1, magic.size(), file.get()) != magic.size() || magic != kMagic ||
      std::fread(length, 1, 4, file.get()) != 4 || GetBigEndian(length) > kMaxHeader) {
    return Fail(Unverified(Message("not a snapshot file")));
  }
  std::string header(GetBigEndian(length), '\0');
  if (std::fread(header.data(), 1, header.size(), file.get()) != header.size()) {
    return Fail(Unverified(Message("cut short")));
  }
  const auto fields = nlohmann::json::parse(header, nullptr, false);
  int64_t seq = 0;
  int64_t persons = 0;
  std::string hash;
  try {
    seq = fields.at("audit_seq").get<int64_t>();
    hash = fields.at("audit_hash").get<std::string>();
    persons = fields.at("persons").get<int64_t>();
  } catch (const nlohmann::json::exception&) {
    return Fail(Unverified(Message("a header without its fields")));
  }
  // Stale? Decided from the database before anything is decrypted.
  {
    std::lock_guard lock(mutex_);
    auto rows = db_->Query("SELECT hash FROM audit_log WHERE seq = ?", {seq});
    if (!rows) return Fail(rows.error());
    const bool in_chain =
        seq == 0 ? hash.empty() : !rows->empty() && AsText(rows->at(0)[0]) == hash;
    if (!in_chain) {
      return Fail(
          Error::Conflict("the index snapshot is stale: it was made from another state of the "
                          "database (restored or replaced) at audit entry {}",
                          seq));
    }
  }
  auto change = FirstPersonChangeAfter(seq);
  if (!change) return Fail(change.error());
  if (*change) {
    return Fail(Error::Conflict(
        "the index snapshot is stale: {} at audit entry {} came after it (audit entry {})",
        (*change)->action, (*change)->seq, seq));
  }
  auto count = CountPersons();
  if (!count) return Fail(count.error());
  if (*count != persons) {
    return Fail(Error::Conflict("the index snapshot is stale: it holds {} persons, the database {}",
                                persons, *count));
  }
  SnapshotReader reader(file.get(), keys_.snapshot_key(), header);
  if (!reader.Start()) return Fail(Unverified(Message("cut short")));
  Status result = read([&reader](char* out, size_t n) { return reader.Read(out, n); });
  if (reader.failure()) return Fail(Unverified(*reader.failure()));
  if (!result) return result;
  if (!reader.AtEnd()) return Fail(Unverified(Message("bytes left after the index")));
  return {};
}

Result<std::optional<AuditEntry>> Store::FirstPersonChangeAfter(int64_t seq,
                                                                std::string_view actor_prefix,
                                                                std::string_view action) {
  std::lock_guard lock(mutex_);
  auto rows =
      db_->Query("SELECT seq, action, actor FROM audit_log WHERE seq > ? AND action NOT IN (" +
                     std::string(kLeavesPersons) +
                     ") AND action NOT LIKE 'report.%' AND action NOT LIKE 'refused:%' "
                     "AND action NOT LIKE 'tracing.%' "
                     "AND substr(actor, 1, ?) = ? AND (? = '' OR action = ?) ORDER BY seq LIMIT 1",
                 {seq, static_cast<int64_t>(actor_prefix.size()), std::string(actor_prefix),
                  std::string(action), std::string(action)});
  if (!rows) return Fail(rows.error());
  if (rows->empty()) return std::optional<AuditEntry>();
  AuditEntry entry;
  entry.seq = AsInt(rows->at(0)[0]);
  entry.action = AsText(rows->at(0)[1]);
  entry.actor = AsText(rows->at(0)[2]);
  return std::optional<AuditEntry>(std::move(entry));
}

}  // namespace sanad::store
