import type { Actor, Context } from '../context.js';
import { notFound } from '../errors.js';
import { exportedPeople } from '../export/exported-people.js';
import { loadVisibleProject } from '../projects/project-access.js';
import { taskState } from './task-browser.js';
import type { TaskState } from './task-filter.js';

/** Everything the task browser's drawer shows of one task: its data whole, every answer, prediction and review, the aggregate. */
export interface TaskDetail {
  id: number;
  projectId: number;
  externalId: string | null;
  importId: number | null;
  data: Record<string, unknown>;
  state: TaskState;
  target: number;
  answerCount: number;
  slotsUsed: number;
  priority: number;
  isGold: boolean;
  /** The known answer of a gold task (Label Studio annotation fields), as this reader may see it. */
  goldAnswer: Record<string, unknown> | null;
  createdAt: string;
  annotations: {
    id: number;
    /** User id and email for staff; the project's pseudonym (`worker-3`) for a client, as exports name them. */
    completedBy: number | string | null;
    completedByEmail: string | null;
    imported: boolean;
    result: unknown[];
    leadTimeMs: number | null;
    createdAt: string;
  }[];
  predictions: { id: number; modelVersion: string | null; score: number | null; result: unknown[]; createdAt: string }[];
  reviews: {
    id: number;
    annotationId: number;
    action: string;
    state: string;
    reasonCode: string | null;
    comment: string;
    correctedResult: unknown[] | null;
    createdAt: string;
  }[];
  aggregate: { result: unknown[]; labels: Record<string, unknown>; confidence: number; method: string; updatedAt: string } | null;
}

const iso = (ms: number | string) => new Date(Number(ms)).toISOString();

export async function getTaskDetail(ctx: Context, actor: Actor, projectId: number, taskId: number): Promise<TaskDetail> {
  await loadVisibleProject(ctx, actor, projectId);
  const db = ctx.db.reader;
  const task = await db.selectFrom('tasks').selectAll().where('id', '=', taskId).where('project_id', '=', projectId).executeTakeFirst();
  if (!task) throw notFound('task', taskId);
  const [annotations, predictions, reviews, aggregate, people] = await Promise.all([
    db.selectFrom('annotations').selectAll().where('task_id', '=', taskId).orderBy('id').execute(),
    db.selectFrom('predictions').selectAll().where('task_id', '=', taskId).orderBy('id').execute(),
    db.selectFrom('reviews').selectAll().where('task_id', '=', taskId).orderBy('id').execute(),
    db.selectFrom('aggregates').selectAll().where('task_id', '=', taskId).executeTakeFirst(),
    exportedPeople(db, actor, projectId),
  ]);
  const counters = { is_gold: Number(task.is_gold), answer_count: Number(task.answer_count), target: Number(task.target), slots_used: Number(task.slots_used) };
  return {
    id: Number(task.id),
    projectId,
    externalId: task.external_id,
    importId: task.import_id === null ? null : Number(task.import_id),
    data: JSON.parse(task.data) as Record<string, unknown>,
    state: taskState(counters),
    target: counters.target,
    answerCount: counters.answer_count,
    slotsUsed: counters.slots_used,
    priority: Number(task.priority),
    isGold: counters.is_gold === 1,
    goldAnswer: task.gold_result ? people.goldAnswer(JSON.parse(task.gold_result) as Record<string, unknown>) : null,
    createdAt: iso(task.created_at),
    annotations: annotations.map((a) => {
      let author: { completed_by: number | string | null; completed_by_email?: string | null };
      if (a.user_id === null && a.imported_from) author = people.imported(JSON.parse(a.imported_from) as Record<string, unknown>) as typeof author;
      else author = people.author(a.user_id === null ? null : Number(a.user_id));
      return {
        id: Number(a.id),
        completedBy: author.completed_by ?? null,
        completedByEmail: author.completed_by_email ?? null,
        imported: a.user_id === null,
        result: JSON.parse(a.result) as unknown[],
        leadTimeMs: a.lead_time_ms === null ? null : Number(a.lead_time_ms),
        createdAt: iso(a.created_at),
      };
    }),
    predictions: predictions.map((p) => ({
      id: Number(p.id),
      modelVersion: p.model_version,
      score: p.score === null ? null : Number(p.score),
      result: JSON.parse(p.result) as unknown[],
      createdAt: iso(p.created_at),
    })),
    reviews: reviews.map((r) => ({
      id: Number(r.id),
      annotationId: Number(r.annotation_id),
      action: r.action,
      state: r.state,
      reasonCode: r.reason_code,
      comment: r.comment,
      correctedResult: r.corrected_result ? (JSON.parse(r.corrected_result) as unknown[]) : null,
      createdAt: iso(r.created_at),
    })),
    aggregate: aggregate
      ? {
          result: JSON.parse(aggregate.result) as unknown[],
          labels: JSON.parse(aggregate.labels) as Record<string, unknown>,
          confidence: Number(aggregate.confidence),
          method: aggregate.method,
          updatedAt: iso(aggregate.updated_at),
        }
      : null,
  };
}
