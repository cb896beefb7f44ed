// Spans by keys only (#9): the annotator moves the text caret with the arrows, selects with Shift (by character in
// Chinese, by word with Ctrl in English), sees the waiting selection dashed and named, and labels it with the label
// key (or Space with a label armed), in a Chinese task (with an emoji, one code point) and an English one. The caret
// shows only while the labels control is active (↓ to the choices hides it, ↑ brings it back where it was), Esc
// drops a selection, the key help names the caret keys, and a click in the text puts the caret there. The export
// holds the spans with their code-point offsets and texts.
import { join } from 'node:path';
import { DEMO_USERS, assert, byTestId, login, logout, apiCall, uploadInPage } from '../lib/helpers.mjs';

export const name = 'annotator makes spans in Chinese and English text with the keyboard alone';

const ZH = '张三在😀腾讯工作，住在北京。';
const EN = 'Alice met Bob at Acme Corp.';
const CONFIG = `<View>
  <Text name="text" value="$text"/>
  <Labels name="ner" toName="text">
    <Label value="PER"/><Label value="ORG"/><Label value="LOC"/>
  </Labels>
  <Choices name="lang" toName="text"><Choice value="zh"/><Choice value="en"/></Choices>
</View>`;

/** Where the screenshots go (set by the run). */
let artifacts = '';

const spans = (page) => page.locator(`${byTestId('spans-ner')} li .region-text`).allInnerTexts();
const pendingText = async (page) => (await page.locator('[data-testid="object-text"] .seg-pending').allInnerTexts()).join('');

async function press(page, key, times = 1) {
  for (let i = 0; i < times; i++) await page.keyboard.press(key);
}

/** Selects with the keys and checks that the waiting selection is shown dashed and named under the labels. */
async function expectWaiting(page, text) {
  await page.locator(byTestId('span-waiting-ner')).waitFor();
  assert((await page.locator(byTestId('span-waiting-ner')).innerText()).includes(text), `the waiting selection is named “${text}”`);
  assert((await pendingText(page)) === text, `the dashed pending selection covers “${text}” (found “${await pendingText(page)}”)`);
}

async function chineseTask(page) {
  // The caret starts before the first character; ← at the start stays there.
  assert((await page.locator(byTestId('caret-text')).count()) === 1, 'the caret is shown while the labels control is active');
  await press(page, 'ArrowLeft');
  // 腾讯 after 张三在😀 (the emoji is one step): four steps, then Shift+→ twice, then ORG's key 2.
  await press(page, 'ArrowRight', 4);
  await press(page, 'Shift+ArrowRight', 2);
  await expectWaiting(page, '腾讯');
  await page.screenshot({ path: join(artifacts, 'caret-selection-zh.png'), fullPage: true });
  await press(page, '2');
  assert((await spans(page)).join() === '腾讯', 'key 2 makes the span 腾讯');
  // Ctrl+Shift+→ goes by character in Chinese: Home, then twice selects 张三 (PER).
  await press(page, 'Home');
  await press(page, 'Control+Shift+ArrowRight', 2);
  await expectWaiting(page, '张三');
  await press(page, '1');
  // ↓ to the choices hides the caret (the arrows are not the text's then); ↑ brings it back where it was.
  await press(page, 'ArrowDown');
  assert((await page.locator(byTestId('caret-text')).count()) === 0, 'the caret hides while another control is active');
  await press(page, 'ArrowRight');
  await press(page, 'ArrowUp');
  const caretAfter = await page.locator(byTestId('caret-text')).evaluate((el) => el.previousElementSibling?.dataset.end);
  assert(caretAfter === '2', `the caret is back after 张三 (after offset ${caretAfter})`);
  // Esc drops a selection; End, ← past 。, Shift+← twice selects 北京 (LOC).
  await press(page, 'Shift+End');
  await expectWaiting(page, '在😀腾讯工作，住在北京。');
  await press(page, 'Escape');
  assert((await page.locator(byTestId('span-waiting-ner')).count()) === 0, 'Esc drops the selection');
  await press(page, 'End');
  await press(page, 'ArrowLeft');
  await press(page, 'Shift+ArrowLeft', 2);
  await expectWaiting(page, '北京');
  await press(page, '3');
  assert((await spans(page)).join() === '张三,腾讯,北京', `three spans by keys (${(await spans(page)).join()})`);
  await press(page, 'Enter');
}

async function englishTask(page) {
  // Ctrl+Shift+→ selects the first word; ORG is for Acme Corp: Ctrl+→ to after "at", then two words with Shift.
  await press(page, 'Control+Shift+ArrowRight');
  await expectWaiting(page, 'Alice');
  await press(page, '1');
  await press(page, 'Control+ArrowRight', 3);
  await press(page, 'Control+Shift+ArrowRight', 2);
  await expectWaiting(page, 'Acme Corp');
  await page.screenshot({ path: join(artifacts, 'caret-selection-en.png'), fullPage: true });
  await press(page, '2');
  // PER armed (1 with nothing waiting); back by words to before "at" (Corp, Acme, at), one more character to after
  // "Bob", Shift+← three times selects it, and Space makes it with the armed label.
  await press(page, '1');
  assert((await page.locator(byTestId('label-ner-1')).getAttribute('aria-pressed')) === 'true', 'key 1 arms PER');
  await press(page, 'Control+ArrowLeft', 3);
  await press(page, 'ArrowLeft');
  await press(page, 'Shift+ArrowLeft', 3);
  await expectWaiting(page, 'Bob');
  await press(page, 'Space');
  assert((await spans(page)).join() === 'Alice,Bob,Acme Corp', `three spans by keys (${(await spans(page)).join()})`);
  // A click in the text puts the caret there (before the "e" of "met" when clicked on its left edge).
  const e = await page.evaluate(() => {
    const seg = [...document.querySelectorAll('[data-testid="object-text"] [data-start]')].find((s) => s.textContent.includes('met'));
    const range = document.createRange();
    const at = seg.textContent.indexOf('met') + 1;
    range.setStart(seg.firstChild, at);
    range.setEnd(seg.firstChild, at + 1);
    const r = range.getBoundingClientRect();
    return { x: r.left + 1, y: r.top + r.height / 2 };
  });
  await page.mouse.click(e.x, e.y);
  const clicked = await page.locator(byTestId('caret-text')).evaluate((el) => el.previousElementSibling?.dataset.end);
  assert(clicked === '7', `a click puts the caret before the e of met (after offset ${clicked})`);
  await press(page, 'Shift+ArrowRight', 2);
  await expectWaiting(page, 'et');
  await press(page, 'Escape');
  await press(page, 'Enter');
}

export default async function run({ context, baseUrl, artifactsDir: dir }) {
  artifacts = dir;
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));

  await login(page, baseUrl, DEMO_USERS.manager);
  const project = (await apiCall(page, 'POST', '/api/projects', { name: `Spans by keys (e2e) ${Date.now()}`, labelConfig: CONFIG, overlap: 1 })).project;
  await uploadInPage(page, project.id, 'texts.jsonl', [ZH, EN].map((text) => JSON.stringify({ data: { text } })).join('\n') + '\n');
  await logout(page);

  await login(page, baseUrl, DEMO_USERS.annotator1);
  await page.locator(byTestId(`start-${project.id}`)).click();
  await page.locator(byTestId('object-text')).waitFor();
  const help = await page.locator(byTestId('keyboard-help-caret')).innerText();
  assert(help.includes('Shift') && help.includes('Home'), `the key help names the caret keys (${help})`);
  for (let i = 0; i < 2; i++) {
    await page.locator(byTestId('caret-text')).waitFor();
    const shown = await page.locator(byTestId('object-text')).innerText();
    if (shown.includes(ZH)) await chineseTask(page);
    else if (shown.includes(EN)) await englishTask(page);
    else throw new Error(`unexpected task text: ${shown}`);
  }
  await page.locator(byTestId('no-more-tasks')).waitFor();
  assert(errors.length === 0, `no script error: ${errors.join('; ')}`);
  await logout(page);

  await login(page, baseUrl, DEMO_USERS.manager);
  const exported = await page.evaluate(async (id) => (await fetch(`/api/projects/${id}/export?format=ls-json`)).json(), project.id);
  const expected = {
    [ZH]: [[0, 2, 'PER'], [4, 6, 'ORG'], [11, 13, 'LOC']],
    [EN]: [[0, 5, 'PER'], [10, 13, 'PER'], [17, 26, 'ORG']],
  };
  for (const [text, want] of Object.entries(expected)) {
    const task = exported.find((t) => t.data.text === text);
    const stored = (task?.annotations?.[0]?.result ?? []).filter((r) => r.type === 'labels').map((r) => r.value).sort((a, b) => a.start - b.start);
    const points = Array.from(text);
    assert(stored.length === want.length, `${want.length} spans stored for “${text}” (found ${stored.length})`);
    want.forEach(([start, end, label], i) => {
      const s = stored[i];
      assert(s.start === start && s.end === end, `“${text}” span ${i + 1} at ${start}-${end} in code points (stored ${s.start}-${s.end})`);
      assert(s.text === points.slice(start, end).join(''), `its text is the slice (${s.text})`);
      assert(JSON.stringify(s.labels) === JSON.stringify([label]), `its label ${label} (${JSON.stringify(s.labels)})`);
    });
  }
}
