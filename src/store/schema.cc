#include "store/schema.h"

namespace sanad::store {

const std::vector<Migration>& Migrations() {
  static const std::vector<Migration> kMigrations = {
      {1, "households, persons, movements, users, sessions, audit", R"sql(
CREATE TABLE IF NOT EXISTS meta (
  key TEXT PRIMARY KEY,
  value BLOB NOT NULL
);
CREATE TABLE households (
  id TEXT PRIMARY KEY,
  version BIGINT NOT NULL,
  origin_province TEXT NOT NULL,
  origin_district TEXT NOT NULL,
  current_location TEXT NOT NULL,
  destination_province TEXT NOT NULL,
  destination_district TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
-- Names, phone, full birth date, documents and vulnerabilities live only in
-- `sealed`, encrypted with the person's own data key (person_keys).
CREATE TABLE persons (
  id TEXT PRIMARY KEY,
  household_id TEXT NOT NULL REFERENCES households(id),
  position BIGINT NOT NULL,
  sex TEXT NOT NULL,
  birth_year BIGINT,
  relationship TEXT,
  consents TEXT NOT NULL,
  consent_recorded_by TEXT NOT NULL,
  sealed BLOB,
  erased_at TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX persons_household ON persons(household_id);
CREATE TABLE person_keys (
  person_id TEXT PRIMARY KEY REFERENCES persons(id),
  wrapped_key BLOB NOT NULL
) WITHOUT ROWID;
-- Blind indexes: keyed hashes of normalised name keys, phones and document numbers.
-- WITHOUT ROWID (SQLite only; the PostgreSQL backend drops the clause) here
-- and on person_keys (small rows keyed by text): one B-tree per table
-- instead of a table and its key's index, which imports feel most.
CREATE TABLE person_index (
  token BLOB NOT NULL,
  person_id TEXT NOT NULL REFERENCES persons(id),
  PRIMARY KEY (token, person_id)
) WITHOUT ROWID;
CREATE TABLE movements (
  id TEXT PRIMARY KEY,
  date TEXT NOT NULL,
  crossing_point TEXT NOT NULL,
  direction TEXT NOT NULL,
  mode TEXT NOT NULL,
  household_id TEXT REFERENCES households(id),
  created_at TEXT NOT NULL
);
CREATE INDEX movements_date ON movements(date);
CREATE TABLE movement_persons (
  movement_id TEXT NOT NULL REFERENCES movements(id),
  person_id TEXT NOT NULL REFERENCES persons(id),
  PRIMARY KEY (movement_id, person_id)
);
CREATE TABLE users (
  id TEXT PRIMARY KEY,
  username TEXT NOT NULL UNIQUE,
  role TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  disabled BIGINT NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL
);
CREATE TABLE sessions (
  token_hash BLOB PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id),
  csrf_token TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  last_seen BIGINT NOT NULL
);
-- Hash-chained: hash = BLAKE2b(prev_hash, seq, at, actor, action, object_type, object_id, outcome
-- [, detail when not empty: migration 3]).
CREATE TABLE audit_log (
  seq BIGINT PRIMARY KEY,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  object_type TEXT NOT NULL,
  object_id TEXT NOT NULL,
  outcome TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
)sql"},
      {2, "flow tallies (head counts at crossings)", R"sql(
CREATE TABLE tallies (
  id TEXT PRIMARY KEY,
  date TEXT NOT NULL,
  crossing_point TEXT NOT NULL,
  direction TEXT NOT NULL,
  mode TEXT NOT NULL,
  households BIGINT NOT NULL,
  individuals BIGINT NOT NULL,
  female BIGINT NOT NULL,
  male BIGINT NOT NULL,
  age_0_4 BIGINT NOT NULL,
  age_5_17 BIGINT NOT NULL,
  age_18_59 BIGINT NOT NULL,
  age_60_plus BIGINT NOT NULL,
  destination_province TEXT NOT NULL,
  registered_individuals BIGINT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX tallies_date ON tallies(date);
)sql"},
      {3, "audit entries carry a detail (the reason given for an erasure)", R"sql(
ALTER TABLE audit_log ADD COLUMN detail TEXT NOT NULL DEFAULT '';
)sql"},
      {4, "imported files, so that importing the same file twice is noticed", R"sql(
-- digest: a keyed hash of the file's bytes (KeyRing::BlindIndex), never the
-- bytes themselves.
CREATE TABLE imported_files (
  digest BLOB PRIMARY KEY,
  kind TEXT NOT NULL,
  rows BIGINT NOT NULL,
  imported_at TEXT NOT NULL
);
)sql"},
      {5, "protection incidents and property left behind (HLP)", R"sql(
-- sealed: the narrative notes, XChaCha20-Poly1305 under the incident's own
-- data key (wrapped_key, wrapped by the master key): never in the clear.
CREATE TABLE incidents (
  id TEXT PRIMARY KEY,
  version BIGINT NOT NULL,
  date TEXT NOT NULL,
  day TEXT NOT NULL,
  approximate BIGINT NOT NULL,
  province TEXT NOT NULL,
  district TEXT NOT NULL,
  type TEXT NOT NULL,
  place_type TEXT NOT NULL,
  perpetrator TEXT NOT NULL,
  source TEXT NOT NULL,
  consents TEXT NOT NULL,
  external_ref TEXT NOT NULL,
  recorded_by TEXT NOT NULL,
  sealed BLOB NOT NULL,
  wrapped_key BLOB NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX incidents_day ON incidents(day);
-- One row per person involved; details: JSON of the description, documents
-- held, detention and the status mark (no names, no notes).
CREATE TABLE incident_persons (
  incident_id TEXT NOT NULL REFERENCES incidents(id),
  position BIGINT NOT NULL,
  person_id TEXT REFERENCES persons(id),
  documentation TEXT NOT NULL,
  status TEXT NOT NULL,
  valid_status BIGINT NOT NULL,
  detained_while_documented BIGINT NOT NULL,
  still_detained BIGINT NOT NULL,
  details TEXT NOT NULL,
  PRIMARY KEY (incident_id, position)
);
CREATE INDEX incident_persons_person ON incident_persons(person_id);
-- sealed: the address, under the record's own data key.
CREATE TABLE properties (
  id TEXT PRIMARY KEY,
  version BIGINT NOT NULL,
  household_id TEXT NOT NULL REFERENCES households(id),
  kind TEXT NOT NULL,
  province TEXT NOT NULL,
  district TEXT NOT NULL,
  tenure TEXT,
  loss TEXT NOT NULL,
  loss_date TEXT,
  estimated_value BIGINT,
  currency TEXT,
  claimants TEXT NOT NULL,
  claim_status TEXT NOT NULL,
  recorded_by TEXT NOT NULL,
  sealed BLOB NOT NULL,
  wrapped_key BLOB NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX properties_household ON properties(household_id);
-- sealed: the file's bytes, under the property's data key.
CREATE TABLE property_evidence (
  id TEXT PRIMARY KEY,
  property_id TEXT NOT NULL REFERENCES properties(id),
  type TEXT NOT NULL,
  content_type TEXT NOT NULL,
  size BIGINT NOT NULL,
  sealed BLOB NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX property_evidence_property ON property_evidence(property_id);
)sql"},
      {6, "protection cases, their history, tasks and notes; referrals and organisations", R"sql(
-- The list of receiving organisations the administrator keeps; services:
-- comma-separated service names (core/referral.h).
CREATE TABLE organisations (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  services TEXT NOT NULL,
  created_at TEXT NOT NULL
);
-- wrapped_key: the case's own data key, wrapped by the master key and bound
-- to the case id; it seals the vulnerabilities copied from the person
-- (sealed), the notes, the task titles and the referrals' outcome notes.
CREATE TABLE cases (
  id TEXT PRIMARY KEY,
  version BIGINT NOT NULL,
  person_id TEXT NOT NULL REFERENCES persons(id),
  household_id TEXT NOT NULL REFERENCES households(id),
  incident_id TEXT REFERENCES incidents(id),
  risks TEXT NOT NULL,
  priority TEXT NOT NULL,
  assigned_to TEXT NOT NULL,
  status TEXT NOT NULL,
  closure_reason TEXT,
  created_by TEXT NOT NULL,
  sealed BLOB NOT NULL,
  wrapped_key BLOB NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX cases_assigned ON cases(assigned_to);
CREATE INDEX cases_person ON cases(person_id);
-- Every move of a case's status, reopening included, in order.
CREATE TABLE case_transitions (
  case_id TEXT NOT NULL REFERENCES cases(id),
  seq BIGINT NOT NULL,
  from_status TEXT NOT NULL,
  to_status TEXT NOT NULL,
  closure_reason TEXT,
  by_actor TEXT NOT NULL,
  at TEXT NOT NULL,
  PRIMARY KEY (case_id, seq)
);
-- Never updated: a correction is a new row naming the one it corrects.
CREATE TABLE case_notes (
  id TEXT PRIMARY KEY,
  case_id TEXT NOT NULL REFERENCES cases(id),
  corrects TEXT REFERENCES case_notes(id),
  author TEXT NOT NULL,
  sealed BLOB NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX case_notes_case ON case_notes(case_id);
CREATE TABLE case_tasks (
  id TEXT PRIMARY KEY,
  case_id TEXT NOT NULL REFERENCES cases(id),
  version BIGINT NOT NULL,
  sealed BLOB NOT NULL,
  due TEXT NOT NULL,
  done BIGINT NOT NULL,
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX case_tasks_case ON case_tasks(case_id, done, due);
-- shared_fields: the person's fields the referral carries (minimum data);
-- sealed: the outcome note.
CREATE TABLE referrals (
  id TEXT PRIMARY KEY,
  case_id TEXT NOT NULL REFERENCES cases(id),
  version BIGINT NOT NULL,
  service TEXT NOT NULL,
  organisation_id TEXT NOT NULL REFERENCES organisations(id),
  status TEXT NOT NULL,
  shared_fields TEXT NOT NULL,
  consent_of TEXT NOT NULL,
  sealed BLOB NOT NULL,
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX referrals_case ON referrals(case_id);
)sql"},
      {7, "family tracing: requests, sought persons, decisions, alerts; links between persons",
       R"sql(
-- caseworker: the username the request's alerts go to ('' : any caseworker).
CREATE TABLE tracing_requests (
  id TEXT PRIMARY KEY,
  version BIGINT NOT NULL,
  inquirer_id TEXT NOT NULL REFERENCES persons(id),
  case_id TEXT REFERENCES cases(id),
  caseworker TEXT NOT NULL,
  status TEXT NOT NULL,
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX tracing_requests_status ON tracing_requests(status);
CREATE INDEX tracing_requests_inquirer ON tracing_requests(inquirer_id);
-- Each sought person's names and places live only in `sealed`, under the
-- inquirer's own data key (person_keys), bound to "<request id>/<index>":
-- erasing the inquirer erases what they told us.
CREATE TABLE tracing_sought (
  request_id TEXT NOT NULL REFERENCES tracing_requests(id),
  sought_index BIGINT NOT NULL,
  sealed BLOB NOT NULL,
  found BIGINT NOT NULL,
  PRIMARY KEY (request_id, sought_index)
);
-- Ids only: a candidate is a person (person_id) or another request (other_request_id).
CREATE TABLE tracing_decisions (
  id TEXT PRIMARY KEY,
  request_id TEXT NOT NULL REFERENCES tracing_requests(id),
  sought_index BIGINT NOT NULL,
  person_id TEXT,
  other_request_id TEXT,
  verdict TEXT NOT NULL,
  by_actor TEXT NOT NULL,
  at TEXT NOT NULL
);
CREATE INDEX tracing_decisions_request ON tracing_decisions(request_id, sought_index);
-- A new registration that may be a person sought, for the request's caseworker.
CREATE TABLE tracing_alerts (
  id TEXT PRIMARY KEY,
  request_id TEXT NOT NULL REFERENCES tracing_requests(id),
  sought_index BIGINT NOT NULL,
  person_id TEXT NOT NULL REFERENCES persons(id),
  caseworker TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX tracing_alerts_request ON tracing_alerts(request_id);
-- Two persons known to be family (a confirmed tracing match), and so their
-- households: relationship is what person_b is to person_a.
CREATE TABLE person_links (
  id TEXT PRIMARY KEY,
  person_a TEXT NOT NULL REFERENCES persons(id),
  person_b TEXT NOT NULL REFERENCES persons(id),
  household_a TEXT NOT NULL REFERENCES households(id),
  household_b TEXT NOT NULL REFERENCES households(id),
  relationship TEXT NOT NULL,
  tracing_request_id TEXT REFERENCES tracing_requests(id),
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX person_links_a ON person_links(person_a);
CREATE INDEX person_links_b ON person_links(person_b);
)sql"},
      {8, "the change log of field-level operations (sync)", R"sql(
-- One row per operation (src/sync/operation.h), written at this site or
-- received from another. `value` is the value as stored (sealed under the
-- record's key), NULL once the record is erased; `parents` lists
-- "site:sequence" ids; `log_position` is the order of arrival here, which is
-- what a replica pulling from this one asks to continue after.
CREATE TABLE change_log (
  site TEXT NOT NULL,
  sequence BIGINT NOT NULL,
  clock TEXT NOT NULL,
  user_id TEXT NOT NULL,
  record_type TEXT NOT NULL,
  record_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  field TEXT NOT NULL,
  value BLOB,
  parents TEXT NOT NULL,
  log_position BIGINT NOT NULL UNIQUE,
  PRIMARY KEY (site, sequence)
);
CREATE INDEX change_log_record ON change_log(record_type, record_id, field);
)sql"},
      {9, "sites enrolled at a hub, and a site's sync cursor", R"sql(
-- At a hub: the sites that may sync, each by the hash of its secret token.
CREATE TABLE sync_sites (
  name TEXT PRIMARY KEY,
  token_hash BLOB NOT NULL UNIQUE,
  enrolled_at TEXT NOT NULL,
  revoked_at TEXT,
  last_sync_at TEXT,
  clock_skew_ms BIGINT NOT NULL DEFAULT 0
);
-- At a site: how far its push and its pull have got (one row).
CREATE TABLE sync_cursor (
  id BIGINT PRIMARY KEY,
  pushed BIGINT NOT NULL,
  pulled BIGINT NOT NULL,
  last_success_at TEXT NOT NULL
);
CREATE INDEX change_log_created ON change_log(kind, site);
)sql"},
      {10, "form submissions imported: each version's instanceID and the household it wrote", R"sql(
-- `sanad import submissions`: the instanceID of every submission version
-- imported, the household it created or updated, the version that left
-- and the person ids in the roster's order (comma-separated), so that a
-- second import of the same export changes nothing and an edited
-- submission updates the same people with the version check. No answer of
-- the form is kept here.
CREATE TABLE submission_imports (
  instance_id TEXT PRIMARY KEY,
  household_id TEXT NOT NULL REFERENCES households(id),
  household_version BIGINT NOT NULL,
  person_ids TEXT NOT NULL,
  imported_at TEXT NOT NULL
);
CREATE INDEX submission_imports_household ON submission_imports(household_id);
)sql"},
      {11,
       "site settings, person exports made from the browser, crossing points added by an admin, "
       "passwords to change at the next sign-in",
       R"sql(
-- Site settings as key and value (text), each change audited with the old
-- and the new value: "k", the smallest published cell (disclosure control).
CREATE TABLE site_settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL,
  updated_by TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
-- Person exports made from the browser: the file, sealed to the passphrase
-- the administrator gave (export_file.h), is kept until it is downloaded
-- once and then dropped (file NULL, downloaded_at set).
CREATE TABLE person_exports (
  id TEXT PRIMARY KEY,
  purpose TEXT NOT NULL,
  persons BIGINT NOT NULL,
  bytes BIGINT NOT NULL,
  made_by TEXT NOT NULL,
  made_at TEXT NOT NULL,
  downloaded_at TEXT,
  file BLOB
);
-- A password an administrator issued (a new account's, or a reset in the
-- browser) is to be changed at the next sign-in.
ALTER TABLE users ADD COLUMN password_change_required BIGINT NOT NULL DEFAULT 0;
-- Crossing points an administrator added beside the built-in gazetteer
-- (core/flow.h): other spellings one a line.
CREATE TABLE crossing_points (
  name TEXT PRIMARY KEY,
  afghan_province TEXT NOT NULL,
  spellings TEXT NOT NULL,
  added_by TEXT NOT NULL,
  added_at TEXT NOT NULL
);
)sql"},
      {12, "duplicate decisions and members moved between households", R"sql(
-- A registrar's or caseworker's verdict on a possible duplicate: the pair
-- (person_a < person_b, so a pair has one row whichever side it was decided
-- from), `same` or `not_same`, who and when. Ids only. A decided pair is
-- never offered again; `same` also links the two in person_links.
CREATE TABLE duplicate_decisions (
  id TEXT PRIMARY KEY,
  person_a TEXT NOT NULL REFERENCES persons(id),
  person_b TEXT NOT NULL REFERENCES persons(id),
  decision TEXT NOT NULL,
  by_actor TEXT NOT NULL,
  at TEXT NOT NULL,
  UNIQUE (person_a, person_b)
);
CREATE INDEX duplicate_decisions_b ON duplicate_decisions(person_b);
-- A member moved from one household to another (never a silent drop): the
-- person, both households, the relationship to the new household's head.
CREATE TABLE household_moves (
  id TEXT PRIMARY KEY,
  person_id TEXT NOT NULL REFERENCES persons(id),
  from_household TEXT NOT NULL REFERENCES households(id),
  to_household TEXT NOT NULL REFERENCES households(id),
  relationship TEXT NOT NULL,
  by_actor TEXT NOT NULL,
  at TEXT NOT NULL
);
CREATE INDEX household_moves_from ON household_moves(from_household);
CREATE INDEX household_moves_to ON household_moves(to_household);
)sql"},
      {13, "the change log's clocks indexed", R"sql(
-- Opening a store reads the largest clock it has seen (the hybrid clock goes
-- on from there): without an index that read every operation, 0.8 s at a
-- site of a million persons on every start, import and sync.
CREATE INDEX change_log_clock ON change_log(clock);
)sql"},
      {14, "a transport key for each enrolled site", R"sql(
-- At a hub: the key each site's records' data keys travel under (wrapped by
-- the hub's master key), also written into the site's credential. NULL for
-- a site enrolled before keys travelled: its records stay in the log only,
-- unreadable at the hub.
ALTER TABLE sync_sites ADD COLUMN wrapped_transport_key BLOB;
)sql"},
      {15, "a site's last sync attempt: when, its error, the clock against the hub's", R"sql(
-- At a site: its last round of sync with its hub (one row), for the admin's
-- screen. The last success stays in sync_cursor. `last_error` is empty when
-- the last attempt succeeded; `clock_skew_ms` (this site's clock minus the
-- hub's) is NULL until the hub first answered, and kept when it does not.
CREATE TABLE sync_status (
  id BIGINT PRIMARY KEY,
  last_attempt_at TEXT NOT NULL,
  last_error TEXT NOT NULL,
  clock_skew_ms BIGINT
);
)sql"},
      {16, "possible duplicates between persons registered at different sites", R"sql(
-- At a hub: pairs of persons first registered at two different sites that
-- the matching engine found alike (person_a < person_b), with each one's
-- site and the match probability in thousandths. Ids only. A pair decided
-- since (duplicate_decisions) is no longer offered; erasing either person
-- deletes the row.
CREATE TABLE cross_site_duplicates (
  person_a TEXT NOT NULL REFERENCES persons(id),
  person_b TEXT NOT NULL REFERENCES persons(id),
  site_a TEXT NOT NULL,
  site_b TEXT NOT NULL,
  probability_permille BIGINT NOT NULL,
  found_at TEXT NOT NULL,
  PRIMARY KEY (person_a, person_b)
);
CREATE INDEX cross_site_duplicates_b ON cross_site_duplicates(person_b);
CREATE INDEX cross_site_duplicates_probability
  ON cross_site_duplicates(probability_permille);
-- How far the scan has come: the change log's position of the last
-- person's `create` it looked at (one row).
CREATE TABLE cross_site_scan (
  id BIGINT PRIMARY KEY,
  scanned_position BIGINT NOT NULL
);
)sql"},
  };
  return kMigrations;
}

}  // namespace sanad::store
