// A manager imports a CSV whose text column has another name: the import is refused naming the missing key, the
// manager maps the column and it goes in; uploading the same file again is refused, naming the import that has it.
import { join } from 'node:path';
import { writeFile } from 'node:fs/promises';
import { DEMO_USERS, assert, byTestId, login } from '../lib/helpers.mjs';

export const name = 'manager imports a file with a wrong column (refused, then mapped) and the same file twice (refused as seen)';

export default async function run({ context, baseUrl, artifactsDir }) {
  const page = await context.newPage();
  await login(page, baseUrl, DEMO_USERS.manager);
  // the demo's sentiment project (not a project an earlier journey named "sentiment"), whose config shows "text"
  const row = page.locator('[data-testid^="project-row-"]', { hasText: 'Demo: sentiment' }).first();
  await row.locator('[data-testid^="manage-"]').click();
  await page.waitForSelector(byTestId('import-form'));

  const file = join(artifactsDir, 'reviews-wrong-column.csv');
  await writeFile(file, 'id,review\n1,物流很快，包装完好\n2,客服态度差\n');
  const fillSource = async () => {
    await page.setInputFiles(byTestId('import-file'), file);
    await page.fill(byTestId('import-sourceName'), 'e2e reviews');
    await page.fill(byTestId('import-sourceLicense'), 'contract E2E-2');
    await page.fill(byTestId('import-collectionMethod'), 'written by the test');
  };
  await fillSource();
  assert((await page.locator(byTestId('import-on-conflict')).inputValue()) === 'skip', 'records already in the project are skipped by default');
  await page.click(byTestId('import-submit'));

  const missing = page.locator(byTestId('import-missing-key'));
  await missing.waitFor();
  assert((await missing.getAttribute('data-key')) === 'text', 'the refusal names the missing key');
  const said = await missing.innerText();
  assert(said.includes('"text"') && said.includes('review'), `the refusal names the key and the columns the file has: ${said}`);
  await page.selectOption(byTestId('import-map-column'), 'review');
  await page.click(byTestId('import-map-retry'));
  const result = page.locator(byTestId('import-result'));
  await result.waitFor();
  assert((await result.getAttribute('data-created')) === '2', 'both records became tasks once mapped');
  await page.locator(byTestId('import-mapping')).getByText('review → text').waitFor();

  // the same file again (same mapping kept): refused before anything is read, naming the earlier import
  await fillSource();
  await page.click(byTestId('import-submit'));
  const refused = page.locator('[data-testid="error"][data-code="same_file"]');
  await refused.waitFor();
  const why = await refused.innerText();
  assert(why.includes('reviews-wrong-column.csv'), `the refusal names the earlier import's file: ${why}`);
  assert((await page.locator(byTestId('import-result')).count()) === 0, 'nothing was imported the second time');
  await page.screenshot({ path: join(artifactsDir, 'import-twice.png'), fullPage: true });
}
