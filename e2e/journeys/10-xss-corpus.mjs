// The XSS corpus (e2e/fixtures/xss-payloads.json) in every place task data and config text is shown: a project with
// every object type (text, hypertext, dialogue, list, image) whose tasks hold a payload in every data field, with
// payloads as its name, control headers, choice and label values and hints, guideline, import file and source names
// and a review comment. An annotator walks every task in the workspace, a manager the project list, project page
// (guideline, import history), review and quality pages, and the annotator the page of returned work.
//
// The pages run with the Content-Security-Policy switched off (bypassCSP), so the sanitiser and the views are the
// only defence under test: a payload that reached the DOM live would run here. The journey fails on any dialog
// (alert), page error, console error, `window.__xss` being set, a navigation away from the app, a request to another
// host than the one benign picture, or hostile markup found in the DOM (handlers, script-capable elements, hostile
// addresses, markup inside the objects shown as text).
import { readFileSync } from 'node:fs';
import { DEMO_USERS, assert, byTestId, login, logout, apiCall as api } from '../lib/helpers.mjs';

/** About a hundred tasks walked one by one, then five pages: longer than run.mjs's default of 120 s on a busy machine. */
export const timeoutMs = 300_000;

export const name = 'the XSS corpus in every task field, label and name runs nowhere (workspace, manager, review, returned pages)';

const CORPUS = JSON.parse(readFileSync(new URL('../fixtures/xss-payloads.json', import.meta.url), 'utf8'));
const PAYLOADS = CORPUS.html.map((p) => p.payload);
/** Payloads that fit where config text is at most 200 characters (names, values, headers). */
const SHORT = [...new Set(PAYLOADS.filter((p) => p.length <= 200))];
/** Hostile addresses also as links and pictures in the HTML. */
const URL_PAYLOADS = CORPUS.urls.map(({ url }) =>
  `<a href="${url.replaceAll('"', '&quot;')}">url link</a><img src="${url.replaceAll('"', '&quot;')}" alt="url picture">`);
/** As many payloads as a review comment holds (2,000 characters). */
const COMMENT = PAYLOADS.reduce((c, p) => (c.length + p.length + 1 <= 2000 ? `${c}${p}\n` : c), '');
const BENIGN_PICTURE = 'https://pictures.example.com/cat.png';
/** What a manager's HTML may look like: it must come through with its tables, lists, links and picture. */
const BENIGN_HTML = `<h2>Order 17</h2><p><b>Bold</b> and <i>italic</i> <a href="https://example.com/help" target="_self">help</a></p>
<ul><li>one</li><li>two</li></ul><table><tr><th>k</th><td>v</td></tr><tr><td colspan="2" lang="zh-CN">合并</td></tr></table><img src="${BENIGN_PICTURE}" alt="cat">`;

/** The allow list of the hypertext view, as the user would notice it (packages/label-types/src/objects/hypertext/sanitise-policy.ts). */
const HYPERTEXT_TAGS = new Set(['p', 'br', 'hr', 'div', 'span', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'b', 'strong', 'i', 'em', 'u', 's', 'del',
  'ins', 'mark', 'small', 'sub', 'sup', 'abbr', 'dfn', 'q', 'cite', 'code', 'pre', 'kbd', 'samp', 'var', 'blockquote', 'bdi', 'bdo', 'wbr',
  'ruby', 'rt', 'rp', 'time', 'ul', 'ol', 'li', 'dl', 'dt', 'dd', 'table', 'caption', 'colgroup', 'col', 'thead', 'tbody', 'tfoot', 'tr',
  'th', 'td', 'a', 'img', 'figure', 'figcaption', 'details', 'summary', 'article', 'section', 'header', 'footer', 'aside']);
const HYPERTEXT_ATTRIBUTES = new Set(['href', 'src', 'alt', 'title', 'width', 'height', 'lang', 'dir', 'colspan', 'rowspan', 'scope', 'abbr',
  'start', 'reversed', 'datetime', 'open', 'target', 'rel', 'referrerpolicy', 'loading']);

function config() {
  const values = SHORT.slice(0, 40);
  return {
    objects: [
      { type: 'text', name: 'text', value: 'text' },
      { type: 'hypertext', name: 'html', value: 'html' },
      { type: 'dialogue', name: 'chat', value: 'dialogue' },
      { type: 'list', name: 'results', value: 'items', title: SHORT[0] },
      { type: 'image', name: 'picture', value: 'image' },
    ],
    controls: [
      { type: 'choices', name: 'verdict', toName: 'html', label: SHORT[1], required: true,
        choices: values.map((value, i) => ({ value, hint: SHORT[(i + 7) % SHORT.length] })) },
      { type: 'labels', name: 'ner', toName: 'text', label: SHORT[2], required: false,
        labels: values.slice(0, 20).map((value, i) => ({ value, hint: SHORT[(i + 3) % SHORT.length], background: 'expression(window.__xss=1)' })) },
    ],
  };
}

/** A task with `payload` in every data field (and an address payload for the picture). */
function taskData(payload, i) {
  return {
    text: payload,
    html: payload,
    dialogue: [{ author: payload, text: payload }, { author: 'agent', text: payload }],
    items: [{ id: 1, title: payload, body: payload }, { id: 'second', title: 'second', body: payload }],
    image: CORPUS.urls[i % CORPUS.urls.length].url,
    note: payload,
  };
}

/** Tasks of the data: every payload on its own, all of them at once, the addresses as HTML, and wrong shapes. */
function tasks() {
  const all = PAYLOADS.join('\n');
  return [
    { data: { ...taskData(BENIGN_HTML, 0), image: BENIGN_PICTURE }, expect: 'benign' },
    ...PAYLOADS.map((p, i) => ({ data: taskData(p, i), expect: 'payload' })),
    ...URL_PAYLOADS.map((p, i) => ({ data: taskData(p, i), expect: 'payload' })),
    { data: { ...taskData(all, 1), dialogue: all, items: { title: all } }, expect: 'badShapes' },
    { data: { ...taskData(all, 2), dialogue: [{ author: all }], items: [{ title: all }], html: { html: all } }, expect: 'badShapes' },
  ];
}


/** Imports the tasks in a few files, each named (file and source) after a payload. */
async function importTasks(page, projectId, all) {
  const batch = 25;
  for (let at = 0, n = 0; at < all.length; at += batch, n++) {
    const lines = all.slice(at, at + batch).map((t) => JSON.stringify(t.data)).join('\n') + '\n';
    const named = SHORT[(n * 5) % SHORT.length];
    await page.evaluate(
      async ({ projectId, lines, named }) => {
        const me = await (await fetch('/api/auth/me')).json();
        const form = new FormData();
        for (const [k, v] of Object.entries({ sourceName: named, sourceLicense: named, collectionMethod: named, containsPersonalInfo: 'false' })) form.append(k, v);
        form.append('file', new Blob([lines], { type: 'application/x-ndjson' }), `${named}.jsonl`);
        const res = await fetch(`/api/projects/${projectId}/imports`, { method: 'POST', headers: { 'x-csrf-token': me.csrfToken }, body: form });
        if (res.status !== 201) throw new Error(`import: ${res.status} ${await res.text()}`);
      },
      { projectId, lines, named },
    );
  }
}

/** Everything that would show a payload ran, collected per page. */
function watch(page, seen, origin) {
  page.on('dialog', (d) => {
    seen.push(`dialog (${d.type()}): ${d.message()} on ${page.url()}`);
    void d.dismiss().catch(() => {});
  });
  page.on('pageerror', (e) => seen.push(`page error: ${e.message} on ${page.url()}`));
  page.on('console', (m) => {
    // Around signing in and out the app's own calls meet a 401 from its API: the one console error that is no payload's.
    const ownProbe = /^Failed to load resource: .* 401/.test(m.text()) && (m.location().url ?? '').startsWith(`${origin}/api/`);
    if (m.type() === 'error' && !ownProbe) seen.push(`console error: ${m.text()} (${m.location().url}) on ${page.url()}`);
  });
  page.on('framenavigated', (f) => {
    if (!f.url().startsWith(origin) && f.url() !== 'about:blank') seen.push(`navigated away to ${f.url()}`);
  });
  page.on('popup', (p) => seen.push(`a window opened: ${p.url()}`));
}

/** The DOM's own account, and whatever was seen so far (fails at once): no flag, no handlers, no script-capable element, no hostile address anywhere in the body. */
async function inspect(page, where, seen) {
  const found = await page.evaluate(({ tags, attributes }) => {
    const problems = [];
    if (typeof window.__xss !== 'undefined') problems.push(`window.__xss is set (${String(window.__xss)})`);
    // Raster pictures inline are only pictures; any other data: address, or a script scheme, is hostile.
    const hostile = /^\s*(javascript:|vbscript:|data:(?!image\/(png|gif|jpe?g|webp)[;,]))/i;
    for (const el of document.body.querySelectorAll('*')) {
      const tag = el.tagName.toLowerCase();
      if (['script', 'iframe', 'frame', 'object', 'embed', 'base', 'meta', 'link', 'style', 'template', 'noscript', 'math'].includes(tag)) problems.push(`<${tag}> in the page`);
      for (const a of el.attributes) {
        if (/^on/i.test(a.name)) problems.push(`${a.name} on <${tag}>`);
        if (['href', 'src', 'action', 'formaction', 'xlink:href', 'srcdoc', 'background'].includes(a.name) && (hostile.test(a.value) || a.name === 'srcdoc')) {
          problems.push(`${a.name}="${a.value.slice(0, 60)}" on <${tag}>`);
        }
      }
    }
    // The objects shown as text hold no markup of the task: every payload is text there.
    for (const box of document.querySelectorAll('[data-testid="object-text"], [data-testid="object-chat"], [data-testid="object-results"], [data-testid="review-text"]')) {
      const markup = box.querySelector('img, svg, a, iframe, form, input, details, table, marquee, video, audio, textarea, select, b, i, p, h2');
      if (markup) problems.push(`<${markup.tagName.toLowerCase()}> inside ${box.dataset.testid}`);
    }
    // HTML shown from the task or the guideline carries no style (an overlay asking for the password) and no form.
    for (const box of document.querySelectorAll('[data-testid^="object-"], [data-testid="guideline"], .markdown')) {
      const styled = box.querySelector('[style], form, input, button, textarea, select, dialog');
      if (styled && !styled.closest('[data-testid^="control-"]')) problems.push(`<${styled.tagName.toLowerCase()}${styled.hasAttribute('style') ? ' style' : ''}> inside ${box.dataset.testid ?? box.className}`);
    }
    const html = document.querySelector('[data-testid="object-html"].task-hypertext');
    if (html) {
      for (const el of html.querySelectorAll('*')) {
        const tag = el.tagName.toLowerCase();
        if (!tags.includes(tag)) problems.push(`<${tag}> in the hypertext`);
        for (const a of el.attributes) if (!attributes.includes(a.name)) problems.push(`${a.name} on <${tag}> in the hypertext`);
        if (tag === 'a') {
          if (el.hasAttribute('href') && !/^(https?|mailto):/.test(el.getAttribute('href'))) problems.push(`link to ${el.getAttribute('href')}`);
          if (el.getAttribute('rel') !== 'noopener noreferrer' || el.getAttribute('target') !== '_blank') problems.push('a link without target/rel');
        }
        if (tag === 'img') {
          if (el.hasAttribute('src') && !/^https?:/.test(el.getAttribute('src'))) problems.push(`picture from ${el.getAttribute('src')}`);
          if (el.getAttribute('referrerpolicy') !== 'no-referrer') problems.push('a picture that sends the referrer');
        }
      }
    }
    return problems;
  }, { tags: [...HYPERTEXT_TAGS], attributes: [...HYPERTEXT_ATTRIBUTES] });
  for (const p of found) seen.push(`${where}: ${p}`);
  // At once, so the failure names the page (and an overlay cannot hide it behind a click that times out).
  verdict(seen);
}

/** What a user does with a shown task: move the mouse over the objects, click links and summaries that lead nowhere. */
async function handle(page) {
  const boxes = await page.evaluate(() =>
    [...document.querySelectorAll('[data-testid^="object-"]')].map((el) => el.getBoundingClientRect()).filter((r) => r.width > 0 && r.height > 0)
      .map((r) => ({ x: r.x + r.width / 2, y: r.y + Math.min(r.height / 2, 300) })));
  for (const { x, y } of boxes) await page.mouse.move(x, y);
  // Links to web addresses would open other sites in a new tab (not followed here); the others are clicked.
  const clickable = page.locator('[data-testid="object-html"] a:not([href]):visible, [data-testid="object-html"] summary:visible');
  const n = Math.min(await clickable.count(), 5);
  for (let i = 0; i < n; i++) await clickable.nth(i).click({ timeout: 1000 }).catch(() => {});
  // Back to the page, so the keys that answer go to the workspace.
  await page.mouse.move(5, 5);
}

/** Fails with every sign of a payload that ran, or of hostile markup left in the DOM. */
function verdict(seen) {
  assert(seen.length === 0, `nothing of the corpus may run or stay active:\n  ${[...new Set(seen)].slice(0, 40).join('\n  ')}`);
}

export default async function run({ context, baseUrl, artifactsDir, log }) {
  const browser = context.browser();
  const bare = await browser.newContext({ bypassCSP: true, locale: 'en-US', viewport: { width: 1280, height: 900 } });
  try {
    bare.setDefaultTimeout(15_000);
    const seen = [];
    const external = [];
    // Requests to other hosts: the one benign picture is answered with a 1x1 PNG, anything else is an escape.
    const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mP8/x8AAwMCAO+ip1sAAAAASUVORK5CYII=', 'base64');
    await bare.route((url) => !url.href.startsWith(baseUrl), (route) => {
      const url = route.request().url();
      external.push(url);
      if (url === BENIGN_PICTURE) return route.fulfill({ status: 200, contentType: 'image/png', body: PNG });
      return route.abort();
    });
    const page = await bare.newPage();
    watch(page, seen, baseUrl);
    const all = tasks();

    await login(page, baseUrl, DEMO_USERS.manager);
    const project = (await api(page, 'POST', '/api/projects', { name: SHORT[3], description: SHORT[4], labelConfig: config(), overlap: 1 })).project;
    await api(page, 'PUT', `/api/projects/${project.id}/guideline`, { body: `# Guideline\n\n${PAYLOADS.join('\n\n')}` });
    await importTasks(page, project.id, all);
    log(`project ${project.id}: ${all.length} tasks, ${PAYLOADS.length} payloads, ${URL_PAYLOADS.length} address payloads`);
    await page.goto(baseUrl + '/');
    await page.waitForSelector(byTestId(`project-row-${project.id}`));
    await inspect(page, 'manager project list', seen);
    await logout(page);

    // The annotator answers every task, looking at each as a user would.
    await login(page, baseUrl, DEMO_USERS.annotator1);
    await inspect(page, 'annotator project list', seen);
    await page.locator(byTestId(`start-${project.id}`)).click();
    let shown = 0;
    let previous = null;
    for (;;) {
      const state = await page.waitForSelector(`${byTestId('task')}, ${byTestId('no-more-tasks')}`);
      if ((await state.getAttribute('data-testid')) === 'no-more-tasks') break;
      const taskId = await state.getAttribute('data-task-id');
      if (taskId === previous) {
        await page.waitForFunction((id) => document.querySelector('[data-testid="task"]')?.getAttribute('data-task-id') !== id, taskId);
        continue;
      }
      previous = taskId;
      shown++;
      await page.locator(byTestId('object-html')).waitFor();
      // Which task this is, by the text object, which shows the payload as it is.
      const shownText = await page.locator(byTestId('object-text')).textContent();
      const task = all.find((t) => !t.seen && t.data.text === shownText);
      assert(task, `the text object shows its value as text, character for character (task ${taskId}: ${JSON.stringify(shownText?.slice(0, 80))})`);
      task.seen = true;
      // First what a payload would do, then what the user should see.
      await handle(page);
      await inspect(page, `workspace task ${shown}`, seen);
      if (task.expect === 'benign') {
        // The benign HTML keeps its formatting, its table and its safe link and picture.
        const box = page.locator(byTestId('object-html'));
        assert((await box.locator('table td').first().innerText()) === 'v', 'the table of the HTML is shown');
        assert((await box.locator('td[colspan="2"][lang="zh-CN"]').innerText()) === '合并', 'plain attributes of the table stay');
        assert((await box.locator('b').innerText()) === 'Bold', 'bold text stays bold');
        const link = box.locator('a');
        assert((await link.getAttribute('href')) === 'https://example.com/help' && (await link.getAttribute('target')) === '_blank', 'the link opens in a new tab');
        await page.waitForFunction(() => document.querySelector('[data-testid="object-html"] img')?.complete === true);
        assert((await box.locator('img').evaluate((img) => img.naturalWidth)) === 1, 'the web picture is loaded');
      } else if (task.expect === 'payload') {
        const turns = await page.locator(`${byTestId('object-chat')} .dialogue-text`).allTextContents();
        assert(turns.length === 2 && turns.every((t) => t === task.data.text), `the dialogue shows the payload as text (task ${taskId})`);
        const title = await page.locator(`${byTestId('object-results')} .task-list-item-title`).first().textContent();
        assert(title === task.data.text, `the list shows the payload as text (task ${taskId})`);
      } else {
        await page.locator(byTestId('object-problem-chat')).waitFor();
        await page.locator(byTestId('object-problem-results')).waitFor();
      }
      if (shown % 20 === 0) log(`${shown} tasks shown`);
      await page.keyboard.press('1');
      await page.keyboard.press('Enter');
    }
    assert(shown === all.length && all.every((t) => t.seen), `every task was shown (${shown} of ${all.length})`);
    log(`annotator walked ${shown} tasks`);
    await logout(page);

    // The manager's pages that show the project's data, names and imports.
    await login(page, baseUrl, DEMO_USERS.manager);
    await page.goto(`${baseUrl}/projects/${project.id}`);
    await page.waitForSelector(byTestId('import-history'));
    // The source is shown by its name as text (the file name loses what a path would hold: `</script>` has a slash).
    await page.locator(byTestId('import-history')).getByText(SHORT[0], { exact: true }).first().waitFor();
    await handle(page);
    await inspect(page, 'project page', seen);

    await page.goto(`${baseUrl}/projects/${project.id}/review`);
    await page.waitForSelector(byTestId('review-item'));
    await inspect(page, 'review page', seen);
    // The first answer goes back with a payload as the comment; a few more are looked at and accepted.
    await page.keyboard.press('r');
    await page.waitForSelector(byTestId('reject-form'));
    await page.fill(byTestId('reject-comment'), COMMENT);
    await page.keyboard.press('Enter');
    for (let i = 0; i < 5; i++) {
      const before = await page.locator(byTestId('review-item')).getAttribute('data-annotation-id');
      await inspect(page, `review item ${i + 2}`, seen);
      await page.keyboard.press('a');
      await page.waitForFunction((id) => document.querySelector('[data-testid="review-item"]')?.getAttribute('data-annotation-id') !== id, before);
    }
    await page.goto(`${baseUrl}/projects/${project.id}/quality`);
    await page.waitForSelector(byTestId('quality-page'));
    await inspect(page, 'quality page', seen);
    await logout(page);

    await login(page, baseUrl, DEMO_USERS.annotator1);
    await page.goto(`${baseUrl}/projects/${project.id}/returned`);
    await page.waitForSelector(byTestId('returned-page'));
    await page.locator('[data-testid^="returned-"][data-testid$="-fix"], [data-testid="returned-fix"]').first().click({ timeout: 5000 }).catch(() => {});
    await inspect(page, 'returned page', seen);

    const escaped = external.filter((u) => u !== BENIGN_PICTURE);
    assert(escaped.length === 0, `no request left for another host: ${escaped.slice(0, 10).join(', ')}`);
    verdict(seen);
  } catch (e) {
    // This context is the journey's own, so run.mjs cannot see its pages: keep their picture here.
    for (const [i, p] of bare.pages().entries()) await p.screenshot({ path: `${artifactsDir}/10-xss-corpus-page-${i}.png`, fullPage: true }).catch(() => {});
    throw e;
  } finally {
    await bare.close().catch(() => {});
  }
}
