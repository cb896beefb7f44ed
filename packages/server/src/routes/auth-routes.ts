import { changeOwnPassword, DomainError, getOwnAccount, login, logout, type Context } from '@biaozhu/core';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { SESSION_COOKIE } from '../http/auth.js';
import { defineRoute } from '../http/route.js';
import type { ServerConfig } from '../config.js';

/** `login` is an email or a phone number; `email` is its older name, still accepted (scripts written before phones). */
const loginBody = z
  .object({ login: z.string().min(1).max(320).optional(), email: z.string().min(1).max(320).optional(), password: z.string().min(1).max(1000) })
  .refine((b) => b.login !== undefined || b.email !== undefined, { message: 'an email or a phone number is required', path: ['login'] });
const passwordBody = z.object({ currentPassword: z.string().min(1).max(1000), newPassword: z.string().min(1).max(1000) });

export function authRoutes(app: FastifyInstance, ctx: Context, config: ServerConfig): void {
  defineRoute(app, {
    method: 'POST',
    url: '/api/auth/login',
    permission: 'public',
    summary: 'Log in with an email or a phone number and the password; sets the session cookie and returns the CSRF token (429 with retry-after while the attempt must wait)',
    body: loginBody,
    handler: async ({ body, request, reply }) => {
      // request.ip is the TCP peer, or the client a trusted proxy names (BIAOZHU_TRUST_PROXY).
      const result = await login(ctx, (body.login ?? body.email)!, body.password, request.ip);
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

  defineRoute(app, {
    method: 'POST',
    url: '/api/auth/logout',
    permission: 'session.own',
    summary: 'End the current session',
    handler: async ({ request, reply }) => {
      const token = request.cookies[SESSION_COOKIE];
      if (token) await logout(ctx, token);
      void reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return { ok: true };
    },
  });

  defineRoute(app, {
    method: 'GET',
    url: '/api/auth/me',
    permission: 'session.own',
    summary: 'The logged-in user and the CSRF token for state changes',
    handler: async ({ actor, request }) => {
      if (!actor) throw new DomainError('unauthenticated', 'login_required', 'not logged in');
      return { user: await getOwnAccount(ctx, actor), csrfToken: request.csrfToken ?? null };
    },
  });

  defineRoute(app, {
    method: 'POST',
    url: '/api/auth/password',
    permission: 'session.own',
    summary: 'Change your own password (needs the current one); your other sessions end, this one stays',
    body: passwordBody,
    handler: async ({ actor, body, request }) => {
      const result = await changeOwnPassword(ctx, actor!, body, request.ip, request.cookies[SESSION_COOKIE]);
      return { ok: true, sessionsEnded: result.sessionsEnded };
    },
  });
}
