import { sql, type Db } from '@biaozhu/storage';
import { createUser } from '@biaozhu/core';
import { expect } from 'vitest';
import { answer, ApiClient, SENTIMENT_CONFIG, uploadTasks, type TestServer } from './test-server.js';

let seq = 0;

/** Creates a user of `role` through the domain and returns their logged-in API client. */
export async function userWithRole(server: TestServer, role: 'reviewer' | 'client' | 'annotator' | 'manager', name = `${role}${seq++}`): Promise<ApiClient> {
  const email = `${name}@q.local`;
  await createUser(server.ctx, { email, password: `password-${name}`, role });
  return ApiClient.login(server.baseUrl, email, `password-${name}`);
}

/** A project with the sentiment config and the given JSONL lines, created and imported by the manager. */
export async function qualityProject(manager: ApiClient, lines: string[], overlap = 1, policy?: Record<string, unknown>): Promise<number> {
  const created = await manager.request('POST', '/api/projects', { name: `quality ${seq++}`, labelConfig: SENTIMENT_CONFIG, overlap });
  expect(created.status).toBe(201);
  const id = created.body.project.id as number;
  if (policy) expect((await manager.request('PUT', `/api/projects/${id}/assignment-policy`, { policy })).status).toBe(200);
  expect((await uploadTasks(manager, id, 'q.jsonl', lines.join('\n'))).status).toBe(201);
  return id;
}

export const texts = (n: number, prefix = 't') => Array.from({ length: n }, (_, i) => JSON.stringify({ text: `${prefix}${i}` }));

export const goldLine = (text: string, choice: string) => JSON.stringify({ data: { text }, annotations: [{ ground_truth: true, result: answer(choice) }] });

let key = 0;

/** Takes the worker's next task and answers it with `choose(task text)`; returns the ids, or undefined on 204. */
export async function work(w: ApiClient, projectId: number, choose: (text: string) => string) {
  const next = await w.request('POST', `/api/projects/${projectId}/next`);
  if (next.status === 204) return undefined;
  expect(next.status).toBe(200);
  const text = next.body.assignment.data.text as string;
  const submitted = await w.request('POST', `/api/assignments/${next.body.assignment.id}/submit`, { result: answer(choose(text)), idempotencyKey: `q${key++}` });
  expect(submitted.status).toBe(200);
  return { text, taskId: submitted.body.annotation.taskId as number, annotationId: submitted.body.annotation.id as number };
}

/** Works until the project has nothing left for this worker. */
export async function workAll(w: ApiClient, projectId: number, choose: (text: string) => string) {
  const done: { text: string; taskId: number; annotationId: number }[] = [];
  for (;;) {
    const one = await work(w, projectId, choose);
    if (!one) return done;
    done.push(one);
  }
}

/** Polls a job until it is done or failed. */
export async function waitForJob(client: ApiClient, jobId: number) {
  for (let i = 0; i < 200; i++) {
    const res = await client.request('GET', `/api/jobs/${jobId}`);
    expect(res.status).toBe(200);
    if (res.body.job.status === 'done' || res.body.job.status === 'failed') return res.body.job;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`job ${jobId} did not finish`);
}

/** The rows of a JSONL answer (a single line arrives already parsed by the test client). */
export function jsonlRows(body: unknown): any[] {
  if (body === undefined || body === '') return [];
  if (typeof body !== 'string') return [body];
  return body.trim().split('\n').map((l) => JSON.parse(l));
}

/**
 * The counters of a project with gold tasks (checkInvariants counts gold tasks in task_count, which by design
 * leaves them out): every task's answer_count equals its annotation rows, no worker answered a task twice.
 */
export async function checkAnswerCounts(db: Db, projectId: number): Promise<void> {
  const mismatched = await sql<{ id: number }>`
    select t.id from tasks t
    where t.project_id = ${projectId}
      and t.answer_count <> (select count(*) from annotations a where a.task_id = t.id)`.execute(db.kysely);
  expect(mismatched.rows, 'task counters differ from rows').toEqual([]);
  const twice = await sql<{ n: number }>`
    select count(*) as n from annotations where project_id = ${projectId} and user_id is not null
    group by task_id, user_id having count(*) > 1`.execute(db.kysely);
  expect(twice.rows, 'a worker answered a task twice').toEqual([]);
}
