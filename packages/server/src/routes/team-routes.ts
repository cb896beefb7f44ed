import { addTeamMember, addTeamMembers, createTeam, grantQualification, listTeams, listWorkforce, removeTeamMembers, type Context } from '@biaozhu/core';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { defineRoute } from '../http/route.js';

const userIds = z.array(z.number().int().positive()).min(1).max(1000);

/** Teams and their members, qualifications, and the people a manager picks them from (eligibility rules use them). */
export function teamRoutes(app: FastifyInstance, ctx: Context): void {
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
    body: z.strictObject({ name: z.string() }),
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
    summary: 'Add users to a team: { userIds: [...] } (all or none; 400 naming an id not of your organisation), or one { userId }',
    body: z.union([z.object({ userIds }), z.object({ userId: z.number().int().positive() })]),
    handler: async ({ actor, params, body }) => {
      if ('userId' in body) {
        await addTeamMember(ctx, actor!, params.teamId!, body.userId);
        return { ok: true };
      }
      return { ok: true, members: await addTeamMembers(ctx, actor!, params.teamId!, body.userIds) };
    },
  });

  defineRoute(app, {
    method: 'POST',
    url: '/api/teams/:teamId/members/remove',
    permission: 'workforce.manage',
    summary: 'Take users out of a team: { userIds: [...] }',
    body: z.strictObject({ userIds }),
    handler: async ({ actor, params, body }) => ({ ok: true, members: await removeTeamMembers(ctx, actor!, params.teamId!, body.userIds) }),
  });

  defineRoute(app, {
    method: 'DELETE',
    url: '/api/teams/:teamId/members/:userId',
    permission: 'workforce.manage',
    summary: 'Take one user out of a team',
    handler: async ({ actor, params }) => ({ ok: true, members: await removeTeamMembers(ctx, actor!, params.teamId!, [params.userId!]) }),
  });

  defineRoute(app, {
    method: 'GET',
    url: '/api/workforce',
    permission: 'workforce.manage',
    summary: 'The users of your organisation a manager puts in projects and teams: role, disabled, team ids, qualifications',
    handler: async ({ actor }) => ({ people: await listWorkforce(ctx, actor!) }),
  });

  defineRoute(app, {
    method: 'POST',
    url: '/api/users/:userId/qualifications',
    permission: 'workforce.manage',
    summary: 'Grant a qualification to a user',
    body: z.strictObject({ name: z.string() }),
    handler: async ({ actor, params, body }) => {
      await grantQualification(ctx, actor!, params.userId!, body.name);
      return { ok: true };
    },
  });
}
