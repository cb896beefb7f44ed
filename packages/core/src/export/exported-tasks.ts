import type { Database, Kysely } from '@biaozhu/storage';
import { visibleUserId } from '../access/worker-pseudonyms.js';
import type { Actor } from '../context.js';
import { applyTaskFilter, type TaskFilter } from '../tasks/task-filter.js';
import type { ExportedPeople } from './exported-people.js';
import type { AnswerCandidates, ReviewedAnswer } from './final-answer.js';

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
  /** The answer's latest review, when a reviewer looked at it (issue #11: the review state travels with the answer). */
  review?: ExportedReview;
  [key: string]: unknown;
}

/**
 * What a reviewer decided about an answer. `status`: `accepted`; `rejected` (sent back, waiting for the annotator's
 * fix); `resubmitted` (fixed, waiting for the next review); `corrected` (the reviewer's `corrected_result` replaces
 * the answer as the task's final answer). A client sees no reviewer and no comment (comments may name people).
 */
export interface ExportedReview {
  status: 'accepted' | 'rejected' | 'resubmitted' | 'corrected';
  reason_code: string | null;
  comment?: string;
  corrected_result?: unknown[];
  reviewer: number | null;
  reviewed_at: string;
}

/** A task as every export format reads it: the Label Studio shape and what decides its final answer. */
export interface TaskForExport {
  task: ExportedTask;
  candidates: AnswerCandidates;
}

/** Tasks read per page by the export readers. */
export const EXPORT_PAGE = 1000;

/**
 * Streams a project's tasks with their answers from the export's snapshot, page by page in id order (memory does
 * not grow with the project). Annotations made here carry `completed_by` and `completed_by_email` as `people` lets
 * this reader see them, `lead_time` in seconds, the guideline version and their review; annotations imported from
 * Label Studio are written back with their original fields, and every result item is written exactly as it was
 * stored. Beside each task come its answer candidates (gold answer, reviews, the aggregates view's row) for
 * final-answer.ts. `taskIds` (a selection) or `filter` (the task browser's filter) narrow the tasks.
 */
export async function* exportedTasks(
  db: Kysely<Database>,
  actor: Actor,
  projectId: number,
  people: ExportedPeople,
  taskIds?: readonly number[],
  filter?: TaskFilter,
): AsyncGenerator<TaskForExport> {
  if (taskIds !== undefined && taskIds.length === 0) return;
  let after = 0;
  for (;;) {
    let page = db
      .selectFrom('tasks')
      .select(['id', 'data', 'external_id', 'gold_result', 'answer_count', 'target'])
      .where('project_id', '=', projectId)
      .where('id', '>', after);
    // A selection (at most MAX_BULK_TASKS ids, under both dialects' parameter limits) reads the same pages.
    if (taskIds !== undefined) page = page.where('id', 'in', taskIds);
    // The task browser's filter, by the browser's own code (task-filter.ts), over the whole project.
    if (filter !== undefined) page = applyTaskFilter(page, filter, projectId, db);
    const tasks = await page.orderBy('id').limit(EXPORT_PAGE).execute();
    if (tasks.length === 0) return;
    const ids = tasks.map((t) => t.id);
    const [annotations, predictions, aggregates] = await Promise.all([
      db.selectFrom('annotations').selectAll().where('task_id', 'in', ids).orderBy('id').execute(),
      db.selectFrom('predictions').selectAll().where('task_id', 'in', ids).orderBy('id').execute(),
      db.selectFrom('aggregates').select(['task_id', 'method', 'result', 'labels', 'updated_at']).where('task_id', 'in', ids).execute(),
    ]);
    const latestReview = await latestReviews(db, annotations.map((a) => a.id));
    const aggregateOf = new Map(aggregates.map((a) => [a.task_id, a]));

    const byTask = new Map<number, ReviewedAnswer[]>();
    for (const a of annotations) {
      const result = JSON.parse(a.result) as unknown[];
      const createdAt = new Date(a.created_at).toISOString();
      const exported: ExportedAnnotation =
        a.imported_from !== null
          ? importedAnnotation(people.imported(JSON.parse(a.imported_from) as Record<string, unknown>), a.id, a.lead_time_ms, result, createdAt)
          : ownAnnotation(people.author(a.user_id), a, result, createdAt);
      const review = latestReview.get(a.id);
      if (review !== undefined) exported.review = exportedReview(actor, review);
      const list = byTask.get(a.task_id) ?? [];
      list.push({ annotation: exported, createdAt: a.created_at });
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
      const goldAnswer = t.gold_result === null ? null : (JSON.parse(t.gold_result) as Record<string, unknown>);
      // A gold task's known answer goes first, marked `ground_truth` as Label Studio does.
      const gold = goldAnswer !== null ? [{ ...(people.goldAnswer(goldAnswer) as ExportedAnnotation), ground_truth: true }] : [];
      const answers = byTask.get(t.id) ?? [];
      const task: ExportedTask = {
        id: t.id,
        data: JSON.parse(t.data) as Record<string, unknown>,
        annotations: [...gold, ...answers.map((a) => a.annotation)],
        predictions: predsByTask.get(t.id) ?? [],
        total_annotations: t.answer_count,
        is_labeled: t.answer_count >= t.target,
      };
      if (t.external_id !== null) task.external_id = t.external_id;
      yield { task, candidates: { gold: goldResult(goldAnswer), aggregate: aggregateCandidate(aggregateOf.get(t.id)), answers } };
    }
    after = tasks[tasks.length - 1]?.id ?? after;
  }
}

/** The result items of a gold task's known answer (as stored in `gold_result`), or null for a task without one. */
export function goldResult(gold: Record<string, unknown> | null): unknown[] | null {
  return gold === null ? null : Array.isArray(gold.result) ? (gold.result as unknown[]) : [];
}

/** The aggregates view's row of a task as a final-answer candidate. */
export function aggregateCandidate(row: { method: string; result: string; labels: string; updated_at: number } | undefined): AnswerCandidates['aggregate'] {
  if (row === undefined) return null;
  return { method: row.method, result: JSON.parse(row.result) as unknown[], labels: JSON.parse(row.labels) as Record<string, unknown>, at: row.updated_at };
}

/** The latest review of each answer of a page (ids grow with time; earlier ones were resubmitted). */
export async function latestReviews(db: Kysely<Database>, annotationIds: number[]) {
  const latest = new Map<number, Awaited<ReturnType<typeof reviewsOf>>[number]>();
  for (const r of await reviewsOf(db, annotationIds)) latest.set(r.annotation_id, r);
  return latest;
}

/** Reviews are indexed by answer (reviews_annotation), so they are read by the page's answer ids, in slices that stay under the databases' parameter limits. */
async function reviewsOf(db: Kysely<Database>, annotationIds: number[]) {
  const rows = [];
  for (let i = 0; i < annotationIds.length; i += REVIEW_SLICE) {
    rows.push(
      ...(await db
        .selectFrom('reviews')
        .select(['id', 'task_id', 'annotation_id', 'action', 'state', 'reason_code', 'comment', 'corrected_result', 'reviewer_id', 'created_at'])
        .where('annotation_id', 'in', annotationIds.slice(i, i + REVIEW_SLICE))
        .orderBy('id')
        .execute()),
    );
  }
  // Slices each come in id order, and an answer's reviews are all in its slice: "latest wins" below stays right.
  return rows;
}

const REVIEW_SLICE = 5000;

const REVIEW_STATUS = { accept: 'accepted', correct: 'corrected', reject: 'rejected' } as const;

export function exportedReview(
  actor: Actor,
  r: { action: 'accept' | 'reject' | 'correct'; state: string; reason_code: string | null; comment: string; corrected_result: string | null; reviewer_id: number; created_at: number },
): ExportedReview {
  const review: ExportedReview = {
    status: r.state === 'resubmitted' ? 'resubmitted' : REVIEW_STATUS[r.action],
    reason_code: r.reason_code,
    reviewer: visibleUserId(actor, r.reviewer_id),
    reviewed_at: new Date(r.created_at).toISOString(),
  };
  if (actor.role !== 'client') review.comment = r.comment;
  if (r.corrected_result !== null) review.corrected_result = JSON.parse(r.corrected_result) as unknown[];
  return review;
}

/**
 * An annotation made here, its fields in Label Studio's order. Written out field by field rather than spreading the
 * author in: an object spread followed by more properties costs microseconds on Node 20's V8, once per answer.
 */
function ownAnnotation(
  author: ReturnType<ExportedPeople['author']>,
  a: { id: number; lead_time_ms: number | null; guideline_version: number | null },
  result: unknown[],
  createdAt: string,
): ExportedAnnotation {
  const leadTime = a.lead_time_ms === null ? null : a.lead_time_ms / 1000;
  return 'completed_by_email' in author
    ? { id: a.id, completed_by: author.completed_by, completed_by_email: author.completed_by_email, result, lead_time: leadTime, created_at: createdAt, guideline_version: a.guideline_version }
    : { id: a.id, completed_by: author.completed_by, result, lead_time: leadTime, created_at: createdAt, guideline_version: a.guideline_version };
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
