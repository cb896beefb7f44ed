import { describe, expect, it } from 'vitest';
import { checkRoster, type RosterLookups } from './roster-check.js';
import { parseCsv } from './roster-csv.js';

const lookups: RosterLookups = {
  teams: new Map([['class 3', 7]]),
  existingEmails: new Set(['taken@school.cn']),
  existingPhones: new Set(['+8613800000000']),
  mayGrantAdmin: false,
};
const check = (csv: string, l = lookups) => checkRoster(parseCsv(csv).records, l);

describe('roster check', () => {
  it('reads rows with aliases, a BOM, quoted cells and Chinese headers', () => {
    const csv = '\uFEFF姓名,邮箱,手机,角色,班级,用工类型\r\n"Li, Wei",LI@School.cn,138 0000 0001,标注员,Class 3,学生\r\n\r\nZhao,zhao@school.cn,,annotator,,gig\r\n';
    const { rows, errors } = check(csv);
    expect(errors).toEqual([]);
    expect(rows).toEqual([
      { row: 1, name: 'Li, Wei', email: 'li@school.cn', phone: '+8613800000001', role: 'annotator', teamId: 7, team: 'Class 3', workerKind: 'student' },
      { row: 2, name: 'Zhao', email: 'zhao@school.cn', phone: null, role: 'annotator', teamId: null, team: null, workerKind: 'gig' },
    ]);
  });

  it('names the row and column of every fault, and the first row a duplicate repeats', () => {
    const csv = [
      'name,email,phone,role,team,worker_kind',
      'A,a@school.cn,,annotator,,',
      'B,A@school.cn,,annotator,,',
      'C,taken@school.cn,,annotator,,',
      'D,d@school.cn,12ab,annotator,,',
      'E,e@school.cn,13800000000,annotator,,',
      'F,f@school.cn,,boss,,',
      'G,g@school.cn,,admin,,',
      'H,h@school.cn,,annotator,Class 9,',
      'I,not-an-email,,annotator,,',
      'J,j@school.cn,,annotator,,astronaut',
      ',k@school.cn,,annotator,,',
    ].join('\n');
    const { rows, errors } = check(csv);
    expect(rows.map((r) => r.row)).toEqual([1]);
    expect(errors.map((e) => [e.row, e.column, e.code])).toEqual([
      [2, 'email', 'duplicate_in_file'],
      [3, 'email', 'already_exists'],
      [4, 'phone', 'invalid_phone'],
      [5, 'phone', 'already_exists'],
      [6, 'role', 'unknown_role'],
      [7, 'role', 'role_not_allowed'],
      [8, 'team', 'unknown_team'],
      [9, 'email', 'invalid_email'],
      [10, 'worker_kind', 'unknown_worker_kind'],
      [11, 'name', 'required'],
    ]);
    expect(errors[0]).toMatchObject({ firstRow: 1, message: 'row 2, email: a@school.cn is also on row 1' });
    expect(check(csv, { ...lookups, mayGrantAdmin: true }).errors.map((e) => e.row)).not.toContain(7);
  });

  it('takes a phone-only row, and names the row and column of one with neither or a repeated phone', () => {
    const csv = [
      'name,email,phone,role',
      'Wang,,138-0000-0002,annotator',
      'Liu,,,annotator',
      'Chen,,+86 13800000002,annotator',
      'Sun,,138 0000 0000,annotator',
      'Zhou,,+1 415 555 2671,annotator',
    ].join('\n');
    const { rows, errors } = check(csv);
    expect(rows.map((r) => [r.row, r.email, r.phone])).toEqual([
      [1, null, '+8613800000002'],
      [5, null, '+14155552671'],
    ]);
    expect(errors.map((e) => [e.row, e.column, e.code, e.firstRow])).toEqual([
      [2, 'email', 'required', undefined],
      [3, 'phone', 'duplicate_in_file', 1],
      [4, 'phone', 'already_exists', undefined],
    ]);
    expect(errors[0]!.message).toBe('row 2, email: an email or a phone number is required (the person logs in with it)');
    // A roster of phone-only workers needs no email column.
    expect(check('name,phone,role\nWang,13800000003,annotator\n').errors).toEqual([]);
    expect(check('name,role\nWang,annotator\n').errors.map((e) => [e.row, e.column, e.code])).toEqual([[0, 'email', 'missing_column']]);
  });

  it('refuses a header with a missing or unknown column before looking at rows', () => {
    const { rows, errors } = check('name,emial,role\nA,a@school.cn,annotator\n');
    // neither email nor phone is named
    expect(rows).toEqual([]);
    expect(errors.map((e) => [e.row, e.code, e.value || e.column])).toEqual([
      [0, 'unknown_column', 'emial'],
      [0, 'missing_column', 'email'],
    ]);
  });

  it('reports an unclosed quote by its line instead of merging rows', () => {
    expect(parseCsv('name,email,role\n"A,a@x.cn,annotator\nB,b@x.cn,annotator\n').fault?.line).toBeGreaterThanOrEqual(2);
  });
});
