// The manager's console (#11 item 1): a manager creates a project from the sentiment template in the wizard, sees
// the line of the error when the pasted XML is broken, previews the workspace, creates the project and imports its
// first tasks; an answer is given; in the settings page the project is renamed, and removing the choice that answer
// used is refused with the reason.
import { join } from 'node:path';
import { writeFile } from 'node:fs/promises';
import { DEMO_USERS, assert, byTestId, login } from '../lib/helpers.mjs';

export const name = 'manager creates a project from a template in the wizard, renames it, and a config change that orphans answers is refused';

const checked = (page, state) => page.waitForSelector(`${byTestId('config-check')}[data-state="${state}"]`, { state: 'attached' });

export default async function run({ context, baseUrl, artifactsDir, log }) {
  const page = await context.newPage();
  await login(page, baseUrl, DEMO_USERS.manager);
  await page.click(byTestId('new-project'));
  await page.waitForSelector(byTestId('new-project'));

  // Step 1: name.
  const projectName = `E2E sentiment ${Date.now()}`;
  assert(await page.locator(byTestId('wizard-next')).isDisabled(), 'a project needs a name before the next step');
  await page.fill(byTestId('project-name'), projectName);
  await page.fill(byTestId('project-description'), 'made by journey 11');
  await page.click(byTestId('wizard-next'));

  // Step 2: every template previews with a view for each of its controls (screenshots in the artifacts)...
  for (const [id, sample] of [['chinese-ner', '腾讯'], ['llm-pairwise', '光合作用'], ['safety-review', '家庭住址']]) {
    await page.click(byTestId(`template-${id}`));
    await checked(page, 'ok');
    const shown = page.locator(byTestId('config-preview'));
    await shown.getByText(sample, { exact: false }).first().waitFor();
    const noView = await shown.locator('[data-testid^="no-view-"]').count();
    assert(noView === 0, `every control of the ${id} template has a view in the preview`);
    await page.screenshot({ path: join(artifactsDir, `wizard-template-${id}.png`), fullPage: true });
  }
  // ...then the sentiment template, a broken paste whose error names its line, and the template again, previewed.
  await page.click(byTestId('template-sentiment'));
  await checked(page, 'ok');
  const xml = await page.inputValue(byTestId('config-xml'));
  assert(xml.includes('<Choices name="sentiment"'), 'the template fills the XML box');
  await page.locator(byTestId('config-preview')).getByText('Neutral').waitFor();
  // Line 6 of the template is <Choice value="Positive" .../>; left unclosed, the XML is malformed from there on.
  const broken = xml.split('\n').map((line, i) => (i === 5 ? line.replace('/>', '>') : line)).join('\n');
  await page.fill(byTestId('config-xml'), broken);
  await checked(page, 'bad');
  const place = await page.locator(byTestId('config-problem-place')).innerText();
  const line = await page.locator(byTestId('config-problem')).getAttribute('data-line');
  log(`broken XML: ${place.trim()} / ${await page.locator(byTestId('config-problem-text')).innerText()}`);
  assert(/Line \d+|第 \d+ 行/.test(place) && Number(line) >= 6, `the error names a line (got "${place}", line ${line})`);
  assert(await page.locator(byTestId('wizard-next')).isDisabled(), 'a broken config cannot be taken further');
  // An unsupported tag is named with its own line.
  const withVideo = xml.replace('  <Header value="Sentiment"/>', '  <Video name="v" value="$v"/>\n  <Header value="Sentiment"/>');
  await page.fill(byTestId('config-xml'), withVideo);
  await checked(page, 'bad');
  assert((await page.locator(byTestId('config-problem')).getAttribute('data-line')) === '4', 'the unsupported <Video> is named at line 4');
  await page.click(byTestId('config-goto-line'));
  const selected = await page.$eval(byTestId('config-xml'), (el) => el.value.slice(el.selectionStart, el.selectionEnd));
  assert(selected.includes('<Video'), `"show the line" selects the line at fault (got "${selected}")`);
  await page.fill(byTestId('config-xml'), xml);
  await checked(page, 'ok');
  const preview = page.locator(byTestId('config-preview'));
  await preview.getByText('物流很快').waitFor();
  await preview.locator(byTestId('choice-sentiment-3')).click();
  await page.screenshot({ path: join(artifactsDir, 'wizard-preview.png'), fullPage: true });
  await page.click(byTestId('wizard-next'));

  // Step 3: who sees it; the default, the whole organisation (journey 25 makes a members-only one).
  await page.waitForSelector(byTestId('new-project-access'));
  await page.click(byTestId('wizard-next'));

  // Step 4: overlap, then create.
  await page.fill(byTestId('new-overlap'), '1');
  await page.click(byTestId('create-project'));
  await page.waitForSelector(byTestId('policy-editor'));
  await page.click(byTestId('wizard-next'));

  // Step 5: the first import, with the project page's import form.
  const file = join(artifactsDir, 'wizard-import.jsonl');
  await writeFile(file, ['{"text":"服务一般，不好不坏。"}', '{"text":"Great value."}'].join('\n') + '\n');
  await page.setInputFiles(byTestId('import-file'), file);
  await page.fill(byTestId('import-sourceName'), 'journey 11');
  await page.fill(byTestId('import-sourceLicense'), 'CC0');
  await page.fill(byTestId('import-collectionMethod'), 'written by the test');
  await page.click(byTestId('import-submit'));
  const result = page.locator(byTestId('import-result'));
  await result.waitFor();
  assert((await result.getAttribute('data-created')) === '2', 'two tasks were imported');
  const projectUrl = await page.locator(byTestId('open-project')).getAttribute('href');
  const projectId = projectUrl.split('/').pop();

  // An answer that uses "Neutral".
  await page.goto(`${baseUrl}/projects/${projectId}/work`);
  await page.waitForSelector(byTestId('task'));
  await page.click(byTestId('choice-sentiment-3'));
  const submitted = page.waitForResponse((r) => r.url().includes('/submit') && r.request().method() === 'POST');
  await page.click(byTestId('submit'));
  assert((await submitted).status() === 200, 'the answer was stored');

  // Settings: rename.
  await page.goto(`${baseUrl}/projects/${projectId}/settings`);
  await page.waitForSelector(byTestId('project-settings'));
  const renamed = `${projectName} (renamed)`;
  await page.fill(byTestId('settings-name'), renamed);
  await page.click(byTestId('settings-save'));
  await page.waitForSelector(byTestId('settings-saved'));
  await page.goto(`${baseUrl}/`);
  await page.locator(byTestId(`project-row-${projectId}`)).getByText(renamed).waitFor();

  // Settings: removing the choice the answer used is refused, with the reason.
  await page.click(byTestId(`settings-${projectId}`));
  await page.waitForSelector(byTestId('settings-config'));
  await checked(page, 'ok');
  const current = await page.inputValue(byTestId('settings-xml'));
  const withoutNeutral = current.split('\n').filter((l) => !l.includes('value="Neutral"')).join('\n');
  assert(withoutNeutral !== current, 'the stored config has the Neutral choice');
  await page.fill(byTestId('settings-xml'), withoutNeutral);
  await checked(page, 'ok');
  await page.click(byTestId('settings-config-save'));
  const refusal = page.locator(byTestId('settings-config-refused'));
  await refusal.waitFor();
  const reason = await refusal.innerText();
  log(`refused: ${reason.replace(/\s+/g, ' ')}`);
  assert((await refusal.locator('[data-code]').getAttribute('data-code')) === 'config_orphans_answers', 'the refusal is the orphaned-answers one');
  assert(reason.includes('Neutral') && reason.includes('sentiment'), 'the reason names the choice and the control the answer uses');
  await page.screenshot({ path: join(artifactsDir, 'settings-refused.png'), fullPage: true });
  await page.reload();
  await checked(page, 'ok');
  assert((await page.inputValue(byTestId('settings-xml'))).includes('value="Neutral"'), 'the stored config still has Neutral');
}
