import { sql, type Database, type Kysely, type SelectQueryBuilder } from '@biaozhu/storage';
import { invalid } from '../errors.js';

/**
 * The task browser's filter, as one definition shared by everything that acts on "the tasks the manager is looking
 * at": the browser's list (task-browser.ts, which pages and bounds the scan filters), the export of the filter
 * (export/exported-tasks.ts, which reads every matching task from its snapshot) and the bulk actions given a filter
 * instead of a selection (assignment/assign-tasks.ts). One implementation, so a list and its export never disagree.
 */

export const TASK_STATES = ['open', 'in_progress', 'done', 'gold'] as const;
export type TaskState = (typeof TASK_STATES)[number];
export const REVIEW_FILTERS = ['accepted', 'rejected', 'pending'] as const;
export type ReviewFilter = (typeof REVIEW_FILTERS)[number];

const MAX_SEARCH = 200;

/** What narrows the tasks of a project; every field absent means every task. */
export interface TaskFilter {
  state?: TaskState | undefined;
  /** Tasks this user answered. */
  annotator?: number | undefined;
  answers?: 'any' | 'none' | undefined;
  gold?: boolean | undefined;
  review?: ReviewFilter | undefined;
  importId?: number | undefined;
  q?: string | undefined;
  label?: string | undefined;
  /** Tasks whose aggregate's confidence is below this (0..1); tasks without an aggregate do not match. */
  agreementBelow?: number | undefined;
}

/** The filter's fields, to tell a filter from other options (an export's format, a page's cursor). */
export const TASK_FILTER_KEYS = ['state', 'annotator', 'answers', 'gold', 'review', 'importId', 'q', 'label', 'agreementBelow'] as const;

/** A query over the project's `tasks` table (unaliased), whatever it selects. */
type TasksQuery<O> = SelectQueryBuilder<Database, 'tasks', O>;

/** The filters that narrow an index seek without testing each task's answers or data. */
export function indexedFilters<O>(q: TasksQuery<O>, filter: TaskFilter, projectId: number, db: Kysely<Database>): TasksQuery<O> {
  if (filter.state === 'gold') q = q.where('is_gold', '=', 1);
  else if (filter.state === 'done') q = q.where('is_gold', '=', 0).whereRef('answer_count', '>=', 'target');
  else if (filter.state === 'in_progress') q = q.where('is_gold', '=', 0).whereRef('answer_count', '<', 'target').where('slots_used', '>', 0);
  else if (filter.state === 'open') q = q.where('is_gold', '=', 0).where('slots_used', '=', 0).whereRef('answer_count', '<', 'target');
  if (filter.gold !== undefined) q = q.where('is_gold', '=', filter.gold ? 1 : 0);
  if (filter.answers === 'any') q = q.where('answer_count', '>', 0);
  if (filter.answers === 'none') q = q.where('answer_count', '=', 0);
  if (filter.importId !== undefined) q = q.where('import_id', '=', filter.importId);
  if (filter.annotator !== undefined) {
    q = q.where('id', 'in', db.selectFrom('annotations').select('task_id').where('user_id', '=', filter.annotator).where('project_id', '=', projectId));
  }
  if (filter.review === 'accepted' || filter.review === 'rejected') {
    const actions = filter.review === 'accepted' ? ['accept', 'correct'] : ['reject'];
    // A rejection counts while it stands (open) or was answered by a fix (resubmitted); an acceptance is final.
    q = q.where('id', 'in', db.selectFrom('reviews').select('task_id').where('project_id', '=', projectId).where('action', 'in', actions as ('accept' | 'correct' | 'reject')[]));
  }
  return q;
}

function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** Whether the filter has parts that test each task in turn (the browser bounds those to a window per request). */
export function hasScanFilters(filter: TaskFilter): boolean {
  return Boolean(filter.q) || Boolean(filter.label) || filter.review === 'pending' || filter.agreementBelow !== undefined;
}

/** The filters that test each task: its data, its answers' results, their reviews, its aggregate. */
export function scanFilters<O>(q: TasksQuery<O>, filter: TaskFilter): TasksQuery<O> {
  if (filter.q) q = q.where(sql<string>`tasks.data`, 'like', sql<string>`${likePattern(filter.q)} escape '\\'`);
  if (filter.label) {
    // A choice value as Label Studio writes it in a result (`"choices":["positive"]` or `"labels":[...]`): the quoted
    // value anywhere in a result of an answer, one probe per task through annotations_task.
    const quoted = likePattern(JSON.stringify(filter.label));
    q = q.where((eb) =>
      eb.exists(eb.selectFrom('annotations as a').select('a.id').whereRef('a.task_id', '=', 'tasks.id').where(sql<string>`a.result`, 'like', sql<string>`${quoted} escape '\\'`)),
    );
  }
  if (filter.review === 'pending') {
    q = q.where((eb) =>
      eb.exists(
        eb.selectFrom('annotations as a')
          .select('a.id')
          .whereRef('a.task_id', '=', 'tasks.id')
          .where((inner) =>
            inner.not(inner.exists(inner.selectFrom('reviews as r').select('r.id').whereRef('r.annotation_id', '=', 'a.id').where('r.state', '<>', 'resubmitted'))),
          ),
      ),
    );
  }
  if (filter.agreementBelow !== undefined) {
    const below = filter.agreementBelow;
    q = q.where((eb) => eb.exists(eb.selectFrom('aggregates as g').select('g.task_id').whereRef('g.task_id', '=', 'tasks.id').where('g.confidence', '<', below)));
  }
  return q;
}

/** Every part of the filter on a query of the project's tasks (unbounded: for exports and bulk actions). */
export function applyTaskFilter<O>(q: TasksQuery<O>, filter: TaskFilter, projectId: number, db: Kysely<Database>): TasksQuery<O> {
  checkTaskFilter(filter);
  return scanFilters(indexedFilters(q, filter, projectId, db), filter);
}

/** The ids of the project's tasks that pass the filter, as a subquery (`where id in (...)`). */
export function filteredTaskIds(db: Kysely<Database>, projectId: number, filter: TaskFilter) {
  return applyTaskFilter(db.selectFrom('tasks').select('id').where('project_id', '=', projectId), filter, projectId, db);
}

/** Refuses what the filter's own types do not stop: over-long searches, a threshold outside 0..1. */
export function checkTaskFilter(filter: TaskFilter): void {
  if ((filter.q?.length ?? 0) > MAX_SEARCH) throw invalid('search_too_long', `q: at most ${MAX_SEARCH} characters`, { field: 'q' });
  if ((filter.label?.length ?? 0) > MAX_SEARCH) throw invalid('search_too_long', `label: at most ${MAX_SEARCH} characters`, { field: 'label' });
  if (filter.agreementBelow !== undefined && !(filter.agreementBelow >= 0 && filter.agreementBelow <= 1)) {
    throw invalid('invalid_threshold', 'agreementBelow: a number from 0 to 1', { field: 'agreementBelow' });
  }
}

/** Whether any part of the filter is set (an empty filter is every task). */
export function isFilterSet(filter: TaskFilter): boolean {
  return TASK_FILTER_KEYS.some((k) => filter[k] !== undefined && filter[k] !== '');
}
