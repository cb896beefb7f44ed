import fs from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, sql, type Migration, type MigrationProvider, type MigrationResultSet, type Transaction } from 'kysely';
import pg from 'pg';
import type { DialectName } from './dialect.js';
import { initialMigration } from './migrations/0001-initial.js';
import { assignmentPoliciesMigration } from './migrations/0002-assignment-policies.js';
import { qualityMigration } from './migrations/0003-quality.js';
import { cleaningMigration } from './migrations/0004-cleaning.js';
import { claimFunctionMigration } from './migrations/0005-claim-function.js';
import { importRunnerMigration } from './migrations/0006-import-runner.js';
import { counterChecksMigration } from './migrations/0007-counter-checks.js';
import { importStagingMigration } from './migrations/0008-import-staging.js';
import { aggregateGenerationsMigration } from './migrations/0009-aggregate-generations.js';
import { accountLifecycleMigration } from './migrations/0010-account-lifecycle.js';
import { organisationsMigration } from './migrations/0011-organisations.js';
import { peopleMigration } from './migrations/0013-people.js';
import { projectMembershipMigration } from './migrations/0012-project-membership.js';
import { projectLifecycleMigration } from './migrations/0014-project-lifecycle.js';
import { aggregateDetailsMigration } from './migrations/0016-aggregate-details.js';
import { importIdentityMigration } from './migrations/0017-import-identity.js';
import { taskBrowserMigration } from './migrations/0018-task-browser.js';
import { intakeRedactionMigration } from './migrations/0019-intake-redaction.js';
import { mlBackendsMigration } from './migrations/0022-ml-backends.js';
import { taskDataHashMigration } from './migrations/0024-task-data-hash.js';
import { phoneAccountsMigration } from './migrations/0025-phone-accounts.js';
import { reviewRequestsMigration } from './migrations/0023-review-requests.js';
import { mediaMigration } from './migrations/0020-media.js';
import { exportFilesMigration } from './migrations/0021-export-files.js';
import { GroupCommitter } from './group-commit.js';
import { withSchemaScopedIntrospection } from './schema-introspector.js';
import { pgDurabilityOptions, readPgDurabilitySettings } from './pg-durability.js';
import { openPostgresSnapshot, openSqliteSnapshot, type ReadSnapshot } from './read-snapshot.js';
import { withStatementCache } from './statement-cache.js';
import type { Database } from './schema.js';

/**
 * `default`: an acknowledged write survives a crash of the server process (kill -9).
 * `strict`: it also survives power loss: every commit is fsynced before it is acknowledged.
 * docs/reliability.md states the exact promise of each.
 */
export type Durability = 'default' | 'strict';

export interface DatabaseConfig {
  /** `postgres://...` selects PostgreSQL; anything else (or nothing) the embedded SQLite. */
  databaseUrl?: string | undefined;
  /** Folder of the SQLite file (`biaozhu.sqlite`). */
  dataDir: string;
  durability?: Durability;
  /** PostgreSQL only: use (and create) this schema, so test runs never collide. */
  pgSchema?: string | undefined;
  /** PostgreSQL pool size. */
  poolSize?: number;
  /** PostgreSQL: connections for read snapshots (exports), apart from the pool; more exports at once wait for one. */
  snapshotPoolSize?: number;
}

export interface Db {
  kysely: Kysely<Database>;
  /**
   * For reads outside a transaction on the hot path. On SQLite a second connection (WAL lets it read while the
   * writer commits), so reads never queue behind a write transaction; on PostgreSQL the same pool.
   */
  reader: Kysely<Database>;
  dialect: DialectName;
  durability: Durability;
  /** Human-readable place, for logs: the SQLite file or the PostgreSQL URL without password. */
  location: string;
  /** PostgreSQL: the schema the tables live in. */
  schema?: string;
  /**
   * Runs a write transaction of the hot path (claims, submits). On SQLite concurrent calls share one COMMIT (group
   * commit; fsynced in strict mode); on PostgreSQL it is a plain transaction, and PostgreSQL groups concurrent WAL
   * flushes itself.
   */
  write<T>(fn: (trx: Transaction<Database>) => Promise<T>): Promise<T>;
  /** A consistent read-only view for long reads such as exports (read-snapshot.ts); release it when done. */
  snapshot(): Promise<ReadSnapshot>;
  /** Group-commit counters when group commit is on. */
  groupCommit?: GroupCommitter['stats'];
  close(): Promise<void>;
}

// int8 (counts, ids, epoch-ms times) as JS numbers: every value we store fits in 2^53.
pg.types.setTypeParser(20, (v) => Number(v));

/** Opens the database the config names. It does not migrate; call `migrateToLatest`. */
export async function openDatabase(config: DatabaseConfig): Promise<Db> {
  const durability = config.durability ?? 'default';
  if (config.databaseUrl?.startsWith('postgres')) {
    const schema = config.pgSchema;
    if (schema !== undefined && !/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`invalid PostgreSQL schema name "${schema}"`);
    const admin = new pg.Client({ connectionString: config.databaseUrl });
    await connectOrExplain(admin, config.databaseUrl);
    let durabilityOptions: string[];
    try {
      // What each mode promises on PostgreSQL, and why strict may refuse to start: pg-durability.ts.
      durabilityOptions = pgDurabilityOptions(await readPgDurabilitySettings(admin), durability, redact(config.databaseUrl));
      if (schema) await admin.query(`create schema if not exists ${schema}`);
    } finally {
      await admin.end();
    }
    const options = [schema ? `-c search_path=${schema}` : '', ...durabilityOptions].join(' ');
    const pool = new pg.Pool({ connectionString: config.databaseUrl, max: config.poolSize ?? 10, options });
    const kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    try {
      await sql`select 1`.execute(kysely);
    } catch (error) {
      await kysely.destroy();
      throw explainPgError(error, config.databaseUrl);
    }
    // Connects lazily: a process that never exports never opens one.
    const snapshotPool = new pg.Pool({ connectionString: config.databaseUrl, max: config.snapshotPoolSize ?? 4, options, application_name: 'biaozhu-export' });
    const snapshots = new Kysely<Database>({ dialect: new PostgresDialect({ pool: snapshotPool }) });
    return {
      kysely,
      dialect: 'postgres',
      durability,
      location: redact(config.databaseUrl) + (schema ? ` (schema ${schema})` : ''),
      schema: schema ?? 'public',
      reader: kysely,
      write: (fn) => kysely.transaction().execute(fn),
      snapshot: () => openPostgresSnapshot(snapshots),
      close: async () => {
        await snapshots.destroy();
        await kysely.destroy();
      },
    };
  }

  fs.mkdirSync(config.dataDir, { recursive: true });
  const file = path.join(config.dataDir, 'biaozhu.sqlite');
  const sqlite = new SqliteDatabase(file);
  sqlite.pragma('journal_mode = WAL');
  // WAL + NORMAL: a committed transaction is in the WAL file before the call returns, so it survives a crash of
  // this process; FULL also fsyncs the WAL at every commit, so it survives power loss.
  sqlite.pragma(durability === 'strict' ? 'synchronous = FULL' : 'synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 10000');
  const kysely = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  const readConnection = new SqliteDatabase(file);
  readConnection.pragma('busy_timeout = 10000');
  const reader = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(readConnection) }) });
  const close = async () => {
    await reader.destroy();
    await kysely.destroy();
  };
  // Group commit in both modes: in strict mode it shares fsyncs; in default mode it still saves a commit per write
  // (bench/assign measured about 1.35x the cycles per second of one transaction per write).
  const committer = new GroupCommitter(kysely);
  return {
    kysely,
    reader,
    dialect: 'sqlite',
    durability,
    location: file,
    write: (fn) => committer.run(fn),
    snapshot: () => openSqliteSnapshot(file),
    groupCommit: committer.stats,
    close,
  };
}

function migrationsFor(dialect: DialectName): Record<string, Migration> {
  return {
    '0001-initial': initialMigration(dialect),
    '0002-assignment-policies': assignmentPoliciesMigration(dialect),
    '0003-quality': qualityMigration(dialect),
    '0004-cleaning': cleaningMigration(dialect),
    '0005-claim-function': claimFunctionMigration(dialect),
    '0006-import-runner': importRunnerMigration(),
    '0007-counter-checks': counterChecksMigration(dialect),
    '0008-import-staging': importStagingMigration(),
    '0009-aggregate-generations': aggregateGenerationsMigration(dialect),
    '0010-account-lifecycle': accountLifecycleMigration(),
    '0011-organisations': organisationsMigration(),
    '0012-project-membership': projectMembershipMigration(),
    '0013-people': peopleMigration(),
    '0014-project-lifecycle': projectLifecycleMigration(dialect),
    '0016-aggregate-details': aggregateDetailsMigration(),
    '0017-import-identity': importIdentityMigration(),
    '0018-task-browser': taskBrowserMigration(),
    '0019-intake-redaction': intakeRedactionMigration(),
    '0022-ml-backends': mlBackendsMigration(),
    '0024-task-data-hash': taskDataHashMigration(),
    '0023-review-requests': reviewRequestsMigration(),
    '0020-media': mediaMigration(dialect),
    '0021-export-files': exportFilesMigration(),
    '0025-phone-accounts': phoneAccountsMigration(dialect),
  };
}

/** Brings the schema up to date. Safe to run on every start and from several processes (PostgreSQL locks). */
export async function migrateToLatest(db: Db): Promise<string[]> {
  return migrate(db, (migrator) => migrator.migrateToLatest());
}

/** Brings the schema up to the named migration and no further: for a test of the next migration on older rows. */
export async function migrateUpTo(db: Db, name: string): Promise<string[]> {
  return migrate(db, (migrator) => migrator.migrateTo(name));
}

async function migrate(db: Db, run: (migrator: Migrator) => Promise<MigrationResultSet>): Promise<string[]> {
  const provider: MigrationProvider = { getMigrations: async () => migrationsFor(db.dialect) };
  // Kysely looks for its bookkeeping tables in every schema unless told which: name ours, or a database holding
  // several installations (or test runs) would see another schema's tables.
  // On PostgreSQL the migrator also looks only at our schema (schema-introspector.ts says why).
  const kysely = db.dialect === 'postgres' && db.schema ? withSchemaScopedIntrospection(db.kysely, db.schema) : db.kysely;
  const migrator = new Migrator({ db: kysely, provider, ...(db.schema ? { migrationTableSchema: db.schema } : {}) });
  const { error, results } = await run(migrator);
  if (error) throw error instanceof Error ? error : new Error(`migration failed: ${JSON.stringify(error)}`);
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

async function connectOrExplain(client: pg.Client, url: string): Promise<void> {
  try {
    await client.connect();
  } catch (error) {
    throw explainPgError(error, url);
  }
}

function explainPgError(error: unknown, url: string): Error {
  const message = error instanceof Error ? error.message : JSON.stringify(error);
  return new Error(
    `cannot reach PostgreSQL at ${redact(url)}: ${message}. Is the server running and does the database exist? ` +
      `Unset DATABASE_URL to use the embedded SQLite instead.`,
  );
}

function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}
