// An annotator answers a task of the demo's sentiment project in the workspace; the manager opens the project's
// people's statistics, finds that annotator's answers one higher than before, sorts the table, sees the charts and
// downloads the CSV (with its byte order mark, for Excel on Chinese Windows) holding the same figure.
import { join } from 'node:path';
import { DEMO_USERS, assert, byTestId, download, login, logout, answerShownTaskByKey } from '../lib/helpers.mjs';

export const name = 'manager opens the people\'s statistics after an annotator answers, sorts them and downloads the CSV';

/** The answers of one annotator in the statistics, read through the API from the signed-in page. */
async function answersOf(page, projectId, email) {
  const stats = await page.evaluate(async (id) => (await fetch(`/api/projects/${id}/annotator-stats`)).json(), projectId);
  return stats.annotators.find((r) => r.email === email)?.answers ?? 0;
}

export default async function run({ context, baseUrl, artifactsDir, log }) {
  const page = await context.newPage();
  const worker = DEMO_USERS.annotator2;
  await login(page, baseUrl, DEMO_USERS.manager);
  const manage = page.locator('[data-testid^="project-row-"]', { hasText: 'Demo: sentiment' }).first().locator('[data-testid^="manage-"]');
  const projectId = (await manage.getAttribute('data-testid')).slice('manage-'.length);
  const before = await answersOf(page, projectId, worker.email);
  log(`project ${projectId}: ${worker.email} had ${before} answers`);
  await logout(page);

  // The annotator answers one task with the keyboard (digit, then Enter) and waits until the next task is shown.
  await login(page, baseUrl, worker);
  await page.click(byTestId(`start-${projectId}`));
  await answerShownTaskByKey(page);
  await logout(page);

  await login(page, baseUrl, DEMO_USERS.manager);
  await page.click(byTestId(`manage-${projectId}`));
  await page.click(byTestId('nav-people-stats'));
  await page.waitForSelector(byTestId('stats-table'));
  const row = page.locator(`${byTestId('stats-table')} tbody tr`, { has: page.locator(`td[title="${worker.email}"]`) });
  await row.waitFor();
  const shown = Number(await row.locator(byTestId('stats-answers')).innerText());
  assert(shown === before + 1, `the table shows ${worker.email}'s new answer (${before} + 1, got ${shown})`);
  await page.locator(byTestId('stats-agreement-note')).waitFor();
  await page.locator(byTestId('stats-answers-chart')).waitFor();
  await page.locator(byTestId('stats-hours-chart')).waitFor();

  // Sorting: by answers, most first, then fewest first on a second click.
  const counts = async () => (await page.locator(`${byTestId('stats-table')} tbody ${byTestId('stats-answers')}`).allInnerTexts()).map(Number);
  const first = await counts();
  assert(first.every((v, i) => i === 0 || first[i - 1] >= v), `rows start sorted by answers, most first (${first})`);
  await page.click(`${byTestId('stats-sort-answers')} button`);
  await page.waitForFunction(() => document.querySelector('[data-testid="stats-sort-answers"]')?.getAttribute('aria-sort') === 'ascending');
  const second = await counts();
  assert(second.every((v, i) => i === 0 || second[i - 1] <= v), `a click sorts them fewest first (${second})`);
  await page.screenshot({ path: join(artifactsDir, 'people-stats.png'), fullPage: true });

  const csv = await download(page, byTestId('stats-csv'));
  assert(csv.charCodeAt(0) === 0xfeff, 'the CSV starts with a byte order mark');
  const lines = csv.slice(1).split('\r\n').filter((l) => l !== '');
  const header = lines[0].split(',');
  // the header follows the page's language
  const email = Math.max(header.indexOf('email'), header.indexOf('邮箱'));
  const answers = Math.max(header.indexOf('answers'), header.indexOf('提交数'));
  assert(email >= 0 && answers >= 0, `the CSV header names email and answers (${lines[0]})`);
  const mine = lines.slice(1).map((l) => l.split(',')).find((cells) => cells[email] === worker.email);
  assert(mine && Number(mine[answers]) === before + 1, `the CSV holds the same answers for ${worker.email}`);
  log(`CSV: ${lines.length - 1} annotators`);
}
