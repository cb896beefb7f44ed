import type { ResultItem, SkippedLine } from '@biaozhu/contract';
import type { DomainError } from '../errors.js';

/** The task file formats the readers understand. `json` is a JSON array (or one object) of plain objects or Label Studio tasks. */
export type ImportFormat = 'jsonl' | 'csv' | 'tsv' | 'json';

/** One annotation carried by a Label Studio task file; `result` is kept exactly as parsed so export is lossless. */
export interface ImportedAnnotation {
  id?: number | string;
  /** Label Studio writes a user id, or an object with the user's id and email. */
  completed_by?: number | string | Record<string, unknown>;
  result: ResultItem[];
  lead_time?: number;
  created_at?: string;
  was_cancelled?: boolean;
  ground_truth?: boolean;
}

/** One model pre-annotation carried by a Label Studio task file; `result` is kept exactly as parsed. */
export interface ImportedPrediction {
  result: ResultItem[];
  score?: number;
  model_version?: string;
}

/** One task read from an import file. */
export interface ParsedTask {
  /** 1-based line (jsonl/csv/tsv: the line the record starts on) or 1-based element index (json). */
  line: number;
  data: Record<string, unknown>;
  /** From the `externalIdField` option, else a Label Studio task's `id`. */
  externalId?: string;
  annotations?: ImportedAnnotation[];
  predictions?: ImportedPrediction[];
}

/** A record that was left out because `skipBadLines` was set (in the contract: cleaning reports list them). */
export type { SkippedLine };

/** Options for {@link readTasks}. */
export interface ReadOptions {
  /** The file format; when absent it is detected from `fileName` and the first bytes. */
  format?: ImportFormat;
  fileName?: string;
  /** A key of each record's data whose value becomes the task's external id (kept in `data` too). */
  externalIdField?: string;
  /** Skip bad records (reported through `onSkip`) instead of failing on the first one. */
  skipBadLines?: boolean;
  /** The longest record accepted, in bytes; default 1 MiB. */
  maxRecordBytes?: number;
  /** The most bytes a gzip file may inflate to; default 2 GiB. */
  maxDecompressedBytes?: number;
  onSkip?: (skipped: SkippedLine) => void;
  /** Called with the number of input (possibly compressed) bytes read so far. */
  onProgress?: (bytesRead: number) => void;
}

/** What a format reader yields: a task, or a bad record that the caller either skips or throws. */
export type RecordOutcome = { ok: true; task: ParsedTask } | { ok: false; line: number; error: DomainError };
