import path from 'node:path';
import { passwordHashCost, type MediaSettings } from '@biaozhu/core';
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
  /** Where uploaded images are stored and which `s3://` references are read (BIAOZHU_MEDIA_*, mediaSettingsFrom). */
  media: MediaSettings;
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
    media: mediaSettingsFrom(env),
    ...overrides,
  };
}

/**
 * BIAOZHU_MEDIA_STORE (`local`, default, or `s3`), BIAOZHU_MEDIA_DIR (the local folder, default `<data dir>/media`),
 * BIAOZHU_MEDIA_S3_ENDPOINT, _REGION (default us-east-1), _BUCKET, _PREFIX, _PATH_STYLE (true for MinIO and most
 * self-hosted stores), _ACCESS_KEY_ID, _SECRET_ACCESS_KEY, _REF_BUCKETS (buckets `s3://` task references may name,
 * comma-separated; default the bucket) and BIAOZHU_MEDIA_PRESIGN_SECONDS (default 300).
 */
export function mediaSettingsFrom(env: NodeJS.ProcessEnv): MediaSettings {
  const store = env.BIAOZHU_MEDIA_STORE || 'local';
  if (store !== 'local' && store !== 's3') throw new Error(`BIAOZHU_MEDIA_STORE must be "local" or "s3", got "${store}"`);
  const bucket = env.BIAOZHU_MEDIA_S3_BUCKET || undefined;
  if (store === 's3' && !bucket) throw new Error('BIAOZHU_MEDIA_STORE=s3 needs BIAOZHU_MEDIA_S3_BUCKET');
  const prefix = env.BIAOZHU_MEDIA_S3_PREFIX ?? '';
  return {
    store,
    dir: env.BIAOZHU_MEDIA_DIR ? path.resolve(env.BIAOZHU_MEDIA_DIR) : undefined,
    s3: bucket
      ? {
          endpoint: env.BIAOZHU_MEDIA_S3_ENDPOINT || undefined,
          region: env.BIAOZHU_MEDIA_S3_REGION || 'us-east-1',
          bucket,
          prefix: prefix === '' || prefix.endsWith('/') ? prefix : `${prefix}/`,
          forcePathStyle: booleanFrom(env.BIAOZHU_MEDIA_S3_PATH_STYLE, false, 'BIAOZHU_MEDIA_S3_PATH_STYLE'),
          accessKeyId: env.BIAOZHU_MEDIA_S3_ACCESS_KEY_ID || undefined,
          secretAccessKey: env.BIAOZHU_MEDIA_S3_SECRET_ACCESS_KEY || undefined,
        }
      : undefined,
    refBuckets: (env.BIAOZHU_MEDIA_S3_REF_BUCKETS ?? '')
      .split(',')
      .map((b) => b.trim())
      .filter((b) => b !== ''),
    presignSeconds: intFrom(env.BIAOZHU_MEDIA_PRESIGN_SECONDS, 300, 'BIAOZHU_MEDIA_PRESIGN_SECONDS'),
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
