import { actorFromApiToken, actorFromSession, DomainError, type Actor, type Context } from '@biaozhu/core';
import type { FastifyInstance } from 'fastify';

export const SESSION_COOKIE = 'bz_session';

declare module 'fastify' {
  interface FastifyRequest {
    actor?: Actor;
    /** Set when the actor came from a session cookie: state changes must then carry this CSRF token. */
    csrfToken?: string;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** What a session that must change its password may still do. */
const PASSWORD_CHANGE_ROUTES = new Set([
  'GET /api/auth/me', 'POST /api/auth/password', 'POST /api/auth/logout', 'POST /api/auth/login', 'GET /api/health', 'POST /api/invites/lookup', 'POST /api/invites/accept',
]);

/**
 * Resolves the caller from `Authorization: Bearer <token>` or the session cookie. Cookie-authenticated state
 * changes need the session's CSRF token in `x-csrf-token` (synchronizer token); bearer tokens are not sent by
 * browsers on their own, so they need none.
 */
export function registerAuth(app: FastifyInstance, ctx: Context): void {
  app.addHook('preHandler', async (request) => {
    const header = request.headers.authorization;
    if (header) {
      const match = /^Bearer\s+(\S+)$/i.exec(header);
      if (!match?.[1]) throw new DomainError('unauthenticated', 'bad_authorization', 'Authorization must be "Bearer <token>"');
      const actor = await actorFromApiToken(ctx, match[1]);
      if (!actor) throw new DomainError('unauthenticated', 'invalid_token', 'the API token is unknown or revoked, or its user is disabled');
      request.actor = actor;
      return;
    }
    const cookie = request.cookies[SESSION_COOKIE];
    if (!cookie) return;
    const actor = await actorFromSession(ctx, cookie);
    if (!actor) return;
    request.actor = actor;
    request.csrfToken = actor.csrfToken;
    // Logging in again over a stale session must work; login itself cannot be forged into anything harmful.
    if (!SAFE_METHODS.has(request.method) && request.url !== '/api/auth/login' && request.headers['x-csrf-token'] !== actor.csrfToken) {
      throw new DomainError('forbidden', 'csrf_failed', 'missing or wrong x-csrf-token header; reload the page and try again');
    }
    // After a password reset or with an initial password, the session may only choose a new password or leave.
    if (actor.mustChangePassword && request.url.startsWith('/api/') && !PASSWORD_CHANGE_ROUTES.has(`${request.method} ${request.url.split('?')[0]}`)) {
      throw new DomainError('forbidden', 'password_change_required', 'choose a new password first (POST /api/auth/password); your password was set by someone else');
    }
  });
}
