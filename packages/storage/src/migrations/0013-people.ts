import { sql, type Kysely } from 'kysely';

/**
 * People management (issue #11 item 2):
 * - `users.phone` (optional, unique when present: a contact for workers who rarely read email), `users.worker_kind`
 *   (employee, part_time, student, intern, gig; null for staff who are not workers) and `users.last_login_at`;
 * - `user_invites`: single-use, expiring invitation links. Only the SHA-256 of the token is stored, so a copy of the
 *   database cannot be used to accept an invitation.
 * Adding nullable columns with a CHECK is an in-place change in both dialects (no table rebuild).
 */
export function peopleMigration() {
  const ref = 'bigint' as const;
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('users').addColumn('phone', 'text').execute();
      await db.schema
        .alterTable('users')
        .addColumn('worker_kind', 'text', (c) => c.check(sql`worker_kind in ('employee', 'part_time', 'student', 'intern', 'gig')`))
        .execute();
      await db.schema.alterTable('users').addColumn('last_login_at', 'bigint').execute();
      await db.schema.createIndex('users_phone').on('users').column('phone').unique().execute();
      // The people page lists an organisation's users by id.
      await db.schema.createIndex('users_org').on('users').columns(['org_id', 'id']).execute();
      await db.schema
        .createTable('user_invites')
        .addColumn('token_hash', 'text', (c) => c.primaryKey())
        .addColumn('org_id', ref, (c) => c.notNull().references('organizations.id'))
        .addColumn('user_id', ref, (c) => c.notNull().references('users.id'))
        .addColumn('created_by', ref, (c) => c.references('users.id'))
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .addColumn('used_at', 'bigint')
        .execute();
      await db.schema.createIndex('user_invites_user').on('user_invites').column('user_id').execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropTable('user_invites').execute();
      await db.schema.dropIndex('users_org').execute();
      await db.schema.dropIndex('users_phone').execute();
      await db.schema.alterTable('users').dropColumn('last_login_at').execute();
      await db.schema.alterTable('users').dropColumn('worker_kind').execute();
      await db.schema.alterTable('users').dropColumn('phone').execute();
    },
  };
}
