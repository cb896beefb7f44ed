// The manager's console (#11): the wizard creates a members-only project with one annotator as its first member (in
// the same request as the project), so another annotator does not see it; the manager imports tasks, filters them
// in the task browser, assigns two of them to the member by name, and exports the filter; the member logs in and
// is handed exactly those two tasks first, in the order they were picked.
import { join } from 'node:path';
import { writeFile } from 'node:fs/promises';
import { DEMO_USERS, assert, byTestId, login, logout, answerShownTaskByKey } from '../lib/helpers.mjs';

export const name = 'wizard creates a members-only project; the manager filters tasks, assigns two to a named annotator, who gets exactly those first';

const checked = (page, state) => page.waitForSelector(`${byTestId('config-check')}[data-state="${state}"]`, { state: 'attached' });

export default async function run({ context, baseUrl, artifactsDir, log }) {
  const page = await context.newPage();
  const member = DEMO_USERS.annotator2;
  const outsider = DEMO_USERS.annotator1;
  await login(page, baseUrl, DEMO_USERS.manager);
  await page.click(byTestId('new-project'));
  await page.waitForSelector(byTestId('new-project'));
  const projectName = `E2E members only ${Date.now()}`;
  await page.fill(byTestId('project-name'), projectName);
  await page.click(byTestId('wizard-next'));
  await page.click(byTestId('template-sentiment'));
  await checked(page, 'ok');
  await page.click(byTestId('wizard-next'));

  // The access step: members only, with the member picked from the organisation's people.
  await page.waitForSelector(byTestId('new-project-access'));
  await page.click(byTestId('new-access-members'));
  const pick = page.locator(`[data-testid^="new-member-"][data-email="${member.email}"]`);
  await pick.check();
  assert(/1/.test(await page.locator(byTestId('new-members-count')).innerText()), 'one member is chosen');
  await page.screenshot({ path: join(artifactsDir, 'wizard-access.png'), fullPage: true });
  await page.click(byTestId('wizard-next'));
  const created = page.waitForResponse((r) => r.url().endsWith('/api/projects') && r.request().method() === 'POST');
  await page.click(byTestId('create-project'));
  const createdBody = await (await created).json();
  assert(createdBody.project.access === 'members' && createdBody.project.members === 1, `one request made a members-only project with its member (${JSON.stringify(createdBody.project)})`);
  await page.waitForSelector(byTestId('policy-editor'));
  await page.click(byTestId('wizard-next'));

  // The first import: six tasks, four of them about delivery.
  const file = join(artifactsDir, 'assign-import.jsonl');
  const lines = ['delivery was fast', 'great value', 'delivery was late', 'nice colour', 'delivery box broken', 'delivery on time'];
  await writeFile(file, lines.map((text) => JSON.stringify({ text })).join('\n') + '\n');
  await page.setInputFiles(byTestId('import-file'), file);
  await page.fill(byTestId('import-sourceName'), 'journey 25');
  await page.fill(byTestId('import-sourceLicense'), 'CC0');
  await page.fill(byTestId('import-collectionMethod'), 'written by the test');
  await page.click(byTestId('import-submit'));
  await page.locator(byTestId('import-result')).waitFor();
  const projectId = (await page.locator(byTestId('open-project')).getAttribute('href')).split('/').pop();

  // The task browser, filtered to "delivery"; two rows picked, the second one first.
  await page.goto(`${baseUrl}/projects/${projectId}/tasks`);
  await page.waitForSelector(byTestId('task-row'));
  await page.fill(byTestId('filter-text'), 'delivery');
  await page.click(byTestId('filter-apply'));
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="task-row"]').length === 4);
  const rows = page.locator(byTestId('task-row'));
  const picked = [Number(await rows.nth(2).getAttribute('data-task-id')), Number(await rows.nth(0).getAttribute('data-task-id'))];
  await rows.nth(2).locator(byTestId('task-select')).click();
  await rows.nth(0).locator(byTestId('task-select')).click();

  // The filter's export holds the four delivery tasks, not the whole project.
  const filterHref = await page.locator(byTestId('filter-export')).getAttribute('href');
  const filterExport = await page.request.get(new URL(filterHref, baseUrl).toString().replace('format=csv', 'format=jsonl'));
  assert(filterExport.ok(), `the filter's export downloads (${filterExport.status()})`);
  const filterTexts = (await filterExport.text()).trim().split('\n').map((l) => JSON.parse(l).data.text);
  assert(filterTexts.length === 4 && filterTexts.every((t) => t.includes('delivery')), `the filter's export holds the filtered tasks (${filterTexts})`);

  const person = page.locator(byTestId('assign-person'));
  const option = person.locator('option', { hasText: member.email });
  await person.selectOption(await option.getAttribute('value'));
  await page.click(byTestId('assign-tasks'));
  const notice = await page.locator(byTestId('task-browser-notice')).innerText();
  log(`assigned: ${notice}`);
  assert(/2/.test(notice) && !notice.includes('taskBrowser.'), `the manager is told two tasks wait for the annotator (${notice})`);
  await page.screenshot({ path: join(artifactsDir, 'task-browser-assigned.png'), fullPage: true });
  await logout(page);

  // Another annotator does not see the members-only project.
  await login(page, baseUrl, outsider);
  assert((await page.locator(byTestId(`start-${projectId}`)).count()) === 0, 'a non-member does not see the project');
  await logout(page);

  // The member gets exactly the two picked tasks first, in the order they were picked.
  await login(page, baseUrl, member);
  await page.click(byTestId(`start-${projectId}`));
  const got = [];
  for (let i = 0; i < 2; i++) got.push(await answerShownTaskByKey(page));
  assert(JSON.stringify(got) === JSON.stringify(picked), `the annotator got the assigned tasks first, in order (got ${got}, assigned ${picked})`);
  log(`annotator was handed ${got.join(', ')} first`);
}
