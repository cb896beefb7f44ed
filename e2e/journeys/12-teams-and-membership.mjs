// A manager closes a fresh project to its members, adds annotator1 to it and to a new team, restricts the policy to
// that team (no warning: annotator1 can work), then tries an empty team and is told, naming the team, that nobody
// could work, and goes back. annotator2, outside the project, does not see it in their list and gets a 404 from its
// API; annotator1 sees it and gets a task.
import { join } from 'node:path';
import { DEMO_USERS, assert, byTestId, login, logout } from '../lib/helpers.mjs';

export const name = 'manager adds annotator1 to a members-only project and a team; annotator2 outside sees nothing';

/** A sentiment config reading the data key `text`, as the file below holds. */
const SENTIMENT = {
  objects: [{ type: 'text', name: 'text', value: 'text' }],
  controls: [{ type: 'choices', name: 'sentiment', toName: 'text', choices: [{ value: 'positive', hotkey: '1' }, { value: 'negative', hotkey: '2' }] }],
};

/** Creates a small sentiment project through the API, as the signed-in manager. */
async function createProject(page) {
  return page.evaluate(async (labelConfig) => {
    const me = await (await fetch('/api/auth/me')).json();
    const headers = { 'x-csrf-token': me.csrfToken };
    const res = await fetch('/api/projects', {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify({ name: `E2E members ${Date.now()}`, labelConfig, overlap: 1, leaseTtlSeconds: 600 }),
    });
    if (!res.ok) throw new Error(`create project: ${res.status} ${await res.text()}`);
    const project = (await res.json()).project;
    const form = new FormData();
    for (const [k, v] of Object.entries({ sourceName: 'e2e members source', sourceLicense: 'contract E2E-12', collectionMethod: 'written by the test', containsPersonalInfo: 'false', legalBasis: '' })) form.append(k, v);
    const lines = ['好评，物流很快', 'Terrible support', 'It is okay'].map((text) => JSON.stringify({ text }));
    form.append('file', new Blob([lines.join('\n') + '\n'], { type: 'application/x-ndjson' }), 'members.jsonl');
    const imported = await fetch(`/api/projects/${project.id}/imports`, { method: 'POST', headers, body: form });
    if (!imported.ok) throw new Error(`import: ${imported.status} ${await imported.text()}`);
    return String(project.id);
  }, SENTIMENT);
}

export default async function run({ context, baseUrl, artifactsDir, log }) {
  const page = await context.newPage();
  await login(page, baseUrl, DEMO_USERS.manager);
  const projectId = await createProject(page);
  log(`project ${projectId}`);

  await page.goto(`${baseUrl}/projects/${projectId}`);
  const members = page.locator(byTestId('project-members'));
  await members.waitFor();
  // The radio shows the server's answer, so it turns checked once the change is saved.
  await members.locator(byTestId('members-empty')).waitFor();
  await page.click(byTestId('project-access-members'));
  await page.waitForSelector(`${byTestId('project-access-members')}:checked`);

  // Add annotator1, found by the filter, to the project.
  const annotator1 = DEMO_USERS.annotator1.email;
  await page.fill(byTestId('members-add-filter'), 'annotator1');
  await page.check(`[data-testid^="members-add-"][data-email="${annotator1}"]`);
  await page.click(byTestId('members-add-submit'));
  await members.locator(`[data-testid^="member-"][data-email="${annotator1}"]`).waitFor();
  assert((await members.locator(`[data-email="${DEMO_USERS.annotator2.email}"]`).count()) === 0, 'annotator2 is not a member');

  // A new team with annotator1 in it.
  const teams = page.locator(byTestId('teams-panel'));
  const teamName = `E2E class ${Date.now()}`;
  await page.fill(byTestId('teams-new-name'), teamName);
  await page.click(byTestId('teams-create'));
  await teams.locator(byTestId('team-members-empty')).waitFor();
  await page.check(`[data-testid^="team-add-"][data-email="${annotator1}"]`);
  await page.click(byTestId('team-add-submit'));
  await teams.locator(`[data-testid^="team-member-"][data-email="${annotator1}"]`).waitFor();
  await teams.screenshot({ path: join(artifactsDir, 'teams-panel-en.png') });

  // The policy accepts only that team: annotator1 can work, so it saves without a warning.
  const editor = page.locator(byTestId('policy-editor'));
  const teamBox = editor.locator('label', { hasText: teamName }).locator('input[type="checkbox"]');
  await teamBox.waitFor();
  await teamBox.check();
  await page.click(byTestId('policy-save'));
  await page.waitForSelector(byTestId('policy-saved'));
  assert((await page.locator(byTestId('policy-warnings')).count()) === 0, 'no warning for a team with a member');

  // Only an empty team: the editor says so, naming the team, and saves nothing when the manager goes back.
  const emptyName = `E2E empty ${Date.now()}`;
  await page.fill(byTestId('policy-new-team'), emptyName);
  await page.click(byTestId('policy-add-team'));
  await editor.locator('label', { hasText: emptyName }).locator('input:checked').waitFor();
  await teamBox.uncheck();
  await page.click(byTestId('policy-save'));
  const warning = page.locator(byTestId('policy-warning')).first();
  await warning.waitFor();
  assert((await warning.getAttribute('data-code')) === 'team_has_no_members', 'the warning says the team is empty');
  assert((await warning.innerText()).includes(emptyName), 'the warning names the team');
  await editor.screenshot({ path: join(artifactsDir, 'policy-warning-en.png') });
  await page.selectOption(byTestId('language-switch'), 'zh-CN');
  await page.locator(byTestId('policy-warning')).getByText('没有成员').waitFor();
  await editor.screenshot({ path: join(artifactsDir, 'policy-warning-zh-CN.png') });
  await page.selectOption(byTestId('language-switch'), 'en');
  await page.click(byTestId('policy-warning-cancel'));
  const saved = await page.evaluate(async (id) => (await (await fetch(`/api/projects/${id}/assignment-policy`)).json()).policy.eligibility.teams.length, projectId);
  assert(saved === 1, 'going back saved nothing: the policy still names one team');
  await page.screenshot({ path: join(artifactsDir, 'manager-members-en.png'), fullPage: true });
  await logout(page);

  // annotator2 is outside: no row in the list, and the project's API answers 404.
  await login(page, baseUrl, DEMO_USERS.annotator2);
  assert((await page.locator(byTestId(`project-row-${projectId}`)).count()) === 0, 'annotator2 does not see the project');
  const status = await page.evaluate(async (id) => (await fetch(`/api/projects/${id}`)).status, projectId);
  assert(status === 404, `annotator2 gets 404 for the project (got ${status})`);
  await logout(page);

  // annotator1 is a member and in the team: they see it and get a task.
  await login(page, baseUrl, DEMO_USERS.annotator1);
  await page.click(byTestId(`start-${projectId}`));
  await page.locator(byTestId('task')).waitFor();
  log('annotator1 got a task; annotator2 saw nothing');
}
