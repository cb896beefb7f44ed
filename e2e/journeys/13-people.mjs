// A manager bulk-imports 100 annotators from a CSV roster (after a bad roster is refused with its row errors and
// nothing imported), resets one annotator's password; that annotator logs in and is held on the change-password
// page, and refused by the server, until they choose their own password. An invited reviewer accepts their link. A
// phone-only annotator is created with a number and no email, and logs in by that number written another way.
import { join } from 'node:path';
import { writeFile } from 'node:fs/promises';
import { DEMO_USERS, assert, byTestId, download, login, logout } from '../lib/helpers.mjs';

export const name = 'manager imports a roster of 100 annotators, a bad roster is refused by row, a reset password must be changed';

/** A POST from inside the app's session, as the app sends it (CSRF token from /api/auth/me). */
async function apiPost(page, path, body) {
  return page.evaluate(async ({ path, body }) => {
    const me = await (await fetch('/api/auth/me')).json();
    const res = await fetch(path, { method: 'POST', headers: { 'content-type': 'application/json', 'x-csrf-token': me.csrfToken }, body: JSON.stringify(body) });
    return { status: res.status, body: await res.json() };
  }, { path, body });
}

export default async function run({ context, baseUrl, artifactsDir }) {
  const tag = `r${Math.random().toString(36).slice(2, 8)}`;
  const team = `Class ${tag}`;
  const page = await context.newPage();
  await login(page, baseUrl, DEMO_USERS.manager);
  const created = await apiPost(page, '/api/teams', { name: team });
  assert(created.status === 201 || created.status === 200, `team created (${created.status})`);

  await page.click(byTestId('nav-people'));
  await page.waitForSelector(byTestId('people-table'));
  await page.click(byTestId('open-roster'));

  // A bad roster: a duplicate email on row 3 and an unknown team on row 4.
  const header = 'name,email,phone,role,team,worker_kind';
  const bad = join(artifactsDir, 'bad-roster.csv');
  await writeFile(bad, [header,
    `Ann,${tag}-ann@school.cn,,annotator,${team},student`,
    `Bob,${tag}-bob@school.cn,,annotator,,intern`,
    `Ann twice,${tag}-ANN@school.cn,,annotator,,student`,
    `Cat,${tag}-cat@school.cn,,annotator,No such class,gig`].join('\n') + '\n');
  await page.setInputFiles(byTestId('roster-file'), bad);
  const errors = page.locator(byTestId('roster-error'));
  await page.waitForSelector(byTestId('roster-errors'));
  const faults = await errors.evaluateAll((rows) => rows.map((r) => `${r.dataset.row}:${r.dataset.column}:${r.dataset.code}`));
  assert(JSON.stringify(faults) === JSON.stringify(['3:email:duplicate_in_file', '4:team:unknown_team']), `row errors named: ${faults.join(', ')}`);
  await errors.first().getByText('already on row 1').waitFor();
  assert((await page.locator(byTestId('roster-import-submit')).count()) === 0, 'a roster with faults cannot be imported');

  // The good roster: 100 annotators, every third in the team.
  const kinds = ['student', 'intern', 'gig', 'part_time'];
  const lines = [header];
  for (let i = 1; i <= 100; i++) lines.push(`学员 ${i},${tag}-${i}@school.cn,139${String(i).padStart(8, '0')},annotator,${i % 3 === 0 ? team : ''},${kinds[i % 4]}`);
  const good = join(artifactsDir, 'roster.csv');
  await writeFile(good, lines.join('\n') + '\n');
  await page.setInputFiles(byTestId('roster-file'), good);
  await page.locator(byTestId('roster-ready')).getByText('100 people').waitFor();
  await page.click(byTestId('roster-import-submit'));
  await page.waitForSelector(byTestId('credentials'));
  assert((await page.locator(byTestId('credential-row')).count()) === 100, '100 accounts created, each with its password');
  const sheet = await download(page, byTestId('credentials-download'));
  const sheetLines = sheet.trim().split(/\r?\n/);
  assert(sheetLines.length === 101, `the downloaded sheet lists 100 accounts (${sheetLines.length - 1})`);
  assert(sheetLines.some((l) => l.includes(`${tag}-7@school.cn`)), 'the sheet names the accounts');
  await page.screenshot({ path: join(artifactsDir, 'people-imported.png'), fullPage: true });
  await page.click(byTestId('credentials-close'));

  // The imported people are listed with their team and must change the initial password.
  await page.fill(byTestId('people-search'), `${tag}-`);
  await page.locator(byTestId('people-count')).getByText('of 100').waitFor();
  await page.selectOption(byTestId('filter-team'), { label: team });
  await page.locator(byTestId('people-count')).getByText('of 33').waitFor();
  await page.selectOption(byTestId('filter-team'), '');
  await page.fill(byTestId('people-search'), `${tag}-7@`);
  const row = page.locator(`${byTestId('person-row')}[data-email="${tag}-7@school.cn"]`);
  await row.waitFor();
  assert((await row.getAttribute('data-status')) === 'must_change_password', 'an imported annotator must change the initial password');

  // Reset one annotator's password.
  await row.locator('[data-testid^="reset-"]').first().click();
  await row.locator('[data-testid^="reset-confirm-"]').click();
  const password = (await row.locator(byTestId('new-password')).innerText()).trim();
  assert(password.length >= 8, 'the new password is shown once');

  // One person invited by link; they accept it in their own browser and are logged in.
  await page.click(byTestId('open-create'));
  await page.fill(byTestId('person-name'), 'Invited reviewer');
  await page.fill(byTestId('person-email'), `${tag}-invited@school.cn`);
  await page.selectOption(byTestId('person-role'), 'reviewer');
  await page.selectOption(byTestId('person-kind'), 'employee');
  await page.check(byTestId('person-delivery-invite'));
  await page.click(byTestId('person-create'));
  const link = (await page.locator(byTestId('credential-link')).innerText()).trim();
  assert(link.startsWith(`${baseUrl}/invite/`), `an invitation link is shown (${link})`);
  await page.click(byTestId('credentials-close'));
  const invitee = await context.browser().newContext({ locale: 'en-US' });
  const inviteePage = await invitee.newPage();
  await inviteePage.goto(link);
  await inviteePage.waitForSelector(byTestId('invite-form'));
  await inviteePage.getByText(`${tag}-invited@school.cn`).waitFor();
  await inviteePage.fill(byTestId('invite-name'), 'Wang Fang');
  await inviteePage.fill(byTestId('invite-password'), 'wang-fang-password');
  await inviteePage.fill(byTestId('invite-repeat'), 'wang-fang-password');
  await inviteePage.click(byTestId('invite-submit'));
  await inviteePage.waitForSelector(byTestId('project-list'));
  assert((await inviteePage.locator(byTestId('current-user')).innerText()).includes('Wang Fang'), 'the invitee is logged in with the name they chose');
  await inviteePage.goto(link);
  await inviteePage.locator('[data-code="invite_used"]').waitFor();
  await invitee.close();

  // A phone-only annotator: a number and no email, listed by the number in E.164.
  const digits = String(Math.floor(Math.random() * 1e8)).padStart(8, '0');
  const phone = `+86186${digits}`;
  await page.click(byTestId('open-create'));
  await page.fill(byTestId('person-name'), '刘洋');
  await page.fill(byTestId('person-phone'), `186-${digits.slice(0, 4)}-${digits.slice(4)}`);
  await page.selectOption(byTestId('person-role'), 'annotator');
  await page.selectOption(byTestId('person-kind'), 'gig');
  await page.click(byTestId('person-create'));
  const phoneCredential = page.locator(`${byTestId('credential-row')}[data-phone="${phone}"]`);
  await phoneCredential.waitFor();
  const phonePassword = (await phoneCredential.locator(byTestId('credential-password')).innerText()).trim();
  await page.click(byTestId('credentials-close'));
  await page.fill(byTestId('people-search'), `186 ${digits}`);
  const phoneRow = page.locator(`${byTestId('person-row')}[data-phone="${phone}"]`);
  await phoneRow.waitFor();
  assert((await phoneRow.getAttribute('data-email')) === null, 'the phone-only annotator has no email');
  await logout(page);

  // The annotator logs in with it and is held on the change-password page.
  await page.fill(byTestId('login-email'), `${tag}-7@school.cn`);
  await page.fill(byTestId('login-password'), password);
  await page.click(byTestId('login-submit'));
  await page.waitForSelector(byTestId('forced-change'));
  await page.goto(baseUrl + '/');
  await page.waitForSelector(byTestId('forced-change'));
  assert((await page.locator(byTestId('nav-projects')).count()) === 0, 'no way out of the page but logging out');
  const refused = await page.evaluate(async () => (await fetch('/api/projects')).status);
  assert(refused === 403, `the server refuses other requests meanwhile (${refused})`);
  await page.fill(byTestId('current-password'), password);
  await page.fill(byTestId('new-password-input'), 'my-own-password-7');
  await page.fill(byTestId('repeat-password'), 'my-own-password-7');
  await page.click(byTestId('change-password-submit'));
  await page.waitForSelector(byTestId('project-list'));
  await logout(page);
  await login(page, baseUrl, { email: `${tag}-7@school.cn`, password: 'my-own-password-7' });
  await logout(page);

  // The phone-only annotator logs in by the number, written with +86 and spaces, and chooses their password.
  await page.fill(byTestId('login-email'), `+86 186 ${digits.slice(0, 4)} ${digits.slice(4)}`);
  await page.fill(byTestId('login-password'), phonePassword);
  await page.click(byTestId('login-submit'));
  await page.waitForSelector(byTestId('forced-change'));
  await page.fill(byTestId('current-password'), phonePassword);
  await page.fill(byTestId('new-password-input'), 'liu-yang-password');
  await page.fill(byTestId('repeat-password'), 'liu-yang-password');
  await page.click(byTestId('change-password-submit'));
  await page.waitForSelector(byTestId('project-list'));
  assert((await page.locator(byTestId('current-user')).innerText()).includes('刘洋'), 'the phone-only annotator is logged in');
  await logout(page);
  await login(page, baseUrl, { email: `186${digits}`, password: 'liu-yang-password' });
}
