import {
  createProject,
  getProject,
  listGuidelineVersions,
  listProjects,
  projectStats,
  publishGuideline,
  MAX_MEMBERS_PER_REQUEST,
  type Context,
  type NewProjectMember,
} from '@biaozhu/core';
import { PROJECT_ACCESS, PROJECT_ROLES } from '@biaozhu/storage';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { defineRoute } from '../http/route.js';

const createBody = z.strictObject({
  name: z.string().min(1).max(200),
  description: z.string().max(5000).optional(),
  /** Native config object, or JSON / Label Studio XML text. */
  labelConfig: z.union([z.string().min(1).max(200_000), z.record(z.string(), z.unknown())]),
  overlap: z.number().int().min(1).max(50).optional(),
  leaseTtlSeconds: z.number().int().min(10).max(86_400).optional(),
  guideline: z.string().max(512 * 1024).optional(),
  /** Who sees the project besides managers: organisation (default) or members; with `members`, written in one transaction. */
  access: z.enum(PROJECT_ACCESS as [string, ...string[]]).optional(),
  members: z
    .array(z.strictObject({ userId: z.number().int().positive(), projectRole: z.enum(PROJECT_ROLES as [string, ...string[]]).optional() }))
    .max(MAX_MEMBERS_PER_REQUEST)
    .optional(),
});

export function projectRoutes(app: FastifyInstance, ctx: Context): void {
  defineRoute(app, {
    method: 'GET',
    url: '/api/projects',
    permission: 'project.list',
    summary: 'Projects visible to the caller',
    handler: async ({ actor }) => ({ projects: await listProjects(ctx, actor!) }),
  });

  defineRoute(app, {
    method: 'POST',
    url: '/api/projects',
    permission: 'project.create',
    summary:
      'Create a project from a label config (native JSON or Label Studio XML); access (organisation | members) and the first members ({userId, projectRole?}) are written in the same transaction, so a members-only project is never open',
    body: createBody,
    handler: async ({ actor, body, reply }) => {
      const project = await createProject(ctx, actor!, { ...body, members: body.members as NewProjectMember[] | undefined });
      void reply.status(201);
      return { project };
    },
  });

  defineRoute(app, {
    method: 'GET',
    url: '/api/projects/:projectId',
    permission: 'project.read',
    summary: 'A project with its label config and current guideline',
    handler: async ({ actor, params }) => ({ project: await getProject(ctx, actor!, params.projectId!) }),
  });

  defineRoute(app, {
    method: 'GET',
    url: '/api/projects/:projectId/stats',
    permission: 'project.stats',
    summary: 'Task counts by state',
    handler: async ({ actor, params }) => projectStats(ctx, actor!, params.projectId!),
  });

  defineRoute(app, {
    method: 'PUT',
    url: '/api/projects/:projectId/guideline',
    permission: 'project.manage',
    summary: 'Publish a new guideline version (Markdown)',
    body: z.object({ body: z.string().max(512 * 1024) }),
    handler: async ({ actor, params, body }) => ({ guideline: await publishGuideline(ctx, actor!, params.projectId!, body.body) }),
  });

  defineRoute(app, {
    method: 'GET',
    url: '/api/projects/:projectId/guideline/versions',
    permission: 'project.read',
    summary: 'All guideline versions of a project',
    handler: async ({ actor, params }) => ({ versions: await listGuidelineVersions(ctx, actor!, params.projectId!) }),
  });
}
