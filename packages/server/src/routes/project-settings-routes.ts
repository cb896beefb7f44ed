import { archiveProject, deleteProject, toLabelConfig, unarchiveProject, updateProject, type Context } from '@biaozhu/core';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { defineRoute } from '../http/route.js';

/** Native config object, or JSON / Label Studio XML text (as POST /api/projects takes it). */
const labelConfigInput = z.union([z.string().min(1).max(200_000), z.record(z.string(), z.unknown())]);

const updateBody = z
  .object({
    name: z.string().min(1).max(200).optional(),
    description: z.string().max(5000).optional(),
    labelConfig: labelConfigInput.optional(),
  })
  .strict();

/**
 * The manager's console for one project (issue #11): settings (rename, description, label config), archive and
 * delete, and the check of a label config before a project is created. Thin handlers; the rules are in
 * core/src/projects (update-project.ts, project-lifecycle.ts).
 */
export function projectSettingsRoutes(app: FastifyInstance, ctx: Context): void {
  defineRoute(app, {
    method: 'POST',
    url: '/api/label-configs/check',
    permission: 'project.create',
    summary: 'Check a label config (native JSON or Label Studio XML) without saving it; errors name the line and column',
    body: z.strictObject({ labelConfig: labelConfigInput }),
    handler: async ({ body }) => ({ labelConfig: toLabelConfig(body.labelConfig) }),
  });

  defineRoute(app, {
    method: 'PATCH',
    url: '/api/projects/:projectId',
    permission: 'project.manage',
    summary: 'Rename a project, change its description or label config (a change that would orphan answers is a 409)',
    body: updateBody,
    responses: { 409: 'the new label config would orphan existing answers (details.uses names them)' },
    handler: async ({ actor, params, body }) => ({ project: await updateProject(ctx, actor!, params.projectId!, body) }),
  });

  defineRoute(app, {
    method: 'POST',
    url: '/api/projects/:projectId/archive',
    permission: 'project.manage',
    summary: 'Archive a project: hidden from annotators, no new claims, data kept',
    handler: async ({ actor, params }) => ({ project: await archiveProject(ctx, actor!, params.projectId!) }),
  });

  defineRoute(app, {
    method: 'POST',
    url: '/api/projects/:projectId/unarchive',
    permission: 'project.manage',
    summary: 'Unarchive a project',
    handler: async ({ actor, params }) => ({ project: await unarchiveProject(ctx, actor!, params.projectId!) }),
  });

  defineRoute(app, {
    method: 'DELETE',
    url: '/api/projects/:projectId',
    permission: 'project.manage',
    summary: 'Delete a project (soft: it is found by nobody; its rows stay); confirmName must be its name',
    body: z.strictObject({ confirmName: z.string().max(200) }),
    handler: async ({ actor, params, body }) => ({ project: await deleteProject(ctx, actor!, params.projectId!, body.confirmName) }),
  });
}
