// Per-region answers (#9): a config with spans, a per-region choice, textarea and number. Without a selected
// span the per-region controls ask for one; the annotator makes a span by keys, answers the choice about it by its
// hotkey, writes a note and a number about it, and the stored items carry the span's id, as Label Studio writes them.
import { DEMO_USERS, assert, byTestId, login, logout, apiCall, uploadInPage } from '../lib/helpers.mjs';

export const name = 'annotator answers a choice and a note about the selected span (per-region controls)';

const TEXT = '张三在腾讯工作。';
const CONFIG = `<View>
  <Text name="text" value="$text"/>
  <Labels name="ner" toName="text"><Label value="PER"/><Label value="ORG"/></Labels>
  <Choices name="certain" toName="text" perRegion="true" required="false">
    <Choice value="sure" hotkey="q"/><Choice value="unsure" hotkey="w"/>
  </Choices>
  <TextArea name="note" toName="text" perRegion="true"/>
  <Number name="mentions" toName="text" perRegion="true" min="1" max="20" required="false"/>
</View>`;

export default async function run({ context, baseUrl }) {
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));

  await login(page, baseUrl, DEMO_USERS.manager);
  const project = (await apiCall(page, 'POST', '/api/projects', { name: `Per region (e2e) ${Date.now()}`, labelConfig: CONFIG, overlap: 1 })).project;
  await uploadInPage(page, project.id, 'per-region.jsonl', JSON.stringify({ text: TEXT }) + '\n');
  await logout(page);

  await login(page, baseUrl, DEMO_USERS.annotator1);
  await page.locator(byTestId(`start-${project.id}`)).click();
  await page.locator(byTestId('object-text')).waitFor();
  await page.locator(byTestId('per-region-select-certain')).waitFor();
  await page.locator(byTestId('per-region-select-note')).waitFor();
  await page.locator(byTestId('per-region-select-mentions')).waitFor();

  // 张三 by keys (the labels control is active first), labelled PER: the new span is the selected one
  await page.keyboard.press('Shift+ArrowRight');
  await page.keyboard.press('Shift+ArrowRight');
  await page.keyboard.press('1');
  await page.locator(`${byTestId('spans-ner')} li`).first().waitFor();
  if ((await page.locator(byTestId('per-region-select-certain')).count()) > 0) await page.keyboard.press(']');
  assert((await page.locator(byTestId('per-region-select-certain')).count()) === 0, 'with a span selected the per-region choice can be answered');
  await page.keyboard.press('q');
  assert((await page.locator(byTestId('choice-certain-1')).getAttribute('aria-checked')) === 'true', 'its hotkey picks the choice for the span');
  await page.locator(byTestId('textarea-note-1')).fill('公司名称需要核实');
  await page.keyboard.press('Escape');
  await page.locator(byTestId('number-mentions')).fill('3');
  await page.keyboard.press('Escape');
  await page.keyboard.press('Enter');
  await page.locator(byTestId('no-more-tasks')).waitFor();
  assert(errors.length === 0, `no script error: ${errors.join('; ')}`);
  await logout(page);

  await login(page, baseUrl, DEMO_USERS.manager);
  const exported = await page.evaluate(async (id) => (await fetch(`/api/projects/${id}/export?format=ls-json`)).json(), project.id);
  const result = exported[0].annotations[0].result;
  const span = result.find((r) => r.type === 'labels');
  assert(span && span.value.start === 0 && span.value.end === 2 && span.value.text === '张三', `the span is 张三 at 0-2 (${JSON.stringify(span)})`);
  const choice = result.find((r) => r.from_name === 'certain');
  const note = result.find((r) => r.from_name === 'note');
  assert(choice?.id === span.id && choice.value.choices[0] === 'sure', `the choice is about the span (${JSON.stringify(choice)})`);
  assert(note?.id === span.id && note.value.text[0] === '公司名称需要核实', `the note is about the span (${JSON.stringify(note)})`);
  const mentions = result.find((r) => r.from_name === 'mentions');
  assert(mentions?.id === span.id && mentions.value.number === 3, `the number is about the span (${JSON.stringify(mentions)})`);
}
