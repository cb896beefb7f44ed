import path from 'node:path';
import { passwordHashCost } from '@biaozhu/core';
import type { Durability } from '@biaozhu/storage';
import { parseTrustProxy, type TrustProxy } from './http/trust-proxy.js';

/** Everything the server reads from the environment, in one place (README "Configuration" lists the same). */
export interface ServerConfig {
  port: number;
  /** Listen address (HOST, default 127.0.0.1); `0.0.0.0` accepts connections from other machines. */
  host: string;
  databaseUrl: string | undefined;
  /** PostgreSQL schema to use (created if missing); lets several installations or test runs share a database. */
  pgSchema: string | undefined;
  dataDir: string;
  durability: Durability;
  /** Largest JSON body accepted, in bytes. */
  bodyLimit: number;
  /** Largest uploaded import file, in bytes. */
  uploadLimit: number;
  /** Folder of the built web app; served at / when it exists. */
  webDist: string;
  /** Set the Secure flag on cookies (behind HTTPS). */
  secureCookies: boolean;
  /** Which proxies' X-Forwarded-For to believe for the client address (BIAOZHU_TRUST_PROXY, http/trust-proxy.ts). */
  trustProxy: TrustProxy;
  /** API requests per minute per client address (BIAOZHU_RATE_LIMIT, default 12000; 0 = off), see http/rate-limit.ts. */
  rateLimitPerMinute: number;
  /** Client addresses the API rate limit never counts (BIAOZHU_RATE_LIMIT_EXEMPT, comma-separated; default loopback). */
  rateLimitExempt: string[];
  logLevel: string;
  /** Run background jobs (cleaning, aggregation) in this process; off for a process that only serves HTTP. */
  runJobs: boolean;
  /** How long a job's claim lasts without a heartbeat: how soon a job of a crashed process is resumed. */
  jobLockMs: number;
}

const repoRoot = path.resolve(import.meta.dirname, '../../..');

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<ServerConfig> = {}): ServerConfig {
  const durability = env.BIAOZHU_DURABILITY ?? 'default';
  if (durability !== 'default' && durability !== 'strict') {
    throw new Error(`BIAOZHU_DURABILITY must be "default" or "strict", got "${durability}"`);
  }
  // Fails at start, not at the first login, on a bad BIAOZHU_INSECURE_TEST_PASSWORD_HASHING (or on it in production).
  passwordHashCost(env);
  return {
    port: intFrom(env.PORT, 8080, 'PORT'),
    // Loopback unless told otherwise: a server (or a demo) started on a laptop is not reachable from the network.
    host: env.HOST || '127.0.0.1',
    databaseUrl: env.DATABASE_URL || undefined,
    pgSchema: env.BIAOZHU_PG_SCHEMA || undefined,
    dataDir: path.resolve(env.BIAOZHU_DATA_DIR ?? './data'),
    durability,
    bodyLimit: intFrom(env.BIAOZHU_BODY_LIMIT, 1024 * 1024, 'BIAOZHU_BODY_LIMIT'),
    uploadLimit: intFrom(env.BIAOZHU_UPLOAD_LIMIT, 2 * 1024 ** 3, 'BIAOZHU_UPLOAD_LIMIT'),
    webDist: path.resolve(env.BIAOZHU_WEB_DIST ?? path.join(repoRoot, 'packages/web/dist')),
    secureCookies: env.BIAOZHU_SECURE_COOKIES === 'true',
    trustProxy: parseTrustProxy(env.BIAOZHU_TRUST_PROXY),
    rateLimitPerMinute: env.BIAOZHU_RATE_LIMIT === '0' ? 0 : intFrom(env.BIAOZHU_RATE_LIMIT, 12_000, 'BIAOZHU_RATE_LIMIT'),
    rateLimitExempt: (env.BIAOZHU_RATE_LIMIT_EXEMPT ?? '127.0.0.1,::1')
      .split(',')
      .map((a) => a.trim())
      .filter((a) => a !== ''),
    logLevel: env.LOG_LEVEL ?? 'info',
    runJobs: booleanFrom(env.BIAOZHU_RUN_JOBS, true, 'BIAOZHU_RUN_JOBS'),
    jobLockMs: intFrom(env.BIAOZHU_JOB_LOCK_MS, 60_000, 'BIAOZHU_JOB_LOCK_MS'),
    ...overrides,
  };
}

function intFrom(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} must be a positive whole number, got "${value}"`);
  return n;
}

function booleanFrom(value: string | undefined, fallback: boolean, name: string): boolean {
  if (value === undefined || value === '') return fallback;
  if (value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0') return false;
  throw new Error(`${name} must be true or false, got "${value}"`);
}
