import {
  assignTasks,
  deleteTasks,
  getTaskDetail,
  listTasks,
  markTaskGold,
  releaseTaskLeases,
  sendTasksToReview,
  MAX_BULK_TASKS,
  MAX_HOLD_HOURS,
  MAX_PAGE,
  TASK_SORTS,
  type Context,
} from '@biaozhu/core';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { defineRoute } from '../http/route.js';
import { taskFilterBody, taskFilterQuery } from './task-filter-query.js';

const taskListQuery = taskFilterQuery.extend({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(MAX_PAGE).default(50),
  sort: z.enum(TASK_SORTS).default('id'),
  order: z.enum(['asc', 'desc']).default('asc'),
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
    url: '/api/projects/:projectId/tasks/assign',
    permission: 'project.manage',
    summary: `Hands the selected tasks (taskIds, at most ${MAX_BULK_TASKS}, in the order they are to be worked) or the first ${MAX_BULK_TASKS} the filter matches to one annotator of the project (userId): each becomes a lease in their name held for holdHours (1-${MAX_HOLD_HOURS}, default 24), so their next requests for work return them first; a person who may not annotate the project is a 400 naming them and why; tasks they had already, gold tasks and full ones are counted, not assigned; audited`,
    body: z.strictObject({
      userId: z.number().int().positive(),
      taskIds: z.array(z.number().int().positive()).min(1).max(MAX_BULK_TASKS).optional(),
      filter: taskFilterBody.optional(),
      holdHours: z.number().int().min(1).max(MAX_HOLD_HOURS).optional(),
    }),
    handler: async ({ actor, params, body }) => assignTasks(ctx, actor!, params.projectId!, body),
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
