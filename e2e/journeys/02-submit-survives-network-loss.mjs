// The network drops while an annotator submits: the answer is shown as pending, resent with the same
// idempotency key until it lands, and stored exactly once. S skips a task.
import { join } from 'node:path';
import { DEMO_USERS, assert, byTestId, login } from '../lib/helpers.mjs';

export const name = 'a submit that fails on the network is retried with the same key and saved once';

export default async function run({ context, baseUrl, artifactsDir, log }) {
  const page = await context.newPage();
  await login(page, baseUrl, DEMO_USERS.annotator2);
  await page.locator('[data-testid^="start-"]').first().click();
  const task = page.locator(byTestId('task'));
  await task.waitFor();
  await page.locator(byTestId('submit')).getByText('Submit').waitFor();
  await page.screenshot({ path: join(artifactsDir, 'workspace-en.png') });

  // S skips: another task comes.
  const skipped = await task.getAttribute('data-assignment-id');
  await page.keyboard.press('s');
  await page.waitForFunction((id) => {
    const el = document.querySelector('[data-testid="task"]');
    return el !== null && el.getAttribute('data-assignment-id') !== id;
  }, skipped);

  // Enter without an answer names the required control and sends nothing.
  await page.keyboard.press('Enter');
  await page.waitForSelector(byTestId('form-problem'));

  const keys = [];
  let dropped = 0;
  await page.route('**/api/assignments/*/submit', async (route) => {
    keys.push(JSON.parse(route.request().postData() ?? '{}').idempotencyKey);
    if (dropped < 2) {
      dropped++;
      await route.abort('internetdisconnected');
    } else {
      await route.continue();
    }
  });
  const assignmentId = await task.getAttribute('data-assignment-id');
  await page.waitForFunction(() => (document.querySelector('[data-testid="workspace"]')?.getAttribute('data-ahead-id') ?? '') !== '');
  const inHand = await page.locator(byTestId('workspace')).getAttribute('data-ahead-id');
  await page.keyboard.press('1');
  await page.keyboard.press('Enter');
  await page.waitForSelector(byTestId('save-pending'));
  // The task in hand is on screen while the answer before it is still trying to reach the server.
  assert((await task.getAttribute('data-assignment-id')) === inHand, 'the prefetched task is shown without waiting for the submit');
  await page.screenshot({ path: join(artifactsDir, 'workspace-pending-en.png') });
  await page.waitForFunction(() => document.querySelector('[data-testid="session-count"]')?.textContent === '1');
  await page.waitForSelector('[data-testid="save-state"].save-ok');
  await page.waitForFunction((id) => {
    const el = document.querySelector('[data-testid="task"]');
    return el !== null && el.getAttribute('data-assignment-id') !== id;
  }, assignmentId);
  log(`submit attempts: ${keys.length}`);
  assert(keys.length === 3, `two dropped attempts and one that landed (saw ${keys.length})`);
  assert(new Set(keys).size === 1 && typeof keys[0] === 'string', 'every attempt carried the same idempotency key');
  await page.unroute('**/api/assignments/*/submit');
  await page.waitForFunction(() => !document.querySelector('[data-testid="task-loading"]'));

  // A refused answer (400) keeps the task and the picks on screen and shows the server's message.
  await page.route('**/api/assignments/*/submit', (route) =>
    route.fulfill({
      status: 400,
      contentType: 'application/json',
      body: JSON.stringify({ error: { code: 'e2e_refused', message: 'sentiment: refused by the e2e test', details: {} } }),
    }),
  );
  const refusedTask = await task.getAttribute('data-assignment-id');
  await page.keyboard.press('2');
  await page.keyboard.press('Enter');
  await page.locator(byTestId('error')).getByText('refused by the e2e test').waitFor();
  await page.waitForFunction((id) => document.querySelector('[data-testid="task"]')?.getAttribute('data-assignment-id') === id, refusedTask);
  assert((await task.locator('button[aria-checked="true"]').count()) === 1, 'the pick survived the refusal');
  await page.unroute('**/api/assignments/*/submit');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelector('[data-testid="session-count"]')?.textContent === '2');

  const stored = await page.evaluate(async () => {
    const me = await (await fetch('/api/auth/me')).json();
    return { me: me.user.email, pending: localStorage.getItem('biaozhu.pending-submits') };
  });
  assert(stored.pending === '[]', 'nothing is left in the pending queue');
  assert(stored.me === DEMO_USERS.annotator2.email, 'still signed in');
}
