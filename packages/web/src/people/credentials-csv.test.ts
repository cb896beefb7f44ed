import { describe, expect, it } from 'vitest';
import { credentialsCsv } from './credentials-csv';

describe('credentials CSV', () => {
  it('lists each account once with its email or phone and its password or link, formula-safe and quoted where needed', () => {
    const csv = credentialsCsv(
      [
        { row: 1, id: 5, name: '=HYPERLINK("x")', email: 'a@x.cn', phone: null, role: 'annotator', initialPassword: 'Kx7pQ' },
        { row: 2, id: 6, name: 'Li, Wei', email: null, phone: '+8613800138000', role: 'reviewer', inviteToken: 'tok' },
      ],
      (t) => `https://bz.example/invite/${t}`,
      ['row', 'name', 'email', 'phone', 'role', 'password', 'link'],
    );
    expect(csv.split('\r\n')).toEqual([
      '\uFEFFrow,name,email,phone,role,password,link',
      `1,"'=HYPERLINK(""x"")",a@x.cn,,annotator,Kx7pQ,`,
      // A phone's + would start a formula in a spreadsheet: it is kept as text.
      `2,"Li, Wei",,'+8613800138000,reviewer,,https://bz.example/invite/tok`,
      '',
    ]);
  });
});
