// An annotator switches the UI to Chinese, labels five tasks with the keyboard only (digit + Enter), then a
// manager downloads the Label Studio export, which must hold those five answers with the chosen labels.
import { join } from 'node:path';
import { DEMO_USERS, assert, byTestId, download, login, logout } from '../lib/helpers.mjs';

export const name = 'annotator labels 5 tasks by keyboard in zh-CN; manager exports them';

const TASKS = 5;

export default async function run({ context, baseUrl, artifactsDir, log }) {
  const page = await context.newPage();
  await login(page, baseUrl, DEMO_USERS.annotator1);

  const startLink = page.locator('[data-testid^="start-"]').first();
  const projectId = (await startLink.getAttribute('data-testid')).slice('start-'.length);
  await startLink.click();
  await page.waitForSelector(byTestId('workspace'));

  await page.selectOption(byTestId('language-switch'), 'zh-CN');
  await page.locator(byTestId('guideline')).getByText('标注规范').first().waitFor();
  await page.locator(byTestId('submit')).getByText('提交').waitFor();
  assert((await page.evaluate(() => localStorage.getItem('biaozhu.lang'))) === 'zh-CN', 'language choice is kept');

  const answers = [];
  let previous = null;
  let inHand = null;
  for (let i = 0; i < TASKS; i++) {
    const task = page.locator(byTestId('task'));
    await page.waitForFunction(
      (prev) => {
        const el = document.querySelector('[data-testid="task"]');
        return el !== null && el.getAttribute('data-assignment-id') !== prev;
      },
      previous,
    );
    const assignmentId = await task.getAttribute('data-assignment-id');
    const taskId = await task.getAttribute('data-task-id');
    // The next task was fetched while this one was on screen, and Enter showed exactly that one.
    if (inHand !== null) assert(assignmentId === inHand, `the prefetched task ${inHand} was shown (got ${assignmentId})`);
    await page.waitForFunction(() => (document.querySelector('[data-testid="workspace"]')?.getAttribute('data-ahead-id') ?? '') !== '');
    inHand = await page.locator(byTestId('workspace')).getAttribute('data-ahead-id');
    assert(inHand !== assignmentId, 'the task in hand is not the one on screen');
    const text = await task.locator('[data-testid^="object-"]').first().innerText();
    const choices = task.locator('button[data-testid^="choice-"]');
    const count = await choices.count();
    assert(count > 0, 'the task shows choices');
    const digit = (i % Math.min(count, 9)) + 1;
    const button = choices.nth(digit - 1);
    const label = await button.getAttribute('data-value');
    if (i === 0) await page.screenshot({ path: join(artifactsDir, 'workspace-zh-CN.png') });

    await page.keyboard.press(String(digit));
    await page.waitForFunction(
      (testId) => document.querySelector(`[data-testid="${testId}"]`)?.getAttribute('aria-checked') === 'true',
      await button.getAttribute('data-testid'),
    );
    await page.keyboard.press('Enter');
    answers.push({ taskId, text, label });
    log(`task ${taskId}: pressed ${digit} -> ${label}`);
    previous = assignmentId;
  }

  await page.waitForFunction((n) => document.querySelector('[data-testid="session-count"]')?.textContent === String(n), TASKS);
  await page.waitForSelector('[data-testid="save-state"].save-ok');
  await logout(page);

  await login(page, baseUrl, DEMO_USERS.manager);
  await page.click(byTestId(`manage-${projectId}`));
  await page.waitForSelector(byTestId('stats'));
  await page.screenshot({ path: join(artifactsDir, 'manager-zh-CN.png'), fullPage: true });
  const body = await download(page, byTestId('export-ls-json'));
  const exported = JSON.parse(body);
  assert(Array.isArray(exported), 'ls-json export is an array of tasks');

  const mine = exported.flatMap((t) =>
    (t.annotations ?? [])
      .filter((a) => a.completed_by_email === DEMO_USERS.annotator1.email)
      .map((a) => ({ task: t, annotation: a })),
  );
  assert(mine.length === TASKS, `export holds ${TASKS} answers by annotator1 (found ${mine.length})`);
  for (const answer of answers) {
    const hit = mine.find(({ task }) => String(task.id) === String(answer.taskId));
    assert(hit, `task ${answer.taskId} has annotator1's answer in the export`);
    const choice = hit.annotation.result.find((r) => r.type === 'choices');
    assert(choice, `task ${answer.taskId}: the answer has a choices result item`);
    assert(JSON.stringify(choice.value.choices) === JSON.stringify([answer.label]),
      `task ${answer.taskId}: exported ${JSON.stringify(choice.value.choices)}, chose ${answer.label}`);
    const shown = hit.task.data.text;
    assert(typeof shown !== 'string' || shown.trim() === answer.text.trim(), `task ${answer.taskId}: shown text matches the exported data`);
    assert(typeof choice.id === 'string' && choice.id.length === 10, 'result item id is 10 characters');
    assert(typeof hit.annotation.lead_time === 'number' && hit.annotation.lead_time > 0, 'lead time was sent');
  }
}
