import { createApiToken, createUser, listUsers, organizationForNewUser, verifyAuditChain, type Context } from '@biaozhu/core';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { defineRoute } from '../http/route.js';

export function adminRoutes(app: FastifyInstance, ctx: Context): void {
  defineRoute(app, {
    method: 'POST',
    url: '/api/users',
    permission: 'user.manage',
    summary: 'Create a user in your organisation (or, for an installation admin, in the one named by orgId)',
    body: z.object({
      email: z.string().max(320),
      password: z.string().max(1000),
      role: z.string(),
      name: z.string().max(200).optional(),
      /** Another organisation than the caller's: installation admins only. */
      orgId: z.number().int().positive().optional(),
    }),
    handler: async ({ actor, body, reply }) => {
      const user = await createUser(ctx, { ...body, orgId: await organizationForNewUser(ctx, actor!, body.orgId) }, actor!.userId);
      void reply.status(201);
      return { user };
    },
  });

  defineRoute(app, {
    method: 'GET',
    url: '/api/users',
    permission: 'user.manage',
    summary: 'Users of the organisation',
    handler: async ({ actor }) => ({ users: await listUsers(ctx, actor!) }),
  });

  defineRoute(app, {
    method: 'POST',
    url: '/api/tokens',
    permission: 'token.own',
    summary: 'Create an API token for yourself (shown once)',
    body: z.object({ name: z.string().min(1).max(100).default('api') }),
    handler: async ({ actor, body, reply }) => {
      const token = await createApiToken(ctx, { userId: actor!.userId }, body.name, actor!.userId);
      void reply.status(201);
      return { token };
    },
  });

  defineRoute(app, {
    method: 'GET',
    url: '/api/audit/verify',
    permission: 'audit.read',
    summary: 'Recompute the audit hash chain',
    handler: async ({ actor }) => verifyAuditChain(ctx, actor!.orgId),
  });
}
