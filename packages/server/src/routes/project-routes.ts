import {
  createProject,
  getProject,
  listGuidelineVersions,
  listProjects,
  projectStats,
  publishGuideline,
  type Context,
} from '@biaozhu/core';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { defineRoute } from '../http/route.js';

const createBody = z.object({
  name: z.string().min(1).max(200),
  description: z.string().max(5000).optional(),
  /** Native config object, or JSON / Label Studio XML text. */
  labelConfig: z.union([z.string().min(1).max(200_000), z.record(z.string(), z.unknown())]),
  overlap: z.number().int().min(1).max(50).optional(),
  leaseTtlSeconds: z.number().int().min(10).max(86_400).optional(),
  guideline: z.string().max(512 * 1024).optional(),
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
    summary: 'Create a project from a label config (native JSON or Label Studio XML)',
    body: createBody,
    handler: async ({ actor, body, reply }) => {
      const project = await createProject(ctx, actor!, body);
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
