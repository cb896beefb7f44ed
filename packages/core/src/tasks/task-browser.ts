import { sql, type Database, type Kysely } from '@biaozhu/storage';
import type { Actor, Context } from '../context.js';
import { invalid } from '../errors.js';
import { loadVisibleProject } from '../projects/project-access.js';
import { checkTaskFilter, hasScanFilters, indexedFilters, scanFilters, type TaskFilter, type TaskState } from './task-filter.js';


/**
 * The manager's task browser (issue #11 item 3, after Label Studio's Data Manager): one page of a project's tasks,
 * filtered and sorted on the server and paged by keyset, so page 2,000 costs what page 1 does and a task added while
 * someone scrolls is neither skipped nor shown twice.
 *
 * Two kinds of filter:
 * - indexed filters (state, answers, gold, import, annotator, reviewed accepted/rejected) narrow the seek over
 *   (project_id, sort column, id): the sort indexes of migration 0018 and tasks_project_id; annotator and review
 *   filters are `id in (...)` sets built from annotations_user_project_time and reviews_project;
 * - scan filters (text search `q` as a LIKE on the data JSON, `label` as a LIKE on the answers' results, `review=pending`,
 *   `agreementBelow` on the aggregates view) test each task in turn. They are bounded: one request examines at most
 *   SCAN_WINDOW tasks in id order and returns a cursor after the last one examined, so a search that matches nothing
 *   in a million tasks is many cheap requests instead of one long scan. A page of a scan may hold fewer rows than
 *   asked (even none) with a cursor still given: the client goes on while `nextCursor` is set. Scan filters page by
 *   id only.
 */

export const TASK_SORTS = ['id', 'created', 'answers', 'priority'] as const;
export type TaskSort = (typeof TASK_SORTS)[number];

/** Tasks one request of a scan filter examines at most. */
export const SCAN_WINDOW = 5_000;
export const MAX_PAGE = 200;
/** Data keys offered as columns: the first keys of the first tasks, at most this many. */
const MAX_COLUMNS = 20;
const COLUMN_SAMPLE = 20;
/** A data value in the list is cut to this many characters (the drawer shows it whole). */
const CELL_CHARS = 200;

/** The filter (task-filter.ts) with the page's position, size and order. */
export interface TaskBrowserQuery extends TaskFilter {
  cursor?: string | undefined;
  limit?: number | undefined;
  sort?: TaskSort | undefined;
  order?: 'asc' | 'desc' | undefined;
}

export interface TaskListRow {
  id: number;
  externalId: string | null;
  importId: number | null;
  /** The task's data, each value cut to CELL_CHARS characters when it is a string (and objects shown as JSON). */
  data: Record<string, unknown>;
  state: TaskState;
  target: number;
  answerCount: number;
  slotsUsed: number;
  priority: number;
  isGold: boolean;
  createdAt: string;
  /** The aggregate's confidence, when the task has one. */
  confidence: number | null;
  reviews: { accepted: number; rejected: number };
}

export interface TaskPage {
  projectId: number;
  /** Data keys of the first tasks, for the column chooser. */
  dataKeys: string[];
  tasks: TaskListRow[];
  /** Opaque; pass it back as `cursor` for the next page. Null when nothing follows. */
  nextCursor: string | null;
  /** True when scan filters applied: the page may be short although more follows. */
  scanned: boolean;
}

type Cursor = { v: number; id: number };

function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify([c.v, c.id])).toString('base64url');
}

function decodeCursor(text: string): Cursor {
  try {
    const parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(parsed) && parsed.length === 2 && parsed.every((n) => Number.isSafeInteger(n))) return { v: parsed[0] as number, id: parsed[1] as number };
  } catch {
    /* reported below */
  }
  throw invalid('invalid_cursor', 'cursor: not a cursor this list gave (pass nextCursor back unchanged)', { field: 'cursor' });
}

const SORT_COLUMN = { id: 'id', created: 'created_at', answers: 'answer_count', priority: 'priority' } as const;

export function taskState(t: { is_gold: number; answer_count: number; target: number; slots_used: number }): TaskState {
  if (t.is_gold === 1) return 'gold';
  if (t.answer_count >= t.target) return 'done';
  return t.slots_used > 0 ? 'in_progress' : 'open';
}

const projectTasks = (db: Kysely<Database>, projectId: number) => db.selectFrom('tasks').where('project_id', '=', projectId);
type TaskQuery = ReturnType<typeof projectTasks>;

export function checkTaskBrowserQuery(query: TaskBrowserQuery): void {
  const sort = query.sort ?? 'id';
  if (hasScanFilters(query) && sort !== 'id') {
    throw invalid('scan_filter_sort', 'sort: text search, label, pending review and agreement filters page by id only (sort=id)', { field: 'sort' });
  }
  checkTaskFilter(query);
}

export async function listTasks(ctx: Context, actor: Actor, projectId: number, query: TaskBrowserQuery): Promise<TaskPage> {
  await loadVisibleProject(ctx, actor, projectId);
  checkTaskBrowserQuery(query);
  const db = ctx.db.reader;
  const sort = query.sort ?? 'id';
  const desc = query.order === 'desc';
  const column = SORT_COLUMN[sort];
  const limit = Math.min(Math.max(query.limit ?? 50, 1), MAX_PAGE);
  const cursor = query.cursor ? decodeCursor(query.cursor) : undefined;
  const cmp = desc ? '<' : '>';

  let q: TaskQuery = indexedFilters(projectTasks(db, projectId), query, projectId, db);
  // After the cursor of a sorted page: the rest of its value (column = v, id past the cursor), then the values past
  // it, as two queries that each seek the index (project_id, column, id). One `column > v or (column = v and id > i)`
  // walked every row before the cursor, and SQLite seeks a row value only to `column >= v`.
  let sameValue: TaskQuery | undefined;
  if (cursor && column === 'id') q = q.where('id', cmp, cursor.id);
  else if (cursor) {
    sameValue = q.where(column, '=', cursor.v).where('id', cmp, cursor.id);
    q = q.where(column, cmp, cursor.v);
  }
  const scanning = hasScanFilters(query);
  let windowEnd: number | undefined;
  if (scanning) {
    // The window: the next SCAN_WINDOW tasks in id order that pass the indexed filters; its last id is where the
    // next request starts when this one finds fewer than `limit`.
    const window = q.select('id').orderBy('id', desc ? 'desc' : 'asc').limit(SCAN_WINDOW);
    const edge = await db
      .selectFrom(window.as('w'))
      .select([sql<number>`count(*)`.as('n'), desc ? sql<number | null>`min(w.id)`.as('edge') : sql<number | null>`max(w.id)`.as('edge')])
      .executeTakeFirstOrThrow();
    if (Number(edge.n) === SCAN_WINDOW && edge.edge !== null) windowEnd = Number(edge.edge);
    if (edge.edge !== null) q = q.where('id', desc ? '>=' : '<=', Number(edge.edge));
    q = scanFilters(q, query);
  }
  const page = (from: TaskQuery) =>
    from
      .select(['id', 'external_id', 'import_id', 'data', 'target', 'answer_count', 'slots_used', 'priority', 'is_gold', 'created_at'])
      .orderBy(column, desc ? 'desc' : 'asc')
      .orderBy('id', desc ? 'desc' : 'asc')
      .limit(limit)
      .execute();
  const first = sameValue ? await page(sameValue) : [];
  const rows = first.length < limit ? [...first, ...(await page(q))].slice(0, limit) : first;

  let nextCursor: string | null = null;
  const last = rows[rows.length - 1];
  if (rows.length === limit && last) nextCursor = encodeCursor({ v: Number(last[column]), id: Number(last.id) });
  else if (windowEnd !== undefined) nextCursor = encodeCursor({ v: windowEnd, id: windowEnd });

  const ids = rows.map((r) => Number(r.id));
  const [confidences, reviewCounts, dataKeys] = await Promise.all([
    ids.length ? db.selectFrom('aggregates').select(['task_id', 'confidence']).where('task_id', 'in', ids).execute() : [],
    ids.length
      ? db
          .selectFrom('reviews')
          .select(['task_id', 'action', sql<number>`count(*)`.as('n')])
          .where('task_id', 'in', ids)
          .where('action', 'in', ['accept', 'correct', 'reject'])
          .groupBy(['task_id', 'action'])
          .execute()
      : [],
    projectDataKeys(db, projectId),
  ]);
  const confidenceOf = new Map(confidences.map((c) => [Number(c.task_id), Number(c.confidence)]));
  const reviewsOf = new Map<number, { accepted: number; rejected: number }>();
  for (const r of reviewCounts) {
    const counts = reviewsOf.get(Number(r.task_id)) ?? { accepted: 0, rejected: 0 };
    if (r.action === 'reject') counts.rejected += Number(r.n);
    else counts.accepted += Number(r.n);
    reviewsOf.set(Number(r.task_id), counts);
  }
  return {
    projectId,
    dataKeys,
    nextCursor,
    scanned: scanning,
    tasks: rows.map((r) => {
      const counters = { is_gold: Number(r.is_gold), answer_count: Number(r.answer_count), target: Number(r.target), slots_used: Number(r.slots_used) };
      return {
        id: Number(r.id),
        externalId: r.external_id,
        importId: r.import_id === null ? null : Number(r.import_id),
        data: cells(r.data),
        state: taskState(counters),
        target: counters.target,
        answerCount: counters.answer_count,
        slotsUsed: counters.slots_used,
        priority: Number(r.priority),
        isGold: counters.is_gold === 1,
        createdAt: new Date(Number(r.created_at)).toISOString(),
        confidence: confidenceOf.get(Number(r.id)) ?? null,
        reviews: reviewsOf.get(Number(r.id)) ?? { accepted: 0, rejected: 0 },
      };
    }),
  };
}

/** The data of a list row: strings cut, objects and arrays as cut JSON, so a page stays small. */
function cells(json: string): Record<string, unknown> {
  const data = JSON.parse(json) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(data)) {
    const text = typeof v === 'string' ? v : v !== null && typeof v === 'object' ? JSON.stringify(v) : v;
    out[k] = typeof text === 'string' && text.length > CELL_CHARS ? `${text.slice(0, CELL_CHARS)}…` : text;
  }
  return out;
}

/** The keys of the project's first tasks, in the order they first appear (the column chooser's choices). */
export async function projectDataKeys(db: Kysely<Database>, projectId: number): Promise<string[]> {
  const first = await db.selectFrom('tasks').select('data').where('project_id', '=', projectId).orderBy('id').limit(COLUMN_SAMPLE).execute();
  const keys = new Set<string>();
  for (const row of first) {
    for (const k of Object.keys(JSON.parse(row.data) as Record<string, unknown>)) {
      if (keys.size >= MAX_COLUMNS) break;
      keys.add(k);
    }
  }
  return [...keys];
}
