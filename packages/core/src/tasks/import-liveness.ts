import { hostname } from 'node:os';
import type { Db } from '@biaozhu/storage';
import { advisoryLockFree } from '../advisory-locks.js';

/**
 * Telling a live import from one whose process died. An import runs inside the process that received the upload
 * (or the CLI, or a job runner); if that process is killed, what it had not committed is lost but its history row,
 * written first, stays `running`. Each import records its `runner` (`host:pid`) and, on PostgreSQL, holds an
 * advisory lock for its whole transaction, so a reader can check:
 * - PostgreSQL: the lock is free (no live transaction holds it) => the import is over without finishing. Works
 *   across hosts, since the lock lives in the database and is released when the dead process's connection drops.
 * - SQLite (one host), where an import commits in several transactions (staged-import.ts): the runner's process no
 *   longer exists.
 * Rows from before the runner was recorded (null) are interrupted: the upgrade that added it restarted the server.
 * A null runner also marks a staged import whose own process gave it up for the recovery pass (import-recovery.ts).
 */
/** Seconds between the history row and the import transaction taking its lock, during which a row is not judged. */
const GRACE_MS = 10_000;

/** This process, as an import's runner. */
export function thisRunner(): string {
  return `${hostname()}:${process.pid}`;
}

interface RunningImport {
  id: number;
  runner: string | null;
  created_at: number;
}

/** The ids among `running` rows whose import is no longer running anywhere. */
export async function interruptedImports(db: Db, running: readonly RunningImport[], now: number): Promise<Set<number>> {
  const dead = new Set<number>();
  for (const row of running) {
    if (row.runner === null) {
      dead.add(row.id);
      continue;
    }
    if (now - row.created_at < GRACE_MS) continue;
    if (db.dialect === 'postgres') {
      if (await advisoryLockFree(db.kysely, 'importRun', row.id)) dead.add(row.id);
    } else if (!processAlive(row.runner)) {
      dead.add(row.id);
    }
  }
  return dead;
}

/** True when `host:pid` names a process that exists on this host (or one on another host, which cannot be checked). */
function processAlive(runner: string): boolean {
  const at = runner.lastIndexOf(':');
  const host = runner.slice(0, at);
  const pid = Number(runner.slice(at + 1));
  if (host !== hostname() || !Number.isInteger(pid) || pid <= 0) return host !== hostname();
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to another user
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
