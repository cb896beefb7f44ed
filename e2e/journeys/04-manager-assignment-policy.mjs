// A manager edits the assignment policy of a fresh project: a bad value is refused with the field named; a new team
// (without members) is made the only one allowed, so annotator2 is told they are not eligible. Then the manager
// opens the project to everyone with a daily cap of 1, which survives a reload; annotator2 submits one task and is
// told that today's cap is reached. (A fresh project, so the answers and leases annotator2 has from the earlier
// journeys do not count.)
import { join } from 'node:path';
import { DEMO_USERS, assert, byTestId, login, logout } from '../lib/helpers.mjs';

export const name = 'manager sets a daily cap of 1; annotator2 submits one task and sees the cap reached';

/** Creates a small project like the demo one through the API, as the signed-in manager. */
async function createProject(page, demoProjectId) {
  return page.evaluate(async (demoId) => {
    const me = await (await fetch('/api/auth/me')).json();
    const headers = { 'x-csrf-token': me.csrfToken };
    const demo = (await (await fetch(`/api/projects/${demoId}`)).json()).project;
    const res = await fetch('/api/projects', {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify({ name: `E2E cap ${Date.now()}`, labelConfig: demo.labelConfig, overlap: 1, leaseTtlSeconds: 600 }),
    });
    if (!res.ok) throw new Error(`create project: ${res.status} ${await res.text()}`);
    const project = (await res.json()).project;
    const form = new FormData();
    form.append('sourceName', 'e2e cap source');
    form.append('sourceLicense', 'contract E2E-4');
    form.append('collectionMethod', 'written by the test');
    form.append('containsPersonalInfo', 'false');
    form.append('legalBasis', '');
    form.append('skipBadLines', 'false');
    const lines = ['好评，物流很快', 'Terrible support', 'It is okay', '质量一般', 'Love it'].map((text) => JSON.stringify({ text }));
    form.append('file', new Blob([lines.join('\n') + '\n'], { type: 'application/x-ndjson' }), 'cap.jsonl');
    const imported = await fetch(`/api/projects/${project.id}/imports`, { method: 'POST', headers, body: form });
    if (!imported.ok) throw new Error(`import: ${imported.status} ${await imported.text()}`);
    return String(project.id);
  }, demoProjectId);
}

export default async function run({ context, baseUrl, artifactsDir, log }) {
  const page = await context.newPage();
  await login(page, baseUrl, DEMO_USERS.manager);
  // The demo's sentiment project, whose config reads the data key "text" the file holds (as journey 03 finds it).
  const manage = page.locator('[data-testid^="project-row-"]', { hasText: 'Demo: sentiment' }).first().locator('[data-testid^="manage-"]');
  const demoId = (await manage.getAttribute('data-testid')).slice('manage-'.length);
  const projectId = await createProject(page, demoId);
  log(`project ${projectId}`);

  await page.goto(`${baseUrl}/projects/${projectId}`);
  const editor = page.locator(byTestId('policy-editor'));
  await editor.waitFor();
  assert((await page.inputValue(byTestId('policy-daily-cap'))) === '', 'no daily cap at first');

  // A value out of range is refused by the server, and its message names the field.
  await page.fill(byTestId('policy-gold-rate'), '150');
  await page.click(byTestId('policy-save'));
  await editor.locator(byTestId('error')).getByText('goldRate').waitFor();
  assert((await page.getAttribute(byTestId('policy-field-at-fault'), 'data-field')) === 'goldRatePct', 'the gold-rate field is marked');
  assert((await page.getAttribute(byTestId('policy-gold-rate'), 'aria-invalid')) === 'true', 'the gold-rate input is outlined');
  await editor.screenshot({ path: join(artifactsDir, 'policy-editor-error-en.png') });
  await page.fill(byTestId('policy-gold-rate'), '0');

  // Only the members of a new, empty team may work: annotator2 is not eligible.
  await page.fill(byTestId('policy-new-team'), `E2E team ${Date.now()}`);
  await page.click(byTestId('policy-add-team'));
  const team = page.locator('[data-testid^="policy-team-"]:checked');
  await team.waitFor();
  const teamTestId = await team.getAttribute('data-testid');
  await page.click(byTestId('policy-save'));
  // The team has no members, so the editor first says that nobody could work; the manager saves anyway.
  await page.locator(byTestId('policy-warning')).first().waitFor();
  await page.click(byTestId('policy-warning-confirm'));
  await page.waitForSelector(byTestId('policy-saved'));
  await logout(page);
  await login(page, baseUrl, DEMO_USERS.annotator2);
  await page.click(byTestId(`start-${projectId}`));
  await page.waitForSelector(byTestId('no-more-tasks-not_eligible'));
  await page.screenshot({ path: join(artifactsDir, 'workspace-not-eligible-en.png') });
  await logout(page);

  await login(page, baseUrl, DEMO_USERS.manager);
  await page.goto(`${baseUrl}/projects/${projectId}`);
  await editor.waitFor();
  assert(await page.isChecked(byTestId(teamTestId)), 'the team restriction was saved');
  await page.uncheck(byTestId(teamTestId));
  await page.check(byTestId('policy-mode-dynamic'));
  await page.locator(byTestId('policy-dynamic-max')).waitFor();
  await editor.screenshot({ path: join(artifactsDir, 'policy-editor-dynamic-en.png') });
  await page.check(byTestId('policy-mode-fixed'));
  await page.fill(byTestId('policy-daily-cap'), '1');
  await page.click(byTestId('policy-save'));
  await page.waitForSelector(byTestId('policy-saved'));
  assert((await editor.locator(byTestId('error')).count()) === 0, 'the error went away once the policy was valid');
  await editor.screenshot({ path: join(artifactsDir, 'policy-editor-en.png') });

  await page.reload();
  await editor.waitFor();
  assert((await page.inputValue(byTestId('policy-daily-cap'))) === '1', 'the daily cap was saved');
  assert(!(await page.isChecked(byTestId(teamTestId))), 'the team restriction was lifted');
  assert((await page.locator(byTestId('summary-policy')).innerText()).includes('1 answer per worker per day'), 'the summary shows the cap');
  await page.selectOption(byTestId('language-switch'), 'zh-CN');
  await editor.getByText('分配策略').first().waitFor();
  await editor.screenshot({ path: join(artifactsDir, 'policy-editor-zh-CN.png') });
  await page.screenshot({ path: join(artifactsDir, 'manager-policy-zh-CN.png'), fullPage: true });
  await page.selectOption(byTestId('language-switch'), 'en');
  await logout(page);

  await login(page, baseUrl, DEMO_USERS.annotator2);
  await page.click(byTestId(`start-${projectId}`));
  const task = page.locator(byTestId('task'));
  await task.waitFor();
  const first = await task.getAttribute('data-assignment-id');
  await page.keyboard.press('1');
  await page.keyboard.press('Enter');
  await page.waitForSelector(byTestId('no-more-tasks-cap_reached'));
  await page.waitForFunction(() => document.querySelector('[data-testid="session-count"]')?.textContent === '1');
  assert((await page.locator(byTestId('no-more-tasks')).getAttribute('data-reason')) === 'cap_reached', 'the reason is cap_reached');
  await page.screenshot({ path: join(artifactsDir, 'workspace-cap-reached-en.png') });
  log(`submitted assignment ${first}, then the cap was reached`);
}
