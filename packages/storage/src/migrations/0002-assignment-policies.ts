import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../dialect.js';

/**
 * Assignment policies: a policy document per project, gold tasks, a seeded random rank per task, teams and
 * qualifications for eligibility, and one partial index per claim order so that every order is an index walk over
 * open tasks only.
 */
export function assignmentPoliciesMigration(dialect: DialectName) {
  const idType = dialect === 'postgres' ? 'bigserial' : 'integer';
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('projects').addColumn('assignment_policy', 'text', (c) => c.notNull().defaultTo('{}')).execute();
      await db.schema.alterTable('tasks').addColumn('is_gold', 'integer', (c) => c.notNull().defaultTo(0)).execute();
      await db.schema.alterTable('tasks').addColumn('gold_result', 'text').execute();
      await db.schema.alterTable('tasks').addColumn('random_rank', 'bigint', (c) => c.notNull().defaultTo(0)).execute();

      const openIndex = (name: string, columns: string[]) =>
        db.schema.createIndex(name).on('tasks').columns(columns).where(sql.ref('slots_used'), '<', sql.ref('target')).execute();
      await openIndex('tasks_open_priority', ['project_id', 'priority desc', 'id']);
      await openIndex('tasks_open_fewest', ['project_id', 'answer_count', 'id']);
      await openIndex('tasks_open_random', ['project_id', 'random_rank', 'id']);
      await db.schema.createIndex('tasks_gold').on('tasks').columns(['project_id', 'random_rank']).where(sql.ref('is_gold'), '=', 1).execute();
      await db.schema.createIndex('annotations_user_project_time').on('annotations').columns(['user_id', 'project_id', 'created_at']).execute();

      await db.schema
        .createTable('teams')
        .addColumn('id', idType, (c) => (dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement()))
        .addColumn('org_id', 'bigint', (c) => c.notNull().references('organizations.id'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addUniqueConstraint('teams_org_name', ['org_id', 'name'])
        .execute();
      await db.schema
        .createTable('team_members')
        .addColumn('team_id', 'bigint', (c) => c.notNull().references('teams.id'))
        .addColumn('user_id', 'bigint', (c) => c.notNull().references('users.id'))
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('team_members_pk', ['team_id', 'user_id'])
        .execute();
      await db.schema
        .createTable('qualifications')
        .addColumn('user_id', 'bigint', (c) => c.notNull().references('users.id'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('granted_by', 'bigint')
        .addColumn('granted_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('qualifications_pk', ['user_id', 'name'])
        .execute();
    },
    async down(): Promise<void> {
      throw new Error('migrations are forward-only; restore a backup instead');
    },
  };
}
