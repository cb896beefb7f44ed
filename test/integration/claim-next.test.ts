import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { claimNext, createContext, expireLeases, submitAnnotation, updateAssignmentPolicy, type Actor, type ClaimOutcome } from '@biaozhu/core';
import { openDatabase, type Db } from '@biaozhu/storage';
import { checkInvariants } from '../support/invariants.js';
import { answer, CHOICES, seedProject, type Seeded } from '../support/processes.js';
import { DIALECTS, openTestDb, TEST_PG_URL, type TestDb } from '../support/test-db.js';

// The claim at the use-case level, without HTTP: many simultaneous claims, a policy changed by another server
// process, and the sweeper's expiry. On PostgreSQL this is the one-statement claim (bz_claim_next), on SQLite the
// transaction; both must behave the same.
describe.each(DIALECTS)('claimNext on %s', (dialect) => {
  let t: TestDb;
  beforeEach(async () => {
    t = await openTestDb(dialect);
  });
  afterEach(async () => t?.close());

  const annotator = (seeded: Seeded, i: number): Actor => ({
    userId: seeded.annotators[i]!.userId,
    orgId: seeded.manager.orgId,
    role: 'annotator',
    email: `a${i}@t.local`,
  });
  const leaseOf = (o: ClaimOutcome) => ('assignment' in o ? o.assignment : undefined);
  const reasonOf = (o: ClaimOutcome) => ('reason' in o ? o.reason : undefined);

  it('gives simultaneous claims distinct tasks, the same lease to a repeated request, and never exceeds the overlap', async () => {
    const WORKERS = 30;
    const TASKS = 20;
    const OVERLAP = 3;
    const seeded = await seedProject(t.db, { annotators: WORKERS, tasks: TASKS, overlap: OVERLAP, now: () => t.clock.now });
    const p = seeded.projectId;

    // Every worker asks twice at the same moment (a double click, a retried request): one lease, given twice.
    const first = await Promise.all(
      Array.from({ length: WORKERS }, (_, i) => Promise.all([claimNext(t.ctx, annotator(seeded, i), p), claimNext(t.ctx, annotator(seeded, i), p)])),
    );
    for (const [a, b] of first) {
      expect(leaseOf(a)).toBeDefined();
      expect(leaseOf(b)?.id).toBe(leaseOf(a)?.id);
    }
    const leased = await t.db.kysely.selectFrom('assignments').select(['task_id', 'user_id']).where('project_id', '=', p).execute();
    expect(leased.length).toBe(WORKERS);
    await checkInvariants(t.db, p);

    // Then everyone works until nothing is left: every task ends with exactly OVERLAP answers by different workers.
    let key = 0;
    const done = await Promise.all(
      Array.from({ length: WORKERS }, async (_, i) => {
        const actor = annotator(seeded, i);
        for (;;) {
          const outcome = await claimNext(t.ctx, actor, p);
          const lease = leaseOf(outcome);
          if (lease === undefined) {
            if (reasonOf(outcome) === 'all_done') return 'all_done';
            // held_by_others: the last slots are leased to workers still answering
            await new Promise((r) => setTimeout(r, 5));
            continue;
          }
          await submitAnnotation(t.ctx, actor, lease.id, { result: answer(CHOICES[key % 3]!), idempotencyKey: `k${key++}` });
        }
      }),
    );
    expect(new Set(done)).toEqual(new Set(['all_done']));
    const answers = await t.db.kysely.selectFrom('annotations').select(['task_id', 'user_id']).where('project_id', '=', p).execute();
    expect(answers.length).toBe(TASKS * OVERLAP);
    const byTask = new Map<number, Set<number | null>>();
    for (const a of answers) byTask.set(a.task_id, (byTask.get(a.task_id) ?? new Set()).add(a.user_id));
    expect([...byTask.values()].map((users) => users.size)).toEqual(Array.from({ length: TASKS }, () => OVERLAP));
    await checkInvariants(t.db, p);
  }, 60_000);

  it('follows a policy or lease time changed by another server process at the next claim', async () => {
    const seeded = await seedProject(t.db, { annotators: 3, tasks: 5, overlap: 1, now: () => t.clock.now });
    const p = seeded.projectId;
    // Stored as the full policy document from here on, so the lease-time change below leaves the policy text as is.
    await updateAssignmentPolicy(t.ctx, seeded.manager, p, { policy: {} });
    const first = leaseOf(await claimNext(t.ctx, annotator(seeded, 0), p));
    expect(first?.expiresAt).toBe(new Date(t.clock.now + 600_000).toISOString());

    // A second process on the same database changes the project while this one has served claims from it.
    const other = await openSecond(t);
    try {
      const otherCtx = createContext(other, () => t.clock.now);
      await updateAssignmentPolicy(otherCtx, seeded.manager, p, { leaseTtlSeconds: 30, policy: {} });
      const second = leaseOf(await claimNext(t.ctx, annotator(seeded, 1), p));
      expect(second?.expiresAt).toBe(new Date(t.clock.now + 30_000).toISOString());

      await updateAssignmentPolicy(otherCtx, seeded.manager, p, { policy: { eligibility: { qualification: 'sentiment-exam' } } });
      expect(reasonOf(await claimNext(t.ctx, annotator(seeded, 2), p))).toBe('not_eligible');
      // The worker holding a lease is not eligible either now: eligibility comes before the held lease.
      expect(reasonOf(await claimNext(t.ctx, annotator(seeded, 0), p))).toBe('not_eligible');
    } finally {
      await other.close();
    }
    await checkInvariants(t.db, p);
  });

  it("returns every expired lease's slot when the sweeper runs, and a later claim can take it", async () => {
    const seeded = await seedProject(t.db, { annotators: 3, tasks: 1, overlap: 2, leaseTtlSeconds: 10, now: () => t.clock.now });
    const p = seeded.projectId;
    expect(leaseOf(await claimNext(t.ctx, annotator(seeded, 0), p))).toBeDefined();
    expect(leaseOf(await claimNext(t.ctx, annotator(seeded, 1), p))).toBeDefined();
    expect(reasonOf(await claimNext(t.ctx, annotator(seeded, 2), p))).toBe('held_by_others');

    t.clock.advance(11_000);
    const expired = await t.db.kysely.transaction().execute((trx) => expireLeases(trx, t.clock.now, undefined, t.db.dialect));
    expect(expired).toBe(2);
    const task = await t.db.kysely.selectFrom('tasks').select('slots_used').where('project_id', '=', p).executeTakeFirstOrThrow();
    expect(task.slots_used).toBe(0);
    await checkInvariants(t.db, p);
    // Nothing is left to expire, and the freed slots go to the worker who was waiting.
    expect(await t.db.kysely.transaction().execute((trx) => expireLeases(trx, t.clock.now, undefined, t.db.dialect))).toBe(0);
    expect(leaseOf(await claimNext(t.ctx, annotator(seeded, 2), p))).toBeDefined();
    await checkInvariants(t.db, p);
  });
});

/** A second connection pool on the test's database, as another `biaozhu serve` process would have. */
async function openSecond(t: TestDb): Promise<Db> {
  if (t.db.dialect === 'postgres') return openDatabase({ databaseUrl: TEST_PG_URL, dataDir: '', pgSchema: t.env.BIAOZHU_PG_SCHEMA });
  return openDatabase({ dataDir: t.env.BIAOZHU_DATA_DIR! });
}
