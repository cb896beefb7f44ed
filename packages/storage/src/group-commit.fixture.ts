/**
 * A writer process for group-commit.test.ts: `node --import tsx group-commit.fixture.ts <dataDir> <durability>
 * <count> [kill]`. It opens and migrates the SQLite database, then makes `count` acknowledged writes one after
 * another through `Db.write`. Around them it makes marker system calls that a tracer sees in order with the
 * fsyncs: `access("/nonexistent/bz-ready")` once the database is ready, `access("/nonexistent/bz-ack-<i>")` right
 * after write i was acknowledged. With `kill` it sends itself SIGKILL right after the last acknowledgement.
 */
import fs from 'node:fs';
import { migrateToLatest, openDatabase } from './database.js';

const [dataDir, durability, count, kill] = process.argv.slice(2);
if (!dataDir || (durability !== 'default' && durability !== 'strict') || !count) {
  throw new Error('usage: group-commit.fixture.ts <dataDir> <default|strict> <count> [kill]');
}

/** A system call a tracer can see, naming the moment. */
const mark = (name: string) => {
  try {
    fs.accessSync(`/nonexistent/bz-${name}`);
  } catch {
    /* it does not exist: only the call matters */
  }
};

const db = await openDatabase({ dataDir, durability });
await migrateToLatest(db);
mark('ready');
for (let i = 0; i < Number(count); i++) {
  await db.write((trx) => trx.insertInto('organizations').values({ name: `ack ${i}`, created_at: i }).execute());
  mark(`ack-${i}`);
}
if (kill === 'kill') process.kill(process.pid, 'SIGKILL');
await db.close();
