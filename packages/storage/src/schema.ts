import type { Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { CleaningTables } from './schema-cleaning.js';
import type { MlTables } from './schema-ml.js';
import type { ExportTables } from './schema-exports.js';
import type { ImportStagingTables } from './schema-imports.js';
import type { MediaTables } from './schema-media.js';
import type { PeopleTables, WorkerKind } from './schema-people.js';
import type { QualityTables } from './schema-quality.js';

/**
 * The database schema, shared by SQLite and PostgreSQL. Conventions that keep the two dialects identical:
 * times are epoch milliseconds (bigint, parsed to number), JSON documents are text, booleans are 0/1 integers.
 */
export interface Database extends QualityTables, CleaningTables, ImportStagingTables, PeopleTables, MlTables, MediaTables, ExportTables {
  organizations: OrganizationTable;
  users: UserTable;
  sessions: SessionTable;
  api_tokens: ApiTokenTable;
  login_throttles: LoginThrottleTable;
  projects: ProjectTable;
  project_members: ProjectMemberTable;
  guideline_versions: GuidelineVersionTable;
  sources: SourceTable;
  imports: ImportTable;
  tasks: TaskTable;
  assignments: AssignmentTable;
  annotations: AnnotationTable;
  predictions: PredictionTable;
  audit_events: AuditEventTable;
  jobs: JobTable;
  teams: TeamTable;
  team_members: TeamMemberTable;
  qualifications: QualificationTable;
}

export interface TeamTable {
  id: Generated<number>;
  org_id: number;
  name: string;
  created_at: number;
}

export interface TeamMemberTable {
  team_id: number;
  user_id: number;
  created_at: number;
}

export interface QualificationTable {
  user_id: number;
  /** e.g. `medical-text-l2`; a project may require one. */
  name: string;
  granted_by: number | null;
  granted_at: number;
}

export interface OrganizationTable {
  id: Generated<number>;
  name: string;
  created_at: number;
}

export type Role = 'admin' | 'manager' | 'reviewer' | 'annotator' | 'client';
export const ROLES: readonly Role[] = ['admin', 'manager', 'reviewer', 'annotator', 'client'];

export interface UserTable {
  id: Generated<number>;
  org_id: number;
  /** Lower-cased, unique across the installation; null for a phone-only account (migration 0025: email or phone). */
  email: string | null;
  name: string;
  role: Role;
  password_hash: string;
  disabled: number;
  created_at: number;
  /** 1 after an admin reset the password: the user should choose a new one (the web app asks, issue #11). */
  must_change_password: Generated<number>;
  /** E.164 (core/src/access/phone-number.ts), unique within an organisation (migration 0025); a login name. */
  phone: Generated<string | null>;
  worker_kind: Generated<WorkerKind | null>;
  last_login_at: Generated<number | null>;
}

export interface SessionTable {
  /** sha256 of the cookie value: a leaked database does not leak live sessions. */
  id: string;
  user_id: number;
  csrf_token: string;
  created_at: number;
  expires_at: number;
}

export interface ApiTokenTable {
  id: Generated<number>;
  user_id: number;
  /** sha256 of the token; the token itself is shown once. */
  token_hash: string;
  name: string;
  created_at: number;
  /** Updated at most once a minute per token, so a busy token costs no write per request. */
  last_used_at: number | null;
  /** Set when revoked: the token stops working and stays listed with its history. */
  revoked_at: Generated<number | null>;
}

/** Login attempts per `pair:<email> <address>` and per `address:<address>` (core/src/access/login-throttle.ts). */
export interface LoginThrottleTable {
  key: string;
  /** The lower-cased email of a pair key (null for an address key), so a password reset can lift its waits. */
  account: string | null;
  /** Attempts counted in the current window; an attempt is counted before its password is checked. */
  failures: number;
  window_start: number;
  /** No attempt of this key is checked before this time. */
  blocked_until: number;
}

export interface ProjectTable {
  id: Generated<number>;
  org_id: number;
  name: string;
  description: string;
  /** JSON of the native LabelConfig. */
  label_config: string;
  overlap: number;
  lease_ttl_seconds: number;
  created_by: number;
  created_at: number;
  /** Counters kept in the same transaction as the rows they count. */
  task_count: number;
  completed_count: number;
  /** JSON of the AssignmentPolicy (contract/assignment-policy.ts); `{}` means the defaults. */
  assignment_policy: Generated<string>;
  /** Set while the project is archived: hidden from annotators' lists, no new claims, data kept (migration 0014). */
  archived_at: Generated<number | null>;
  /** Set when the project was deleted (soft: nobody finds it any more, its rows stay; migration 0014). */
  deleted_at: Generated<number | null>;
  /** Who of the organisation sees the project besides its managers (core/src/access/project-access.ts); migration 0012. */
  access: Generated<ProjectAccess>;
}

/**
 * `organisation`: every annotator and reviewer of the organisation (the behaviour before 0012, kept for the projects
 * that existed then); `members`: only those listed in project_members. Clients always need to be listed.
 */
export type ProjectAccess = 'organisation' | 'members';
export const PROJECT_ACCESS: readonly ProjectAccess[] = ['organisation', 'members'];

/** What a member does in one project; never more than their organisation role allows (core/src/access/project-members.ts). */
export type ProjectRole = 'annotator' | 'reviewer' | 'client';
export const PROJECT_ROLES: readonly ProjectRole[] = ['annotator', 'reviewer', 'client'];

export interface ProjectMemberTable {
  project_id: number;
  user_id: number;
  created_at: number;
  /** Rows written before 0012 were all clients (the only members then), hence the column default. */
  role: Generated<ProjectRole>;
}

export interface GuidelineVersionTable {
  id: Generated<number>;
  project_id: number;
  version: number;
  body: string;
  created_by: number;
  created_at: number;
}

export interface SourceTable {
  id: Generated<number>;
  project_id: number;
  name: string;
  license: string;
  collection_method: string;
  contains_personal_info: number;
  legal_basis: string;
  created_at: number;
}

/** `interrupted`: its process died before it committed; set by the recovery pass (core/src/tasks/import-recovery.ts). */
export type ImportStatus = 'running' | 'done' | 'failed' | 'interrupted';

/**
 * Where a staged (SQLite) import is: writing records to the staging table, publishing them after its commit, or
 * deleting staged rows after it failed; null when nothing of it is staged.
 */
export type ImportPhase = 'staging' | 'publishing' | 'cleanup';

/** What an import does with a record whose external id is already a task of the project (core/src/tasks/import-records.ts). */
export type ImportOnConflict = 'skip' | 'update' | 'add';

export interface ImportTable {
  id: Generated<number>;
  project_id: number;
  source_id: number | null;
  file_name: string;
  format: string;
  status: ImportStatus;
  rows_read: number;
  tasks_created: number;
  tasks_updated: number;
  rows_skipped: number;
  /** JSON array of {line, message}, capped. */
  skipped: string;
  error: string | null;
  created_by: number;
  created_at: number;
  finished_at: number | null;
  /** `host:pid` of the process running the import (null on rows from before migration 0006). */
  runner: string | null;
  on_conflict: Generated<ImportOnConflict>;
  phase: Generated<ImportPhase | null>;
  /** Staged imports: the last staged record (`seq`) published so far. */
  published_seq: Generated<number>;
  tasks_unchanged: Generated<number>;
  /** Records whose task already existed, left alone under `on_conflict = skip`. */
  tasks_skipped: Generated<number>;
  /** Records whose task has answers or a lease, so its data was not replaced. */
  tasks_refused: Generated<number>;
  /** JSON array of {line, externalId, taskId, reason, message}, capped. */
  refused: Generated<string>;
  annotations_imported: Generated<number>;
  predictions_imported: Generated<number>;
  /** Of tasks_created, the gold tasks (migration 0019). */
  gold_created: Generated<number>;
  /** SHA-256 (hex) of the uploaded file, to name a file uploaded again; null before migration 0017 and for failed reads. */
  content_sha256: Generated<string | null>;
}

export interface TaskTable {
  id: Generated<number>;
  project_id: number;
  import_id: number | null;
  external_id: string | null;
  /** JSON object. */
  data: string;
  /** Answers this task needs (the project's overlap when it was created). */
  target: number;
  /** Live leases plus answers; the database refuses slots_used > target. */
  slots_used: number;
  answer_count: number;
  priority: number;
  created_at: number;
  /** Gold tasks have a known answer and are handed out as hidden honeypots, never counted as project work. */
  is_gold: Generated<number>;
  gold_result: string | null;
  /** A seeded scramble of the id, for the `random` claim order. */
  random_rank: Generated<number>;
  /** storage/data-hash.ts of `data` (migration 0024; null for tasks stored before it): how a re-imported record without an external id is recognised. */
  data_hash: Generated<number | null>;
}

export type AssignmentStatus = 'leased' | 'submitted' | 'skipped' | 'expired';

export interface AssignmentTable {
  id: Generated<number>;
  task_id: number;
  project_id: number;
  user_id: number;
  status: AssignmentStatus;
  leased_at: number;
  expires_at: number;
  finished_at: number | null;
}

export interface AnnotationTable {
  id: Generated<number>;
  task_id: number;
  project_id: number;
  /** Null for annotations imported from another tool. */
  user_id: number | null;
  assignment_id: number | null;
  /** JSON array of Label Studio result items, stored as received. */
  result: string;
  lead_time_ms: number | null;
  guideline_version: number | null;
  idempotency_key: string | null;
  /** For imported annotations: the original `completed_by` and `id`, kept for a lossless round trip. */
  imported_from: string | null;
  created_at: number;
}

export interface PredictionTable {
  id: Generated<number>;
  task_id: number;
  model_version: string | null;
  score: number | null;
  result: string;
  created_at: number;
  /** 1 for a prediction an ML backend made (unique per task and model version), 0 for an imported one (migration 0022). */
  from_backend: Generated<number>;
}

export interface AuditEventTable {
  id: Generated<number>;
  org_id: number;
  actor_id: number | null;
  action: string;
  entity_type: string;
  entity_id: string;
  data: string;
  at: number;
  prev_hash: string;
  hash: string;
}

export type JobStatus = 'queued' | 'running' | 'done' | 'failed' | 'cancelled';

export interface JobTable {
  id: Generated<number>;
  kind: string;
  payload: string;
  status: JobStatus;
  attempts: number;
  run_after: number;
  locked_by: string | null;
  locked_until: number | null;
  progress: number;
  result: string | null;
  error: string | null;
  created_at: number;
  updated_at: number;
}

export type UserRow = Selectable<UserTable>;
export type ProjectRow = Selectable<ProjectTable>;
export type TaskRow = Selectable<TaskTable>;
export type AssignmentRow = Selectable<AssignmentTable>;
export type AnnotationRow = Selectable<AnnotationTable>;
export type ImportRow = Selectable<ImportTable>;
export type NewTask = Insertable<TaskTable>;
export type ProjectUpdate = Updateable<ProjectTable>;
