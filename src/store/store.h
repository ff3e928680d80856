// The Store: every read and write of sanad's data, on any `Database` backend.
//
// It owns what must hold whatever the backend: validation before writing,
// one transaction per call, optimistic concurrency (a household carries a
// version; an update naming an older version is kConflict), encryption of
// personal fields with per-person keys and blind indexes for search
// (key_ring.h), and the hash-chained audit log (every person read, every
// write, every login and refusal, written in the same transaction as what it
// records, holding ids and never names).
//
// Thread-safety: all methods may be called from many threads; calls are
// serialised on the one connection, except the scans of every person
// (ForEachPerson, ListRegisteredFlows), which read on connections of their
// own (Database::OpenReader) and never wait for, or hold up, sign-in and
// registration.
//
// The class is one; its declaration is split by seam. Here: opening, households
// and submissions, persons, movements and tallies, users and sessions, the
// audit log, the index snapshot and backups. The other seams' members are in
// the store_*.inc fragments included inside the class, their value types in
// the *_types.h headers included below.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/error.h"
#include "core/flow.h"
#include "core/model.h"
#include "policy/policy.h"
#include "store/admin_types.h"
#include "store/audit_types.h"
#include "store/case_types.h"
#include "store/database.h"
#include "store/duplicate_and_move_types.h"
#include "store/key_ring.h"
#include "store/monitoring_types.h"
#include "store/sync_types.h"
#include "store/tracing_types.h"
#include "sync/hlc.h"
#include "sync/merge.h"
#include "sync/operation.h"

namespace sanad::store {

struct BackupHeader;  // backup.h

// Who does something, for the audit log: a user id (or "cli:<name>",
// "system") and the network address when there is one.
struct Actor {
  std::string id;
  std::string address;
};

// What a search result shows: enough to tell people apart without opening
// their record.
struct PersonSummary {
  std::string id;
  std::string household_id;
  std::string given_name;
  std::string father_name;
  std::string grandfather_name;
  Sex sex = Sex::kUnknown;
  std::optional<int> birth_year;
  std::string birth_date;  // ISO partial date, empty when unknown
  std::string province;    // the household's province of origin
};

struct PersonPage {
  std::vector<PersonSummary> items;
  bool has_more = false;
};

struct MovementFilter {
  std::optional<Date> from;
  std::optional<Date> to;
  std::string crossing_point;  // empty: all
};

enum class Role { kAdmin, kRegistrar, kCounsellor, kCaseworker, kAnalyst };
[[nodiscard]] std::string_view ToString(Role role);
[[nodiscard]] std::optional<Role> ParseRole(std::string_view text);

struct User {
  std::string id;
  std::string username;
  Role role = Role::kRegistrar;
  bool disabled = false;
  std::string created_at;
};

struct Session {
  User user;
  std::string csrf_token;
  // The password was issued by an administrator (a new account's, or a
  // reset in the browser): the session may only change it, or sign out.
  bool password_change_required = false;
};

struct NewSession {
  std::string token;  // given to the client once; only its hash is stored
  std::string csrf_token;
  User user;
  bool password_change_required = false;  // as Session's
};

inline constexpr size_t kMinPasswordLength = 12;
// The last page a search may ask for, and the most words it may hold.
inline constexpr int kMaxSearchPage = 10000;
inline constexpr int kMaxSearchPageSize = 100;
inline constexpr size_t kMaxSearchWords = 8;

// A file being imported, so that importing the same bytes again is noticed.
struct ImportFile {
  std::string_view content;  // the file's bytes; empty: not from a file
  bool again = false;        // import even when these bytes were imported before
};

// Where ImportHouseholds takes its households from, one at a time, so that
// an import need not hold them all (`sanad import persons` reads its file
// a second time and hands over each household once its last row is read).
class HouseholdSource {
 public:
  virtual ~HouseholdSource() = default;
  // The next household to import, owned by the source and valid until the
  // next call (the store sets its id and its members'); nullptr when there
  // are no more. An error ends the import, which then writes nothing.
  [[nodiscard]] virtual Result<Household*> Next() = 0;
  // True when every household it hands over has passed ValidateHousehold
  // already (`sanad import persons` checks the whole file before it
  // writes), so that the store need not check each one a second time.
  [[nodiscard]] virtual bool validated() const { return false; }
};

// A household from one form submission (`sanad import submissions`,
// submission_store.cc).
struct SubmittedHousehold {
  std::string instance_id;    // this version's meta/instanceID; required
  std::string deprecated_id;  // the version it edits (Kobo's meta/deprecatedID); may be empty
  std::string root_id;        // the first version's instanceID (ODK Central's __id); may be empty
  Household household;        // members in the roster's order
};

enum class SubmissionOutcome { kCreated, kUpdated, kSkipped };

// Records whose updates carry a version (optimistic concurrency).
enum class Versioned { kHousehold, kIncident, kCase, kTask, kReferral, kTracingRequest };

class Store {
 public:
  // Opens the database, applies pending migrations, and checks that `keys`
  // is the key ring this database was created with (a new database adopts
  // it). kUnavailable with a plain message for a wrong key. `clock` gives
  // every timestamp, session expiry and "today" the store uses; it must
  // outlive the store.
  [[nodiscard]] static Result<std::unique_ptr<Store>> Open(std::unique_ptr<Database> db,
                                                           KeyRing keys,
                                                           const Clock& clock = SystemClock());
  // The salt for deriving the master key from a passphrase, created (and
  // stored in the database) on first use.
  [[nodiscard]] static Result<std::string> PassphraseSalt(Database& db);
  // Convenience: OpenSqlite(path) then Open().
  [[nodiscard]] static Result<std::unique_ptr<Store>> OpenSqliteFile(
      const std::string& path, KeyRing keys, const Clock& clock = SystemClock());
  // Convenience: OpenPostgres(url) then Open(). A hub's database; the key
  // comes from a key file or passphrase as for a site (there is no file
  // beside it to hold one).
  [[nodiscard]] static Result<std::unique_ptr<Store>> OpenPostgres(
      const std::string& url, KeyRing keys, const Clock& clock = SystemClock());
  // Whether the database already holds a key check (was opened with a key
  // before), so that a new key is never made for a database that has one.
  [[nodiscard]] static Result<bool> HasKey(Database& db);

  // Households. Create assigns ids (household and members), version 1 and
  // timestamps, and returns the stored household. For create, update and
  // import alike: the destination province must be empty or a province of
  // Afghanistan the gazetteer knows (stored canonical; kInvalidInput naming
  // destination_province), and a member whose consents are new or changed
  // gets `actor.id` as consent_recorded_by unless the caller named someone
  // else.
  [[nodiscard]] Result<Household> CreateHousehold(Household household, const Actor& actor);
  [[nodiscard]] Result<Household> GetHousehold(const std::string& id, const Actor& actor);
  // Replaces the household's fields and members when `expected_version` is
  // current (else kConflict). Members keep their ids; members without an id
  // are added; a member missing from `household` is an error (erase people
  // with ErasePerson instead).
  [[nodiscard]] Result<Household> UpdateHousehold(const Household& household,
                                                  int64_t expected_version, const Actor& actor);
  // Imports many households in one transaction: all or nothing, each
  // checked as CreateHousehold checks it. `progress` (may be empty) is called now and then with the
  // number of persons written. With `file.content` set, a file imported before is refused
  // (kConflict naming "file", saying when) before any household is read, unless `file.again`.
  // Memory: the households are not kept; the search-index entries are (about
  // 20 bytes each, a few per person), to be written sorted at the end.
  [[nodiscard]] Status ImportHouseholds(HouseholdSource& source, const Actor& actor,
                                        const std::function<void(size_t)>& progress = {},
                                        const ImportFile& file = {});
  // The same for households held in a vector; their ids are set in place.
  [[nodiscard]] Status ImportHouseholds(std::vector<Household>* households, const Actor& actor,
                                        const std::function<void(size_t)>& progress = {},
                                        const ImportFile& file = {});

  // Imports households from form submissions in one transaction, all or
  // nothing (submission_store.cc). For each, in order: an instanceID
  // imported before is skipped; one that edits an imported version (its
  // deprecated_id, else its root_id, names one) updates that household's
  // same people (by their place in the roster when it was imported), when
  // the household is still at the version the edited version left
  // (deprecated_id) or the last import left (root_id) (else kConflict: it
  // was changed in sanad, or by another edit, since); a roster shorter than
  // the edited version's is kInvalidInput naming "members" (a person is
  // never dropped silently), and one holding a person erased or moved since
  // is kConflict naming "members[i]"; the others create households. Each
  // instanceID is recorded with the household's id, version and person ids
  // in the roster's order. Errors carry `line` = the 1-based index in
  // `submissions`. Households (ids, versions) are set in `*submissions`.
  // Returns what happened to each; writes nothing, not even the audit
  // entry "submissions.import", when every one is skipped.
  [[nodiscard]] Result<std::vector<SubmissionOutcome>> ImportSubmissions(
      std::vector<SubmittedHousehold>* submissions, const Actor& actor,
      const std::function<void(size_t)>& progress = {});

  // The version a record has now, for a 409 that says it (kNotFound when
  // there is no such record).
  [[nodiscard]] Result<int64_t> CurrentVersion(Versioned kind, const std::string& id);

  // Persons.
  [[nodiscard]] Result<Person> GetPerson(const std::string& id, const Actor& actor);
  // Finds persons by a name in either script, a phone or a document number
  // (at most kMaxSearchWords words). `page` is 1-based, at most
  // kMaxSearchPage; `page_size` 1 to kMaxSearchPageSize. kInvalidInput naming "q", "page"
  // or "page_size" otherwise.
  [[nodiscard]] Result<PersonPage> SearchPersons(std::string_view query, int page, int page_size,
                                                 const Actor& actor);
  // Summaries of the given persons (possible duplicates, a page of search
  // results), in the order given; ids not found or erased are left out. One
  // audit entry, `action`, listing the ids shown.
  [[nodiscard]] Result<std::vector<PersonSummary>> GetSummaries(
      const std::vector<std::string>& ids, const Actor& actor,
      std::string_view action = "person.summaries");
  // Crypto-shredding: destroys the person's data key, sealed fields and
  // index entries, so no one can read them again, master key or not. The
  // person's id stays, marked erased (with sex and birth year, which the
  // published flows count), for the audit trail. `reason` is required (at
  // least 10 characters, a text field: kInvalidInput naming "reason") and is
  // kept in the audit entry beside the id. kNotFound when no person with
  // this id is left to erase. Nothing changes on error.
  [[nodiscard]] Status ErasePerson(const std::string& id, std::string_view reason,
                                   const Actor& actor);
  // Calls `visit` for every person not erased, with the household's origin
  // province and district. For export and for building the matching index.
  // Reads the persons as they were when it began, on a read connection of
  // its own, and holds no lock while `visit` runs: other calls proceed
  // meanwhile (`visit` may even call the store).
  [[nodiscard]] Status ForEachPerson(
      const std::function<void(const Person&, const Household&)>& visit);
  // The same for the persons `ids` that are here and not erased (a server
  // keeping its index true after a sync, IngestCount::persons_changed).
  [[nodiscard]] Status ForEachPersonIn(
      const std::vector<std::string>& ids,
      const std::function<void(const Person&, const Household&)>& visit);
  [[nodiscard]] Result<int64_t> CountPersons();

  // Movements. Before anything is written: each person must exist, not be
  // erased, be named once, and belong to `household_id` when one is given
  // (kInvalidInput naming "person_ids[i]").
  [[nodiscard]] Result<Movement> CreateMovement(Movement movement, const Actor& actor);
  [[nodiscard]] Result<std::vector<Movement>> ListMovements(const MovementFilter& filter,
                                                            const Actor& actor);
  // The movements (crossings) a person was recorded in, oldest first
  // (kNotFound when there is no such person or the record was erased). One
  // audit entry "movement.list" on the person.
  [[nodiscard]] Result<std::vector<Movement>> ListPersonMovements(const std::string& person_id,
                                                                  const Actor& actor);

  // Flow tallies (head counts without registration). AddTallies validates
  // every tally (counts must add up, no date in the future, a destination
  // that is empty or a province of Afghanistan, stored canonical) and writes
  // all or none; a file imported before is refused as for ImportHouseholds.
  [[nodiscard]] Status AddTallies(const std::vector<FlowTally>& tallies, const Actor& actor,
                                  const ImportFile& file = {});
  [[nodiscard]] Result<std::vector<FlowTally>> ListTallies(Date from, Date to);
  // Registered movements between `from` and `to` as tallies: one per date,
  // crossing point, direction, mode and destination province, counting the
  // people who crossed by sex and age band (age from the birth year; people
  // of unknown sex or age are counted in `individuals` only). Reads no
  // encrypted field. Reads on a connection of its own, like ForEachPerson.
  [[nodiscard]] Result<std::vector<FlowTally>> ListRegisteredFlows(Date from, Date to);

  // Users and sessions. With `issued` (an administrator hands the password
  // over, in the browser), the account must change it at its next sign-in:
  // its sessions carry password_change_required until ChangeOwnPassword.
  [[nodiscard]] Result<User> CreateUser(const std::string& username, Role role,
                                        std::string_view password, const Actor& actor,
                                        bool issued = false);
  [[nodiscard]] Result<std::vector<User>> ListUsers();
  [[nodiscard]] Status SetUserDisabled(const std::string& username, bool disabled,
                                       const Actor& actor);
  [[nodiscard]] Status ResetPassword(const std::string& username, std::string_view password,
                                     const Actor& actor, bool issued = false);
  // The signed-in user replaces their password: kInvalidInput naming
  // "current" when `current` is wrong (audited, outcome "failed"), or
  // "password" when
  // the new one is too short or is the current one. Clears
  // password_change_required and ends the user's other sessions (the one
  // holding `token` goes on). Audited "user.change_password".
  [[nodiscard]] Status ChangeOwnPassword(const std::string& token, std::string_view current,
                                         std::string_view password, const Actor& actor);
  // kUnauthenticated for an unknown user, a wrong password or a disabled
  // account (the message does not say which).
  [[nodiscard]] Result<NewSession> Login(const std::string& username, std::string_view password,
                                         const Actor& actor);
  // The session for `token` if it was used within `idle_timeout_seconds`;
  // kUnauthenticated otherwise. Refreshes its idle clock.
  [[nodiscard]] Result<Session> FindSession(const std::string& token, int64_t idle_timeout_seconds);
  [[nodiscard]] Status Logout(const std::string& token, const Actor& actor);

  // Audit.
  [[nodiscard]] Status Audit(const Actor& actor, std::string_view action,
                             std::string_view object_type, std::string_view object_id,
                             std::string_view outcome);
  // Walks the chain; kConflict naming the first entry whose hash does not
  // match; returns the number of entries checked.
  [[nodiscard]] Result<int64_t> VerifyAudit();
  // The latest entry (seq 0 and empty hash when the log is empty).
  [[nodiscard]] Result<AuditEntry> AuditHead();

  // Site administration: roles, the audit log by page, settings, exports,
  // crossing points.
#include "store/store_admin.inc"

  // Protection monitoring: incidents and property left behind.
#include "store/store_monitoring.inc"

  // Protection cases, their tasks, referrals and organisations.
#include "store/store_cases.inc"

  // Family tracing: requests, decisions, alerts.
#include "store/store_tracing.inc"

  // The duplicate index's snapshot (index_snapshot.cc), so a site starts
  // without reading every person: one file, sealed in 1 MiB chunks
  // (XChaCha20-Poly1305 secretstream) under the master key's snapshot
  // subkey, its header (the audit head it reflects, the number of persons)
  // authenticated with every chunk.
  // WriteIndexSnapshot: `write` is called once with a sink for the bytes;
  // the file (0600) replaces `path` only once whole (written beside it, then
  // renamed). kUnavailable naming the path when it cannot be written.
  using SnapshotSink = std::function<void(std::string_view)>;
  using SnapshotSource = std::function<bool(char* out, size_t n)>;
  [[nodiscard]] Status WriteIndexSnapshot(const std::string& path, const AuditEntry& head,
                                          int64_t persons,
                                          const std::function<void(const SnapshotSink&)>& write);
  // ReadIndexSnapshot: calls `read` with a source of the bytes written, when
  // the snapshot at `path` is fresh: the audit entry it names is in this
  // database's chain, no entry after it may have changed a person, and it
  // holds as many persons as the database. kNotFound when there is no
  // snapshot; kConflict saying why when it is stale (before anything is
  // decrypted); kInternal when it fails verification (altered, truncated,
  // another key) or `read` stops before its end; else what `read` returns.
  [[nodiscard]] Status ReadIndexSnapshot(const std::string& path,
                                         const std::function<Status(const SnapshotSource&)>& read);
  // The first audit entry after `seq` that may have changed a person or a
  // household's province (a write not known to leave them alone), whose
  // actor starts with `actor_prefix` and, when `action` is given, whose
  // action it is; nullopt when there is none.
  [[nodiscard]] Result<std::optional<AuditEntry>> FirstPersonChangeAfter(
      int64_t seq, std::string_view actor_prefix = {}, std::string_view action = {});

  // Possible duplicates decided; members moved between households.
#include "store/store_duplicates_and_moves.inc"

  [[nodiscard]] std::string_view backend() const { return db_->backend(); }
  // The clock the store was opened with.
  [[nodiscard]] const Clock& clock() const { return *clock_; }

  // Replication: the change log, the sync cursor, a hub's sites.
#include "store/store_sync.inc"

  // Backups and the recovery phrase (defined in backup.cc; see backup.h).
  // Backup writes an encrypted, authenticated copy of the whole database to
  // `out_path` (a new file, 0600) while other threads go on reading and
  // writing; audited "backup.create". kConflict naming "out" when the file
  // exists. Returns what its header records.
  [[nodiscard]] Result<BackupHeader> Backup(const std::string& out_path, const Actor& actor);
  // The master key as a recovery phrase (recovery_phrase.h), for an
  // administrator to write down; audited "key.show_recovery" before it is
  // returned (nothing is returned if the audit entry cannot be written).
  [[nodiscard]] Result<std::string> ShowRecoveryPhrase(const Actor& actor);

 private:
  // Rows written many to a statement, and random bytes drawn many at a time
  // (import_writes.h): an import's, or a batch from another replica's.
  struct ImportWrites;
  Store(std::unique_ptr<Database> db, KeyRing keys, const Clock& clock)
      : db_(std::move(db)), keys_(std::move(keys)), clock_(&clock) {}
  Status Migrate();
  Status CheckKey();
  Status AuditLocked(const Actor& actor, std::string_view action, std::string_view object_type,
                     std::string_view object_id, std::string_view outcome,
                     std::string_view detail = {});
  // The change log's next sequence (this site's) and position, as
  // RecordOperation numbers operations. In the caller's transaction.
  struct LogCursor {
    int64_t sequence;
    int64_t position;
  };
  Result<LogCursor> NextLogCursor();
  // Records `file`'s digest; kConflict when it was imported before and not
  // `file.again`. Sets `*repeated` when it was, and `*digest` (may be null)
  // to the digest, empty when `file` has no content. In the caller's
  // transaction.
  Status RecordImportFile(const ImportFile& file, std::string_view kind, int64_t rows,
                          const std::string& now, bool* repeated, Bytes* digest = nullptr);
  // Sets the row count RecordImportFile recorded under `digest` (an import
  // that counts as it goes; nothing when `digest` is empty). In the
  // caller's transaction.
  Status SetImportFileRows(const Bytes& digest, int64_t rows);
  Status InsertPerson(Person& person, const std::string& household_id, int64_t position,
                      const std::string& now, const Actor& actor);
  // InsertPerson during ImportHouseholds (import_ set): the same rows, added
  // to import_'s batches.
  Status InsertImportedPerson(Person& person, const std::string& household_id, int64_t position,
                              const std::string& now, const Actor& actor);
  // A new person's rows (persons, person_keys, the search index's entries)
  // under `data_key`, added to `writes`' batches: an import's, or a batch of
  // operations from another replica (replica_apply.cc).
  Status StagePersonRows(const Person& person, int64_t position, const Key& data_key,
                         const std::string& now, ImportWrites& writes);
  Status UpdatePersonRow(Person& person, int64_t position, const std::string& now,
                         const Actor& actor);
  // Writes `after` over `before` (same id) as another replica made it: no
  // edit is logged (the operations came with it), nothing is stamped.
  Status RewritePersonRow(const Person& before, const Person& after, const Key& data_key,
                          const std::string& now);
  std::vector<std::string> IndexTokens(const Person& person) const;
  Status WriteIndex(const Person& person);
  Status DeleteIndex(const Person& person);
  Result<Person> LoadPerson(const Row& row);
  // LoadPerson for rows of kPersonColumns and their household's columns.
  Status VisitPersonRows(const std::vector<Row>& rows,
                         const std::function<void(const Person&, const Household&)>& visit);
  Result<Household> LoadHousehold(const std::string& id);
  // The tracing request `id` with its inquirer, decisions and alerts; mutex_ held.
  Result<TracingFile> LoadTracingFileLocked(const std::string& id);
  // `validated`: the caller ran ValidateHousehold on `household` already.
  Status InsertHouseholdRows(Household& household, const std::string& now, const Actor& actor,
                             bool validated = false);
  // UpdateHousehold's writes, in the caller's transaction; `household` is
  // validated and its destination canonical.
  Status UpdateHouseholdRows(Household& household, int64_t expected_version, const std::string& now,
                             const Actor& actor);
  // Runs one read-only statement for a scan on a read connection (an idle
  // one from readers_, else a new one), holding neither mutex_ nor, once it
  // returns, any database lock; on db_ under mutex_ where the backend has no
  // second connection.
  Result<std::vector<Row>> ScanQuery(std::string_view sql, const std::vector<Value>& params = {});
  // The change log (change_log.cc). LoadSiteId runs once at Open; the
  // others run in the caller's transaction under mutex_.
  Status LoadSiteId();
  Status RecordOperation(sync::OpKind kind, std::string_view record_type,
                         const std::string& record_id, std::string_view field, std::string value,
                         const Actor& actor);
  // The operation RecordOperation writes, numbered (its id, clock and
  // parents set), and its place in the log in `*log_position`; not written.
  Result<sync::Operation> NextOperation(sync::OpKind kind, std::string_view record_type,
                                        const std::string& record_id, std::string_view field,
                                        std::string value, const Actor& actor,
                                        int64_t* log_position);
  // `set` operations for the fields of `after` that differ from `before`.
  Status RecordPersonEdits(const Person& before, const Person& after, const Key& data_key,
                           const Actor& actor);
  // `set` operations for the household's own fields that differ.
  Status RecordHouseholdEdits(const Household& before, const Household& after,
                              const Actor& actor);
  // Building records from operations received from another replica
  // (replica_apply.cc), in IngestOperations' transaction: each household and
  // person `fresh` touched is written as the log's heads now say.
  Status ApplyReceived(const std::vector<const sync::Operation*>& fresh,
                       const sync::RecordKeys& keys, const Key* transport_key,
                       IngestCount* count);
  // The conflicts the change log holds (sync_status.cc): the fields with
  // more than one head, and every record with such a field or a deletion
  // that raced an edit.
  struct ConflictsFound {
    std::vector<sync::FieldKey> fields;
    std::set<sync::RecordKey> records;
  };
  Result<ConflictsFound> FindConflictsLocked();
  // The data key of each person in `batch`, sealed under `transport_key`.
  Status AddTransportKeys(ChangeBatch* batch, const Key& transport_key);
  // Erases a person in the caller's transaction; `log_erase` false when the
  // erasure came in from another replica (its `erase` is in the log already).
  Status ErasePersonLocked(const std::string& id, std::string_view why, const Actor& actor,
                           bool log_erase = true);

  std::unique_ptr<Database> db_;
  KeyRing keys_;
  const Clock* clock_;
  // During ImportHouseholds: its rows written many to a statement, its
  // search-index entries (written at the end) and its random bytes.
  ImportWrites* import_ = nullptr;
  // During ImportHouseholds: the change log's next sequence and position,
  // read once instead of once per operation (the import holds the write
  // lock, so nothing else writes the log meanwhile).
  std::optional<LogCursor> log_cursor_;
  std::mutex mutex_;
  std::string site_id_;             // under mutex_ once open
  sync::HybridClock hybrid_clock_;  // under mutex_
  // Idle read connections for scans (ScanQuery), at most kMaxIdleReaders.
  static constexpr size_t kMaxIdleReaders = 2;
  std::mutex readers_mutex_;
  std::vector<std::unique_ptr<Database>> readers_;
  // Scans' statements hold it shared; ErasePerson's checkpoint (which must
  // not leave erased pages in the WAL because a scan was reading) holds it
  // alone.
  std::shared_mutex checkpoint_gate_;
};

}  // namespace sanad::store
