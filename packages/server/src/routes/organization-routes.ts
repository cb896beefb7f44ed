import { createOrganization, listOrganizations, type Context } from '@biaozhu/core';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { defineRoute } from '../http/route.js';

/** Organisations (tenants) of the installation: created and listed by its admins (core/src/organizations). */
export function organizationRoutes(app: FastifyInstance, ctx: Context): void {
  defineRoute(app, {
    method: 'POST',
    url: '/api/organizations',
    permission: 'organization.manage',
    summary: 'Create an organisation (installation admins); add its first admin with POST /api/users and orgId',
    responses: { 201: 'the organisation', 403: 'installation_admin_only', 409: 'organization_exists' },
    body: z.object({ name: z.string().max(1000) }),
    handler: async ({ actor, body, reply }) => {
      const organization = await createOrganization(ctx, actor!, body.name);
      void reply.status(201);
      return { organization };
    },
  });

  defineRoute(app, {
    method: 'GET',
    url: '/api/organizations',
    permission: 'organization.manage',
    summary: 'Every organisation with its numbers of users and projects (installation admins)',
    handler: async ({ actor }) => ({ organizations: await listOrganizations(ctx, actor!) }),
  });
}
