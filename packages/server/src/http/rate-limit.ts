import rateLimit from '@fastify/rate-limit';
import { DomainError } from '@biaozhu/core';
import type { FastifyInstance } from 'fastify';

/** Settings of the coarse per-address limit (BIAOZHU_RATE_LIMIT, BIAOZHU_RATE_LIMIT_EXEMPT). */
export interface ApiRateLimit {
  /** Requests per minute one client address may make to /api; 0 turns the limit off. */
  perMinute: number;
  /** Client addresses never limited (loopback by default: benchmarks, health checks, a local proxy). */
  exempt: readonly string[];
}

/**
 * A coarse limit on API requests per client address and minute, kept in this process's memory: it stops a runaway
 * script or a flood from one address, not a careful attacker (login failures have their own, stricter throttle in
 * the database). The address is `request.ip`, so behind a proxy set BIAOZHU_TRUST_PROXY or everyone shares one count.
 * Pages and assets are not limited. Beyond the limit: 429 `too_many_requests` with `retry-after`.
 */
export async function registerApiRateLimit(app: FastifyInstance, limit: ApiRateLimit): Promise<void> {
  if (limit.perMinute === 0) return;
  const exempt = new Set(limit.exempt);
  await app.register(rateLimit, {
    global: true,
    max: limit.perMinute,
    timeWindow: 60_000,
    allowList: (request, key) => !request.url.startsWith('/api/') || exempt.has(key),
    errorResponseBuilder: (_request, context) =>
      new DomainError('rate_limited', 'too_many_requests', `more than ${context.max} requests a minute from this address; try again in ${context.after}`, {
        limit: context.max,
        retryAfterSeconds: Math.max(1, Math.ceil(context.ttl / 1000)),
      }),
  });
}
