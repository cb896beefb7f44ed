import { sql, type Kysely } from 'kysely';

/**
 * Organisations become real tenants (core/src/organizations): their names are unique, so `org create` cannot make a
 * second "Acme" by mistake and concurrent first starts cannot create two installation organisations. Names that are
 * already duplicated (two processes racing on an older version) are told apart by their id first.
 */
export function organisationsMigration() {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await sql`update organizations set name = name || ' (' || id || ')'
        where id not in (select min(o.id) from organizations o group by o.name)`.execute(db);
      await db.schema.createIndex('organizations_name').on('organizations').column('name').unique().execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropIndex('organizations_name').execute();
    },
  };
}
