// Named entities in Chinese text: the annotator makes two spans by mouse selection (one with the label armed first,
// one selected first and labelled by its key), a third one that is removed again with Delete, a relation by keys
// (] selects a span, R starts the relation, ] moves to the other span, R joins them, 1 labels it), undoes and redoes
// it, and submits. The stored answer, read back through the API export, holds the spans with their offsets in code
// points (the text has an emoji before 腾讯, which UTF-16 would count twice) and the relation between their ids. The
// draft survives a reload; the second task opens with its model prediction, which the annotator corrects by keys.
import { join } from 'node:path';
import { DEMO_USERS, assert, byTestId, login, logout, apiCall } from '../lib/helpers.mjs';

export const name = 'annotator makes spans in Chinese text by mouse, a relation by keys, undoes, redoes and submits';

const TEXT = '张三在😀腾讯工作，住在北京。';
const CONFIG = `<View>
  <Text name="text" value="$text"/>
  <Labels name="ner" toName="text">
    <Label value="PER" background="#f59e0b"/><Label value="ORG" background="#3b82f6"/><Label value="LOC" background="#10b981"/>
  </Labels>
  <Relations><Relation value="works_for"/><Relation value="lives_in"/></Relations>
</View>`;


/**
 * Drags the mouse over the characters [start, end) of the text object (code points), as a worker selects text: from
 * just inside the left edge of the first character to just inside the right edge of the last.
 */
async function selectChars(page, start, end) {
  const box = await page.evaluate(
    ({ start, end }) => {
      const root = document.querySelector('[data-testid="object-text"]');
      const charRect = (at) => {
        for (const seg of root.querySelectorAll('[data-start]')) {
          const s = Number(seg.dataset.start);
          const e = Number(seg.dataset.end);
          if (at < s || at >= e) continue;
          const node = seg.firstChild;
          const points = Array.from(node.data);
          const from = points.slice(0, at - s).join('').length;
          const range = document.createRange();
          range.setStart(node, from);
          range.setEnd(node, from + points[at - s].length);
          return range.getBoundingClientRect();
        }
        throw new Error(`no character ${at}`);
      };
      const first = charRect(start);
      const last = charRect(end - 1);
      return { x1: first.left + 1, y1: first.top + first.height / 2, x2: last.right - 1, y2: last.top + last.height / 2 };
    },
    { start, end },
  );
  await page.mouse.move(box.x1, box.y1);
  await page.mouse.down();
  await page.mouse.move(box.x2, box.y2, { steps: 8 });
  await page.mouse.up();
}

const spanIds = (page) => page.locator(`${byTestId('spans-ner')} li`).evaluateAll((lis) => lis.map((li) => li.dataset.region));
const relationCount = (page) => page.locator(`${byTestId('relations-relations')} li`).count();

export default async function run({ context, baseUrl, artifactsDir }) {
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));

  await login(page, baseUrl, DEMO_USERS.manager);
  const project = (await apiCall(page, 'POST', '/api/projects', { name: `NER spans (e2e) ${Date.now()}`, labelConfig: CONFIG, overlap: 1 })).project;
  await page.evaluate(async ({ id, text }) => {
    const { csrfToken } = await (await fetch('/api/auth/me')).json();
    const form = new FormData();
    for (const [k, v] of Object.entries({ sourceName: 'e2e', sourceLicense: 'CC0', collectionMethod: 'written by the test', containsPersonalInfo: 'false' })) form.append(k, v);
    // The second task carries a model's prediction (a span and nothing else), which the workspace starts from.
    const predicted = { data: { text: '王五住在上海。' }, predictions: [{ model_version: 'ner-v1', score: 0.8, result: [
      { id: 'm1', from_name: 'ner', to_name: 'text', type: 'labels', value: { start: 0, end: 2, text: '王五', labels: ['PER'] } },
      { id: 'm2', from_name: 'ner', to_name: 'text', type: 'labels', value: { start: 4, end: 6, text: '上海', labels: ['ORG'] } },
    ] }] };
    form.append('file', new Blob([JSON.stringify({ data: { text } }) + '\n' + JSON.stringify(predicted) + '\n']), 'ner.jsonl');
    const res = await fetch(`/api/projects/${id}/imports`, { method: 'POST', headers: { 'x-csrf-token': csrfToken }, body: form });
    if (res.status !== 201) throw new Error(`import: ${res.status} ${await res.text()}`);
  }, { id: project.id, text: TEXT });
  await logout(page);

  await login(page, baseUrl, DEMO_USERS.annotator1);
  await page.locator(byTestId(`start-${project.id}`)).click();
  await page.locator(byTestId('object-text')).waitFor();
  assert((await page.locator(byTestId('object-text')).innerText()).includes(TEXT), 'the task text is shown');

  // PER armed first (1 while the labels control is active), then 张三 selected: the span is made at once.
  await page.keyboard.press('1');
  assert((await page.locator(byTestId('label-ner-1')).getAttribute('aria-pressed')) === 'true', 'key 1 arms PER');
  await selectChars(page, 0, 2);
  await page.locator(`${byTestId('spans-ner')} li`).first().waitFor();
  await page.keyboard.press('1'); // disarm PER
  // 腾讯 selected first (after the emoji), then labelled ORG by its key.
  await selectChars(page, 4, 6);
  await page.locator(byTestId('span-waiting-ner')).waitFor();
  await page.keyboard.press('2');
  // 北京 as LOC, then removed again: click it, Delete.
  await selectChars(page, 11, 13);
  await page.keyboard.press('3');
  let ids = await spanIds(page);
  assert(ids.length === 3, `three spans listed (found ${ids.length})`);
  const [per, org, loc] = ids;
  const perText = await page.locator(`[data-marks~="${per}"]`).allInnerTexts();
  assert(perText.join('') === '张三', `the PER mark covers 张三 (found ${perText.join('')})`);
  const orgText = await page.locator(`[data-marks~="${org}"]`).allInnerTexts();
  assert(orgText.join('') === '腾讯', `the ORG mark covers 腾讯 (found ${orgText.join('')})`);
  // An overlapping span (三在😀腾, over the ends of both) is drawn under both, then removed again.
  await selectChars(page, 1, 5);
  await page.keyboard.press('3');
  const overlap = (await spanIds(page)).find((id) => !ids.includes(id));
  assert(overlap, 'the overlapping span is listed');
  assert((await page.locator(`[data-marks~="${per}"][data-marks~="${overlap}"]`).innerText()) === '三', '三 is shown under PER and the overlapping span');
  assert((await page.locator(`[data-marks~="${org}"][data-marks~="${overlap}"]`).innerText()) === '腾', '腾 is shown under ORG and the overlapping span');
  await page.screenshot({ path: join(artifactsDir, 'overlapping-spans.png'), fullPage: true });
  await page.locator(`[data-marks="${overlap}"]`).first().click();
  await page.keyboard.press('Backspace');
  assert((await spanIds(page)).length === 3, 'Backspace removes the selected overlapping span');
  await page.locator(`[data-marks~="${loc}"]`).first().click();
  assert((await page.locator(byTestId(`span-${loc}`)).getAttribute('class'))?.includes('region-selected'), 'a click selects the span');
  await page.keyboard.press('Delete');
  ids = await spanIds(page);
  assert(ids.length === 2 && !ids.includes(loc), 'Delete removes the selected span');

  // The draft survives a reload: the same task comes back with its two spans.
  await page.reload();
  await page.locator(byTestId(`span-${per}`)).waitFor();
  assert((await spanIds(page)).join() === [per, org].join(), 'after a reload the draft shows the same two spans');

  // The relation by keys: ] selects 张三, R starts, ] moves to 腾讯, R joins; then 1 labels it works_for.
  await page.keyboard.press(']');
  await page.keyboard.press('r');
  await page.locator(byTestId('relation-linking')).waitFor();
  await page.keyboard.press(']');
  await page.keyboard.press('r');
  await page.locator(byTestId(`relation-${per}-${org}`)).waitFor();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('1');
  assert((await page.locator(`${byTestId(`relation-${per}-${org}`)} [data-value="works_for"]`).getAttribute('aria-pressed')) === 'true', 'key 1 labels the relation works_for');

  // Undo the label and the relation, redo both.
  await page.keyboard.press('Control+z');
  await page.keyboard.press('Control+z');
  assert((await relationCount(page)) === 0, 'two undos take back the relation label and the relation');
  assert((await spanIds(page)).length === 2, 'the spans stay');
  await page.keyboard.press('Control+Shift+z');
  await page.keyboard.press('Control+y');
  assert((await relationCount(page)) === 1, 'redo brings the relation back');
  assert((await page.locator(`${byTestId(`relation-${per}-${org}`)} [data-value="works_for"]`).getAttribute('aria-pressed')) === 'true', 'and its label');

  await page.locator(`[data-marks~="${per}"]`).first().click();
  await page.screenshot({ path: join(artifactsDir, 'spans-and-relations.png'), fullPage: true });
  await page.keyboard.press('Enter');

  // The next task opens with the model's prediction, marked as such; the worker relabels 上海 LOC by keys and submits.
  await page.locator(byTestId('from-prediction')).waitFor();
  assert((await page.locator(byTestId('from-prediction')).innerText()).includes('ner-v1'), 'the note names the model');
  assert((await spanIds(page)).length === 2, 'the predicted spans are shown');
  await page.keyboard.press('[');
  await page.keyboard.press('3');
  assert((await page.locator(byTestId('spans-ner')).innerText()).includes('LOC'), 'the predicted span is relabelled');
  await page.keyboard.press('Enter');
  await page.locator(byTestId('no-more-tasks')).waitFor();
  assert(errors.length === 0, `no script error: ${errors.join('; ')}`);
  await logout(page);

  // The stored answer, through the API.
  await login(page, baseUrl, DEMO_USERS.manager);
  const exported = await page.evaluate(async (id) => (await fetch(`/api/projects/${id}/export?format=ls-json`)).json(), project.id);
  const first = exported.find((t) => t.data.text === TEXT);
  const second = exported.find((t) => t.data.text !== TEXT);
  const corrected = second?.annotations?.[0]?.result?.filter((r) => r.type === 'labels').map((r) => `${r.value.text}:${r.value.labels.join()}`);
  assert(JSON.stringify(corrected) === JSON.stringify(['王五:PER', '上海:LOC']), `the prediction as corrected is stored (${JSON.stringify(corrected)})`);
  const result = first?.annotations?.[0]?.result;
  assert(Array.isArray(result), 'the export holds the answer');
  const spans = result.filter((r) => r.type === 'labels');
  const relations = result.filter((r) => r.type === 'relation');
  assert(spans.length === 2, `two spans stored (found ${spans.length})`);
  const points = Array.from(TEXT);
  const stored = (id) => spans.find((s) => s.id === id);
  for (const [id, start, end, label] of [[per, 0, 2, 'PER'], [org, 4, 6, 'ORG']]) {
    const s = stored(id);
    assert(s, `span ${label} stored with its id`);
    assert(s.value.start === start && s.value.end === end, `${label} at ${start}-${end} in code points (stored ${s.value.start}-${s.value.end})`);
    assert(s.value.text === points.slice(start, end).join(''), `${label} text is the slice (${s.value.text})`);
    assert(JSON.stringify(s.value.labels) === JSON.stringify([label]), `${label} labels ${JSON.stringify(s.value.labels)}`);
    assert(s.from_name === 'ner' && s.to_name === 'text', `${label} from ner to text`);
  }
  assert(relations.length === 1, `one relation stored (found ${relations.length})`);
  const [relation] = relations;
  assert(relation.from_id === per && relation.to_id === org, `relation from 张三 to 腾讯 (${relation.from_id} -> ${relation.to_id})`);
  assert(relation.direction === 'right' && JSON.stringify(relation.labels) === '["works_for"]', `relation right, works_for (${JSON.stringify(relation)})`);
}
