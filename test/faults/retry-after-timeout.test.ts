import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkInvariants } from '../support/invariants.js';
import { DIALECTS } from '../support/test-db.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { answer, CHOICES, ConnectionError, KeepAliveClient, seedProject, sleep, storedAnnotations } from '../support/processes.js';

describe.each(DIALECTS)('a client that retries a submit after a timeout on %s', (dialect) => {
  let server: TestServer;
  const clients: KeepAliveClient[] = [];

  beforeAll(async () => {
    server = await startTestServer(dialect);
  });
  afterAll(async () => {
    for (const c of clients) c.close();
    await server?.stop();
  });

  it('stores the answer once; the retry answers 200 with the first result', async () => {
    const WORKERS = 20;
    const TASKS = 60;
    const OVERLAP = 3;
    const seeded = await seedProject(server.db, { annotators: WORKERS, tasks: TASKS, overlap: OVERLAP });
    const p = seeded.projectId;
    const acknowledged: { key: string; userId: number; annotationId: number; replayed: boolean; waited: boolean }[] = [];
    let aborted = 0;
    // Retries answered 409 already_submitted although the stored answer carries the same key (must stay empty).
    const wrongConflicts: string[] = [];
    const deadline = Date.now() + 40_000;
    await Promise.all(
      seeded.annotators.map(async (w, wi) => {
        const client = new KeepAliveClient(server.baseUrl, w.token);
        clients.push(client);
        let n = 0;
        for (;;) {
          if (Date.now() > deadline) throw new Error(`worker ${wi} did not finish`);
          const next = await client.request('POST', `/api/projects/${p}/next`);
          if (next.status === 204) {
            if (next.headers['x-biaozhu-reason'] === 'all_done') return;
            await sleep(10);
            continue;
          }
          expect(next.status).toBe(200);
          const a = next.body.assignment as { id: number };
          const key = `t${wi}-${n++}`;
          const body = { result: answer(CHOICES[n % 3]!), idempotencyKey: key, leadTimeMs: 5 };
          // The client gives up on the first request right after sending it (0-3 ms later), as after a timeout.
          try {
            await client.request('POST', `/api/assignments/${a.id}/submit`, body, { abortAfterSendMs: Math.floor(Math.random() * 4) });
          } catch (error) {
            if (!(error instanceof ConnectionError)) throw error;
            aborted++;
          }
          // Half retry at once (racing the first copy on the server), half after it had time to commit.
          const waited = n % 2 === 0;
          if (waited) await sleep(100);
          let retry = await client.request('POST', `/api/assignments/${a.id}/submit`, body);
          if (retry.status === 409 && retry.body?.error?.code === 'already_submitted') {
            wrongConflicts.push(key);
            retry = await client.request('POST', `/api/assignments/${a.id}/submit`, body);
          }
          expect(retry.status, JSON.stringify(retry.body)).toBe(200);
          acknowledged.push({ key, userId: w.userId, annotationId: retry.body.annotation.id, replayed: retry.body.replayed === true, waited });
          // A third copy, later, is a replay of the same stored answer.
          if (n === 1) {
            const third = await client.request('POST', `/api/assignments/${a.id}/submit`, body);
            expect(third.status).toBe(200);
            expect(third.body.replayed).toBe(true);
            expect(third.body.annotation.id).toBe(retry.body.annotation.id);
          }
        }
      }),
    );
    const rows = await storedAnnotations(server.db, p);
    const byKey = new Map<string, number[]>();
    for (const r of rows) byKey.set(`${r.user_id}:${r.idempotency_key}`, [...(byKey.get(`${r.user_id}:${r.idempotency_key}`) ?? []), r.id]);
    for (const ack of acknowledged) expect(byKey.get(`${ack.userId}:${ack.key}`)).toEqual([ack.annotationId]);
    expect(rows.length).toBe(TASKS * OVERLAP);
    expect(acknowledged.length).toBe(TASKS * OVERLAP);
    const replayed = acknowledged.filter((x) => x.replayed).length;
    const waitedAndReplayed = acknowledged.filter((x) => x.waited && x.replayed).length;
    console.info(
      `[retry-after-timeout ${dialect}] ${acknowledged.length} answers, ${aborted} first requests dropped by the client, ` +
        `${replayed} retries answered replayed (${waitedAndReplayed} of ${acknowledged.filter((x) => x.waited).length} delayed retries), ` +
        `${wrongConflicts.length} answered 409 already_submitted first`,
    );
    // A retry sent after the first copy committed must be a replay.
    expect(acknowledged.filter((x) => x.waited && !x.replayed)).toEqual([]);
    await checkInvariants(server.db, p);
    // A retry whose first copy committed meanwhile must replay it, never answer 409 already_submitted.
    expect(wrongConflicts).toEqual([]);
  }, 60_000);
});
