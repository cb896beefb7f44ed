// A project from a pasted Label Studio NER config (Text, Labels, Relations, a Header, Choices): the workspace shows
// the text and every control with its own view (no "no view yet" note is left for any of them), and an annotator
// who only answers the required choices by key can submit. Nothing crashes and no script error is raised.
import { DEMO_USERS, assert, byTestId, login, logout } from '../lib/helpers.mjs';

export const name = 'a Label Studio NER config shows every control with its view and takes the choices by key';

const CONFIG = `<View>
  <Labels name="ner" toName="text"><Label value="PER"/><Label value="ORG"/></Labels>
  <Relations><Relation value="works_for"/></Relations>
  <Text name="text" value="$text"/>
  <Header value="Sentiment"/>
  <Choices name="sentiment" toName="text" required="true">
    <Choice value="positive" hotkey="p"/>
    <Choice value="negative" hotkey="n"/>
  </Choices>
</View>`;

export default async function run({ context, baseUrl }) {
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));

  await login(page, baseUrl, DEMO_USERS.manager);
  const projectId = await page.evaluate(async (labelConfig) => {
    const { csrfToken } = await (await fetch('/api/auth/me')).json();
    const headers = { 'content-type': 'application/json', 'x-csrf-token': csrfToken };
    const created = await fetch('/api/projects', { method: 'POST', headers, body: JSON.stringify({ name: 'NER (e2e)', labelConfig, overlap: 1 }) });
    if (created.status !== 201) throw new Error(`project: ${created.status} ${await created.text()}`);
    const { project } = await created.json();
    const form = new FormData();
    for (const [k, v] of Object.entries({ sourceName: 'e2e', sourceLicense: 'CC0', collectionMethod: 'written by the test', containsPersonalInfo: 'false' })) form.append(k, v);
    form.append('file', new Blob(['{"text":"张三在腾讯工作。"}\n']), 'ner.jsonl');
    const imported = await fetch(`/api/projects/${project.id}/imports`, { method: 'POST', headers: { 'x-csrf-token': csrfToken }, body: form });
    if (imported.status !== 201) throw new Error(`import: ${imported.status} ${await imported.text()}`);
    return project.id;
  }, CONFIG);
  await logout(page);

  await login(page, baseUrl, DEMO_USERS.annotator1);
  await page.locator(byTestId(`start-${projectId}`)).click();
  await page.locator(byTestId('object-text')).getByText('张三在腾讯工作。').waitFor();
  for (const control of ['ner', 'sentiment']) await page.locator(byTestId(`control-${control}`)).waitFor();
  assert((await page.locator('[data-testid^="no-view-"]').count()) === 0, 'every control type of the config has a workspace view');
  assert((await page.locator(byTestId('control-sentiment')).innerText()).includes('Sentiment'), 'the choices control is shown with its header');
  await page.keyboard.press('p');
  assert((await page.locator(byTestId('choice-sentiment-1')).getAttribute('aria-checked')) === 'true', 'its hotkey picks the choice');
  await page.keyboard.press('Enter');
  await page.locator(byTestId('no-more-tasks')).waitFor();
  assert(errors.length === 0, `no script error: ${errors.join('; ')}`);
}
