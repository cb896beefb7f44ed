import { PERSON_WORKER_KINDS, type PersonWorkerKind, type RosterColumn, type RosterErrorCode, type RosterRowError } from '@biaozhu/contract';
import { ROLES, type Role } from '@biaozhu/storage';
import { readPhone } from './phone-number.js';
import type { CsvRecord } from './roster-csv.js';

/** The most rows one roster may hold: a large school intake, and still one short transaction. */
export const MAX_ROSTER_ROWS = 5000;
export const MAX_NAME_LENGTH = 200;
export const MAX_EMAIL_LENGTH = 320;

/** A roster row ready to be written. */
export interface CheckedRow {
  row: number;
  name: string;
  /** Null for a phone-only account; a row has an email, a phone or both. */
  email: string | null;
  phone: string | null;
  role: Role;
  teamId: number | null;
  team: string | null;
  workerKind: PersonWorkerKind | null;
}

/** What the database already holds, looked up before the pure check. Keys are normalised (see below). */
export interface RosterLookups {
  /** Team name (trimmed, lower-cased) -> id, of the actor's organisation. */
  teams: ReadonlyMap<string, number>;
  /** Emails are unique across the installation. */
  existingEmails: ReadonlySet<string>;
  /** Phones (E.164) are unique within an organisation: these are the actor's organisation's. */
  existingPhones: ReadonlySet<string>;
  /** Whether the actor may create admins (managers may not). */
  mayGrantAdmin: boolean;
}

/** Header names understood for each column, in English and Chinese, compared lower-cased without spaces. */
const HEADERS: Record<RosterColumn, string[]> = {
  name: ['name', 'fullname', '姓名', '名字'],
  email: ['email', 'e-mail', 'mail', '邮箱', '电子邮箱'],
  phone: ['phone', 'mobile', 'tel', '手机', '手机号', '电话'],
  role: ['role', '角色'],
  team: ['team', '团队', '班级', '小组'],
  worker_kind: ['worker_kind', 'workerkind', 'kind', 'worker-kind', '用工类型', '类型'],
};
const REQUIRED_COLUMNS: RosterColumn[] = ['name', 'role'];

/** Role words a roster may use besides the role codes. */
const ROLE_ALIASES: Record<string, Role> = {
  管理员: 'admin',
  经理: 'manager',
  项目经理: 'manager',
  审核员: 'reviewer',
  质检员: 'reviewer',
  标注员: 'annotator',
  客户: 'client',
};
const WORKER_KIND_ALIASES: Record<string, PersonWorkerKind> = {
  'part-time': 'part_time',
  parttime: 'part_time',
  全职: 'employee',
  员工: 'employee',
  兼职: 'part_time',
  学生: 'student',
  实习: 'intern',
  实习生: 'intern',
  零工: 'gig',
};

const EMAIL = /^[^\s@,;<>"]+@[^\s@,;<>"]+$/;

/** An email as stored: trimmed and lower-cased. */
export const normaliseEmail = (value: string) => value.trim().toLowerCase();
export const normaliseTeamName = (value: string) => value.trim().toLowerCase();

/** Finds which column each header cell names; unknown headers are errors of row 0 (the header). */
function readHeader(cells: string[]): { columns: (RosterColumn | null)[]; errors: RosterRowError[] } {
  const errors: RosterRowError[] = [];
  const seen = new Set<RosterColumn>();
  const columns = cells.map((raw) => {
    const key = raw.trim().toLowerCase().replace(/\s+/g, '');
    const column = (Object.keys(HEADERS) as RosterColumn[]).find((c) => HEADERS[c].includes(key)) ?? null;
    if (column === null || seen.has(column)) {
      errors.push({ row: 0, column, code: column === null ? 'unknown_column' : 'duplicate_in_file', value: raw, message: column === null
        ? `header: unknown column "${raw}" (expected name, email, phone, role, team, worker_kind)`
        : `header: column ${column} appears twice` });
      return null;
    }
    seen.add(column);
    return column;
  });
  for (const required of REQUIRED_COLUMNS) {
    if (!seen.has(required)) errors.push({ row: 0, column: required, code: 'missing_column', value: '', message: `header: the column ${required} is missing` });
  }
  // Either is a login name: a roster of phone-only workers has no email column at all.
  if (!seen.has('email') && !seen.has('phone')) {
    errors.push({ row: 0, column: 'email', code: 'missing_column', value: '', message: 'header: a column email or phone is needed (each person logs in with one)' });
  }
  return { columns, errors };
}

/**
 * Checks a roster (the CSV records, header first) against the organisation's teams and the accounts that exist, and
 * says for every row either what would be created or every fault, naming the row (data rows count from 1) and the
 * column. Duplicates inside the file name the first row they repeat. Pure: the caller looks up `lookups` first.
 */
export function checkRoster(records: CsvRecord[], lookups: RosterLookups): { rows: CheckedRow[]; errors: RosterRowError[] } {
  const [header, ...data] = records;
  if (!header) return { rows: [], errors: [{ row: 0, column: null, code: 'missing_column', value: '', message: 'the file is empty: the first line must name the columns (name, email, role...)' }] };
  const { columns, errors } = readHeader(header.cells);
  if (data.length > MAX_ROSTER_ROWS) {
    errors.push({ row: MAX_ROSTER_ROWS + 1, column: null, code: 'too_many_rows', value: String(data.length), message: `the roster has ${data.length} rows; at most ${MAX_ROSTER_ROWS} per file` });
  }
  if (errors.length > 0) return { rows: [], errors };
  const rows: CheckedRow[] = [];
  const emailRows = new Map<string, number>();
  const phoneRows = new Map<string, number>();
  data.forEach((record, index) => {
    const row = index + 1;
    const fault = (column: RosterColumn | null, code: RosterErrorCode, value: string, message: string, firstRow?: number) =>
      errors.push({ row, column, code, value, message: `row ${row}${column ? `, ${column}` : ''}: ${message}`, ...(firstRow !== undefined ? { firstRow } : {}) });
    const before = errors.length;
    if (record.cells.length > columns.length) fault(null, 'too_many_columns', String(record.cells.length), `${record.cells.length} cells but the header names ${columns.length} columns`);
    const cell = (column: RosterColumn) => {
      const at = columns.indexOf(column);
      return at < 0 ? '' : (record.cells[at] ?? '').trim();
    };

    const name = cell('name');
    if (!name) fault('name', 'required', name, 'a name is required');
    else if (name.length > MAX_NAME_LENGTH) fault('name', 'too_long', name, `at most ${MAX_NAME_LENGTH} characters`);

    const emailRaw = cell('email');
    const email = emailRaw ? normaliseEmail(emailRaw) : null;
    const phoneRaw = cell('phone');
    if (email === null && !phoneRaw) fault('email', 'required', '', 'an email or a phone number is required (the person logs in with it)');
    if (email !== null) {
      if (email.length > MAX_EMAIL_LENGTH || !EMAIL.test(email)) fault('email', 'invalid_email', emailRaw, `"${emailRaw}" is not an email address`);
      else if (emailRows.has(email)) fault('email', 'duplicate_in_file', emailRaw, `${email} is also on row ${emailRows.get(email)}`, emailRows.get(email));
      else if (lookups.existingEmails.has(email)) fault('email', 'already_exists', emailRaw, `a user with email ${email} already exists`);
      if (!emailRows.has(email)) emailRows.set(email, row);
    }

    const reading = phoneRaw ? readPhone(phoneRaw) : null;
    const phone = reading && 'phone' in reading ? reading.phone : null;
    if (reading && 'error' in reading) fault('phone', 'invalid_phone', phoneRaw, reading.error);
    if (phone !== null) {
      if (phoneRows.has(phone)) fault('phone', 'duplicate_in_file', phoneRaw, `${phone} is also on row ${phoneRows.get(phone)}`, phoneRows.get(phone));
      else if (lookups.existingPhones.has(phone)) fault('phone', 'already_exists', phoneRaw, `a user of your organisation already has the phone number ${phone}`);
      if (!phoneRows.has(phone)) phoneRows.set(phone, row);
    }

    const roleRaw = cell('role');
    const role = ROLE_ALIASES[roleRaw] ?? (roleRaw.toLowerCase() as Role);
    if (!roleRaw) fault('role', 'required', roleRaw, 'a role is required');
    else if (!ROLES.includes(role)) fault('role', 'unknown_role', roleRaw, `unknown role "${roleRaw}" (one of ${ROLES.join(', ')})`);
    else if (role === 'admin' && !lookups.mayGrantAdmin) fault('role', 'role_not_allowed', roleRaw, 'only an admin may create admins');

    const teamRaw = cell('team');
    const teamId = teamRaw ? lookups.teams.get(normaliseTeamName(teamRaw)) : undefined;
    if (teamRaw && teamId === undefined) fault('team', 'unknown_team', teamRaw, `no team named "${teamRaw}" in your organisation (create it on the teams page first)`);

    const kindRaw = cell('worker_kind');
    const kindKey = kindRaw.toLowerCase();
    const workerKind = kindRaw ? (WORKER_KIND_ALIASES[kindKey] ?? (PERSON_WORKER_KINDS.includes(kindKey as PersonWorkerKind) ? (kindKey as PersonWorkerKind) : undefined)) : null;
    if (workerKind === undefined) fault('worker_kind', 'unknown_worker_kind', kindRaw, `unknown worker kind "${kindRaw}" (one of ${PERSON_WORKER_KINDS.join(', ')})`);

    if (errors.length === before) {
      rows.push({ row, name, email, phone, role, teamId: teamId ?? null, team: teamRaw || null, workerKind: workerKind ?? null });
    }
  });
  return { rows, errors };
}
