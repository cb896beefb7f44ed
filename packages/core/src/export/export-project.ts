import type { LabelConfig } from '@biaozhu/contract';
import type { Database, Kysely } from '@biaozhu/storage';
import type { Actor, Context } from '../context.js';
import { invalid } from '../errors.js';
import { checkTaskFilter, filteredTaskIds, type TaskFilter } from '../tasks/task-filter.js';
import { conllDocuments, spanTargets } from './conll-documents.js';
import { csvRow } from './csv-row.js';
import { exportInSnapshot } from './export-in-snapshot.js';
import { exportedPeople } from './exported-people.js';
import { exportedTasks, type ExportedTask, type TaskForExport } from './exported-tasks.js';
import { finalAnswers, type FinalAnswer } from './final-answer.js';
import { jsonMinControls, jsonMinRecords } from './ls-json-min.js';
import { preferenceRecords, preferenceSources } from './preference.js';
import { sftRecords, sftSources } from './sft.js';

export type { ExportedAnnotation, ExportedReview, ExportedTask } from './exported-tasks.js';
export type { AnswerSource } from './final-answer.js';

export const EXPORT_FORMATS = ['ls-json', 'jsonl', 'csv', 'ls-json-min', 'conll', 'preference', 'sft'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** How an export is written; each option applies to the formats named. */
export interface ExportOptions {
  /** `csv`: start with a UTF-8 byte order mark, so Excel (Chinese Windows included) reads the file as UTF-8. Default true. */
  bom?: boolean | undefined;
  /** `preference`, `sft`: the task data key the prompt is read from, instead of the object the answer is about. */
  promptKey?: string | undefined;
  /**
   * Every format: only these tasks of the project (the task browser's "export selection"), checked by
   * checkTaskSelection; ids of other projects' tasks give nothing. Undefined: every task.
   */
  taskIds?: readonly number[] | undefined;
  /**
   * Every format: only the tasks the task browser's filter matches (task-filter.ts, the list's own code), read in the
   * export's snapshot. Not with `taskIds`.
   */
  filter?: TaskFilter | undefined;
}

export function parseExportFormat(value: unknown): ExportFormat {
  if (typeof value === 'string' && (EXPORT_FORMATS as readonly string[]).includes(value)) return value as ExportFormat;
  throw invalid('invalid_format', `format: must be one of ${EXPORT_FORMATS.join(', ')}; got "${String(value)}"`, { field: 'format' });
}

/**
 * Refuses, before any byte is written, a format the project's label config gives nothing to (CoNLL without spans on
 * a text, preference without a pairwise or ranking control, SFT without a textarea) and options the format does not
 * read.
 */
export function checkExportFormat(labelConfig: string, format: ExportFormat, options: ExportOptions = {}): void {
  const config = JSON.parse(labelConfig) as LabelConfig;
  if (options.filter !== undefined) {
    if (options.taskIds !== undefined) throw invalid('selection_and_filter', 'task_ids: give the selection or the filter, not both', { field: 'task_ids' });
    checkTaskFilter(options.filter);
  }
  if (options.promptKey !== undefined) {
    if (format !== 'preference' && format !== 'sft') {
      throw invalid('option_not_used', `promptKey: only the preference and sft formats read a prompt; format is ${format}`, { field: 'promptKey' });
    }
    if (options.promptKey.length === 0 || options.promptKey.length > 200) {
      throw invalid('invalid_prompt_key', 'promptKey: a task data key of 1 to 200 characters', { field: 'promptKey' });
    }
  }
  const needs =
    format === 'conll'
      ? spanTargets(config).length === 0 && 'a labels control on a text object'
      : format === 'preference'
        ? (() => {
            const s = preferenceSources(config, undefined);
            return s.pairwise.length + s.rankings.length === 0 && 'a pairwise control or a ranking control without buckets';
          })()
        : format === 'sft'
          ? sftSources(config, undefined).length === 0 && 'a textarea control (not per region)'
          : false;
  if (needs !== false) {
    throw invalid('format_not_applicable', `format: ${format} needs ${needs} in the label config; this project has none`, { field: 'format', format });
  }
}

/**
 * The export as text chunks in the chosen format (docs/export-formats.md):
 * - `ls-json`: one JSON array of tasks in Label Studio's shape, each answer with its review, each task with its
 *   `final_answer`; `jsonl`: the same task objects, one per line;
 * - `csv`: one row per answer (tasks without answers get one row, a decided task one more for its final answer);
 * - `ls-json-min`: Label Studio's JSON_MIN, one flat record per final answer;
 * - `conll`: CoNLL-2003 NER columns of the final answers' spans;
 * - `preference`: JSONL `{prompt, chosen, rejected, ...}` from pairwise and ranking answers;
 * - `sft`: JSONL `{prompt, response, ...}` from textarea answers.
 * Every format reads the tasks page by page from one snapshot (memory does not grow with the project) and is
 * audited (export-in-snapshot.ts); a client reads it without worker identities (exported-people.ts). The final
 * answer of a task is chosen by final-answer.ts.
 */
export function exportProject(ctx: Context, actor: Actor, projectId: number, format: ExportFormat, options: ExportOptions = {}): AsyncGenerator<string> {
  const { taskIds, filter } = options;
  const description = {
    content: 'tasks' as const,
    format,
    ...(taskIds !== undefined ? { selectedTasks: taskIds.length } : {}),
    ...(filter !== undefined ? { details: { filter } } : {}),
    countRows: (db: Kysely<Database>) => countRows(db, projectId, format, filter !== undefined ? filteredTaskIds(db, projectId, filter) : taskIds),
  };
  return exportInSnapshot(ctx, actor, projectId, description, async function* (db, project) {
    checkExportFormat(project.label_config, format, options);
    const config = JSON.parse(project.label_config) as LabelConfig;
    const tasks = exportedTasks(db, actor, projectId, await exportedPeople(db, actor, projectId), taskIds, filter);
    const allControls = new Set(config.controls.map((c) => c.name));
    switch (format) {
      case 'ls-json':
      case 'ls-json-min': {
        const records = format === 'ls-json' ? (t: TaskForExport) => [withFinalAnswer(t, allControls)] : (t: TaskForExport) => jsonMinRecords(jsonMin, t);
        const jsonMin = jsonMinControls(config);
        yield '[';
        let first = true;
        for await (const t of tasks) {
          let chunk = '';
          for (const r of records(t)) {
            chunk += (first ? '\n' : ',\n') + JSON.stringify(r);
            first = false;
          }
          if (chunk !== '') yield chunk;
        }
        yield first ? ']\n' : '\n]\n';
        return;
      }
      case 'jsonl':
        for await (const t of tasks) yield JSON.stringify(withFinalAnswer(t, allControls)) + '\n';
        return;
      case 'csv':
        if (options.bom !== false) yield '\uFEFF';
        yield* csvRows(config, tasks);
        return;
      case 'conll': {
        const targets = spanTargets(config);
        for await (const t of tasks) {
          const docs = conllDocuments(targets, t);
          if (docs !== '') yield docs;
        }
        return;
      }
      case 'preference': {
        const sources = preferenceSources(config, options.promptKey);
        for await (const t of tasks) {
          const lines = preferenceRecords(sources, t);
          if (lines !== '') yield lines;
        }
        return;
      }
      case 'sft': {
        const sources = sftSources(config, options.promptKey);
        for await (const t of tasks) {
          const lines = sftRecords(sources, t);
          if (lines !== '') yield lines;
        }
        return;
      }
    }
  });
}

/**
 * The task with `final_answer`: `{answer_source, result, annotation_id}` of its one final answer (final-answer.ts),
 * or null when it has none or several answers nobody decided between.
 */
function withFinalAnswer(t: TaskForExport, controls: ReadonlySet<string>): ExportedTask & { final_answer: unknown } {
  const answers = finalAnswers(t.candidates, controls);
  const one = answers.length === 1 ? answers[0]! : null;
  return { ...t.task, final_answer: one === null ? null : { answer_source: one.source, result: one.result, annotation_id: one.annotation?.id ?? null } };
}

/**
 * CSV rows: one per answer (the gold answer first), `answer_source` saying whether it is the gold answer, the task's
 * only answer (`single`) or one answer among others (`annotator`), and `review_status` its review; a task decided by
 * a correction, an adjudication or the aggregate gets one more row with that answer (no annotator); a task without
 * answers one row with its data. The rows whose answer_source is not `annotator` are the final answers.
 */
async function* csvRows(config: LabelConfig, tasks: AsyncGenerator<TaskForExport>): AsyncGenerator<string> {
  const dataKeys = [...new Set(config.objects.map((o) => o.value))];
  const controls = config.controls.map((c) => c.name);
  const controlSet = new Set(controls);
  yield csvRow(['task_id', 'external_id', ...dataKeys, 'annotation_id', 'annotator', ...controls, 'lead_time_s', 'created_at', 'answer_source', 'review_status']);
  for await (const { task: t, candidates } of tasks) {
    const dataCells = dataKeys.map((k) => cell(t.data[k]));
    const head = [String(t.id), t.external_id ?? ''];
    const finals = finalAnswers(candidates, controlSet);
    if (t.annotations.length === 0 && finals.length === 0) {
      yield csvRow([...head, ...dataCells, '', '', ...controls.map(() => ''), '', '', '', '']);
      continue;
    }
    const single = finals.length === 1 && finals[0]!.source === 'single' ? finals[0]!.annotation : null;
    let chunk = '';
    for (const a of t.annotations) {
      const answers = controls.map((name) => answerText(a.result, name));
      const annotator = typeof a.completed_by_email === 'string' ? a.completed_by_email : cell(a.completed_by);
      const source = a.ground_truth === true ? 'gold' : a === single ? 'single' : 'annotator';
      chunk += csvRow([...head, ...dataCells, String(a.id), annotator, ...answers, a.lead_time === null ? '' : String(a.lead_time), a.created_at, source, a.review?.status ?? '']);
    }
    const decided: FinalAnswer | undefined = finals.length === 1 && ['review', 'adjudication', 'aggregate'].includes(finals[0]!.source) ? finals[0] : undefined;
    if (decided !== undefined) {
      const answers = controls.map((name) => answerText(decided.result, name));
      chunk += csvRow([...head, ...dataCells, decided.annotation === null ? '' : String(decided.annotation.id), '', ...answers, '', decided.at, decided.source, '']);
    }
    yield chunk;
  }
}

/**
 * The records of the file, for the audit: one per task in ls-json and jsonl; in CSV one line per answer (the gold
 * answer counted), one for each task with none and one for each decided task; in the other formats the tasks they
 * are made from (a task gives no, one or several records there, which only writing them tells).
 */
async function countRows(db: Kysely<Database>, projectId: number, format: ExportFormat, taskIds: TaskIds | undefined): Promise<number> {
  if (taskIds !== undefined) return countSelectedRows(db, projectId, format, taskIds);
  if (format !== 'csv') {
    const tasks = await db.selectFrom('tasks').select((eb) => eb.fn.countAll<number>().as('n')).where('project_id', '=', projectId).executeTakeFirstOrThrow();
    return Number(tasks.n);
  }
  const lines = await db
    .selectFrom('tasks as t')
    .select((eb) => [
      eb.fn.sum<number>(eb.case().when('t.gold_result', 'is not', null).then(1).else(0).end()).as('gold'),
      eb.fn
        .sum<number>(
          eb
            .case()
            .when(eb.and([eb('t.gold_result', 'is', null), eb.not(eb.exists(eb.selectFrom('annotations as a').select('a.id').whereRef('a.task_id', '=', 't.id')))]))
            .then(1)
            .else(0)
            .end(),
        )
        .as('unanswered'),
    ])
    .where('t.project_id', '=', projectId)
    .executeTakeFirstOrThrow();
  // Tasks decided by a correction, an adjudication or an aggregate that answers a control (final-answer.ts), read
  // from the project's reviews and aggregates rather than probed task by task; an unanswered one gets its decided
  // row instead of the bare one.
  const decidedIds = db
    .selectFrom('reviews')
    .select('task_id')
    .where('project_id', '=', projectId)
    .where('action', '=', 'correct')
    .where('state', '=', 'final')
    .union(
      db
        .selectFrom('aggregates')
        .select('task_id')
        .where('project_id', '=', projectId)
        .where((w) => w.or([w('method', '=', 'adjudicated'), w('result', '<>', '[]'), w('labels', '<>', '{}')])),
    );
  const decided = await db
    .selectFrom(decidedIds.as('d'))
    .innerJoin('tasks as t', 't.id', 'd.task_id')
    .select((eb) => [
      eb.fn.countAll<number>().as('n'),
      eb.fn.sum<number>(eb.case().when(eb.not(eb.exists(eb.selectFrom('annotations as a').select('a.id').whereRef('a.task_id', '=', 't.id')))).then(1).else(0).end()).as('unanswered'),
    ])
    .where('t.gold_result', 'is', null)
    .executeTakeFirstOrThrow();
  const answers = await db
    .selectFrom('annotations')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('project_id', '=', projectId)
    .executeTakeFirstOrThrow();
  return Number(answers.n) + Number(lines.gold ?? 0) + Number(lines.unanswered ?? 0) - Number(decided.unanswered ?? 0) + Number(decided.n);
}

/** A selection's ids, or the filter's as a subquery. */
type TaskIds = readonly number[] | ReturnType<typeof filteredTaskIds>;

/**
 * The audit's record count for a selection or a filter: the chosen tasks of the project, and in CSV their answers
 * plus one line per task without any (decided rows are not counted here; the figure is the lines at least written).
 */
async function countSelectedRows(db: Kysely<Database>, projectId: number, format: ExportFormat, taskIds: TaskIds): Promise<number> {
  if (Array.isArray(taskIds) && taskIds.length === 0) return 0;
  const tasks = await db
    .selectFrom('tasks as t')
    .select((eb) => [
      eb.fn.countAll<number>().as('n'),
      eb.fn.sum<number>(eb.case().when(eb.not(eb.exists(eb.selectFrom('annotations as a').select('a.id').whereRef('a.task_id', '=', 't.id')))).then(1).else(0).end()).as('unanswered'),
    ])
    .where('t.project_id', '=', projectId)
    .where('t.id', 'in', taskIds)
    .executeTakeFirstOrThrow();
  if (format !== 'csv') return Number(tasks.n);
  const answers = await db
    .selectFrom('annotations')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('project_id', '=', projectId)
    .where('task_id', 'in', taskIds)
    .executeTakeFirstOrThrow();
  return Number(answers.n) + Number(tasks.unanswered ?? 0);
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
