import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { Db } from '@biaozhu/storage';

/**
 * Where uploads for cleaning jobs are spooled until their job finishes: next to the SQLite file, or under
 * `$BIAOZHU_DATA_DIR/intake/<schema>` with PostgreSQL. It must survive restarts (a job resumes from it); with several
 * server processes on one PostgreSQL it must be a shared folder.
 */
export function intakeSpoolRoot(db: Db): string {
  if (db.dialect === 'sqlite') return path.join(path.dirname(db.location), 'intake');
  return path.resolve(process.env.BIAOZHU_DATA_DIR || './data', 'intake', db.schema ?? 'public');
}

/** A new, empty folder for one upload. */
export function newSpoolDir(db: Db): string {
  const dir = path.join(intakeSpoolRoot(db), randomUUID());
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

/** Removes a job's spool folder; only folders under the spool root are touched. */
export function removeSpoolDir(db: Db, dir: string): void {
  const root = intakeSpoolRoot(db);
  const resolved = path.resolve(dir);
  if (!resolved.startsWith(root + path.sep)) return;
  fs.rmSync(resolved, { recursive: true, force: true });
}
