// A project from a pasted Label Studio NER config (Text, Labels, Relations, a Header, Choices): the workspace shows
// the text and every control with its own view (no "no view yet" note is left for any of them), and an annotator
// who only answers the required choices by key can submit. Nothing crashes and no script error is raised.
import { DEMO_USERS, apiCall, assert, byTestId, login, logout, uploadInPage } from '../lib/helpers.mjs';

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
  const { project } = await apiCall(page, 'POST', '/api/projects', { name: 'NER (e2e)', labelConfig: CONFIG, overlap: 1 });
  const projectId = project.id;
  await uploadInPage(page, projectId, 'ner.jsonl', '{"text":"张三在腾讯工作。"}\n');
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
