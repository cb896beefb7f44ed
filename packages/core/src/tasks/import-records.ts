import type { AssignmentPolicy } from '@biaozhu/contract';
import { canonicalJson, storedDataHash, taskDataHash, type ImportStagedTaskTable, type ImportOnConflict } from '@biaozhu/storage';
import { initialTarget, randomRank, taskKey } from '../assignment/assignment-policy.js';
import { invalid } from '../errors.js';
import type { ParsedTask } from '../imports/index.js';

/** What an import does with a record whose external id is already a task of the project; see ON_CONFLICT. */
export type OnConflict = ImportOnConflict;

/**
 * A record "already is a task" when its external id (the `externalIdField`, or a Label Studio task's `id`) is one of
 * the project's tasks, or, without an external id, when its data holds the same values (key order aside: a CSV's
 * columns in another order) as a task the project had when the import started (tasks.data_hash, known-data.ts;
 * two equal records in one file are two tasks). A file uploaded again as a whole is caught earlier, by its content
 * hash (import-tasks.ts).
 * - `skip` (the default): the record is left out; the task stays as it is.
 * - `update`: the task takes the record's data, unless it has answers or an annotator holds it (or held it and may
 *   still send a late answer): then the record is refused and listed, so no answer ever points at content other than
 *   the one answered. A record whose data equals the task's changes nothing but may add its annotations and
 *   predictions (never twice): re-importing a Label Studio export with answers collected elsewhere.
 * - `add`: the record becomes a new task anyway, without an external id (a project has one task per external id).
 * For a record recognised by its data, `update` has no data to change: it counts as unchanged, and what it adds is
 * its annotations and predictions, if it carries new ones.
 */
export const ON_CONFLICT: readonly OnConflict[] = ['skip', 'update', 'add'];

/** Reads the option from user input; `field` names it in the error. */
export function parseOnConflict(value: string | undefined, field = 'onConflict'): OnConflict | undefined {
  if (value === undefined || value === '') return undefined;
  if ((ON_CONFLICT as readonly string[]).includes(value)) return value as OnConflict;
  throw invalid('invalid_on_conflict', `${field}: one of ${ON_CONFLICT.join(', ')}, got "${value.slice(0, 40)}"`, { field });
}

/** A Label Studio annotation ready to insert; `origin` keeps its other fields verbatim for the export. */
export interface CarriedAnnotation {
  result: string;
  leadTimeMs: number | null;
  origin: string;
  createdAt: number;
}

/** A Label Studio prediction ready to insert. */
export interface CarriedPrediction {
  modelVersion: string | null;
  score: number | null;
  result: string;
}

/** One record as it will be stored: the task row's values, computed once (and staged as they are on SQLite). */
export interface PreparedRecord {
  line: number;
  externalId: string | null;
  /** JSON text of the task's data. */
  data: string;
  /** taskDataHash of the data's canonical form: stored with the task, how a later import recognises it. */
  dataHash: number;
  /**
   * Without an external id: the earlier task found to hold the same data when the record was staged (SQLite), so
   * publishing looks at that task only. Null when none was, or not looked for yet.
   */
  matchTaskId: number | null;
  target: number;
  rank: number;
  priority: number;
  /** JSON of the known answer of a gold task, else null. */
  gold: string | null;
  annotations: CarriedAnnotation[];
  predictions: CarriedPrediction[];
}

/** Records read, checked for a repeated external id (checkBatchDuplicates) and staged together. */
export const IMPORT_BATCH = 500;

/**
 * Records published together by a staged (SQLite) import. `min` while claims and submits are being written: a
 * transaction of about 2 ms, what one of them waits at most behind the import (bench/assign-during-import). While
 * nobody else writes, the batch doubles up to `max` records, and halves when one takes longer than `quietMs` (what a
 * request arriving then waits at most): every commit rewrites the index pages it touched, and few large commits
 * import about 1.3x faster than many small ones.
 */
export const PUBLISH_BATCH = { min: 100, max: 12_800, quietMs: 100 } as const;

/**
 * Records parsed between two turns of the event loop. Parsing runs on the server's one thread: without a turn now
 * and then, a chunk of the file would be parsed in one go while annotators' requests wait.
 */
export const PARSE_SLICE = 100;

/**
 * Gold tasks are held open for every worker (a honeypot must be answerable by anyone), so their target is a bound
 * no real overlap reaches; they never count as project work.
 */
export const GOLD_TARGET = 1_000_000;

/** The key that tells two imported annotations apart: their original fields and their result. */
export const annotationKey = (origin: string | null, result: string) => `${origin ?? ''}\n${result}`;

/** Same task, model version and result: the same prediction. */
export const predictionKey = (modelVersion: string | null, result: string) => `${modelVersion ?? ''}\n${result}`;

/** Turns a parsed record into the values of its task row, placed by the project's policy. */
export function prepareRecord(t: ParsedTask, policy: AssignmentPolicy, overlap: number, now: number): PreparedRecord {
  const data = JSON.stringify(t.data);
  const key = taskKey(t.externalId, data);
  const truth = t.annotations?.find((a) => a.ground_truth === true);
  const annotations = new Map<string, CarriedAnnotation>();
  if (!truth) {
    for (const a of t.annotations ?? []) {
      if (a.was_cancelled === true) continue;
      // Everything but the result and time is kept verbatim (id, completed_by, lead_time...) for the export.
      const { result, created_at, ...rest } = a;
      const carried: CarriedAnnotation = {
        result: JSON.stringify(result),
        leadTimeMs: typeof a.lead_time === 'number' && Number.isFinite(a.lead_time) ? Math.round(a.lead_time * 1000) : null,
        origin: JSON.stringify(rest),
        createdAt: parseTime(created_at) ?? now,
      };
      annotations.set(annotationKey(carried.origin, carried.result), carried);
    }
  }
  const predictions = new Map<string, CarriedPrediction>();
  for (const p of t.predictions ?? []) {
    const carried: CarriedPrediction = {
      modelVersion: p.model_version ?? null,
      score: typeof p.score === 'number' && Number.isFinite(p.score) ? p.score : null,
      result: JSON.stringify(p.result),
    };
    predictions.set(predictionKey(carried.modelVersion, carried.result), carried);
  }
  return {
    line: t.line,
    externalId: t.externalId ?? null,
    data,
    dataHash: taskDataHash(canonicalJson(t.data)),
    matchTaskId: null,
    target: truth ? GOLD_TARGET : initialTarget(policy, overlap, key),
    rank: randomRank(policy.seed, key),
    priority: priorityOf(t),
    // A Label Studio task whose annotation is marked `ground_truth` is a gold task: that annotation (with its
    // original fields) is its known answer and is not stored as a worker's answer.
    gold: truth ? JSON.stringify({ ...truth }) : null,
    annotations: [...annotations.values()],
    predictions: [...predictions.values()],
  };
}

/** Refuses a batch in which one external id appears twice (the records of a batch are stored together). */
export function checkBatchDuplicates(batch: readonly PreparedRecord[]): void {
  const seen = new Map<string, number>();
  for (const r of batch) {
    if (r.externalId === null) continue;
    const first = seen.get(r.externalId);
    if (first !== undefined) {
      throw invalid('duplicate_external_id', `line ${r.line}: external id "${r.externalId.slice(0, 200)}" appears twice in this file (also on line ${first})`, {
        line: r.line,
        externalId: r.externalId,
      });
    }
    seen.set(r.externalId, r.line);
  }
}

/** The staging row of a record (staged-import.ts). */
export function toStagedRow(importId: number, seq: number, r: PreparedRecord): ImportStagedTaskTable {
  return {
    import_id: importId,
    seq,
    line: r.line,
    external_id: r.externalId,
    data: r.data,
    data_hash: r.dataHash,
    match_task_id: r.matchTaskId,
    target: r.target,
    random_rank: r.rank,
    priority: r.priority,
    gold_result: r.gold,
    annotations: r.annotations.length > 0 ? JSON.stringify(r.annotations) : null,
    predictions: r.predictions.length > 0 ? JSON.stringify(r.predictions) : null,
  };
}

/** The record a staging row holds. */
export function fromStagedRow(row: ImportStagedTaskTable): PreparedRecord {
  return {
    line: row.line,
    externalId: row.external_id,
    data: row.data,
    // rows staged before migration 0024 have none
    dataHash: row.data_hash ?? storedDataHash(row.data),
    matchTaskId: row.match_task_id,
    target: row.target,
    rank: Number(row.random_rank),
    priority: row.priority,
    gold: row.gold_result,
    annotations: row.annotations ? (JSON.parse(row.annotations) as CarriedAnnotation[]) : [],
    predictions: row.predictions ? (JSON.parse(row.predictions) as CarriedPrediction[]) : [],
  };
}

/** An optional numeric `priority` in the task's data (or a Label Studio task's top level) orders the `priority` policy. */
function priorityOf(t: ParsedTask): number {
  const p = t.data.priority;
  return typeof p === 'number' && Number.isInteger(p) && Math.abs(p) < 1e9 ? p : 0;
}

function parseTime(value: string | undefined): number | undefined {
  if (!value) return undefined;
  const t = Date.parse(value);
  return Number.isNaN(t) ? undefined : t;
}
