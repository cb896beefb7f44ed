import type pg from 'pg';
import type { Durability } from './database.js';

/** The PostgreSQL settings a commit's durability depends on, as a new session of ours gets them. */
export interface PgDurabilitySettings {
  /** `on` or `off`: whether the server fsyncs its WAL at all. */
  fsync: string;
  /** `off`, `local`, `on`, `remote_write` or `remote_apply` (server, database or role default). */
  synchronousCommit: string;
}

/** Reads the settings a session opened by `client`'s role on its database starts with. */
export async function readPgDurabilitySettings(client: pg.Client): Promise<PgDurabilitySettings> {
  const { rows } = await client.query<{ fsync: string; synchronous_commit: string }>(
    `select current_setting('fsync') as fsync, current_setting('synchronous_commit') as synchronous_commit`,
  );
  const row = rows[0];
  if (!row) throw new Error('PostgreSQL returned no settings');
  return { fsync: row.fsync, synchronousCommit: row.synchronous_commit };
}

/**
 * The session options our connections need for `durability` on a server with `settings`.
 *
 * - `default`: none. PostgreSQL's own settings govern: an acknowledged commit is PostgreSQL's, so it survives any
 *   crash of the Biaozhu process whatever they are, and with `synchronous_commit` other than `off` (PostgreSQL's
 *   default is `on`) and `fsync=on` it is also on disk before we acknowledge it.
 * - `strict`: every commit must be flushed to disk before it is acknowledged. A server with `fsync=off` cannot do
 *   that for anyone, so strict refuses to start (throws, naming the setting); a session default of
 *   `synchronous_commit=off` is raised to `on` for our connections. `local`, `on`, `remote_write` and `remote_apply`
 *   all flush the local WAL first and are kept (the remote ones also wait for standbys, which the DBA chose).
 */
export function pgDurabilityOptions(settings: PgDurabilitySettings, durability: Durability, where: string): string[] {
  if (durability === 'default') return [];
  if (settings.fsync !== 'on') {
    throw new Error(
      `BIAOZHU_DURABILITY=strict needs PostgreSQL to flush its WAL to disk, but the server at ${where} runs with fsync=${settings.fsync}: ` +
        `a power loss could lose or corrupt acknowledged answers. Set fsync = on in postgresql.conf, or use the default durability.`,
    );
  }
  return settings.synchronousCommit === 'off' ? ['-c synchronous_commit=on'] : [];
}
