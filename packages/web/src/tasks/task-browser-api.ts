import { json } from '../api';

/** A row of GET /api/projects/:id/tasks (core/tasks/task-browser.ts TaskListRow). */
export interface TaskListRow {
  id: number;
  externalId: string | null;
  importId: number | null;
  data: Record<string, unknown>;
  state: 'open' | 'in_progress' | 'done' | 'gold';
  target: number;
  answerCount: number;
  slotsUsed: number;
  priority: number;
  isGold: boolean;
  createdAt: string;
  confidence: number | null;
  reviews: { accepted: number; rejected: number };
}

export interface TaskPage {
  dataKeys: string[];
  tasks: TaskListRow[];
  nextCursor: string | null;
  scanned: boolean;
}

export interface TaskDetail extends Omit<TaskListRow, 'confidence' | 'reviews'> {
  goldAnswer: Record<string, unknown> | null;
  annotations: { id: number; completedBy: number | string | null; completedByEmail: string | null; imported: boolean; result: unknown[]; leadTimeMs: number | null; createdAt: string }[];
  predictions: { id: number; modelVersion: string | null; score: number | null; result: unknown[]; createdAt: string }[];
  reviews: { id: number; annotationId: number; action: string; state: string; reasonCode: string | null; comment: string; correctedResult: unknown[] | null; createdAt: string }[];
  aggregate: { result: unknown[]; labels: Record<string, unknown>; confidence: number; method: string; updatedAt: string } | null;
}

export type TaskSort = 'id' | 'created' | 'answers' | 'priority';

/** The filter bar's choices; empty strings mean "any". */
export interface TaskFilters {
  state: string;
  answers: string;
  review: string;
  annotator: string;
  importId: string;
  q: string;
  label: string;
  agreementBelow: string;
}

export const NO_FILTERS: TaskFilters = { state: '', answers: '', review: '', annotator: '', importId: '', q: '', label: '', agreementBelow: '' };

export function taskListQuery(filters: TaskFilters, sort: TaskSort, order: 'asc' | 'desc', cursor: string | null, limit = 100): string {
  const params = new URLSearchParams({ sort, order, limit: String(limit) });
  for (const [k, v] of Object.entries(filters) as [keyof TaskFilters, string][]) if (v.trim() !== '') params.set(k, v.trim());
  if (cursor) params.set('cursor', cursor);
  return params.toString();
}

/** Whether any filter is set (an empty filter is every task). */
export function isFiltered(filters: TaskFilters): boolean {
  return (Object.values(filters) as string[]).some((v) => v.trim() !== '');
}

/** The filter as the JSON body of a bulk action (numbers as numbers; empty fields left out). */
export function taskFilterBody(filters: TaskFilters): Record<string, string | number> {
  const body: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(filters) as [keyof TaskFilters, string][]) {
    const value = v.trim();
    if (value === '') continue;
    body[k] = k === 'annotator' || k === 'importId' || k === 'agreementBelow' ? Number(value) : value;
  }
  return body;
}

/** What POST .../tasks/assign answers (core/assignment/assign-tasks.ts). */
export interface AssignResult {
  userId: number;
  name: string;
  assigned: number;
  alreadyAnswered: number;
  givenBefore: number;
  alreadyHeld: number;
  overlapFull: number;
  gold: number;
  notTaken: number;
  heldUntil: string;
}

const base = (projectId: string) => `/projects/${encodeURIComponent(projectId)}/tasks`;

export const taskBrowserApi = {
  page: (projectId: string, query: string) => json<TaskPage>('GET', `${base(projectId)}?${query}`),
  detail: async (projectId: string, taskId: number) => (await json<{ task: TaskDetail }>('GET', `${base(projectId)}/${taskId}`)).task,
  remove: (projectId: string, taskIds: number[], confirm: boolean) =>
    json<{ deleted: number; answersDeleted: number }>('POST', `${base(projectId)}/delete`, { taskIds, confirm }),
  sendToReview: (projectId: string, taskIds: number[]) =>
    json<{ requested: number; alreadyReviewed: number; tasksWithoutAnswers: number }>('POST', `${base(projectId)}/review`, { taskIds }),
  releaseLeases: (projectId: string, taskIds: number[]) => json<{ released: number }>('POST', `${base(projectId)}/release`, { taskIds }),
  /** The one export route with the selection (task_ids), in a format every label config fits. */
  selectionExportUrl: (projectId: string, format: string, taskIds: number[]) =>
    `/api/projects/${encodeURIComponent(projectId)}/export?format=${encodeURIComponent(format)}&task_ids=${[...taskIds].sort((a, b) => a - b).join(',')}`,
  /** The export route with the list's own filter parameters: every task the filter matches, not only those loaded. */
  filterExportUrl: (projectId: string, format: string, filters: TaskFilters) => {
    const params = new URLSearchParams({ format });
    for (const [k, v] of Object.entries(filters) as [keyof TaskFilters, string][]) if (v.trim() !== '') params.set(k, v.trim());
    return `/api/projects/${encodeURIComponent(projectId)}/export?${params.toString()}`;
  },
  /** Hands the selection (or, without one, the filter's tasks) to one annotator, first in their queue. */
  assign: (projectId: string, userId: number, chosen: { taskIds: number[] } | { filter: Record<string, string | number> }) =>
    json<AssignResult>('POST', `${base(projectId)}/assign`, { userId, ...chosen }),
  markGold: (projectId: string, taskId: number, annotationId: number) => json<{ taskId: number }>('POST', `${base(projectId)}/${taskId}/gold`, { annotationId }),
};
