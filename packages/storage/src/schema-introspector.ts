import { sql, type DatabaseIntrospector, type Kysely, type SchemaMetadata, type TableMetadata } from 'kysely';

/**
 * Kysely's PostgreSQL introspector reads every schema of the database and resolves each table by name
 * (`has_schema_privilege(nspname)`, `pg_get_serial_sequence(nspname || '.' || relname)`). When another schema is
 * dropped while that query runs (another installation removed, or another test run's schema), PostgreSQL fails it
 * with `schema "..." does not exist` and our migration fails with it. The migrator only asks whether our own schema
 * and its two bookkeeping tables exist, so this introspector looks at that schema alone, by oid-free catalog views.
 */
export function schemaScopedIntrospector(db: Kysely<unknown>, schema: string): DatabaseIntrospector {
  return {
    async getSchemas(): Promise<SchemaMetadata[]> {
      const rows = await sql<{ name: string }>`select nspname as name from pg_catalog.pg_namespace where nspname = ${schema}`.execute(db);
      return rows.rows.map((r) => ({ name: r.name }));
    },
    async getTables(): Promise<TableMetadata[]> {
      const rows = await sql<{ name: string; type: string }>`
        select table_name as name, table_type as type from information_schema.tables where table_schema = ${schema}`.execute(db);
      return rows.rows.map((r) => ({ name: r.name, schema, isView: r.type === 'VIEW', columns: [] }));
    },
    async getMetadata() {
      return { tables: await this.getTables() };
    },
  };
}

/**
 * The same Kysely instance with the introspector above. Methods are bound to the real instance, whose private
 * fields a proxy receiver could not reach.
 */
export function withSchemaScopedIntrospection<DB>(db: Kysely<DB>, schema: string): Kysely<DB> {
  const introspection = schemaScopedIntrospector(db as Kysely<unknown>, schema);
  return new Proxy(db, {
    get(target, property) {
      if (property === 'introspection') return introspection;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}
