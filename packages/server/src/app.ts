import fs from 'node:fs';
import path from 'node:path';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import { createMedia, type Context } from '@biaozhu/core';
import Fastify, { type FastifyInstance } from 'fastify';
import type { ServerConfig } from './config.js';
import { registerAuth } from './http/auth.js';
import { body, errorHandler } from './http/error-mapping.js';
import { registerInputChecks } from './http/input-checks.js';
import { registerProjectScope } from './http/project-scope.js';
import { registerApiRateLimit } from './http/rate-limit.js';
import { registerSecurityHeaders } from './http/security-headers.js';
import { openApiDocument } from './http/openapi.js';
import { fastifyTrustProxy } from './http/trust-proxy.js';
import { backgroundJobs } from './jobs/background-jobs.js';
import { accountRoutes } from './routes/account-routes.js';
import { adminRoutes } from './routes/admin-routes.js';
import { annotationRoutes } from './routes/annotation-routes.js';
import { authRoutes } from './routes/auth-routes.js';
import { exportRoutes } from './routes/export-routes.js';
import { importRoutes } from './routes/import-routes.js';
import { mediaRoutes } from './routes/media-routes.js';
import { cleaningRoutes } from './routes/cleaning-routes.js';
import { mlBackendRoutes } from './routes/ml-backend-routes.js';
import { organizationRoutes } from './routes/organization-routes.js';
import { policyRoutes } from './routes/policy-routes.js';
import { qualityRoutes } from './routes/quality-routes.js';
import { annotatorStatsRoutes } from './routes/annotator-stats-routes.js';
import { projectRoutes } from './routes/project-routes.js';
import { peopleRoutes } from './routes/people-routes.js';
import { projectMemberRoutes } from './routes/project-member-routes.js';
import { teamRoutes } from './routes/team-routes.js';
import { projectSettingsRoutes } from './routes/project-settings-routes.js';
import { taskRoutes } from './routes/task-routes.js';

/** Builds the HTTP app around a context. Does not listen: tests use `app.inject` or listen themselves. */
export async function buildApp(baseCtx: Context, config: ServerConfig): Promise<FastifyInstance> {
  // Every route and job of this process stores and reads images through the configured media store.
  // The default folder is under the data directory: beside the SQLite file (as the intake spool), or BIAOZHU_DATA_DIR.
  const dataDir = baseCtx.db.dialect === 'sqlite' ? path.dirname(baseCtx.db.location) : config.dataDir;
  const ctx: Context = baseCtx.media ? baseCtx : { ...baseCtx, media: createMedia(config.media, dataDir) };
  const app = Fastify({
    logger: config.logLevel === 'silent' ? false : { level: config.logLevel },
    bodyLimit: config.bodyLimit,
    // The client address the login throttle counts by: the TCP peer unless BIAOZHU_TRUST_PROXY names the proxies.
    trustProxy: fastifyTrustProxy(config.trustProxy),
    // Keep-alive connections from many annotators: do not close idle sockets too eagerly.
    keepAliveTimeout: 65_000,
  });
  app.setErrorHandler(errorHandler);
  // First, so that every response carries the headers, a 429 of the rate limit and any error included.
  await registerSecurityHeaders(app, { https: config.secureCookies });
  await registerApiRateLimit(app, { perMinute: config.rateLimitPerMinute, exempt: config.rateLimitExempt });
  await app.register(cookie);
  await app.register(multipart);
  registerInputChecks(app);
  registerAuth(app, ctx);
  registerProjectScope(app, ctx);
  const jobs = backgroundJobs(app, ctx, config);

  app.get('/api/health', async () => ({ status: 'ok' }));
  app.get('/api/openapi.json', async () => openApiDocument());
  authRoutes(app, ctx, config);
  projectRoutes(app, ctx);
  projectSettingsRoutes(app, ctx);
  taskRoutes(app, ctx);
  annotationRoutes(app, ctx);
  importRoutes(app, ctx, config);
  mediaRoutes(app, ctx);
  exportRoutes(app, ctx, jobs);
  adminRoutes(app, ctx);
  accountRoutes(app, ctx);
  peopleRoutes(app, ctx, config);
  organizationRoutes(app, ctx);
  policyRoutes(app, ctx);
  teamRoutes(app, ctx);
  projectMemberRoutes(app, ctx);
  qualityRoutes(app, ctx, jobs);
  annotatorStatsRoutes(app, ctx);
  cleaningRoutes(app, ctx, jobs);
  mlBackendRoutes(app, ctx, jobs);

  const index = path.join(config.webDist, 'index.html');
  const hasWeb = fs.existsSync(index);
  if (hasWeb) await app.register(fastifyStatic, { root: config.webDist, wildcard: false });
  app.setNotFoundHandler((request, reply) => {
    if (request.url.startsWith('/api/') || request.url === '/api') {
      return reply.status(404).send(body('route_not_found', `no API route ${request.method} ${request.url.split('?')[0]}`));
    }
    if (hasWeb && (request.method === 'GET' || request.method === 'HEAD')) return reply.type('text/html').sendFile('index.html');
    return reply
      .status(404)
      .type('text/plain')
      .send(hasWeb ? 'not found' : 'The web app is not built. Run `npm start` (it builds it) or `npm run build:web`.');
  });
  return app;
}
