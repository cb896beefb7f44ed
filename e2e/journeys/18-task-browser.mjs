// The task browser (issue #11 item 3): an annotator answers a task of the demo's sentiment project; the manager opens
// the project's task browser, selects a range of rows with shift-click, filters to the answered tasks, opens the
// drawer of one, sees the annotator's answer, marks the task gold with it, and finds it under the gold filter. Before
// that, one answered task is sent to review and exported on its own (export selection).
import { join } from 'node:path';
import { DEMO_USERS, assert, byTestId, login, logout, answerShownTaskByKey } from '../lib/helpers.mjs';

export const name = 'manager browses the tasks, filters to answered ones, opens the drawer and marks a task gold with its answer';

export default async function run({ context, baseUrl, artifactsDir, log }) {
  const page = await context.newPage();
  await login(page, baseUrl, DEMO_USERS.manager);
  const manage = page.locator('[data-testid^="project-row-"]', { hasText: 'Demo: sentiment' }).first().locator('[data-testid^="manage-"]');
  const projectId = (await manage.getAttribute('data-testid')).slice('manage-'.length);
  await logout(page);

  // An annotator answers one task with the keyboard, so the project has an answered task to look at.
  const worker = DEMO_USERS.annotator1;
  await login(page, baseUrl, worker);
  await page.click(byTestId(`start-${projectId}`));
  await answerShownTaskByKey(page);
  await logout(page);

  await login(page, baseUrl, DEMO_USERS.manager);
  await page.click(byTestId(`manage-${projectId}`));
  await page.click(byTestId('nav-task-browser'));
  await page.waitForSelector(byTestId('task-row'));
  const rows = page.locator(byTestId('task-row'));
  assert((await rows.count()) >= 3, 'the browser lists the project\'s tasks');

  // Shift-click selects the range between two clicks.
  await rows.nth(0).locator(byTestId('task-select')).click();
  await rows.nth(2).locator(byTestId('task-select')).click({ modifiers: ['Shift'] });
  const selection = await page.locator(byTestId('selection-count')).innerText();
  assert(/3/.test(selection), `three rows selected by shift-click (${selection})`);
  await page.click(byTestId('bulk-clear'));

  // Only answered tasks: every row shows at least one answer.
  await page.selectOption(byTestId('filter-answers'), 'any');
  await page.click(byTestId('filter-apply'));
  await page.waitForFunction(() => {
    const cells = [...document.querySelectorAll('[data-testid="task-row"] [data-testid="task-answers"]')];
    return cells.length > 0 && cells.every((c) => !c.textContent.startsWith('0/'));
  });
  const answeredCount = await rows.count();
  log(`${answeredCount} answered tasks listed`);

  // The first answered task is sent to review (its answer heads the queue) and exported on its own.
  const firstId = Number(await rows.first().getAttribute('data-task-id'));
  await rows.first().locator(byTestId('task-select')).click();
  await page.click(byTestId('bulk-review'));
  const notice = await page.locator(byTestId('task-browser-notice')).innerText();
  assert(/\d/.test(notice) && !notice.includes('taskBrowser.'), `sending to review says what it did (${notice})`);
  await page.selectOption(byTestId('bulk-export-format'), 'jsonl');
  const href = await page.locator(byTestId('bulk-export')).getAttribute('href');
  const exported = await page.request.get(new URL(href, baseUrl).toString());
  assert(exported.ok(), `the selection's export downloads (${exported.status()})`);
  const exportedIds = (await exported.text()).trim().split('\n').map((l) => JSON.parse(l).id);
  assert(exportedIds.length === 1 && exportedIds[0] === firstId, `the export holds the selected task only (${exportedIds})`);
  await page.click(byTestId('bulk-clear'));
  log(`task ${firstId} sent to review and exported alone`);

  // The drawer of one of them shows its answers; the annotator's answer is marked as the known answer.
  await rows.first().click();
  const drawer = page.locator(byTestId('task-drawer'));
  await drawer.waitFor();
  const taskId = Number(await rows.first().getAttribute('data-task-id'));
  await drawer.locator('[data-testid^="drawer-answer-"]').first().waitFor();
  const answerText = await drawer.locator('[data-testid^="drawer-answer-"]').first().locator('ul').innerText();
  assert(answerText.includes('sentiment'), `the drawer shows the answer's choice (${answerText})`);
  await drawer.locator(byTestId('mark-gold')).first().click();
  await drawer.locator(byTestId('drawer-gold')).waitFor();
  const goldText = await drawer.locator(byTestId('drawer-gold')).innerText();
  assert(goldText.includes(answerText.split('\n')[0]), `the known answer is the chosen answer (${goldText})`);
  await page.screenshot({ path: join(artifactsDir, 'task-browser-drawer.png') });

  // Under the gold filter, the task is listed as gold.
  await page.selectOption(byTestId('filter-answers'), '');
  await page.selectOption(byTestId('filter-state'), 'gold');
  await page.click(byTestId('filter-apply'));
  await page.waitForSelector(`${byTestId('task-row')}[data-task-id="${taskId}"]`);
  log(`task ${taskId} is gold`);
}
