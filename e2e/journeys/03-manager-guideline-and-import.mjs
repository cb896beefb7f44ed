// A manager publishes a guideline (with HTML that must not run) and imports a file with its source; an annotator
// then sees the new guideline version, sanitized.
import { join } from 'node:path';
import { writeFile } from 'node:fs/promises';
import { DEMO_USERS, assert, byTestId, login, logout } from '../lib/helpers.mjs';

export const name = 'manager publishes a guideline and imports tasks; annotator sees the sanitized guideline';

export default async function run({ context, baseUrl, artifactsDir }) {
  const page = await context.newPage();
  await login(page, baseUrl, DEMO_USERS.manager);
  // the demo's sentiment project, whose config shows the data key "text" the file below holds
  const manage = page.locator('[data-testid^="project-row-"]', { hasText: 'Demo: sentiment' }).first().locator('[data-testid^="manage-"]');
  const projectId = (await manage.getAttribute('data-testid')).slice('manage-'.length);
  await manage.click();
  await page.waitForSelector(byTestId('stats'));

  const before = await page.locator(byTestId('guideline-version')).innerText();
  await page.fill(byTestId('guideline-body'),
    '# Rules v-next\n\nPick **positive** for praise.\n\n<img src="x" onerror="window.__xss = 1"><script>window.__xss = 2</script>');
  await page.click(byTestId('guideline-publish'));
  await page.waitForFunction((b) => document.querySelector('[data-testid="guideline-version"]')?.textContent !== b, before);

  const file = join(artifactsDir, 'import.jsonl');
  await writeFile(file, ['{"text":"导入的第一条"}', '{"text":"second imported"}', 'not json', '{"text":"third"}'].join('\n') + '\n');
  await page.setInputFiles(byTestId('import-file'), file);
  await page.fill(byTestId('import-sourceName'), 'e2e source');
  await page.fill(byTestId('import-sourceLicense'), 'contract E2E-1');
  await page.fill(byTestId('import-collectionMethod'), 'written by the test');
  await page.check(byTestId('import-skip-bad'));
  await page.click(byTestId('import-submit'));
  const result = page.locator(byTestId('import-result'));
  await result.waitFor();
  assert((await result.getAttribute('data-created')) === '3', 'three tasks were created');
  assert((await result.getAttribute('data-skipped')) === '1', 'the bad line was skipped');
  await result.getByText('line 3').first().waitFor();
  await page.locator(byTestId('import-history')).getByText('e2e source').waitFor();
  await page.screenshot({ path: join(artifactsDir, 'manager-en.png'), fullPage: true });
  await logout(page);

  await login(page, baseUrl, DEMO_USERS.annotator2);
  await page.locator(`[data-testid="start-${projectId}"]`).click();
  const guideline = page.locator(byTestId('guideline'));
  await guideline.getByText('Rules v-next').waitFor();
  const html = await guideline.innerHTML();
  assert(!/onerror|<script/i.test(html), 'the guideline HTML is sanitized');
  assert((await page.evaluate(() => window.__xss)) === undefined, 'nothing from the guideline ran');
}
