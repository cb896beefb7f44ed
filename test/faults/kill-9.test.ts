import { afterAll, describe, expect, it } from 'vitest';
import { checkInvariants } from '../support/invariants.js';
import { DIALECTS } from '../support/test-db.js';
import {
  annotatorLoop,
  KeepAliveClient,
  ownedDb,
  seedProject,
  sleep,
  startServerProcess,
  storedAnnotations,
  type LoopStats,
  type OwnedDb,
  type ServerProcess,
} from '../support/processes.js';

const ANNOTATORS = 200;
const OVERLAP = 3;
const TASKS: Record<string, number> = { sqlite: 600, postgres: 400 };

describe.each(DIALECTS)('kill -9 of the server under load on %s', (dialect) => {
  const servers: ServerProcess[] = [];
  const clients: KeepAliveClient[] = [];
  let owned: OwnedDb | undefined;

  afterAll(async () => {
    for (const c of clients) c.close();
    for (const s of servers) await s.kill9();
    await owned?.drop();
  });

  it('keeps every acknowledged submit exactly once across a SIGKILL and restart', async () => {
    const tasks = TASKS[dialect] ?? 400;
    owned = ownedDb(dialect);
    const seedDb = await owned.open();
    const seeded = await seedProject(seedDb, { annotators: ANNOTATORS, tasks, overlap: OVERLAP });
    await seedDb.close();

    const first = await startServerProcess({ env: owned.env });
    servers.push(first);
    const stats: LoopStats = { acknowledged: [], connectionErrors: 0, inFlight: new Map() };
    // A safety net against a hung loop, not a timing assertion: a loaded 2-core machine needs minutes here.
    const deadline = Date.now() + 240_000;
    for (const a of seeded.annotators) clients.push(new KeepAliveClient(first.baseUrl, a.token));
    const loops = Promise.all(
      seeded.annotators.map((a, i) => annotatorLoop(clients[i]!, a.userId, seeded.projectId, stats, deadline, `w${i}`)),
    );
    let loopError: unknown;
    loops.catch((e: unknown) => (loopError = e));

    // Kill after ~2 s of load, once submits are really flowing (a loaded machine starts the annotators slowly).
    const started = Date.now();
    await sleep(2000);
    while (stats.acknowledged.length < 50 && Date.now() - started < 25_000) await sleep(50);
    const ackBeforeKill = stats.acknowledged.length;
    const inFlightAtKill = new Map(stats.inFlight);
    await first.kill9();
    // The restarted server listens on the same port, so the annotators' retries reach it.
    await sleep(300);
    const second = await startServerProcess({ env: owned.env, port: first.port });
    servers.push(second);
    await loops;
    expect(loopError).toBeUndefined();

    const db = await owned.open();
    try {
      const rows = await storedAnnotations(db, seeded.projectId);
      const byKey = new Map<string, number>();
      for (const r of rows) byKey.set(`${r.user_id}:${r.idempotency_key}`, (byKey.get(`${r.user_id}:${r.idempotency_key}`) ?? 0) + 1);
      // Every acknowledged submit is stored exactly once, under the id the server acknowledged.
      const ids = new Set(rows.map((r) => r.id));
      for (const ack of stats.acknowledged) {
        expect(byKey.get(`${ack.userId}:${ack.key}`), `submit ${ack.key}`).toBe(1);
        expect(ids.has(ack.annotationId)).toBe(true);
      }
      // Nothing stored that no one was told about.
      expect(rows.length).toBe(stats.acknowledged.length);
      expect(rows.length).toBe(tasks * OVERLAP);
      const byTask = new Map<number, Set<number | null>>();
      for (const r of rows) byTask.set(r.task_id, (byTask.get(r.task_id) ?? new Set()).add(r.user_id));
      expect(byTask.size).toBe(tasks);
      for (const users of byTask.values()) expect(users.size).toBe(OVERLAP);
      await checkInvariants(db, seeded.projectId);

      // The submits on the wire at the kill: each was either committed before the kill (its retry replayed) or not.
      const inFlightAcks = stats.acknowledged.filter((a) => inFlightAtKill.has(a.key));
      const committedBeforeKill = inFlightAcks.filter((a) => a.replayed).length;
      console.info(
        `[kill-9 ${dialect}] ${ackBeforeKill} acknowledged before the kill; ${inFlightAtKill.size} submits in flight at the kill ` +
          `(${committedBeforeKill} had committed and were replayed, ${inFlightAcks.length - committedBeforeKill} were stored by the retry); ` +
          `${stats.connectionErrors} connection errors retried; ${stats.acknowledged.length} acknowledged in all`,
      );
      expect(inFlightAcks.length).toBe(inFlightAtKill.size);
      expect(ackBeforeKill).toBeGreaterThan(0);
      expect(stats.connectionErrors).toBeGreaterThan(0);
    } finally {
      await db.close();
    }
  }, 300_000);
});
