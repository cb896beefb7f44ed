import { addTeamMember, createTeam, getAssignmentPolicy, grantQualification, listTeams, updateAssignmentPolicy, type Context } from '@biaozhu/core';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { defineRoute } from '../http/route.js';

/** Assignment policies per project, and the teams and qualifications that eligibility rules refer to. */
export function policyRoutes(app: FastifyInstance, ctx: Context): void {
  defineRoute(app, {
    method: 'GET',
    url: '/api/projects/:projectId/assignment-policy',
    permission: 'project.manage',
    summary: 'The project overlap, lease time and assignment policy',
    handler: async ({ actor, params }) => getAssignmentPolicy(ctx, actor!, params.projectId!),
  });

  defineRoute(app, {
    method: 'PUT',
    url: '/api/projects/:projectId/assignment-policy',
    permission: 'project.manage',
    summary: 'Change the overlap, lease time and assignment policy (recorded in the audit log)',
    body: z.object({
      overlap: z.number().int().optional(),
      leaseTtlSeconds: z.number().int().optional(),
      policy: z.record(z.string(), z.unknown()).default({}),
    }),
    handler: async ({ actor, params, body }) => updateAssignmentPolicy(ctx, actor!, params.projectId!, body),
  });

  defineRoute(app, {
    method: 'GET',
    url: '/api/teams',
    permission: 'workforce.manage',
    summary: 'Teams with their member ids',
    handler: async ({ actor }) => ({ teams: await listTeams(ctx, actor!) }),
  });

  defineRoute(app, {
    method: 'POST',
    url: '/api/teams',
    permission: 'workforce.manage',
    summary: 'Create a team',
    body: z.object({ name: z.string() }),
    handler: async ({ actor, body, reply }) => {
      const team = await createTeam(ctx, actor!, body.name);
      void reply.status(201);
      return { team };
    },
  });

  defineRoute(app, {
    method: 'POST',
    url: '/api/teams/:teamId/members',
    permission: 'workforce.manage',
    summary: 'Add a user to a team',
    body: z.object({ userId: z.number().int().positive() }),
    handler: async ({ actor, params, body }) => {
      await addTeamMember(ctx, actor!, params.teamId!, body.userId);
      return { ok: true };
    },
  });

  defineRoute(app, {
    method: 'POST',
    url: '/api/users/:userId/qualifications',
    permission: 'workforce.manage',
    summary: 'Grant a qualification to a user',
    body: z.object({ name: z.string() }),
    handler: async ({ actor, params, body }) => {
      await grantQualification(ctx, actor!, params.userId!, body.name);
      return { ok: true };
    },
  });
}
