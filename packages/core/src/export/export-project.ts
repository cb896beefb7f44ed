import type { LabelConfig } from '@biaozhu/contract';
import type { Database, Kysely } from '@biaozhu/storage';
import type { Actor, Context } from '../context.js';
import { invalid } from '../errors.js';
import { csvRow } from './csv-row.js';
import { exportInSnapshot } from './export-in-snapshot.js';
import { exportedPeople, type ExportedPeople } from './exported-people.js';

export const EXPORT_FORMATS = ['ls-json', 'jsonl', 'csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export function parseExportFormat(value: unknown): ExportFormat {
  if (typeof value === 'string' && (EXPORT_FORMATS as readonly string[]).includes(value)) return value as ExportFormat;
  throw invalid('invalid_format', `format: must be one of ${EXPORT_FORMATS.join(', ')}; got "${String(value)}"`, { field: 'format' });
}

/** A task in Label Studio's export shape. */
export interface ExportedTask {
  id: number;
  data: Record<string, unknown>;
  annotations: ExportedAnnotation[];
  predictions: Record<string, unknown>[];
  /** The task's answer counter (the gold task's known answer is not one of them), as Label Studio names it. */
  total_annotations: number;
  /** Whether the task has all the answers its overlap asks for. */
  is_labeled: boolean;
  external_id?: string;
}

export interface ExportedAnnotation {
  id: number | string;
  completed_by: unknown;
  result: unknown[];
  lead_time: number | null;
  created_at: string;
  [key: string]: unknown;
}

const PAGE = 1000;

/**
 * Streams a project's tasks with their answers from the export's snapshot, page by page in id order (memory does
 * not grow with the project). Annotations made here carry `completed_by` and `completed_by_email` as `people` lets
 * this reader see them, `lead_time` in seconds and the guideline version; annotations imported from Label Studio are
 * written back with their original fields, and every result item is written exactly as it was stored.
 */
async function* exportTasks(db: Kysely<Database>, projectId: number, people: ExportedPeople): AsyncGenerator<ExportedTask> {
  let after = 0;
  for (;;) {
    const tasks = await db
      .selectFrom('tasks')
      .select(['id', 'data', 'external_id', 'gold_result', 'answer_count', 'target'])
      .where('project_id', '=', projectId)
      .where('id', '>', after)
      .orderBy('id')
      .limit(PAGE)
      .execute();
    if (tasks.length === 0) return;
    const ids = tasks.map((t) => t.id);
    const [annotations, predictions] = await Promise.all([
      db.selectFrom('annotations').selectAll().where('task_id', 'in', ids).orderBy('id').execute(),
      db.selectFrom('predictions').selectAll().where('task_id', 'in', ids).orderBy('id').execute(),
    ]);
    const byTask = new Map<number, ExportedAnnotation[]>();
    for (const a of annotations) {
      const result = JSON.parse(a.result) as unknown[];
      const createdAt = new Date(a.created_at).toISOString();
      const exported: ExportedAnnotation =
        a.imported_from !== null
          ? importedAnnotation(people.imported(JSON.parse(a.imported_from) as Record<string, unknown>), a.id, a.lead_time_ms, result, createdAt)
          : {
              id: a.id,
              ...people.author(a.user_id),
              result,
              lead_time: a.lead_time_ms === null ? null : a.lead_time_ms / 1000,
              created_at: createdAt,
              guideline_version: a.guideline_version,
            };
      const list = byTask.get(a.task_id) ?? [];
      list.push(exported);
      byTask.set(a.task_id, list);
    }
    const predsByTask = new Map<number, Record<string, unknown>[]>();
    for (const p of predictions) {
      const list = predsByTask.get(p.task_id) ?? [];
      const pred: Record<string, unknown> = { id: p.id, result: JSON.parse(p.result) as unknown };
      if (p.score !== null) pred.score = p.score;
      if (p.model_version !== null) pred.model_version = p.model_version;
      list.push(pred);
      predsByTask.set(p.task_id, list);
    }
    for (const t of tasks) {
      // A gold task's known answer goes first, marked `ground_truth` as Label Studio does.
      const gold = t.gold_result !== null ? [{ ...(people.goldAnswer(JSON.parse(t.gold_result) as Record<string, unknown>) as ExportedAnnotation), ground_truth: true }] : [];
      const task: ExportedTask = {
        id: t.id,
        data: JSON.parse(t.data) as Record<string, unknown>,
        annotations: [...gold, ...(byTask.get(t.id) ?? [])],
        predictions: predsByTask.get(t.id) ?? [],
        total_annotations: t.answer_count,
        is_labeled: t.answer_count >= t.target,
      };
      if (t.external_id !== null) task.external_id = t.external_id;
      yield task;
    }
    after = tasks[tasks.length - 1]?.id ?? after;
  }
}

/**
 * An annotation imported from Label Studio, written back with its original fields (parsed once per annotation) and
 * the stored result; a missing original id or lead time falls back to ours.
 */
function importedAnnotation(
  origin: Record<string, unknown>,
  ownId: number,
  leadTimeMs: number | null,
  result: unknown[],
  createdAt: string,
): ExportedAnnotation {
  const id = typeof origin.id === 'number' || typeof origin.id === 'string' ? origin.id : ownId;
  const leadTime = typeof origin.lead_time === 'number' ? origin.lead_time : leadTimeMs === null ? null : leadTimeMs / 1000;
  return { ...origin, id, completed_by: origin.completed_by ?? null, result, lead_time: leadTime, created_at: createdAt };
}

/**
 * The export as text chunks in the chosen format: `ls-json` (one JSON array, Label Studio's export), `jsonl` (the
 * same task objects, one per line) or `csv` (one row per answer, tasks without answers get one row; one column per
 * shown data field and per control). It is read from one snapshot and audited (export-in-snapshot.ts); a client
 * reads it without worker identities (exported-people.ts).
 */
export function exportProject(ctx: Context, actor: Actor, projectId: number, format: ExportFormat): AsyncGenerator<string> {
  return exportInSnapshot(ctx, actor, projectId, { content: 'tasks', format, countRows: (db) => countRows(db, projectId, format) }, async function* (db, project) {
    const tasks = exportTasks(db, projectId, await exportedPeople(db, actor, projectId));
    switch (format) {
      case 'ls-json': {
        yield '[';
        let first = true;
        for await (const t of tasks) {
          yield (first ? '\n' : ',\n') + JSON.stringify(t);
          first = false;
        }
        yield first ? ']\n' : '\n]\n';
        return;
      }
      case 'jsonl':
        for await (const t of tasks) yield JSON.stringify(t) + '\n';
        return;
      case 'csv': {
        const config = JSON.parse(project.label_config) as LabelConfig;
        const dataKeys = [...new Set(config.objects.map((o) => o.value))];
        const controls = config.controls.map((c) => c.name);
        yield csvRow(['task_id', 'external_id', ...dataKeys, 'annotation_id', 'annotator', ...controls, 'lead_time_s', 'created_at']);
        for await (const t of tasks) {
          const dataCells = dataKeys.map((k) => cell(t.data[k]));
          if (t.annotations.length === 0) {
            yield csvRow([String(t.id), t.external_id ?? '', ...dataCells, '', '', ...controls.map(() => ''), '', '']);
            continue;
          }
          for (const a of t.annotations) {
            const answers = controls.map((name) => answerText(a.result, name));
            const annotator = typeof a.completed_by_email === 'string' ? a.completed_by_email : cell(a.completed_by);
            yield csvRow([String(t.id), t.external_id ?? '', ...dataCells, String(a.id), annotator, ...answers, a.lead_time === null ? '' : String(a.lead_time), a.created_at]);
          }
        }
        return;
      }
    }
  });
}

/**
 * The records of the file: one per task in the JSON formats; in CSV one line per answer (the gold answer counted),
 * and one for each task with none.
 */
async function countRows(db: Kysely<Database>, projectId: number, format: ExportFormat): Promise<number> {
  if (format !== 'csv') {
    const tasks = await db.selectFrom('tasks').select((eb) => eb.fn.countAll<number>().as('n')).where('project_id', '=', projectId).executeTakeFirstOrThrow();
    return Number(tasks.n);
  }
  const lines = await db
    .selectFrom('tasks as t')
    .select([
      (eb) => eb.fn.sum<number>(eb.case().when('t.gold_result', 'is not', null).then(1).else(0).end()).as('gold'),
      (eb) =>
        eb.fn
          .sum<number>(
            eb
              .case()
              .when(eb.and([eb('t.gold_result', 'is', null), eb.not(eb.exists(eb.selectFrom('annotations as a').select('a.id').whereRef('a.task_id', '=', 't.id')))]))
              .then(1)
              .else(0)
              .end(),
          )
          .as('bare'),
    ])
    .where('t.project_id', '=', projectId)
    .executeTakeFirstOrThrow();
  const answers = await db
    .selectFrom('annotations')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('project_id', '=', projectId)
    .executeTakeFirstOrThrow();
  return Number(answers.n) + Number(lines.gold ?? 0) + Number(lines.bare ?? 0);
}

function answerText(result: unknown[], controlName: string): string {
  const values: string[] = [];
  for (const item of result) {
    const r = item as { from_name?: unknown; value?: { choices?: unknown } };
    if (r.from_name !== controlName) continue;
    const choices = r.value?.choices;
    if (Array.isArray(choices)) values.push(...choices.map(String));
    else values.push(JSON.stringify(r.value));
  }
  return values.join(';');
}

function cell(value: unknown): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}
