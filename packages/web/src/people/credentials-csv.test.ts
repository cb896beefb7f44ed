import { describe, expect, it } from 'vitest';
import { credentialsCsv } from './credentials-csv';

describe('credentials CSV', () => {
  it('lists each account once with its password or link, formula-safe and quoted where needed', () => {
    const csv = credentialsCsv(
      [
        { row: 1, id: 5, name: '=HYPERLINK("x")', email: 'a@x.cn', role: 'annotator', initialPassword: 'Kx7pQ' },
        { row: 2, id: 6, name: 'Li, Wei', email: 'b@x.cn', role: 'reviewer', inviteToken: 'tok' },
      ],
      (t) => `https://bz.example/invite/${t}`,
      ['row', 'name', 'email', 'role', 'password', 'link'],
    );
    expect(csv.split('\r\n')).toEqual([
      '\uFEFFrow,name,email,role,password,link',
      `1,"'=HYPERLINK(""x"")",a@x.cn,annotator,Kx7pQ,`,
      '2,"Li, Wei",b@x.cn,reviewer,,https://bz.example/invite/tok',
      '',
    ]);
  });
});
