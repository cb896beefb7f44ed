import { sameTaskData, storedDataHash, type Database } from '@biaozhu/storage';
import type { Kysely } from 'kysely';
import type { PreparedRecord } from './import-records.js';

/** Tasks kept per hash key (see KnownData.add). */
const MAX_PER_KEY = 4;

/** Tasks read per page while loading a project's hashes. */
const LOAD_PAGE = 20_000;

/**
 * The data hashes of a project's tasks when an import starts, in memory: how the import finds, for a record without
 * an external id, the earlier tasks that may hold the same data (issue #11). `tasks.data_hash` has no index (its
 * random keys made staged SQLite imports too slow to maintain), so the import reads the hashes once, along the
 * (project_id, id) index, and keeps them in an open-addressing table: the 32-bit hash and the task id in two
 * typed arrays, 12 bytes a slot and 1.5-3 slots a task (a million tasks: 25-50 MB, for the import's length).
 * A hit is a candidate only: the caller compares the data (sameTaskData) before treating a record as a task.
 */
export class KnownData {
  private keys: Uint32Array;
  /** Task ids; 0 is an empty slot (ids start at 1). */
  private ids: Float64Array;
  private mask: number;
  private size = 0;

  constructor(expected: number) {
    let slots = 16;
    while (slots < expected * 1.5) slots *= 2;
    this.keys = new Uint32Array(slots);
    this.ids = new Float64Array(slots);
    this.mask = slots - 1;
  }

  add(hash: number, taskId: number): void {
    // at most two thirds full, so a probe meets an empty slot soon
    if ((this.size + 1) * 3 > this.ids.length * 2) this.grow();
    const key = hash >>> 0;
    let i = mix(key) & this.mask;
    let same = 0;
    for (; this.ids[i] !== 0; i = (i + 1) & this.mask) {
      // A project with many tasks of the same data (short texts repeated) would make one long probe of them: a record
      // equal to them needs only one, so a few per key are kept (a collision beside them is still told apart).
      if (this.keys[i] === key && ++same >= MAX_PER_KEY) return;
    }
    this.keys[i] = key;
    this.ids[i] = taskId;
    this.size += 1;
  }

  /** The ids of the tasks with this hash (the same data, or a rare collision). */
  candidates(hash: number): number[] {
    const key = hash >>> 0;
    const found: number[] = [];
    for (let i = mix(key) & this.mask; this.ids[i] !== 0; i = (i + 1) & this.mask) {
      if (this.keys[i] === key) found.push(this.ids[i]!);
    }
    return found;
  }

  private place(key: number, taskId: number): void {
    let i = mix(key) & this.mask;
    while (this.ids[i] !== 0) i = (i + 1) & this.mask;
    this.keys[i] = key;
    this.ids[i] = taskId;
  }

  private grow(): void {
    const { keys, ids } = this;
    this.keys = new Uint32Array(keys.length * 2);
    this.ids = new Float64Array(ids.length * 2);
    this.mask = ids.length * 2 - 1;
    for (let i = 0; i < ids.length; i++) if (ids[i] !== 0) this.place(keys[i]!, ids[i]!);
  }
}

/** Spreads the key over the table (the low bits of the hash are already mixed; this guards a skewed key). */
const mix = (key: number) => Math.imul(key ^ (key >>> 15), 0x2c1b3c6d) >>> 0;

/**
 * The project's data hashes as they are now, or null when it has no tasks (nothing to recognise; no read at all).
 * Tasks stored before migration 0024 have no stored hash: their data is read and hashed here instead.
 */
export async function loadKnownData(db: Kysely<Database>, projectId: number): Promise<KnownData | null> {
  const counted = await db.selectFrom('projects').select('task_count').where('id', '=', projectId).executeTakeFirst();
  const any = await db.selectFrom('tasks').select('id').where('project_id', '=', projectId).limit(1).executeTakeFirst();
  if (!any) return null;
  const known = new KnownData(counted?.task_count ?? 0);
  let after = 0;
  for (;;) {
    const rows = await db
      .selectFrom('tasks')
      .select((eb) => ['id', 'data_hash', eb.case().when('data_hash', 'is', null).then(eb.ref('data')).else(null).end().as('legacy_data')])
      .where('project_id', '=', projectId)
      .where('id', '>', after)
      .orderBy('id')
      .limit(LOAD_PAGE)
      .execute();
    for (const r of rows) {
      known.add(r.data_hash ?? storedDataHash(r.legacy_data!), r.id);
    }
    if (rows.length < LOAD_PAGE) break;
    after = rows[rows.length - 1]!.id;
  }
  return known;
}

/** Task ids per `id in (...)` read of candidates, well under both dialects' parameter limits. */
const CANDIDATE_CHUNK = 1000;

/** The tasks a record without an external id may be: the one found when it was staged, else the table's candidates. */
export function candidateIds(record: Pick<PreparedRecord, 'externalId' | 'dataHash' | 'matchTaskId'>, known: KnownData | null): number[] {
  if (record.externalId !== null) return [];
  if (record.matchTaskId !== null) return [record.matchTaskId];
  return known?.candidates(record.dataHash) ?? [];
}

/**
 * For each record of the batch without an external id, the first of its candidate tasks (read by `read`, by id, in
 * chunks) that holds the same data, values compared exactly: a hash collision is never taken for a match.
 */
export async function matchByData<T extends { id: number; data: string }>(
  batch: readonly PreparedRecord[],
  known: KnownData | null,
  read: (ids: number[]) => Promise<T[]>,
): Promise<Map<PreparedRecord, T>> {
  const matches = new Map<PreparedRecord, T>();
  const wanted = new Set<number>();
  for (const r of batch) for (const id of candidateIds(r, known)) wanted.add(id);
  if (wanted.size === 0) return matches;
  const ids = [...wanted];
  const byId = new Map<number, T>();
  for (let i = 0; i < ids.length; i += CANDIDATE_CHUNK) for (const t of await read(ids.slice(i, i + CANDIDATE_CHUNK))) byId.set(t.id, t);
  for (const r of batch) {
    for (const id of candidateIds(r, known)) {
      const task = byId.get(id);
      if (task && sameTaskData(task.data, r.data)) {
        matches.set(r, task);
        break;
      }
    }
  }
  return matches;
}
