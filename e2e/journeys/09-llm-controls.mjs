// LLM answer grading (#9): a Label Studio config with a prompt, two answers compared by a Pairwise, a List of three
// answers ranked by a Ranker, a Rating and a TextArea. The annotator answers everything from the keyboard (and one
// ranking move by dragging): 2 picks the right answer, 3 selects the third answer and Alt+↑ moves it, 4 gives four
// stars, the textarea takes Chinese text with Enter as a new line, Esc leaves it and Enter submits. The stored
// answer is read back from the Label Studio export in Label Studio's exact shape. A second project has buckets, a
// third a taxonomy (searched and walked by keys) and a number (out of range named in the box).
import { DEMO_USERS, assert, byTestId, login, logout } from '../lib/helpers.mjs';

export const name = 'LLM controls: pairwise, ranking (keys, drag, buckets), rating, textarea, taxonomy and number answered by keyboard and stored as Label Studio writes them';

const CONFIG = `<View>
  <Text name="prompt" value="$prompt"/>
  <Header value="哪个回答更好？"/>
  <Pairwise name="pw" toName="answer_a,answer_b"/>
  <Text name="answer_a" value="$answer_a"/>
  <Text name="answer_b" value="$answer_b"/>
  <List name="answers" value="$answers" title="Answers"/>
  <Ranker name="rank" toName="answers"/>
  <Rating name="quality" toName="prompt" maxRating="5" required="true"/>
  <TextArea name="reason" toName="prompt" rows="3" maxSubmissions="1" placeholder="为什么？" required="true"/>
</View>`;

const BUCKETS = `<View>
  <Text name="prompt" value="$prompt"/>
  <List name="answers" value="$answers"/>
  <Ranker name="sort" toName="answers">
    <Bucket name="good" title="Good"/>
    <Bucket name="bad" title="Bad"/>
  </Ranker>
</View>`;

const TASK = {
  prompt: '用一句话解释什么是大语言模型。',
  answer_a: '大语言模型是一种<b>数据库</b>。',
  answer_b: '大语言模型是在大量文本上训练、能生成文字的神经网络。',
  answers: [
    { id: 'a1', title: '回答一', body: '一种搜索引擎。' },
    { id: 'a2', title: '回答二', body: '在海量文本上训练的神经网络。' },
    { id: 'a3', title: '回答三', body: '能理解并生成自然语言的大型模型，\n通常基于 Transformer。' },
  ],
};

const TREE = `<View>
  <Text name="prompt" value="$prompt"/>
  <Taxonomy name="tax" toName="prompt">
    <Choice value="事实"><Choice value="正确"/><Choice value="错误"/></Choice>
    <Choice value="Style"><Choice value="Tone"/><Choice value="Length"/></Choice>
  </Taxonomy>
  <Number name="score" toName="prompt" min="1" max="10" step="0.5" required="true"/>
</View>`;

async function createProject(page, title, labelConfig, task) {
  return page.evaluate(
    async ({ title, labelConfig, task }) => {
      const { csrfToken } = await (await fetch('/api/auth/me')).json();
      const headers = { 'content-type': 'application/json', 'x-csrf-token': csrfToken };
      const created = await fetch('/api/projects', { method: 'POST', headers, body: JSON.stringify({ name: title, labelConfig, overlap: 1 }) });
      if (created.status !== 201) throw new Error(`project: ${created.status} ${await created.text()}`);
      const { project } = await created.json();
      const form = new FormData();
      for (const [k, v] of Object.entries({ sourceName: 'e2e', sourceLicense: 'CC0', collectionMethod: 'written by the test', containsPersonalInfo: 'false' })) form.append(k, v);
      form.append('file', new Blob([JSON.stringify(task) + '\n']), 'llm.jsonl');
      const imported = await fetch(`/api/projects/${project.id}/imports`, { method: 'POST', headers: { 'x-csrf-token': csrfToken }, body: form });
      if (imported.status !== 201) throw new Error(`import: ${imported.status} ${await imported.text()}`);
      return project.id;
    },
    { title, labelConfig, task },
  );
}

async function exportedResult(page, projectId) {
  const tasks = await page.evaluate(async (id) => (await fetch(`/api/projects/${id}/export?format=ls-json`)).json(), projectId);
  assert(tasks.length === 1 && tasks[0].annotations.length === 1, `one task with one answer exported: ${JSON.stringify(tasks)}`);
  return tasks[0].annotations[0].result;
}

const rankedIds = (page, control) => page.locator(`${byTestId(`ranking-${control}`)} ${byTestId('ranking-item')}`).evaluateAll((els) => els.map((e) => e.dataset.id));
const itemOf = (page, control, id) => page.locator(`${byTestId(`ranking-${control}`)} [data-id="${id}"]`);
const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);
// Ids are random; the rest of each item is compared exactly.
const withoutId = ({ id, ...rest }) => rest;

export default async function run({ context, baseUrl }) {
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));

  await login(page, baseUrl, DEMO_USERS.manager);
  const projectId = await createProject(page, 'LLM grading (e2e)', CONFIG, TASK);
  const bucketsId = await createProject(page, 'LLM buckets (e2e)', BUCKETS, { prompt: '挑出好的回答', answers: TASK.answers });
  const treeId = await createProject(page, 'LLM taxonomy (e2e)', TREE, { prompt: TASK.answer_a });
  await logout(page);

  await login(page, baseUrl, DEMO_USERS.annotator1);
  await page.locator(byTestId(`start-${projectId}`)).click();
  await page.locator(byTestId('object-prompt')).getByText(TASK.prompt).waitFor();

  // The pairwise shows both answers itself, as text (the <b> is shown, not applied); the task does not repeat them.
  const pw = page.locator(byTestId('control-pw'));
  assert((await page.locator(byTestId('object-answer_a')).count()) === 1, 'the left answer is shown once');
  assert((await pw.locator(byTestId('object-answer_a')).innerText()) === TASK.answer_a, 'the left answer is shown as plain text');
  assert((await pw.locator('b').count()) === 0, 'no markup from task data');
  assert((await page.locator(byTestId('object-answers')).count()) === 0, 'the ranked list is not shown twice');
  assert((await pw.locator(byTestId('pairwise-pw-left')).innerText()).includes('1'), 'the left key is shown');
  await page.keyboard.press('2');
  assert((await pw.locator(byTestId('pairwise-pw-right')).getAttribute('aria-checked')) === 'true', '2 picks the right answer');
  assert((await pw.locator(byTestId('pairwise-pw-left')).getAttribute('aria-checked')) === 'false', 'the left one is not picked');

  // Ranking: 3 selects the third answer, Alt+↑ twice moves it to the top; then drag 回答二 above 回答一.
  await page.keyboard.press('ArrowDown');
  await page.locator(`${byTestId('control-rank')}.control-active`).waitFor();
  assert(same(await rankedIds(page, 'rank'), ['a1', 'a2', 'a3']), "the list's order at the start");
  assert((await page.locator(byTestId('ranking-rank-state')).getAttribute('data-ranked')) === 'false', 'not ranked yet');
  await page.keyboard.press('3');
  assert((await itemOf(page, 'rank', 'a3').getAttribute('aria-selected')) === 'true', '3 selects the third answer');
  await page.keyboard.press('Alt+ArrowUp');
  await page.keyboard.press('Alt+ArrowUp');
  assert(same(await rankedIds(page, 'rank'), ['a3', 'a1', 'a2']), `Alt+↑ moved it to the top: ${await rankedIds(page, 'rank')}`);
  const url = page.url();
  await page.keyboard.press('Alt+ArrowLeft');
  assert(page.url() === url && (await page.locator(byTestId('control-rank')).count()) === 1, 'Alt+← does not leave the page');
  const target = itemOf(page, 'rank', 'a1');
  await itemOf(page, 'rank', 'a2').dragTo(target, { targetPosition: { x: 20, y: 3 } });
  assert(same(await rankedIds(page, 'rank'), ['a3', 'a2', 'a1']), `dragging put 回答二 above 回答一: ${await rankedIds(page, 'rank')}`);
  assert((await page.locator(`${byTestId('ranking-rank')} [data-id="a3"]`).innerText()).includes('通常基于 Transformer'), 'the body is shown');

  // After a drag, ↑/↓ still move between controls; reached with Tab, the list takes them to select an item.
  await page.keyboard.press('ArrowUp');
  await page.locator(`${byTestId('control-pw')}.control-active`).waitFor();
  await page.locator(byTestId('pairwise-pw-right')).focus();
  await page.keyboard.press('Tab');
  await page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'ranking-rank');
  // The dragged answer (回答二, second) is selected; ↑ selects the one above it and stays in the ranking.
  await page.keyboard.press('ArrowUp');
  assert((await itemOf(page, 'rank', 'a3').getAttribute('aria-selected')) === 'true', '↑ in the list selects the first answer');
  assert((await page.locator(`${byTestId('control-rank')}.control-active`).count()) === 1, 'the ranking is still the active control');
  await page.keyboard.press('Escape');

  // Rating: 4 while active.
  await page.keyboard.press('ArrowDown');
  await page.locator(`${byTestId('control-quality')}.control-active`).waitFor();
  await page.keyboard.press('4');
  assert((await page.locator(byTestId('rating-quality-4')).getAttribute('aria-checked')) === 'true', '4 gives four stars');

  // Textarea: moving to it puts the focus in its box; Enter is a new line there, Esc leaves, Enter submits.
  await page.keyboard.press('ArrowDown');
  const box = page.locator(byTestId('textarea-reason-1'));
  await page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'textarea-reason-1');
  await page.keyboard.insertText('回答二更准确，');
  await page.keyboard.press('Enter');
  await page.keyboard.type('1. ');
  await page.keyboard.insertText('回答一把模型说成了数据库。');
  assert((await box.inputValue()) === '回答二更准确，\n1. 回答一把模型说成了数据库。', `Enter inserted a new line: ${await box.inputValue()}`);
  assert((await page.locator(byTestId('task')).count()) === 1, 'Enter in the box did not submit');
  assert((await pw.locator(byTestId('pairwise-pw-right')).getAttribute('aria-checked')) === 'true', 'the 1 typed in the box did not pick the left answer');
  await page.keyboard.press('Escape');
  await page.keyboard.press('Enter');
  await page.locator(byTestId('no-more-tasks')).waitFor();

  // The second project: Alt+→ sorts answers into the buckets; the unsorted one stays in `_`.
  await page.goto(baseUrl + '/');
  await page.locator(byTestId(`start-${bucketsId}`)).click();
  await page.locator(byTestId('ranking-sort')).waitFor();
  await page.keyboard.press('2');
  await page.keyboard.press('Alt+ArrowRight');
  await page.keyboard.press('1');
  await page.keyboard.press('Alt+ArrowRight');
  await page.keyboard.press('Alt+ArrowRight');
  const column = (key) => page.locator(`${byTestId(`ranking-sort-column-${key}`)} ${byTestId('ranking-item')}`).evaluateAll((els) => els.map((e) => e.dataset.id));
  assert(same(await column('good'), ['a2']) && same(await column('bad'), ['a1']) && same(await column('_'), ['a3']), 'the answers are in their buckets');
  await page.keyboard.press('Enter');
  await page.locator(byTestId('no-more-tasks')).waitFor();

  // The third project: a number out of range is named in the box; the taxonomy is searched and walked by keys.
  await page.goto(baseUrl + '/');
  await page.locator(byTestId(`start-${treeId}`)).click();
  await page.locator(byTestId('taxonomy-tax-tree')).waitFor();
  await page.keyboard.press('ArrowDown');
  await page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'number-score');
  await page.keyboard.type('11');
  assert((await page.locator(byTestId('number-score-problem')).innerText()).includes('10'), 'a number above max is named with the limit');
  await page.keyboard.press('Backspace');
  await page.keyboard.press('Backspace');
  await page.keyboard.type('7.5');
  assert((await page.locator(byTestId('number-score-problem')).count()) === 0, '7.5 is allowed');
  await page.keyboard.press('Escape');
  await page.keyboard.press('ArrowUp');
  await page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'taxonomy-tax-search');
  await page.keyboard.type('错');
  const rows = () => page.locator(byTestId('taxonomy-row')).evaluateAll((els) => els.map((e) => JSON.parse(e.dataset.path).join('/')));
  assert(same(await rows(), ['事实', '事实/错误']), `the search shows the match and its branch: ${await rows()}`);
  await page.keyboard.press('Enter');
  await page.keyboard.press('Escape');
  assert(same(await rows(), ['事实', 'Style']), 'Esc clears the search');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press(' ');
  const chips = () => page.locator(byTestId('taxonomy-chip')).evaluateAll((els) => els.map((e) => JSON.parse(e.dataset.path).join('/')));
  assert(same(await chips(), ['事实/错误', 'Style/Tone']), `picked by Enter in the search and Space in the tree: ${await chips()}`);
  await page.keyboard.press('Escape');
  await page.keyboard.press('Enter');
  await page.locator(byTestId('no-more-tasks')).waitFor();
  await logout(page);

  await login(page, baseUrl, DEMO_USERS.manager);
  const result = (await exportedResult(page, projectId)).map(withoutId);
  const expected = [
    { from_name: 'pw', to_name: 'pw', type: 'pairwise', value: { selected: 'right' } },
    { from_name: 'rank', to_name: 'answers', type: 'ranker', value: { ranker: { rank: ['a3', 'a2', 'a1'] } } },
    { from_name: 'quality', to_name: 'prompt', type: 'rating', value: { rating: 4 } },
    { from_name: 'reason', to_name: 'prompt', type: 'textarea', value: { text: ['回答二更准确，\n1. 回答一把模型说成了数据库。'] } },
  ];
  assert(same(result, expected), `stored as Label Studio writes it: ${JSON.stringify(result)}`);
  const sorted = (await exportedResult(page, bucketsId)).map(withoutId);
  const expectedSorted = [{ from_name: 'sort', to_name: 'answers', type: 'ranker', value: { ranker: { _: ['a3'], good: ['a2'], bad: ['a1'] } } }];
  assert(same(sorted, expectedSorted), `buckets stored as Label Studio writes them: ${JSON.stringify(sorted)}`);
  const tree = (await exportedResult(page, treeId)).map(withoutId);
  const expectedTree = [
    { from_name: 'tax', to_name: 'prompt', type: 'taxonomy', value: { taxonomy: [['事实', '错误'], ['Style', 'Tone']] } },
    { from_name: 'score', to_name: 'prompt', type: 'number', value: { number: 7.5 } },
  ];
  assert(same(tree, expectedTree), `taxonomy and number stored as Label Studio writes them: ${JSON.stringify(tree)}`);
  assert(errors.length === 0, `no script error: ${errors.join('; ')}`);
}
