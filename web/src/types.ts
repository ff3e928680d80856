// Shapes of the API's JSON (see docs/api.md). Only the fields the app reads.

export type Role = 'admin' | 'registrar' | 'counsellor' | 'caseworker' | 'analyst';
export type Permission =
  | 'household.write'
  | 'person.read'
  | 'person.duplicates'
  | 'status.check'
  | 'movement.write'
  | 'movement.read'
  | 'report.read'
  | 'user.admin'
  | 'export.persons'
  | 'incident.write'
  | 'incident.read'
  | 'property.records'
  | 'case.write'
  | 'case.read'
  | 'case.read_all'
  | 'referral.update'
  | 'organisation.admin'
  | 'tracing.create'
  | 'tracing.work'
  | 'audit.read'
  | 'site.settings'
  | 'sync.status'
  | 'person.erase';

export interface User {
  username: string;
  role: Role;
}

export interface Session {
  user: User;
  permissions: Permission[];
  csrf_token?: string; // lets a new tab on the same cookie session write
  password_change_required?: boolean; // an administrator issued the password: change it first
}

export interface DocumentRecord {
  type: string;
  number: string;
  issued?: string;
  valid_until?: string;
}

export interface MemberInput {
  given_name: string;
  father_name: string;
  grandfather_name: string;
  family_name: string;
  sex: string;
  birth_date: string;
  phone: string;
  relationship: string;
  documents: DocumentRecord[];
  consents: string[];
  vulnerabilities: string[];
}

export interface PersonRecord extends Partial<MemberInput> {
  id: string;
  household_id?: string;
  province?: string;
  given_name: string;
}

export interface HouseholdRecord {
  id: string;
  version: number;
  origin_province?: string;
  origin_district?: string;
  current_location?: string;
  destination_province?: string;
  destination_district?: string;
  members: PersonRecord[];
  possible_duplicates?: PossibleDuplicate[];
}

export interface PossibleDuplicate {
  person_id: string;
  candidate_id: string;
  match_probability: number;
  given_name?: string;
  father_name?: string;
  grandfather_name?: string;
  birth_date?: string;
  province?: string;
}

export interface Evidence {
  field: string;
  level: string;
  weight: number;
}

export interface Candidate {
  person_id: string;
  household_id?: string;
  given_name?: string;
  father_name?: string;
  grandfather_name?: string;
  family_name?: string;
  birth_date?: string;
  sex?: string;
  phone?: string;
  province?: string;
  match_probability: number;
  explanation?: Evidence[];
}

export interface PersonSummary {
  id: string;
  household_id?: string;
  given_name: string;
  father_name?: string;
  grandfather_name?: string;
  birth_year?: number | string | null;
  province?: string;
  sex?: string;
}

// GET /api/v1/duplicates/cross-site: a person of a pair, with the site that
// first registered them.
export interface CrossSitePerson extends PersonSummary {
  site: string;
}

export interface CrossSitePair {
  a: CrossSitePerson;
  b: CrossSitePerson;
  match_probability: number;
  found_at: string;
}

export interface PersonPage {
  items: PersonSummary[];
  page: number;
  page_size: number;
  has_more: boolean;
}

export interface Provision {
  id: string;
  title: string;
  source: string;
  explanation?: string;
  sources_differ?: string;
  // The language of this provision's texts: the answer's, or 'en' where the
  // policy file has no translation.
  language?: string;
}

export interface StatusAnswer {
  // The language of the texts (status_text, provisions, next_steps).
  language?: string;
  status: string;
  context?: string;
  reason?: string;
  missing_documents?: string[];
  provisions: Provision[];
  warnings: string[];
  next_steps: string[];
  deciding_document?: string | { type?: string; valid_until?: string } | null;
  timeline?: { from?: string; to?: string; status: string; reason?: string }[];
}

export interface Movement {
  id: string;
  date: string;
  crossing_point: string;
  direction?: string;
  mode?: string;
  household_id?: string;
  person_ids?: string[];
}

export type Count = number | null;

export interface FlashRow {
  date: string;
  crossing_point: string;
  mode: string;
  households: Count;
  individuals: Count;
  female: Count;
  male: Count;
  age_0_4: Count;
  age_5_17: Count;
  age_18_59: Count;
  age_60_plus: Count;
  suppressed?: string[];
  [extra: string]: unknown;
}

// The report as src/report/flash_output.cc writes it. `totals` is either the
// grand total row or an object holding it (`total`) with the breakdowns.
export interface FlashReport {
  rows: FlashRow[];
  totals: Partial<FlashRow> & {
    total?: Partial<FlashRow>;
    by_destination?: Partial<FlashRow>[];
  };
  k?: number;
  disclosure_control?: { applied?: boolean; k?: number };
  deported_share?: number | null;
  // Registered flows only, [0-4, 5-17, 18-59, 60+]; null where withheld.
  pyramid?: { shows: 'registered_flows'; female: Count[]; male: Count[]; total: Count; suppressed: number };
}

// Protection incidents (docs/api.md, "A protection incident").
export interface HeldDocument {
  type: string;
  valid_until?: string | null;
}

export interface Detention {
  held_at?: string;
  days?: number | null;
  outcome: string;
  payment_demanded?: number | null;
  payment_paid?: number | null;
  currency?: string | null;
}

export interface StatusMark {
  status: string;
  evaluated_on: string;
  approximate: boolean;
  valid_status: boolean;
  detained_while_documented: boolean;
  provisions: string[];
}

export interface IncidentPerson {
  person_id?: string | null;
  sex?: string;
  age?: number | null;
  age_band?: string | null;
  relationship?: string | null;
  documents_held: HeldDocument[];
  documentation?: string;
  detention?: Detention | null;
  status?: StatusMark | null;
  status_explained?: {
    language?: string;
    status_text?: string;
    reason?: string;
    provisions: (Provision & { explanation?: string })[];
    next_steps: string[];
  };
}

export interface IncidentRecord {
  id: string;
  version: number;
  date: string;
  approximate_date: boolean;
  province: string;
  district: string;
  type: string;
  risk: string;
  place_type: string;
  perpetrator: string;
  persons: IncidentPerson[];
  source: string;
  consents: string[];
  notes: string;
  recorded_by?: string;
  created_at?: string;
}

export interface IncidentSummary {
  id: string;
  date: string;
  province: string;
  district: string;
  type: string;
  risk: string;
  persons: number;
  detained_while_documented: number;
  still_detained_documented: number | boolean;
  created_at?: string;
}

export interface IncidentReportRow {
  date: string;
  date_end: string;
  period: string;
  province: string | null;
  type: string | null;
  documentation: string | null;
  incidents: Count;
  persons: Count;
  persons_with_valid_status: Count;
  suppressed: string[];
}

export interface IncidentReport {
  rows: IncidentReportRow[];
  disclosure_control?: { applied?: boolean; k?: number };
  totals?: { total?: Partial<IncidentReportRow> };
}

// Property left behind (docs/api.md, "Property left behind").
export interface EvidenceFile {
  id: string;
  type: string;
  content_type: string;
  size: number;
  created_at: string;
}

export interface PropertyRecord {
  id: string;
  household_id: string;
  kind: string;
  province: string;
  district: string;
  address: string;
  tenure: string | null;
  what_happened: string;
  date: string | null;
  estimated_value: number | null;
  currency: string | null;
  claimants: string[];
  claim_status: string;
  evidence: EvidenceFile[];
}

// Protection cases and referrals (docs/api.md, "Cases and referrals").
export interface CaseSummary {
  id: string;
  person_id: string;
  status: string;
  priority: string;
  risks: string[];
  assigned_to: string;
  next_due: string | null;
  overdue: boolean;
  updated_at: string;
}

export interface CaseRecord {
  id: string;
  version: number;
  person_id: string;
  household_id: string;
  incident_id: string | null;
  risks: string[];
  vulnerabilities: string[];
  priority: string;
  assigned_to: string;
  status: string;
  closure_reason: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
}

export interface CaseNote {
  id: string;
  text: string;
  corrects: string | null;
  author: string;
  created_at: string;
}

export interface CaseTask {
  id: string;
  case_id: string;
  version: number;
  title: string;
  due: string;
  done: boolean;
  created_by: string;
  created_at: string;
  updated_at: string;
}

export interface Referral {
  id: string;
  case_id: string;
  version: number;
  service: string;
  organisation_id: string;
  status: string;
  shared_fields: string[];
  consent_of: string;
  outcome_note: string;
  created_by: string;
  created_at: string;
  updated_at: string;
}

export interface CaseFile extends CaseRecord {
  allowed_transitions: string[];
  history: { from: string; to: string; closure_reason: string | null; by: string; at: string }[];
  notes: CaseNote[];
  tasks: CaseTask[];
  referrals: Referral[];
}

export interface Organisation {
  id: string;
  name: string;
  services: string[];
}

// Family tracing (docs/api.md, "Family tracing").
export interface SoughtInput {
  given_name: string;
  father_name: string;
  grandfather_name: string;
  family_name: string;
  nickname: string;
  sex: string;
  birth_date?: string;
  age?: number;
  relationship_to_inquirer: string;
  separation_date?: string;
  separation_place: string;
  separation_cause: string;
  last_known_place: string;
  last_known_phone: string;
}

export interface TracingRequest {
  id: string;
  version: number;
  inquirer_id: string;
  case_id?: string | null;
  caseworker?: string;
  status: string;
  sought: (Omit<Partial<SoughtInput>, 'age' | 'birth_date' | 'separation_date' | 'last_known_phone'> & {
    age?: number | null;
    birth_date?: string | null;
    separation_date?: string | null;
    last_known_phone?: string | null;
    found?: boolean;
  })[];
  created_by?: string;
  created_at?: string;
}

// A line of GET /api/v1/tracing-requests: counts, no names.
export interface TracingSummary {
  id: string;
  inquirer_id: string;
  case_id: string | null;
  caseworker: string;
  status: string;
  version: number;
  sought: number;
  found: number;
  alerts: number;
  created_at: string;
}

export interface TracingMatch {
  sought_index: number;
  person_id?: string;
  tracing_request_id?: string;
  match_probability: number;
  explanation?: Evidence[];
  derived?: string[];
  // For a registered person: what tells them apart.
  household_id?: string;
  given_name?: string;
  father_name?: string;
  grandfather_name?: string;
  birth_date?: string | null;
  province?: string;
}

// Site administration (issue 16): accounts, the audit log, site settings,
// person exports, crossing points, the loaded policy.
export interface Account {
  id: string;
  username: string;
  role: Role;
  disabled: boolean;
  created_at: string;
  password?: string; // a new password, shown once
}

export interface AuditLine {
  seq: number;
  at: string;
  actor: string;
  address: string;
  action: string;
  object_type: string;
  object_id: string;
  outcome: string;
  detail: string;
  hash: string;
}

export interface AuditPage {
  items: AuditLine[];
  page: number;
  page_size: number;
  has_more: boolean;
}

export interface AuditCheck {
  intact: boolean;
  entries?: number;
  problem?: string;
  broken_at?: number;
  head: { seq: number; hash: string; at: string };
}

export interface SiteSettings {
  k: number;
  k_default: number;
  k_min: number;
  k_max: number;
  k_updated_by: string | null;
  k_updated_at: string | null;
}

// Where the site's sync with its hub stands (GET /api/v1/sync/status).
export interface SyncStatus {
  configured: boolean;
  hub: string | null;
  site: string;
  every_seconds: number | null;
  last_success_at: string | null;
  last_attempt_at: string | null;
  last_error: string | null;
  clock_skew_ms: number | null; // this site's clock minus the hub's
  conflicts: number;
}

export interface PersonExport {
  id: string;
  purpose: string;
  persons: number;
  bytes: number;
  made_by: string;
  made_at: string;
  downloaded_at: string | null;
}

export interface CrossingPointRecord {
  name: string;
  afghan_province: string;
  spellings: string[];
  built_in: boolean;
  added_by: string | null;
  added_at: string | null;
}

export interface PolicyProvision {
  id: string;
  title: string;
  language?: string; // of title, explanation, sources_differ, next_steps
  missing_languages?: string[];
  context: string;
  effect: string;
  from: string | null;
  to: string | null;
  leave_by: string | null;
  removal_from: string | null;
  documents: string[];
  source: { authority: string; date: string; reference: string };
  citation: string;
  explanation: string;
  sources_differ: string;
  next_steps: string[];
}

export interface LoadedPolicy {
  id: string;
  title: string;
  jurisdiction: string;
  version: string;
  file: string;
  language?: string;
  provisions: PolicyProvision[];
}

// Issue 16: what a registrar decides and corrects after registering.
export interface DuplicateDecision {
  person_id: string;
  candidate_id: string;
  decision: 'same' | 'not_same';
  by: string;
  at: string;
  candidate?: PersonSummary;
}

export interface HouseholdMove {
  id: string;
  person_id: string;
  from_household_id: string;
  to_household_id: string;
  relationship: string;
  by: string;
  at: string;
}

// GET /api/v1/conflicts: a field two replicas set while apart; the value
// shown now first.
export interface ConflictValue {
  op_id: string; // "SITE:SEQUENCE", what POST /api/v1/conflicts/resolve keeps
  value: string;
  hidden: boolean; // a phone or documents this role may not see
  site: string;
  here: boolean; // written at this replica
  user: string; // a username when user_known, else the writer's id at its site
  user_known: boolean;
  written_at: string;
}

export interface FieldConflict {
  record_type: 'person' | 'household';
  record_id: string;
  field: string;
  household_id: string;
  values: ConflictValue[];
}
