import { randomBytes } from 'node:crypto';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createContext, createProject, hashPassword, hashSecret, newSecret, type Actor, type Context } from '@biaozhu/core';
import { migrateToLatest, openDatabase, type Db, type DialectName } from '@biaozhu/storage';
import pg from 'pg';

/**
 * Helpers for tests and benches that run the real server as child processes (`node bin/biaozhu.js serve`) on a
 * database they seed directly: fast seeding of many users and tasks, keep-alive HTTP clients that see connection
 * errors as such (so a caller can retry with the same idempotency key), and process control (SIGKILL, restart).
 */

export const REPO_ROOT = path.resolve(import.meta.dirname, '../..');
export const PG_URL = process.env.BIAOZHU_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/test';

let counter = 0;

/** A database the test owns: a temp SQLite dir or a fresh PostgreSQL schema, with the env that points servers at it. */
export interface OwnedDb {
  dialect: DialectName;
  env: Record<string, string>;
  open(options?: { poolSize?: number }): Promise<Db>;
  drop(): Promise<void>;
}

export function ownedDb(dialect: DialectName, prefix = 'bz_fault'): OwnedDb {
  if (dialect === 'postgres') {
    const schema = `${prefix}_${process.pid}_${Date.now().toString(36)}_${counter++}_${randomBytes(3).toString('hex')}`;
    return {
      dialect,
      env: { DATABASE_URL: PG_URL, BIAOZHU_PG_SCHEMA: schema },
      open: (o = {}) => openDatabase({ databaseUrl: PG_URL, dataDir: '', pgSchema: schema, poolSize: o.poolSize ?? 10 }),
      drop: async () => {
        const client = new pg.Client({ connectionString: PG_URL });
        await client.connect();
        await client.query(`drop schema if exists ${schema} cascade`);
        await client.end();
      },
    };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `${prefix}-`));
  return {
    dialect,
    env: { BIAOZHU_DATA_DIR: dir, DATABASE_URL: '' },
    open: () => openDatabase({ dataDir: dir }),
    drop: async () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

export const SENTIMENT_CONFIG = {
  objects: [{ type: 'text', name: 'text', value: 'text' }],
  controls: [
    {
      type: 'choices',
      name: 'sentiment',
      toName: 'text',
      choices: [{ value: 'positive' }, { value: 'negative' }, { value: 'neutral' }],
    },
  ],
};

export const CHOICES = ['positive', 'negative', 'neutral'] as const;

export const answer = (choice: string) => [
  { id: 'r1', from_name: 'sentiment', to_name: 'text', type: 'choices', value: { choices: [choice] } },
];

export interface Seeded {
  projectId: number;
  manager: Actor;
  /** API tokens of the annotators, with their user ids. */
  annotators: { userId: number; token: string }[];
}

/**
 * Seeds a manager, `annotators` annotators with API tokens (one password hash shared by all: 200 scrypt calls would
 * take seconds), and a project with `tasks` tasks of `overlap`. Users and tokens are inserted directly.
 */
export async function seedProject(
  db: Db,
  options: { annotators: number; tasks: number; overlap: number; leaseTtlSeconds?: number; now?: () => number },
): Promise<Seeded> {
  await migrateToLatest(db);
  const ctx: Context = createContext(db, options.now);
  const k = db.kysely;
  const now = Date.now();
  const org = await k.insertInto('organizations').values({ name: 'Default', created_at: now }).returning('id').executeTakeFirstOrThrow();
  const hash = await hashPassword('password-shared');
  const manager = await k
    .insertInto('users')
    .values({ org_id: org.id, email: 'manager@t.local', name: 'manager', role: 'manager', password_hash: hash, disabled: 0, created_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  const annotators: { userId: number; token: string }[] = [];
  const CHUNK = 100;
  for (let start = 0; start < options.annotators; start += CHUNK) {
    const n = Math.min(CHUNK, options.annotators - start);
    const rows = await k
      .insertInto('users')
      .values(
        Array.from({ length: n }, (_, i) => ({
          org_id: org.id,
          email: `a${start + i}@t.local`,
          name: `a${start + i}`,
          role: 'annotator' as const,
          password_hash: hash,
          disabled: 0,
          created_at: now,
        })),
      )
      .returning('id')
      .execute();
    const tokens = rows.map((r) => ({ userId: r.id, token: `bz_${newSecret(24)}` }));
    await k
      .insertInto('api_tokens')
      .values(tokens.map((t) => ({ user_id: t.userId, token_hash: hashSecret(t.token), name: 'fault', created_at: now, last_used_at: null })))
      .execute();
    annotators.push(...tokens);
  }
  const managerActor: Actor = { userId: manager.id, orgId: org.id, role: 'manager', email: 'manager@t.local' };
  const project = await createProject(ctx, managerActor, {
    name: 'fault',
    labelConfig: SENTIMENT_CONFIG,
    overlap: options.overlap,
    ...(options.leaseTtlSeconds !== undefined ? { leaseTtlSeconds: options.leaseTtlSeconds } : {}),
  });
  await insertTasks(db, project.id, options.tasks, options.overlap);
  return { projectId: project.id, manager: managerActor, annotators };
}

/** Inserts `count` small tasks directly and raises the project's task counter to match. */
export async function insertTasks(db: Db, projectId: number, count: number, target: number): Promise<void> {
  const now = Date.now();
  const BATCH = 500;
  for (let start = 0; start < count; start += BATCH) {
    const n = Math.min(BATCH, count - start);
    await db.kysely
      .insertInto('tasks')
      .values(
        Array.from({ length: n }, (_, i) => ({
          project_id: projectId,
          import_id: null,
          external_id: null,
          data: JSON.stringify({ text: `item ${start + i}` }),
          target,
          slots_used: 0,
          answer_count: 0,
          priority: 0,
          created_at: now,
        })),
      )
      .execute();
  }
  await db.kysely
    .updateTable('projects')
    .set((eb) => ({ task_count: eb('task_count', '+', count) }))
    .where('id', '=', projectId)
    .execute();
}

/** A free loopback TCP port (asked from the OS, then released). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export interface ServerProcess {
  port: number;
  baseUrl: string;
  child: ChildProcess;
  /** Output seen so far (for failure messages). */
  output(): string;
  /** SIGKILL, and wait until the process is gone. */
  kill9(): Promise<void>;
  /** SIGTERM (graceful), then SIGKILL after `graceMs`. Safe to call on an exited process. */
  stop(graceMs?: number): Promise<void>;
}

const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

/**
 * Starts `node bin/biaozhu.js serve` on loopback with the given env, and resolves once it prints that it serves.
 * The child is killed when this process exits, whatever happens to the test.
 */
export async function startServerProcess(options: {
  env: Record<string, string>;
  port?: number;
  timeoutMs?: number;
  nodeArgs?: string[];
}): Promise<ServerProcess> {
  const port = options.port ?? (await freePort());
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), 'bin/biaozhu.js', 'serve', '--port', String(port)], {
    cwd: REPO_ROOT,
    env: { ...process.env, LOG_LEVEL: 'silent', HOST: '127.0.0.1', ...options.env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  live.add(child);
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    child.once('exit', () => {
      live.delete(child);
      resolve();
    });
  });
  const timeoutMs = options.timeoutMs ?? 30_000;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server did not start within ${timeoutMs} ms:\n${out}`));
    }, timeoutMs);
    const onData = () => {
      if (out.includes('serving on')) {
        clearTimeout(timer);
        child.stdout?.off('data', onData);
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`server exited before serving (code ${child.exitCode}, signal ${child.signalCode}):\n${out}`));
    });
  });
  const gone = () => child.exitCode !== null || child.signalCode !== null;
  return {
    port,
    baseUrl: `http://127.0.0.1:${port}`,
    child,
    output: () => out,
    kill9: async () => {
      if (!gone()) child.kill('SIGKILL');
      await exited;
    },
    stop: async (graceMs = 5000) => {
      if (gone()) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

export interface HttpResult {
  status: number;
  body: any;
  headers: http.IncomingHttpHeaders;
}

/** A connection-level failure (refused, reset, aborted): the request may or may not have reached the server. */
export class ConnectionError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message);
  }
}

/**
 * An API client on its own keep-alive connection, as one annotator's browser would hold. `abortAfterSendMs`
 * drops the connection that long after the request was fully written (a client-side timeout).
 */
export class KeepAliveClient {
  readonly agent: http.Agent;
  constructor(
    public baseUrl: string,
    readonly token: string,
    maxSockets = 1,
  ) {
    this.agent = new http.Agent({ keepAlive: true, maxSockets });
  }

  request(method: string, urlPath: string, body?: unknown, options: { abortAfterSendMs?: number; timeoutMs?: number } = {}): Promise<HttpResult> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const url = new URL(urlPath, this.baseUrl);
    return new Promise<HttpResult>((resolve, reject) => {
      const headers: Record<string, string | number> = { authorization: `Bearer ${this.token}` };
      if (payload !== undefined) {
        headers['content-type'] = 'application/json';
        headers['content-length'] = Buffer.byteLength(payload);
      }
      const req = http.request({ hostname: url.hostname, port: url.port, path: url.pathname + url.search, method, headers, agent: this.agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', (e: NodeJS.ErrnoException) => reject(new ConnectionError(e.message, e.code)));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString();
          let parsed: unknown = text;
          try {
            parsed = text ? JSON.parse(text) : undefined;
          } catch {
            /* not JSON: keep the text */
          }
          resolve({ status: res.statusCode ?? 0, body: parsed, headers: res.headers });
        });
      });
      req.on('error', (e: NodeJS.ErrnoException) => reject(new ConnectionError(e.message, e.code)));
      if (options.timeoutMs !== undefined) req.setTimeout(options.timeoutMs, () => req.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })));
      if (options.abortAfterSendMs !== undefined) {
        const ms = options.abortAfterSendMs;
        req.once('finish', () => setTimeout(() => req.destroy(Object.assign(new Error('aborted by client'), { code: 'ECLIENTABORT' })), ms));
      }
      req.end(payload);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export interface Acknowledged {
  key: string;
  userId: number;
  assignmentId: number;
  taskId: number;
  annotationId: number;
  replayed: boolean;
}

export interface LoopStats {
  acknowledged: Acknowledged[];
  connectionErrors: number;
  /** Submits whose request was on the wire when `inFlight` was snapshotted. */
  inFlight: Map<string, { userId: number; assignmentId: number }>;
}

/**
 * One annotator looping next -> submit until the project is done for them. After a connection error it retries
 * the same call (the submit with the same idempotency key) until it gets an answer or `deadline` passes. Every
 * submit answered 200 is recorded as acknowledged.
 */
export async function annotatorLoop(
  client: KeepAliveClient,
  userId: number,
  projectId: number,
  stats: LoopStats,
  deadline: number,
  label: string,
): Promise<void> {
  let n = 0;
  const retrying = async (fn: () => Promise<HttpResult>): Promise<HttpResult> => {
    for (;;) {
      if (Date.now() > deadline) throw new Error(`${label}: deadline passed`);
      try {
        return await fn();
      } catch (error) {
        if (!(error instanceof ConnectionError)) throw error;
        stats.connectionErrors++;
        await sleep(50 + Math.random() * 100);
      }
    }
  };
  for (;;) {
    const next = await retrying(() => client.request('POST', `/api/projects/${projectId}/next`));
    if (next.status === 204) {
      if (next.headers['x-biaozhu-reason'] === 'all_done') return;
      await sleep(20 + Math.random() * 30);
      continue;
    }
    if (next.status !== 200) throw new Error(`${label}: next answered ${next.status} ${JSON.stringify(next.body)}`);
    const a = next.body.assignment as { id: number; taskId: number };
    const key = `${label}-${n++}`;
    const body = { result: answer(CHOICES[n % 3]!), idempotencyKey: key, leadTimeMs: 10 };
    const res = await retrying(async () => {
      stats.inFlight.set(key, { userId, assignmentId: a.id });
      try {
        return await client.request('POST', `/api/assignments/${a.id}/submit`, body);
      } finally {
        stats.inFlight.delete(key);
      }
    });
    if (res.status !== 200) throw new Error(`${label}: submit answered ${res.status} ${JSON.stringify(res.body)}`);
    stats.acknowledged.push({
      key,
      userId,
      assignmentId: a.id,
      taskId: a.taskId,
      annotationId: res.body.annotation.id as number,
      replayed: res.body.replayed === true,
    });
  }
}

/** The annotations of a project, for checks against what was acknowledged. */
export async function storedAnnotations(db: Db, projectId: number) {
  return db.kysely
    .selectFrom('annotations')
    .select(['id', 'task_id', 'user_id', 'assignment_id', 'idempotency_key'])
    .where('project_id', '=', projectId)
    .execute();
}
