import { PERSON_STATUSES, PERSON_WORKER_KINDS } from '@biaozhu/contract';
import { acceptInvite, changeRole, createPerson, importRoster, listPeople, lookupInvite, MAX_PEOPLE_PAGE, previewRoster, type Context } from '@biaozhu/core';
import { ROLES } from '@biaozhu/storage';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ServerConfig } from '../config.js';
import { SESSION_COOKIE } from '../http/auth.js';
import { defineRoute } from '../http/route.js';

const delivery = z.enum(['password', 'invite']);
/** A roster of MAX_ROSTER_ROWS rows of long cells stays far below this; the server's body limit applies first. */
const rosterCsv = z.string().min(1).max(4 * 1024 * 1024);
const token = z.string().min(10).max(200);

/**
 * The users page (docs/api.md "People"): listing, creating one account, roster import (preview, then all rows or
 * none), role changes; and the public half of invitations (look one up, accept it).
 */
export function peopleRoutes(app: FastifyInstance, ctx: Context, config: ServerConfig): void {
  defineRoute(app, {
    method: 'GET',
    url: '/api/people',
    permission: 'people.manage',
    summary: 'One page of the users of your organisation, with teams and status; filters combine',
    query: z.object({
      search: z.string().max(200).optional(),
      role: z.enum(ROLES as [string, ...string[]]).optional(),
      workerKind: z.enum(PERSON_WORKER_KINDS as [string, ...string[]]).optional(),
      status: z.enum(PERSON_STATUSES as [string, ...string[]]).optional(),
      teamId: z.coerce.number().int().positive().optional(),
      offset: z.coerce.number().int().min(0).default(0),
      limit: z.coerce.number().int().min(1).max(MAX_PEOPLE_PAGE).default(50),
    }),
    handler: async ({ actor, query }) => listPeople(ctx, actor!, query as Parameters<typeof listPeople>[2]),
  });

  defineRoute(app, {
    method: 'POST',
    url: '/api/people',
    permission: 'people.manage',
    summary: 'Create one account (an email, a phone number or both); the answer holds its initial password (changed at first login) or invitation token, once',
    body: z.strictObject({
      name: z.string().max(1000),
      // Either is enough (a phone-only worker); the checks name the field when neither is given.
      email: z.string().max(1000).optional(),
      phone: z.string().max(100).optional(),
      role: z.string().max(100),
      team: z.string().max(200).optional(),
      workerKind: z.string().max(100).optional(),
      delivery: delivery.default('password'),
    }),
    handler: async ({ actor, body, reply }) => {
      const person = await createPerson(ctx, actor!, body, body.delivery);
      void reply.status(201);
      return { person };
    },
  });

  defineRoute(app, {
    method: 'POST',
    url: '/api/people/roster/preview',
    permission: 'people.manage',
    summary: 'Check a roster CSV (name, email, phone, role, team, worker_kind): the rows it would create and every fault by row and column; writes nothing',
    body: z.strictObject({ csv: rosterCsv }),
    handler: async ({ actor, body }) => ({ preview: await previewRoster(ctx, actor!, body.csv) }),
  });

  defineRoute(app, {
    method: 'POST',
    url: '/api/people/roster',
    permission: 'people.manage',
    summary: 'Import a roster CSV: all rows in one transaction, or none (400 roster_invalid listing the faults); initial passwords or invitation tokens are returned once',
    body: z.strictObject({ csv: rosterCsv, delivery: delivery.default('password') }),
    handler: async ({ actor, body, reply }) => {
      const created = await importRoster(ctx, actor!, body.csv, body.delivery);
      void reply.status(201);
      return { created };
    },
  });

  defineRoute(app, {
    method: 'POST',
    url: '/api/users/:userId/role',
    permission: 'people.manage',
    summary: "Change a user's role (managers may not make or change admins; the last admin keeps the role)",
    body: z.strictObject({ role: z.string().max(100) }),
    handler: async ({ actor, body, params }) => ({ account: await changeRole(ctx, actor!, params.userId!, body.role) }),
  });

  defineRoute(app, {
    method: 'POST',
    url: '/api/invites/lookup',
    permission: 'public',
    summary: 'What an invitation is for (email, organisation, expiry); 404 unknown, 410 used or expired',
    body: z.strictObject({ token }),
    handler: async ({ body }) => ({ invite: await lookupInvite(ctx, body.token) }),
  });

  defineRoute(app, {
    method: 'POST',
    url: '/api/invites/accept',
    permission: 'public',
    summary: 'Accept an invitation: set your name and password; logs you in (sets the session cookie)',
    body: z.strictObject({ token, name: z.string().max(1000), password: z.string().min(1).max(1000) }),
    handler: async ({ body, request, reply }) => {
      const result = await acceptInvite(ctx, body, request.ip);
      void reply.setCookie(SESSION_COOKIE, result.sessionToken, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure: config.secureCookies,
        expires: new Date(result.expiresAt),
      });
      return { user: result.user, csrfToken: result.csrfToken };
    },
  });
}
