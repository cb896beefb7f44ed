import { sql, type Kysely } from 'kysely';

/**
 * Account lifecycle and login throttling:
 * - `login_throttles` replaces `login_failures`: one row per (account, client address) pair and one per address,
 *   charged by a single atomic upsert before a password is checked (core/src/access/login-throttle.ts);
 * - `users.must_change_password`, set when an admin resets a password;
 * - `api_tokens.revoked_at`: a revoked token stays listed with its `last_used_at`;
 * - indexes to end all sessions of a user, list a user's tokens, and purge stale throttle rows without a scan.
 */
export function accountLifecycleMigration() {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropTable('login_failures').execute();
      await db.schema
        .createTable('login_throttles')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('account', 'text')
        .addColumn('failures', 'integer', (c) => c.notNull())
        .addColumn('window_start', 'bigint', (c) => c.notNull())
        .addColumn('blocked_until', 'bigint', (c) => c.notNull())
        .addCheckConstraint('login_throttles_failures', sql`failures >= 0`)
        .execute();
      // Lets a successful login purge rows whose windows are long over (login-throttle.ts purgeStaleThrottles).
      await db.schema.createIndex('login_throttles_blocked_until').on('login_throttles').column('blocked_until').execute();
      await db.schema.alterTable('users').addColumn('must_change_password', 'integer', (c) => c.notNull().defaultTo(0)).execute();
      await db.schema.alterTable('api_tokens').addColumn('revoked_at', 'bigint').execute();
      await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute();
      await db.schema.createIndex('api_tokens_user').on('api_tokens').column('user_id').execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropIndex('api_tokens_user').execute();
      await db.schema.dropIndex('sessions_user').execute();
      await db.schema.alterTable('api_tokens').dropColumn('revoked_at').execute();
      await db.schema.alterTable('users').dropColumn('must_change_password').execute();
      await db.schema.dropTable('login_throttles').execute();
      await db.schema
        .createTable('login_failures')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('window_start', 'bigint', (c) => c.notNull())
        .addColumn('count', 'integer', (c) => c.notNull())
        .execute();
    },
  };
}
