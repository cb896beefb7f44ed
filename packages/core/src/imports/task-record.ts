import { resultSchema } from '@biaozhu/contract';
import { z } from 'zod';
import { invalid } from '../errors.js';
import type { ImportedAnnotation, ImportedPrediction, ParsedTask, RecordOutcome } from './types.js';
import { describeIssues } from '../zod-issues.js';
import { findUnstorable, unstorableError } from '../storable-value.js';

const annotationSchema = z.looseObject({
  id: z.union([z.number(), z.string()]).nullish(),
  completed_by: z.union([z.number(), z.string(), z.record(z.string(), z.unknown())]).nullish(),
  result: resultSchema,
  lead_time: z.number().nullish(),
  created_at: z.string().nullish(),
  was_cancelled: z.boolean().nullish(),
  ground_truth: z.boolean().nullish(),
});

const predictionSchema = z.looseObject({
  result: resultSchema,
  score: z.number().nullish(),
  model_version: z.union([z.string(), z.number()]).nullish(),
});

const labelStudioTaskSchema = z.looseObject({
  data: z.record(z.string(), z.unknown()),
  id: z.union([z.number(), z.string()]).nullish(),
  annotations: z.array(annotationSchema).nullish(),
  predictions: z.array(predictionSchema).nullish(),
});

/** Where a record sits in the file, for messages (`line 3`, `element 3 (line 10)`) and error details. */
export interface RecordLocation {
  line: number;
  where: string;
  details: Record<string, unknown>;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}

/** A bad record at a location: the caller skips it or throws it. */
export function badRecord(at: RecordLocation, code: string, message: string, extra: Record<string, unknown> = {}): RecordOutcome {
  return { ok: false, line: at.line, error: invalid(code, `${at.where}: ${message}`, { ...at.details, ...extra }) };
}

/**
 * A bad record when the record holds text that cannot be stored (NUL, a lone surrogate) or nests deeper than
 * MAX_NESTING_DEPTH, naming the field inside the record; such a record is skipped or refused like any bad record.
 */
export function unstorableRecord(value: unknown, at: RecordLocation): RecordOutcome | undefined {
  const fault = findUnstorable(value);
  if (fault === undefined) return undefined;
  return { ok: false, line: at.line, error: unstorableError(fault, { where: at.where, details: at.details }) };
}

/**
 * Turns one parsed JSON record into a task. A Label Studio task (an object with a `data` object) gives its data,
 * id, annotations and predictions, with each `result` kept exactly as parsed so that export is lossless; any other
 * object is itself the task's data.
 */
export function jsonRecordToTask(value: unknown, at: RecordLocation, externalIdField: string | undefined): RecordOutcome {
  if (!isPlainObject(value)) {
    return badRecord(at, 'not_an_object', `expected a JSON object, got ${describeType(value)}`);
  }
  const unstorable = unstorableRecord(value, at);
  if (unstorable !== undefined) return unstorable;
  if (!isPlainObject(value.data)) return withExternalId({ line: at.line, data: value }, at, externalIdField, undefined);

  const parsed = labelStudioTaskSchema.safeParse(value);
  if (!parsed.success) {
    const { text, issues } = describeIssues(parsed.error.issues);
    return badRecord(at, 'invalid_task', `not a valid Label Studio task: ${text}`, { issues });
  }
  const task: ParsedTask = { line: at.line, data: value.data };
  const rawAnnotations = value.annotations;
  if (Array.isArray(rawAnnotations) && rawAnnotations.length > 0) {
    task.annotations = rawAnnotations.map((raw) => toAnnotation(raw as Record<string, unknown>));
  }
  const rawPredictions = value.predictions;
  if (Array.isArray(rawPredictions) && rawPredictions.length > 0) {
    task.predictions = rawPredictions.map((raw) => toPrediction(raw as Record<string, unknown>));
  }
  const id = parsed.data.id;
  return withExternalId(task, at, externalIdField, id === null || id === undefined ? undefined : String(id));
}

/** Sets `externalId` from the configured data field, falling back to the Label Studio task id. */
export function withExternalId(task: ParsedTask, at: RecordLocation, field: string | undefined, fallback: string | undefined): RecordOutcome {
  if (field !== undefined && Object.hasOwn(task.data, field)) {
    const value = task.data[field];
    if (typeof value === 'string' || typeof value === 'number') {
      if (value !== '') task.externalId = String(value);
    } else if (value !== null) {
      return badRecord(at, 'bad_external_id', `the external id field "${field}" must be a string or a number, got ${describeType(value)}`, { idField: field });
    }
  }
  if (task.externalId === undefined && fallback !== undefined) task.externalId = fallback;
  return { ok: true, task };
}

// The raw objects were validated by the schemas above; fields are copied from the raw value so nothing is coerced.
function toAnnotation(raw: Record<string, unknown>): ImportedAnnotation {
  const out: ImportedAnnotation = { result: raw.result as ImportedAnnotation['result'] };
  if (typeof raw.id === 'number' || typeof raw.id === 'string') out.id = raw.id;
  if (typeof raw.completed_by === 'number' || typeof raw.completed_by === 'string' || isPlainObject(raw.completed_by)) {
    out.completed_by = raw.completed_by;
  }
  if (typeof raw.lead_time === 'number') out.lead_time = raw.lead_time;
  if (typeof raw.created_at === 'string') out.created_at = raw.created_at;
  if (typeof raw.was_cancelled === 'boolean') out.was_cancelled = raw.was_cancelled;
  if (typeof raw.ground_truth === 'boolean') out.ground_truth = raw.ground_truth;
  return out;
}

function toPrediction(raw: Record<string, unknown>): ImportedPrediction {
  const out: ImportedPrediction = { result: raw.result as ImportedPrediction['result'] };
  if (typeof raw.score === 'number') out.score = raw.score;
  if (typeof raw.model_version === 'string' || typeof raw.model_version === 'number') out.model_version = String(raw.model_version);
  return out;
}
