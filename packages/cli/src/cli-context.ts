import { createContext, DomainError, type Actor, type Context } from '@biaozhu/core';
import { migrateToLatest, openDatabase, type Db } from '@biaozhu/storage';
import path from 'node:path';
import type { CliIo } from './command.js';

/** Opens the database the environment names (DATABASE_URL, BIAOZHU_DATA_DIR), migrated, for one command. */
export async function withContext<T>(io: CliIo, fn: (ctx: Context, db: Db) => Promise<T>): Promise<T> {
  const db = await openDatabase({
    databaseUrl: io.env.DATABASE_URL || undefined,
    dataDir: path.resolve(io.cwd, io.env.BIAOZHU_DATA_DIR ?? './data'),
    durability: io.env.BIAOZHU_DURABILITY === 'strict' ? 'strict' : 'default',
    pgSchema: io.env.BIAOZHU_PG_SCHEMA || undefined,
  });
  try {
    await migrateToLatest(db);
    return await fn(createContext(db), db);
  } finally {
    await db.close();
  }
}

/**
 * The CLI acts for a person, so that every change is attributed in the audit log: `--as EMAIL`, or else the first
 * admin (then manager) of the installation.
 */
export async function cliActor(ctx: Context, as?: string): Promise<Actor> {
  let query = ctx.db.kysely.selectFrom('users').select(['id', 'org_id', 'role', 'email']).where('disabled', '=', 0);
  if (as) query = query.where('email', '=', as.trim().toLowerCase());
  else query = query.where('role', 'in', ['admin', 'manager']);
  const user = await query.orderBy('role').orderBy('id').limit(1).executeTakeFirst();
  if (!user) {
    throw new DomainError(
      'not_found',
      'no_actor',
      as ? `no user with email ${as}` : 'no admin or manager exists yet; create one: biaozhu user add --email E --password P --role admin',
    );
  }
  return { userId: user.id, orgId: user.org_id, role: user.role, email: user.email };
}
