import fs from 'node:fs';
import { createContext, createProject, importTasks, type Actor } from '@biaozhu/core';
import { migrateToLatest, openDatabase, type Db } from '@biaozhu/storage';
import pg from 'pg';

export const PG_URL = process.env.BIAOZHU_BENCH_PG ?? process.env.BIAOZHU_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/test';
const CONFIG = {
  objects: [{ type: 'text', name: 'text', value: 'text' }],
  controls: [{ type: 'choices', name: 'sentiment', toName: 'text', choices: [{ value: 'positive' }, { value: 'negative' }] }],
};

export interface ImportTarget {
  db: Db;
  projectId: number;
  importFile(file: string): Promise<{ tasksCreated: number }>;
  close(): Promise<void>;
}

/** A fresh, migrated database (a SQLite folder, or a PostgreSQL schema) with a manager and an empty project. */
export async function setupImportTarget(dialect: 'sqlite' | 'postgres', dataDir: string): Promise<ImportTarget> {
  const schema = `bz_bench_import_${process.pid}_${Date.now().toString(36)}`;
  const db =
    dialect === 'postgres'
      ? await openDatabase({ databaseUrl: PG_URL, dataDir: '', pgSchema: schema })
      : await openDatabase({ dataDir });
  await migrateToLatest(db);
  const ctx = createContext(db);
  const now = Date.now();
  const org = await db.kysely.insertInto('organizations').values({ name: 'bench', created_at: now }).returning('id').executeTakeFirstOrThrow();
  const user = await db.kysely
    .insertInto('users')
    .values({ org_id: org.id, email: 'm@bench', name: 'm', role: 'manager', password_hash: 'x', disabled: 0, created_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  const actor: Actor = { userId: user.id, orgId: org.id, role: 'manager', email: 'm@bench' };
  const project = await createProject(ctx, actor, { name: 'bench', labelConfig: CONFIG, overlap: 1 });
  return {
    db,
    projectId: project.id,
    importFile: (file) =>
      importTasks(ctx, actor, project.id, fs.createReadStream(file, { highWaterMark: 256 * 1024 }), {
        fileName: file,
        format: 'jsonl',
        source: { name: 'bench', license: 'CC0', collectionMethod: 'generated', containsPersonalInfo: false },
      }),
    close: async () => {
      await db.close();
      if (dialect === 'postgres') {
        const c = new pg.Client({ connectionString: PG_URL });
        await c.connect();
        await c.query(`drop schema if exists ${schema} cascade`);
        await c.end();
      }
    },
  };
}
