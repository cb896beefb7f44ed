import type { CleaningReport, PiiKind, PipelineConfig } from './cleaning-pipeline.js';
import type { IsoDateTime } from './iso-date.js';

/**
 * What the intake API sends (docs/intake.md): a project's intake settings, cleaning jobs and their reports. Core's
 * use cases return these shapes; the web app reads them.
 */

/** A project's intake policy. */
export interface IntakeSettings {
  /** Refuse data whose source record is incomplete (origin, licence, collection method, PI yes/no, legal basis). */
  requireCompleteSource: boolean;
  /** Keep the uploaded text, before cleaning, in each task's data under `originalKey`; otherwise it is discarded. */
  keepOriginal: boolean;
  originalKey: string;
  /**
   * Personal information every import into the project redacts before anything is stored (API, CLI, web, cleaning
   * jobs alike), or null for none: the kinds found and how they are replaced.
   */
  redactPii: PiiRedactionPolicy | null;
}

/** What an import redacts: these kinds of personal information, masked (`138****5678`) or as placeholders (`[PHONE]`). */
export interface PiiRedactionPolicy {
  kinds: PiiKind[];
  mode: 'mask' | 'placeholder';
}

/** The status of a background job (the jobs table). */
export type CleaningJobStatus = 'queued' | 'running' | 'done' | 'failed' | 'cancelled';

/** A cleaning job: its status and progress (bytes and records), and its import once done. */
export interface CleaningJobView {
  id: number;
  projectId: number;
  fileName: string;
  status: CleaningJobStatus;
  /** 0..1 */
  progress: number;
  /** `cleaning`, `importing` or `done`; null until the running job reports progress. */
  phase: string | null;
  bytesTotal: number;
  bytesRead: number;
  recordsIn: number;
  recordsOut: number;
  importId: number | null;
  tasksCreated: number | null;
  attempts: number;
  error: string | null;
  /** The error code and details of a failure (as in an error response), so the page can say it in its language. */
  errorCode: string | null;
  errorDetails: Record<string, unknown> | null;
  createdAt: IsoDateTime;
  updatedAt: IsoDateTime;
}

/** A record of an uploaded file that was left out because `skipBadLines` was set, and why. */
export interface SkippedLine {
  /** 1-based line (jsonl/csv/tsv) or element index (json). */
  line: number;
  message: string;
  /** The reader's error code and details (as in an error response), so the page can say why in its own language. */
  code?: string;
  details?: Record<string, unknown>;
}

/** The stored cleaning report: the pipeline's per-step figures plus the reader's skipped lines. */
export interface StoredCleaningReport extends CleaningReport {
  badLines: number;
  skippedLines: SkippedLine[];
  keptOriginal: boolean;
  /** Where the original text was kept; null when originals were discarded. */
  originalKey: string | null;
}

/** `GET /cleaning-jobs/:id/report`. */
export interface CleaningReportView {
  jobId: number;
  projectId: number;
  importId: number | null;
  fileName: string;
  status: CleaningJobStatus;
  /** The pipeline config as validated at upload (defaults filled in); null when the job lost it. */
  pipeline: PipelineConfig | null;
  report: StoredCleaningReport;
}
