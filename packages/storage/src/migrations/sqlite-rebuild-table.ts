import { sql, type Kysely } from 'kysely';

/** A named CHECK constraint to add to a table. */
export interface CheckConstraint {
  name: string;
  /** The condition, as SQL over the table's columns. */
  expression: string;
}

/** One table to rebuild with `checks` added. */
export interface TableRebuild {
  table: string;
  checks: CheckConstraint[];
  /**
   * Changes the stored CREATE TABLE text before the checks are added (a column that loses its NOT NULL, say);
   * must throw when the text is not what it expects, so a rebuild never silently keeps the old definition.
   */
  rewrite?: (definition: string) => string;
}

/**
 * SQLite only: adds CHECK constraints (and, through `rewrite`, other column changes) to existing tables. SQLite has no `ALTER TABLE ... ADD CONSTRAINT`, so each
 * table is rebuilt the way its manual prescribes ("Making Other Kinds Of Table Schema Changes",
 * https://www.sqlite.org/lang_altertable.html#otheralter): with foreign keys off, in one transaction, a new table is
 * created from the stored definition plus the constraints, the rows are copied, the old table is dropped and the new
 * one renamed, and every index and trigger of the table (the partial ones included) is created again from its
 * stored SQL; `foreign_key_check` must then find nothing. Other tables' foreign keys name the table, not the copy,
 * so they point at the rebuilt table. The AUTOINCREMENT counter is carried over, so ids are never reused.
 *
 * `prepare` runs first inside the same transaction (a repair of rows the new constraints would refuse). A table that
 * already has the first constraint is left as it is, so running the migration again after a crash is harmless.
 * Must run outside a transaction (the foreign-keys pragma is a no-op inside one), as SQLite migrations do.
 */
export async function addChecksByRebuild(
  db: Kysely<unknown>,
  tables: TableRebuild[],
  prepare: (db: Kysely<unknown>) => Promise<void>,
): Promise<void> {
  const fk = await sql<{ foreign_keys: number }>`pragma foreign_keys`.execute(db);
  const foreignKeysOn = fk.rows[0]?.foreign_keys === 1;
  await sql`pragma foreign_keys = off`.execute(db);
  try {
    await sql`begin immediate`.execute(db);
    try {
      await prepare(db);
      for (const t of tables) await rebuild(db, t);
      const broken = await sql<Record<string, unknown>>`pragma foreign_key_check`.execute(db);
      if (broken.rows.length > 0) throw new Error(`rebuilding ${tables.map((t) => t.table).join(', ')} broke foreign keys: ${JSON.stringify(broken.rows.slice(0, 5))}`);
      await sql`commit`.execute(db);
    } catch (error) {
      await sql`rollback`.execute(db);
      throw error;
    }
  } finally {
    if (foreignKeysOn) await sql`pragma foreign_keys = on`.execute(db);
  }
}

async function rebuild(db: Kysely<unknown>, { table, checks, rewrite }: TableRebuild): Promise<void> {
  const first = checks[0];
  if (first === undefined) return;
  const stored = await sql<{ sql: string }>`select sql from sqlite_master where type = 'table' and name = ${table}`.execute(db);
  const definition = stored.rows[0]?.sql;
  if (definition === undefined) throw new Error(`no table ${table} to rebuild`);
  if (definition.includes(`"${first.name}"`)) return;
  const copy = `${table}_rebuild`;
  const head = /^create table\s+("?)([A-Za-z_][A-Za-z0-9_]*)\1/i;
  if (!head.test(definition) || !/\)\s*$/.test(definition)) throw new Error(`unexpected definition of table ${table}: ${definition.slice(0, 200)}`);
  const constraints = checks.map((c) => `constraint "${c.name}" check (${c.expression})`).join(', ');
  const newDefinition = (rewrite ? rewrite(definition) : definition).replace(head, `create table "${copy}"`).replace(/\)\s*$/, `, ${constraints})`);

  const dependents = await sql<{ sql: string }>`
    select sql from sqlite_master where type in ('index', 'trigger') and tbl_name = ${table} and sql is not null order by type, name`.execute(db);
  const columns = (await sql<{ name: string }>`select name from pragma_table_info(${table})`.execute(db)).rows.map((c) => `"${c.name}"`).join(', ');
  const sequence = await sql<{ seq: number }>`select seq from sqlite_sequence where name = ${table}`.execute(db);

  await sql.raw(newDefinition).execute(db);
  await sql.raw(`insert into "${copy}" (${columns}) select ${columns} from "${table}"`).execute(db);
  await sql.raw(`drop table "${table}"`).execute(db);
  await sql.raw(`alter table "${copy}" rename to "${table}"`).execute(db);
  for (const d of dependents.rows) await sql.raw(d.sql).execute(db);
  const seq = sequence.rows[0]?.seq;
  if (seq !== undefined) {
    // An empty copy has no counter row yet; a full one has its own maximum id, which may be below the old counter.
    await sql`insert into sqlite_sequence (name, seq) select ${table}, 0 where not exists (select 1 from sqlite_sequence where name = ${table})`.execute(db);
    await sql`update sqlite_sequence set seq = max(seq, ${seq}) where name = ${table}`.execute(db);
  }
}
