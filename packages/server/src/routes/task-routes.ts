import {
  deleteTasks,
  getTaskDetail,
  listTasks,
  markTaskGold,
  releaseTaskLeases,
  sendTasksToReview,
  MAX_BULK_TASKS,
  MAX_PAGE,
  REVIEW_FILTERS,
  TASK_SORTS,
  TASK_STATES,
  type Context,
} from '@biaozhu/core';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { defineRoute } from '../http/route.js';

const taskListQuery = z.object({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(MAX_PAGE).default(50),
  sort: z.enum(TASK_SORTS).default('id'),
  order: z.enum(['asc', 'desc']).default('asc'),
  state: z.enum(TASK_STATES).optional(),
  annotator: z.coerce.number().int().positive().optional(),
  answers: z.enum(['any', 'none']).optional(),
  gold: z.enum(['true', 'false']).optional(),
  review: z.enum(REVIEW_FILTERS).optional(),
  importId: z.coerce.number().int().positive().optional(),
  q: z.string().max(200).optional(),
  label: z.string().max(200).optional(),
  agreementBelow: z.coerce.number().min(0).max(1).optional(),
});

/**
 * The task browser (core/tasks/task-browser*.ts): a manager's list of a project's tasks, one task's answers,
 * predictions and reviews, and bulk actions on a selection. `project.manage`: managers and admins; the routes name
 * the project in the path, so project-scope.ts checks membership before each handler (404 outside, 403 for a role
 * without the permission).
 */
export function taskRoutes(app: FastifyInstance, ctx: Context): void {
  defineRoute(app, {
    method: 'GET',
    url: '/api/projects/:projectId/tasks',
    permission: 'project.manage',
    summary:
      'A page of the project\'s tasks, keyset-paged (pass nextCursor back as cursor); filters state, annotator, answers, gold, review, importId; scan filters q (text in data), label (a choice value in an answer), review=pending and agreementBelow examine at most 5,000 tasks per request (sort=id only; a short page may still have a nextCursor); sort id|created|answers|priority, order asc|desc',
    query: taskListQuery,
    handler: async ({ actor, params, query }) =>
      listTasks(ctx, actor!, params.projectId!, {
        ...query,
        gold: query.gold === undefined ? undefined : query.gold === 'true',
      }),
  });
  defineRoute(app, {
    method: 'GET',
    url: '/api/projects/:projectId/tasks/:taskId',
    permission: 'project.manage',
    summary: 'One task for the browser\'s drawer: its data, every answer (pseudonymised for clients, as exports are), prediction and review, and its aggregate',
    handler: async ({ actor, params }) => ({ task: await getTaskDetail(ctx, actor!, params.projectId!, params.taskId!) }),
  });
  defineRoute(app, {
    method: 'POST',
    url: '/api/projects/:projectId/tasks/delete',
    permission: 'project.manage',
    summary: `Deletes the selected tasks (at most ${MAX_BULK_TASKS}); tasks with answers or a live lease only with confirm=true (409 tasks_have_answers otherwise); tasks in a lot never; audited`,
    body: z.object({ taskIds: z.array(z.number().int().positive()).min(1).max(MAX_BULK_TASKS), confirm: z.boolean().optional() }),
    handler: async ({ actor, params, body }) => deleteTasks(ctx, actor!, params.projectId!, body),
  });
  const selection = z.object({ taskIds: z.array(z.number().int().positive()).min(1).max(MAX_BULK_TASKS) });
  defineRoute(app, {
    method: 'POST',
    url: '/api/projects/:projectId/tasks/review',
    permission: 'project.manage',
    summary: `Sends the selected tasks' answers (at most ${MAX_BULK_TASKS} tasks) to the front of the review queue; answers with a verdict and gold tasks are counted, not requested; audited`,
    body: selection,
    handler: async ({ actor, params, body }) => sendTasksToReview(ctx, actor!, params.projectId!, body),
  });
  defineRoute(app, {
    method: 'POST',
    url: '/api/projects/:projectId/tasks/release',
    permission: 'project.manage',
    summary: `Releases the live leases on the selected tasks (at most ${MAX_BULK_TASKS}), so the next eligible annotator is offered them; the holder may still submit; audited`,
    body: selection,
    handler: async ({ actor, params, body }) => releaseTaskLeases(ctx, actor!, params.projectId!, body),
  });
  defineRoute(app, {
    method: 'POST',
    url: '/api/projects/:projectId/tasks/:taskId/gold',
    permission: 'project.manage',
    summary: 'Makes the task gold with one of its answers (annotationId) as the known answer; audited',
    body: z.object({ annotationId: z.number().int().positive() }),
    handler: async ({ actor, params, body }) => markTaskGold(ctx, actor!, params.projectId!, params.taskId!, body),
  });
}
