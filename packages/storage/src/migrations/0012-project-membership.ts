import { sql, type Kysely } from 'kysely';

/**
 * Project membership (issue #11): who of an organisation sees and works on a project.
 * - `projects.access`: `organisation` (everyone of the organisation, as before) or `members` (only project_members).
 *   Every project that exists when this runs keeps `organisation`, so installations and the demo work as they did.
 * - `project_members.role`: annotator, reviewer or client in this project. The rows before this migration were
 *   all clients (managers could add only clients), so the column's default is `client`.
 * - an index by user, for the project list of one user.
 * Adding a column with a constant default and a CHECK is an in-place change in both dialects (no table rebuild).
 */
export function projectMembershipMigration() {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .alterTable('projects')
        .addColumn('access', 'text', (c) => c.notNull().defaultTo('organisation').check(sql`access in ('organisation', 'members')`))
        .execute();
      await db.schema
        .alterTable('project_members')
        .addColumn('role', 'text', (c) => c.notNull().defaultTo('client').check(sql`role in ('annotator', 'reviewer', 'client')`))
        .execute();
      await db.schema.createIndex('project_members_user').on('project_members').columns(['user_id', 'project_id']).execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropIndex('project_members_user').execute();
      await db.schema.alterTable('project_members').dropColumn('role').execute();
      await db.schema.alterTable('projects').dropColumn('access').execute();
    },
  };
}
