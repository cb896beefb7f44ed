import { addProjectMembers, listProjectMembers, removeProjectMembers, setProjectAccess, type Context } from '@biaozhu/core';
import { PROJECT_ROLES } from '@biaozhu/storage';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { defineRoute } from '../http/route.js';

const userIds = z.array(z.number().int().positive()).min(1).max(1000);

/** Project membership (docs/security.md): who of the organisation sees and works on a project. */
export function projectMemberRoutes(app: FastifyInstance, ctx: Context): void {
  defineRoute(app, {
    method: 'GET',
    url: '/api/projects/:projectId/members',
    permission: 'project.manage',
    summary: "The project's access (organisation | members) and its members with their role in it",
    handler: async ({ actor, params }) => listProjectMembers(ctx, actor!, params.projectId!),
  });

  defineRoute(app, {
    method: 'POST',
    url: '/api/projects/:projectId/members',
    permission: 'project.manage',
    summary:
      'Add users of your organisation to the project, all or none: { userIds, projectRole? } (annotator | reviewer | client; default their own role); a role already given is replaced',
    body: z.strictObject({ userIds, projectRole: z.enum(PROJECT_ROLES as [string, ...string[]]).optional() }),
    handler: async ({ actor, params, body }) =>
      addProjectMembers(
        ctx,
        actor!,
        params.projectId!,
        body.userIds.map((userId) => ({ userId, projectRole: body.projectRole as (typeof PROJECT_ROLES)[number] | undefined })),
      ),
  });

  defineRoute(app, {
    method: 'POST',
    url: '/api/projects/:projectId/members/remove',
    permission: 'project.manage',
    summary: 'Take users out of the project: { userIds }',
    body: z.strictObject({ userIds }),
    handler: async ({ actor, params, body }) => removeProjectMembers(ctx, actor!, params.projectId!, body.userIds),
  });

  defineRoute(app, {
    method: 'DELETE',
    url: '/api/projects/:projectId/members/:userId',
    permission: 'project.manage',
    summary: 'Take one user out of the project',
    handler: async ({ actor, params }) => removeProjectMembers(ctx, actor!, params.projectId!, [params.userId!]),
  });

  defineRoute(app, {
    method: 'PUT',
    url: '/api/projects/:projectId/access',
    permission: 'project.manage',
    summary: 'Open the project to the whole organisation (organisation) or only to its members (members); audited',
    body: z.strictObject({ access: z.string() }),
    handler: async ({ actor, params, body }) => setProjectAccess(ctx, actor!, params.projectId!, body.access),
  });
}
