import { disableUser, enableUser, endUserSessions, listApiTokens, resetPassword, revokeApiToken, type Context } from '@biaozhu/core';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { defineRoute } from '../http/route.js';

/**
 * Account lifecycle (docs/api.md "Accounts and tokens"): disable, enable, password reset, sessions, API tokens. Admins and
 * managers (the users page); a manager never over an admin (core access/people-rules.ts).
 */
export function accountRoutes(app: FastifyInstance, ctx: Context): void {
  defineRoute(app, {
    method: 'POST',
    url: '/api/users/:userId/disable',
    permission: 'people.manage',
    summary: 'Disable a user: their sessions end and their API tokens are refused until they are enabled again',
    handler: async ({ actor, params }) => ({ account: await disableUser(ctx, actor!, params.userId!) }),
  });

  defineRoute(app, {
    method: 'POST',
    url: '/api/users/:userId/enable',
    permission: 'people.manage',
    summary: 'Enable a disabled user again',
    handler: async ({ actor, params }) => ({ account: await enableUser(ctx, actor!, params.userId!) }),
  });

  defineRoute(app, {
    method: 'POST',
    url: '/api/users/:userId/password-reset',
    permission: 'people.manage',
    summary: 'Set a new password for a user (a random one, returned once, when none is given); their sessions end',
    body: z.object({ password: z.string().min(1).max(1000).optional() }),
    handler: async ({ actor, body, params }) => {
      const reset = await resetPassword(ctx, actor!, params.userId!, body.password);
      // An admin who chose the password knows it; only a generated one is sent back.
      return { userId: reset.userId, sessionsEnded: reset.sessionsEnded, ...(reset.generated ? { password: reset.password } : {}) };
    },
  });

  defineRoute(app, {
    method: 'DELETE',
    url: '/api/users/:userId/sessions',
    permission: 'people.manage',
    summary: 'End every session of a user',
    handler: async ({ actor, params }) => endUserSessions(ctx, actor!, params.userId!),
  });

  defineRoute(app, {
    method: 'GET',
    url: '/api/users/:userId/tokens',
    permission: 'user.manage',
    summary: "A user's API tokens with their last use (never the tokens themselves)",
    handler: async ({ actor, params }) => ({ tokens: await listApiTokens(ctx, actor!, params.userId!) }),
  });

  defineRoute(app, {
    method: 'GET',
    url: '/api/tokens',
    permission: 'token.own',
    summary: 'Your API tokens with their last use',
    handler: async ({ actor }) => ({ tokens: await listApiTokens(ctx, actor!, actor!.userId) }),
  });

  defineRoute(app, {
    method: 'DELETE',
    url: '/api/tokens/:tokenId',
    permission: 'token.own',
    summary: 'Revoke an API token (your own; admins any of their organisation)',
    handler: async ({ actor, params }) => ({ token: await revokeApiToken(ctx, actor!, params.tokenId!) }),
  });
}
