import { LabelEncoder, type EncodedLabels } from '@biaozhu/core/quality/index';
import { CsvFormatError, type CsvRecord } from './csv-records.js';

/**
 * Reads `worker,task,label` records (header row required, columns in any order, extra columns ignored) into
 * integer-encoded labels. Errors name the line: a missing column in the header, a short row, an empty field.
 */
export async function readLabels(records: AsyncIterable<CsvRecord>, source = 'labels'): Promise<EncodedLabels> {
  const encoder = new LabelEncoder();
  let columns: { worker: number; task: number; label: number } | undefined;
  for await (const { fields, line } of records) {
    if (!columns) {
      columns = headerColumns(fields, line, source, { worker: ['worker'], task: ['task'], label: ['label'] });
      continue;
    }
    const worker = field(fields, columns.worker, 'worker', line, source);
    const task = field(fields, columns.task, 'task', line, source);
    const label = field(fields, columns.label, 'label', line, source);
    encoder.add(worker, task, label);
  }
  if (!columns) throw new CsvFormatError(`${source}: the file is empty; expected a header row worker,task,label`);
  if (encoder.size === 0) throw new CsvFormatError(`${source}: no label rows after the header`);
  return encoder.build();
}

/** Gold answers as read: task id -> class name, with the line of each (for messages). */
export interface GoldRows {
  answers: Map<string, string>;
  lines: Map<string, number>;
}

/** Reads `task,true_label` (or `task,label`) records; a task listed twice with different answers is an error. */
export async function readGold(records: AsyncIterable<CsvRecord>, source = 'gold'): Promise<GoldRows> {
  const answers = new Map<string, string>();
  const lines = new Map<string, number>();
  let columns: { task: number; label: number } | undefined;
  for await (const { fields, line } of records) {
    if (!columns) {
      columns = headerColumns(fields, line, source, { task: ['task'], label: ['true_label', 'label', 'gold'] });
      continue;
    }
    const task = field(fields, columns.task, 'task', line, source);
    const label = field(fields, columns.label, 'label', line, source);
    const previous = answers.get(task);
    if (previous !== undefined && previous !== label) {
      throw new CsvFormatError(`${source} line ${line}: task ${task} already has answer ${previous} (line ${lines.get(task)})`);
    }
    answers.set(task, label);
    lines.set(task, line);
  }
  if (!columns) throw new CsvFormatError(`${source}: the file is empty; expected a header row task,true_label`);
  return { answers, lines };
}

/**
 * Turns gold rows into a per-task class vector (-1 = unknown) for the encoded labels. Gold tasks that nobody
 * labelled and gold answers that are not among the labelled classes are returned by name so the caller can report
 * them; they are left out of the vector.
 */
export function encodeGold(
  gold: GoldRows,
  labels: EncodedLabels,
): { gold: Int32Array; unknownTasks: string[]; unknownClasses: string[] } {
  const taskIndex = new Map(labels.taskIds.map((id, i) => [id, i]));
  const classIndex = new Map(labels.classIds.map((id, i) => [id, i]));
  const vector = new Int32Array(labels.data.nTasks).fill(-1);
  const unknownTasks: string[] = [];
  const unknownClasses = new Set<string>();
  for (const [task, answer] of gold.answers) {
    const t = taskIndex.get(task);
    if (t === undefined) {
      unknownTasks.push(task);
      continue;
    }
    const k = classIndex.get(answer);
    if (k === undefined) {
      unknownClasses.add(answer);
      continue;
    }
    vector[t] = k;
  }
  return { gold: vector, unknownTasks, unknownClasses: [...unknownClasses] };
}

function headerColumns<T extends string>(
  fields: string[],
  line: number,
  source: string,
  wanted: Record<T, string[]>,
): Record<T, number> {
  const names = fields.map((f) => f.trim().toLowerCase());
  const out = {} as Record<T, number>;
  const missing: string[] = [];
  for (const key of Object.keys(wanted) as T[]) {
    const index = names.findIndex((n) => wanted[key].includes(n));
    if (index < 0) missing.push(wanted[key].join(' or '));
    else out[key] = index;
  }
  if (missing.length > 0) {
    throw new CsvFormatError(
      `${source} line ${line}: header ${JSON.stringify(fields.join(','))} lacks column ${missing.join(', ')}` +
        ` (a header row ${Object.values<string[]>(wanted).map((w) => w[0]).join(',')} is required)`,
    );
  }
  return out;
}

function field(fields: string[], index: number, name: string, line: number, source: string): string {
  const value = fields[index];
  if (value === undefined) {
    throw new CsvFormatError(`${source} line ${line}: missing ${name} column (row has ${fields.length} fields)`);
  }
  const trimmed = value.trim();
  if (trimmed === '') throw new CsvFormatError(`${source} line ${line}: empty ${name}`);
  return trimmed;
}
