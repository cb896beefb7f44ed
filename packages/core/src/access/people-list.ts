import { PERSON_STATUSES, type AccountRole, type PeoplePage, type PersonStatus, type PersonView, type PersonWorkerKind } from '@biaozhu/contract';
import { sql, type Database, type ExpressionBuilder } from '@biaozhu/storage';
import type { Actor, Context } from '../context.js';
import { readPhone } from './phone-number.js';

export interface PeopleQuery {
  /** Part of a name, email or phone, case-insensitive. */
  search?: string | undefined;
  role?: AccountRole | undefined;
  workerKind?: PersonWorkerKind | undefined;
  status?: PersonStatus | undefined;
  teamId?: number | undefined;
  offset?: number | undefined;
  limit?: number | undefined;
}

export const MAX_PEOPLE_PAGE = 200;

type Users = ExpressionBuilder<Database, 'users'>;

/** An open invitation and never logged in: the `invited` status. */
const invited = (eb: Users) =>
  eb.and([
    eb('users.last_login_at', 'is', null),
    eb.exists(eb.selectFrom('user_invites').select('user_invites.user_id').whereRef('user_invites.user_id', '=', 'users.id').where('user_invites.used_at', 'is', null)),
  ]);

/** The SQL of each status, in the order the statuses take precedence (disabled before invited before the rest). */
function statusIs(eb: Users, status: PersonStatus) {
  switch (status) {
    case 'disabled':
      return eb('users.disabled', '=', 1);
    case 'invited':
      return eb.and([eb('users.disabled', '=', 0), invited(eb)]);
    case 'must_change_password':
      return eb.and([eb('users.disabled', '=', 0), eb.not(invited(eb)), eb('users.must_change_password', '=', 1)]);
    case 'active':
      return eb.and([eb('users.disabled', '=', 0), eb.not(invited(eb)), eb('users.must_change_password', '=', 0)]);
  }
}

const likePattern = (text: string) => `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * One page of the organisation's users for the users page, oldest first, with their teams (read-only here) and a
 * status; `total` counts every match. Filters combine (and); the search matches a part of the name, email or phone,
 * or a whole phone number however it is written.
 */
export async function listPeople(ctx: Context, actor: Actor, query: PeopleQuery = {}): Promise<PeoplePage> {
  const limit = Math.min(Math.max(query.limit ?? 50, 1), MAX_PEOPLE_PAGE);
  const offset = Math.max(query.offset ?? 0, 0);
  const db = ctx.db.reader;
  const filtered = () => {
    let q = db.selectFrom('users').where('users.org_id', '=', actor.orgId);
    const search = query.search?.trim();
    if (search) {
      const pattern = likePattern(search);
      // ESCAPE spelled out: SQLite's LIKE has no escape character unless named (PostgreSQL's is the backslash).
      const like = (column: 'users.name' | 'users.email' | 'users.phone') => sql<boolean>`lower(${sql.ref(column)}) like ${pattern} escape '\\'`;
      // A whole number typed as people write it (`138 0013 8000`) finds its account, stored in E.164.
      const number = /\d/.test(search) ? readPhone(search) : null;
      const phone = number && 'phone' in number ? number.phone : null;
      q = q.where((eb) => eb.or([like('users.name'), like('users.email'), like('users.phone'), ...(phone ? [eb('users.phone', '=', phone)] : [])]));
    }
    if (query.role) q = q.where('users.role', '=', query.role);
    if (query.workerKind) q = q.where('users.worker_kind', '=', query.workerKind);
    if (query.teamId !== undefined) {
      const teamId = query.teamId;
      q = q.where((eb) => eb.exists(eb.selectFrom('team_members').select('team_members.user_id').whereRef('team_members.user_id', '=', 'users.id').where('team_members.team_id', '=', teamId)));
    }
    if (query.status) {
      const status = query.status;
      q = q.where((eb) => statusIs(eb, status));
    }
    return q;
  };
  const [count, rows] = await Promise.all([
    filtered().select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    filtered()
      .select((eb) => [
        'users.id', 'users.name', 'users.email', 'users.phone', 'users.role', 'users.worker_kind', 'users.disabled', 'users.must_change_password',
        'users.last_login_at', 'users.created_at',
        eb.case().when(invited(eb)).then(1).else(0).end().as('invited'),
      ])
      .orderBy('users.id')
      .limit(limit)
      .offset(offset)
      .execute(),
  ]);
  const ids = rows.map((r) => r.id);
  const memberships = ids.length === 0 ? [] : await db
    .selectFrom('team_members')
    .innerJoin('teams', 'teams.id', 'team_members.team_id')
    .select(['team_members.user_id', 'teams.name'])
    .where('team_members.user_id', 'in', ids)
    .orderBy('teams.name')
    .execute();
  const people: PersonView[] = rows.map((r) => {
    const status: PersonStatus = r.disabled ? 'disabled' : Number(r.invited) === 1 ? 'invited' : r.must_change_password ? 'must_change_password' : 'active';
    return {
      id: r.id,
      name: r.name,
      email: r.email,
      phone: r.phone,
      role: r.role,
      workerKind: r.worker_kind,
      teams: memberships.filter((m) => m.user_id === r.id).map((m) => m.name),
      status,
      lastLoginAt: r.last_login_at === null ? null : new Date(Number(r.last_login_at)).toISOString(),
      createdAt: new Date(Number(r.created_at)).toISOString(),
    };
  });
  return { people, total: Number(count.n) };
}

export { PERSON_STATUSES };
