import type { Database, Kysely } from '@biaozhu/storage';
import type { Actor } from '../context.js';
import { applyTaskFilter, type TaskFilter } from '../tasks/task-filter.js';
import { aggregateCandidate, EXPORT_PAGE, exportedReview, goldResult, latestReviews, type ExportedAnnotation, type ExportedReview } from './exported-tasks.js';
import type { AnswerCandidates, ReviewedAnswer } from './final-answer.js';

/** A task as the image exports read it: its id, external id, data and what decides its final answer. */
export interface TaskCandidates {
  id: number;
  externalId: string | null;
  data: Record<string, unknown>;
  candidates: AnswerCandidates;
}

/**
 * A project's tasks with their answer candidates (final-answer.ts), a page of tasks at a time in id order from the
 * export's snapshot: the lean reader of the image exports, which write regions and no people. It reads only the
 * columns a final answer needs (an answer's id, task, result and time; its latest review; the aggregates view's row;
 * a gold task's known answer) and no predictions, so it costs little more than reading the rows at all (the
 * bench/image-export baseline): every column read is an object property made per row. The answers it gives carry no
 * author (`completed_by` null) and no lead time; use exportedTasks (exported-tasks.ts) for the Label Studio shape.
 * `filter` (the task browser's filter, by its own code) narrows the tasks.
 */
export async function* taskCandidatePages(db: Kysely<Database>, actor: Actor, projectId: number, filter?: TaskFilter): AsyncGenerator<TaskCandidates[]> {
  // A project with no aggregate or no review at all (in the export's snapshot) needs no look-up of them per page:
  // two queries of a page's ids fewer, a third of the reading of a project that was only answered.
  const [anyAggregate, anyReview] = await Promise.all([
    db.selectFrom('aggregate_rows').select('task_id').where('project_id', '=', projectId).limit(1).executeTakeFirst(),
    db.selectFrom('reviews').select('id').where('project_id', '=', projectId).limit(1).executeTakeFirst(),
  ]);
  let after = 0;
  for (;;) {
    let query = db.selectFrom('tasks').select(['id', 'data', 'external_id', 'gold_result']).where('project_id', '=', projectId).where('id', '>', after);
    if (filter !== undefined) query = applyTaskFilter(query, filter, projectId, db);
    const tasks = await query.orderBy('id').limit(EXPORT_PAGE).execute();
    if (tasks.length === 0) return;
    const ids = tasks.map((t) => t.id);
    const [annotations, aggregates] = await Promise.all([
      db.selectFrom('annotations').select(['id', 'task_id', 'result', 'created_at']).where('task_id', 'in', ids).orderBy('id').execute(),
      anyAggregate === undefined ? [] : db.selectFrom('aggregates').select(['task_id', 'method', 'result', 'labels', 'updated_at']).where('task_id', 'in', ids).execute(),
    ]);
    const latestReview = anyReview === undefined ? new Map<number, never>() : await latestReviews(db, annotations.map((a) => a.id));
    const aggregateOf = new Map(aggregates.map((a) => [a.task_id, a]));
    const byTask = new Map<number, ReviewedAnswer[]>();
    for (const a of annotations) {
      const annotation: ExportedAnnotation = new CandidateAnswer(a.id, JSON.parse(a.result) as unknown[], a.created_at);
      const review = latestReview.get(a.id);
      if (review !== undefined) annotation.review = exportedReview(actor, review);
      const list = byTask.get(a.task_id);
      if (list === undefined) byTask.set(a.task_id, [{ annotation, createdAt: a.created_at }]);
      else list.push({ annotation, createdAt: a.created_at });
    }
    const page: TaskCandidates[] = [];
    for (const t of tasks) {
      const gold = goldResult(t.gold_result === null ? null : (JSON.parse(t.gold_result) as Record<string, unknown>));
      page.push({
        id: t.id,
        externalId: t.external_id,
        data: JSON.parse(t.data) as Record<string, unknown>,
        candidates: { gold, aggregate: aggregateCandidate(aggregateOf.get(t.id)), answers: byTask.get(t.id) ?? [] },
      });
    }
    yield page;
    after = tasks[tasks.length - 1]!.id;
  }
}

/**
 * An answer as the image exports read it. Its ISO time is made when asked for (an export of 50,000 images that
 * writes no times would otherwise format 50,000 dates).
 */
class CandidateAnswer implements ExportedAnnotation {
  [key: string]: unknown;
  readonly completed_by = null;
  readonly lead_time = null;
  review?: ExportedReview;
  constructor(
    readonly id: number,
    readonly result: unknown[],
    private readonly createdAtMs: number,
  ) {}

  get created_at(): string {
    return new Date(this.createdAtMs).toISOString();
  }
}
