import { afterAll, describe, expect, it } from 'vitest';
import { checkInvariants } from '../support/invariants.js';
import { DIALECTS } from '../support/test-db.js';
import {
  annotatorLoop,
  KeepAliveClient,
  ownedDb,
  seedProject,
  startServerProcess,
  storedAnnotations,
  type LoopStats,
  type OwnedDb,
  type ServerProcess,
} from '../support/processes.js';

const ANNOTATORS = 200;
const OVERLAP = 3;
const TASKS = 400;

// Several server processes share one database only on PostgreSQL (SQLite is embedded, one process).
describe.runIf(DIALECTS.includes('postgres'))('two server processes on one PostgreSQL schema', () => {
  const servers: ServerProcess[] = [];
  const clients: KeepAliveClient[] = [];
  let owned: OwnedDb | undefined;

  afterAll(async () => {
    for (const c of clients) c.close();
    for (const s of servers) await s.kill9();
    await owned?.drop();
  });

  it('gives every task exactly 3 answers from 3 different workers with annotators split between the servers', async () => {
    owned = ownedDb('postgres');
    const seedDb = await owned.open();
    const seeded = await seedProject(seedDb, { annotators: ANNOTATORS, tasks: TASKS, overlap: OVERLAP });
    await seedDb.close();

    const [a, b] = await Promise.all([startServerProcess({ env: owned.env }), startServerProcess({ env: owned.env })]);
    servers.push(a, b);
    const stats: LoopStats = { acknowledged: [], connectionErrors: 0, inFlight: new Map() };
    const deadline = Date.now() + 50_000;
    seeded.annotators.forEach((ann, i) => clients.push(new KeepAliveClient((i % 2 === 0 ? a : b).baseUrl, ann.token)));
    await Promise.all(seeded.annotators.map((ann, i) => annotatorLoop(clients[i]!, ann.userId, seeded.projectId, stats, deadline, `w${i}`)));

    const db = await owned.open();
    try {
      const rows = await storedAnnotations(db, seeded.projectId);
      expect(stats.connectionErrors).toBe(0);
      expect(stats.acknowledged.length).toBe(TASKS * OVERLAP);
      expect(rows.length).toBe(TASKS * OVERLAP);
      const ids = new Set(rows.map((r) => r.id));
      for (const ack of stats.acknowledged) expect(ids.has(ack.annotationId)).toBe(true);
      const byTask = new Map<number, Set<number | null>>();
      for (const r of rows) byTask.set(r.task_id, (byTask.get(r.task_id) ?? new Set()).add(r.user_id));
      expect(byTask.size).toBe(TASKS);
      for (const users of byTask.values()) expect(users.size).toBe(OVERLAP);
      // Both servers did real work.
      const viaA = stats.acknowledged.filter((x) => Number(x.key.slice(1).split('-')[0]) % 2 === 0).length;
      expect(viaA).toBeGreaterThan(0);
      expect(stats.acknowledged.length - viaA).toBeGreaterThan(0);
      console.info(`[two-servers] ${viaA} answers through server A, ${stats.acknowledged.length - viaA} through server B`);
      await checkInvariants(db, seeded.projectId);
    } finally {
      await db.close();
    }
  }, 90_000);
});
