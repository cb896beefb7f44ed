import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createMedia, createUser, type Actor } from '@biaozhu/core';
import { buildApp, loadConfig } from '@biaozhu/server';
import type { DialectName } from '@biaozhu/storage';
import type { FastifyInstance } from 'fastify';
import { openTestDb, type TestDb } from './test-db.js';

export interface TestServer extends TestDb {
  app: FastifyInstance;
  baseUrl: string;
  stop(): Promise<void>;
}

/** The real HTTP server on a random loopback port, over a fresh test database. */
export async function startTestServer(
  dialect: DialectName,
  overrides: Parameters<typeof loadConfig>[1] = {},
  durability: 'default' | 'strict' = 'default',
): Promise<TestServer> {
  const t = await openTestDb(dialect, { durability });
  const config = loadConfig({}, { logLevel: 'silent', port: 0, host: '127.0.0.1', webDist: '/nonexistent', ...overrides });
  // The server's media store is the context's, so jobs run by a test's own runner (server.ctx) store where it serves.
  const mediaRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'bz-media-'));
  t.ctx.media = createMedia(config.media, mediaRoot);
  const app = await buildApp(t.ctx, config);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    ...t,
    app,
    baseUrl: `http://127.0.0.1:${port}`,
    stop: async () => {
      await app.close();
      await t.close();
      fs.rmSync(mediaRoot, { recursive: true, force: true });
    },
  };
}

/** A client of the API that holds a session cookie and sends the CSRF token, as the web app does. */
export class ApiClient {
  cookie = '';
  csrf = '';
  token = '';
  userId = 0;
  constructor(readonly baseUrl: string) {}

  static async login(baseUrl: string, email: string, password: string): Promise<ApiClient> {
    const client = new ApiClient(baseUrl);
    const res = await fetch(`${baseUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });
    if (res.status !== 200) throw new Error(`login failed for ${email}: ${res.status} ${await res.text()}`);
    const body = (await res.json()) as { csrfToken: string; user: { id: number } };
    client.cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    client.csrf = body.csrfToken;
    client.userId = body.user.id;
    return client;
  }

  async request(method: string, url: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: any; headers: Headers }> {
    const h: Record<string, string> = { ...headers };
    if (this.token) h.authorization = `Bearer ${this.token}`;
    else if (this.cookie) {
      h.cookie = this.cookie;
      if (method !== 'GET') h['x-csrf-token'] = this.csrf;
    }
    let payload: string | undefined;
    if (body !== undefined) {
      h['content-type'] ??= 'application/json';
      payload = typeof body === 'string' ? body : JSON.stringify(body);
    }
    const res = await fetch(`${this.baseUrl}${url}`, { method, headers: h, ...(payload !== undefined ? { body: payload } : {}) });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      /* not JSON: keep the text */
    }
    return { status: res.status, body: parsed, headers: res.headers };
  }
}

export const SENTIMENT_CONFIG = {
  objects: [{ type: 'text', name: 'text', value: 'text' }],
  controls: [
    {
      type: 'choices',
      name: 'sentiment',
      toName: 'text',
      choices: [{ value: 'positive', hotkey: '1' }, { value: 'negative', hotkey: '2' }, { value: 'neutral', hotkey: '3' }],
    },
  ],
};

export const answer = (choice: string) => [
  { id: 'r1', from_name: 'sentiment', to_name: 'text', type: 'choices', value: { choices: [choice] } },
];

/** Seeds a manager and `annotators` annotators (passwords `password-<email>`), returns logged-in clients. */
export async function seedPeople(server: TestServer, annotators: number) {
  await createUser(server.ctx, { email: 'admin@t.local', password: 'password-admin', role: 'admin' });
  await createUser(server.ctx, { email: 'manager@t.local', password: 'password-manager', role: 'manager' });
  const manager = await ApiClient.login(server.baseUrl, 'manager@t.local', 'password-manager');
  const workers: ApiClient[] = [];
  for (let i = 0; i < annotators; i++) {
    await createUser(server.ctx, { email: `a${i}@t.local`, password: `password-a${i}`, role: 'annotator' });
  }
  for (let i = 0; i < annotators; i++) workers.push(await ApiClient.login(server.baseUrl, `a${i}@t.local`, `password-a${i}`));
  return { manager, workers };
}

/** Imports JSONL text through the HTTP upload, as the web app does. */
export async function uploadTasks(client: ApiClient, projectId: number, fileName: string, content: string, fields: Record<string, string> = {}) {
  const form = new FormData();
  const all = { sourceName: 'test source', sourceLicense: 'CC0', collectionMethod: 'generated', containsPersonalInfo: 'false', ...fields };
  for (const [k, v] of Object.entries(all)) form.append(k, v);
  form.append('file', new Blob([content]), fileName);
  const res = await fetch(`${client.baseUrl}/api/projects/${projectId}/imports`, {
    method: 'POST',
    headers: { cookie: client.cookie, 'x-csrf-token': client.csrf },
    body: form,
  });
  return { status: res.status, body: (await res.json()) as any };
}

export type { Actor };
