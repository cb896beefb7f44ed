import type { Generated } from 'kysely';

/** Tables of the intake module (provenance requirements, cleaning reports); filled by migrations/0004-cleaning.ts. */
export interface CleaningTables {
  project_intake_settings: ProjectIntakeSettingsTable;
  cleaning_reports: CleaningReportTable;
  intake_jobs: IntakeJobTable;
}

/** Who a cleaning job belongs to (the `jobs` row holds its state and payload). */
export interface IntakeJobTable {
  job_id: number;
  org_id: number;
  project_id: number;
  file_name: string;
  bytes_total: number;
  /** JSON of the cleaning phase's report, written when cleaning ends (kept if the import then fails). */
  report: string | null;
  created_by: number;
  created_at: number;
}

/** A project's intake policy; a project without a row has the defaults (nothing required, originals discarded). */
export interface ProjectIntakeSettingsTable {
  project_id: number;
  /** 0/1: refuse imports whose source record lacks origin, licence, collection method or (with PI) legal basis. */
  require_complete_source: number;
  /** 0/1: keep the text as uploaded, before cleaning, in the task's data under `original_key`. */
  keep_original: number;
  original_key: string;
  /** JSON {kinds, mode} of the personal information every import redacts, or null (migration 0019). */
  redact_pii: Generated<string | null>;
  updated_by: number;
  updated_at: number;
}

/** The report of one cleaning job, stored with the import that took its output. */
export interface CleaningReportTable {
  id: Generated<number>;
  /** The jobs row; unique, so a job's output can be imported once only. */
  job_id: number;
  project_id: number;
  import_id: number;
  file_name: string;
  /** JSON of the validated pipeline config. */
  pipeline: string;
  /** JSON of the CleaningReport (per step in/out/changed/findings) plus the reader's skipped lines. */
  report: string;
  created_at: number;
}
