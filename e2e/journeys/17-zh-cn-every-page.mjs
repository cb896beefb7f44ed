// Every page of the web app in zh-CN (#11 item 7), as admin, manager, reviewer and annotator, with data on them: an
// intake report of a cleaning job that rejected an ID-shaped number with a wrong check character, the quality page
// after an aggregation run, a review item, an answer returned to its annotator. On each page the journey fails on
// text that looks like an untranslated i18next key (`intake.report.title`) and on visible text that is Latin letters
// only (the English fallback of a missing zh-CN word, a raw code such as `rejected:id_card:bad_check`, an English
// server message) unless every word is on the small allow-list below. The routes come from app.tsx: a page added
// there is visited too (with the demo project's id), so a new page cannot be forgotten.
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEMO_USERS, apiCall, assert, byTestId, fillIntakeUpload, login, logout } from '../lib/helpers.mjs';

export const name = 'every page in zh-CN: no untranslated keys, raw codes or English-only text';
export const timeoutMs = 300_000;

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * Latin words a Chinese page may show. Each is a proper name, a unit, a format or a standard's own abbreviation that
 * Chinese text uses as is; anything else in Latin letters is a missing translation.
 */
const ALLOWED_WORDS = [
  // the product, and the tool whose formats it reads and writes
  'Biaozhu', 'Label', 'Studio',
  // file and export formats ("JSON Lines", "Label Studio JSON-MIN" are the formats' own names)
  'JSON', 'JSONL', 'JSON-MIN', 'Lines', 'CSV', 'TSV', 'XML', 'CoNLL', 'Parquet', 'ZIP', 'SFT',
  // a column heading Chinese tables write in Latin letters
  'ID',
  // statistics by their authors' names or standard abbreviations, explained on the page beside them
  'F1', 'Fleiss', 'Krippendorff', 'AQL',
  // units
  'B', 'KB', 'MB', 'GB', 's', 'ms',
];

/**
 * Containers of data rather than interface text: what the task holds, what annotators and reviewers wrote, what the
 * manager typed (names, sources, config and pipeline text), and the choice values of a label config (stored in the
 * answers; the demo's Chinese is in each choice's tooltip, checked below).
 */
const DATA_CONTAINERS = [
  '[data-testid="task"]', '[data-testid="review-text"]', '[data-testid="sample-data"]',
  // the wizard's preview shows the label config being written (a template's English words are the manager's to change)
  '[data-testid="config-preview"]',
  // the task browser's columns: the task data's keys and values
  '.task-table-cell', '[data-testid="column-chooser"] label', '[data-testid="review-answer"]', '[data-testid="returned-comment"]',
  '[data-testid="current-user"]', '[data-value]', 'textarea', 'pre', 'code', 'kbd', 'input',
  // names and descriptions managers typed, which earlier journeys of the same run type in English: projects on the
  // list, people and their teams, team names wherever they are offered
  '[data-testid^="project-row-"] .strong', '[data-testid^="project-row-"] .muted', '[data-testid="person-row"] td:nth-child(1)',
  '[data-testid="person-row"] td:nth-child(5)', 'option', '[data-testid^="team-"]', '[data-testid^="member-"]',
  '[data-testid="policy-teams"] label', '[data-testid="project-members"] label', '[data-testid="teams-panel"] label',
  '[data-testid="import-history"] td',
  // the people a picker offers (the new-project wizard's members step, a project's "add members"), by the names typed
  '.people-picker-list .person-name',
  // label values of a config and the answers' sources named in the task data, as the quality tables list them
  '[data-testid="span-f1-table"] td', '[data-testid="preference-items"] td',
  // the project's guideline is the manager's own Markdown (the demo's is bilingual on purpose)
  '[data-testid="guideline"] .markdown',
  // each language is named in its own language, so that a reader of the other one finds it
  '[data-testid="language-switch"]',
];

/** Strings every page may show that are data by their shape: e-mail addresses, addresses, file names, numbers. */
const DATA_PATTERNS = [
  /[\w.+-]+@[\w-]+(\.[\w-]+)+/g, // e-mail addresses
  /https?:\/\/\S+/g,
  /\S+\.(jsonl|json|csv|tsv|zip|parquet|png|jpe?g|txt|md)\b/gi, // file names
  /#[0-9a-f]{3,8}\b/gi, // colours
  /\b\d[\d.,:%]*[a-z]{0,2}\b/gi, // numbers, with a unit stuck on
];

/**
 * Runs in the page: the text that fails the check, as `what: text`, and the allowed words it met. A text node with
 * Chinese characters passes as a whole (a Chinese sentence may name Fleiss' κ or JSON); English words that reach a
 * page inside a Chinese sentence through a value are the unit test translations-complete.test.ts's to catch (same
 * keys in both languages).
 */
function scanPage({ allowed, containers, patterns }) {
  const allow = new Set(allowed);
  const res = patterns.map(([source, flags]) => new RegExp(source, flags));
  const KEY = /^[a-z][A-Za-z0-9]*(?:\.[A-Za-z0-9_]+){1,}$/;
  const HAN = /[\u3400-\u9fff\uf900-\ufaff]/;
  const LATIN = /[A-Za-z]/;
  const bad = [];
  const used = new Set();
  const isData = (el) => containers.some((c) => el.closest(c));
  const visible = (el) => {
    const shown = el.closest('select') ?? el;
    return shown.getClientRects().length > 0 && getComputedStyle(shown).visibility !== 'hidden';
  };
  const check = (text, where) => {
    const s = text.replace(/\s+/g, ' ').trim();
    if (!s) return;
    if (KEY.test(s)) return bad.push(`key ${where}: ${s}`);
    if (HAN.test(s) || !LATIN.test(s)) return;
    let rest = s;
    for (const re of res) rest = rest.replace(re, ' ');
    const words = rest.match(/[A-Za-z][A-Za-z0-9_+/'-]*/g) ?? [];
    const foreign = words.map((w) => w.replace(/['-]+$/, '').replace(/'s$/, '')).filter((w) => w && !allow.has(w));
    for (const w of words) if (allow.has(w)) used.add(w);
    if (foreign.length > 0) bad.push(`latin ${where}: ${s.slice(0, 160)}`);
  };
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const el = n.parentElement;
    if (!el || el.closest('script,style,noscript') || isData(el) || !visible(el)) continue;
    const tag = el.closest('[data-testid]')?.getAttribute('data-testid');
    check(n.textContent ?? '', `<${el.tagName.toLowerCase()}${tag ? ` in ${tag}` : ''}>`);
  }
  for (const el of document.body.querySelectorAll('[placeholder],[title],[aria-label]')) {
    if (isData(el) && !el.matches('input,textarea')) continue;
    if (!visible(el)) continue;
    for (const attr of ['placeholder', 'title', 'aria-label']) {
      const v = el.getAttribute(attr);
      if (v && !(attr === 'title' && el.closest('[data-value],[data-testid="current-user"]'))) check(v, `${attr} of <${el.tagName.toLowerCase()}>`);
    }
  }
  return { bad, used: [...used] };
}

/** The routes app.tsx declares, e.g. `/projects/:projectId/quality` (the catch-all `*` aside). */
function declaredRoutes() {
  const source = readFileSync(join(ROOT, 'packages/web/src/app.tsx'), 'utf8');
  return [...source.matchAll(/<Route\s+path="([^"]+)"/g)].map((m) => m[1]).filter((p) => p !== '*');
}

function routeOf(pathname, routes) {
  const parts = pathname.replace(/\/+$/, '').split('/');
  return routes.find((r) => {
    const rp = r.replace(/\/+$/, '').split('/');
    return rp.length === parts.length && rp.every((p, i) => p.startsWith(':') || p === parts[i]);
  });
}

/** A cleaning upload: a Chinese review per line, some with a phone number, one with an ID number whose check character is wrong, one bad line. */
function intakeFile() {
  const lines = [];
  for (let i = 0; i < 30; i++) {
    const base = `第 ${i} 条评论：物流很快，包装完好。`;
    lines.push(JSON.stringify({ text: i % 6 === 0 ? `${base} 联系电话 13812345678` : i === 7 ? `${base} 身份证 110101199003071234` : base }));
  }
  lines.push(lines[3]);
  lines.splice(4, 0, '{"text": 不是 JSON');
  return lines.join('\n') + '\n';
}

export default async function run({ context, baseUrl, artifactsDir, log }) {
  await context.addInitScript(() => {
    // sandboxed frames (the guideline's and the task's inert HTML) have no storage; only the app's own document needs it
    try {
      localStorage.setItem('biaozhu.lang', 'zh-CN');
    } catch {
      /* not the app's document */
    }
  });
  const routes = declaredRoutes();
  const visited = new Set();
  const choiceValues = [];
  const allowedSeen = new Set();
  const problems = [];
  const page = await context.newPage();
  page.on('pageerror', (e) => log(`page error on ${page.url()}: ${e.message}`));

  /** Waits for the page to settle and records what fails the check. */
  async function check(label, readySelector) {
    if (readySelector) await page.waitForSelector(readySelector);
    await page.waitForLoadState('networkidle');
    await page.waitForTimeout(200);
    const route = routeOf(new URL(page.url()).pathname, routes);
    if (route) visited.add(route);
    const lang = await page.evaluate(() => document.documentElement.lang);
    assert(lang === 'zh-CN', `${label}: the page is in zh-CN (lang=${lang})`);
    const { bad: found, used } = await page.evaluate(scanPage, {
      // the label config's choice values are the author's words, stored in the answers (the confusion matrix shows them)
      allowed: [...ALLOWED_WORDS, ...choiceValues],
      containers: DATA_CONTAINERS,
      patterns: DATA_PATTERNS.map((re) => [re.source, re.flags]),
    });
    for (const w of used) allowedSeen.add(w);
    for (const f of found) problems.push(`${label} (${route ?? page.url()}) ${f}`);
    log(`${label}: ${found.length === 0 ? 'ok' : `${found.length} problem(s)`}`);
    for (const f of found) log(`  ${f}`);
  }

  // Logged out: the login page and an invitation that does not exist.
  await page.goto(`${baseUrl}/login`);
  await check('login', byTestId('login-form'));
  await page.goto(`${baseUrl}/invite/not-a-real-invitation`);
  await check('invite (unknown)', 'main');

  // admin: the people page, a reviewer for later, the project list.
  await login(page, baseUrl, DEMO_USERS.admin);
  await check('project list (admin)', byTestId('project-list'));
  await page.goto(`${baseUrl}/people`);
  await check('people', byTestId('people-filters'));
  await page.click(byTestId('open-create'));
  await check('people, new person', byTestId('person-form'));
  await page.click(byTestId('open-roster'));
  await check('people, roster import', byTestId('roster-import'));
  const reviewer = { email: `reviewer-zh-${Date.now()}@demo.local`, password: 'biaozhu-reviewer-zh-e2e' };
  await apiCall(page, 'POST', '/api/users', { email: reviewer.email, password: reviewer.password, role: 'reviewer', name: 'Reviewer 审核员' });
  await page.goto(`${baseUrl}/change-password`);
  await check('change password', byTestId('change-password-form'));
  await logout(page);

  await login(page, baseUrl, DEMO_USERS.manager);
  const projects = (await apiCall(page, 'GET', '/api/projects')).projects;
  const sentiment = projects.find((p) => p.name.startsWith('Demo: sentiment'));
  assert(sentiment, 'the demo has its sentiment project');
  const projectId = String(sentiment.id);
  const control = (await apiCall(page, 'GET', `/api/projects/${projectId}`)).project.labelConfig.controls[0];
  choiceValues.push(...control.choices.map((c) => c.value));
  // The reviewer reviews the demo project (a no-op when reviewers see every project).
  await apiCall(page, 'POST', `/api/projects/${projectId}/members`, { email: reviewer.email, role: 'reviewer' }).catch(() => {});

  // An upload with cleaning (language and PII steps on), then its report.
  await page.goto(`${baseUrl}/projects/${projectId}/intake`);
  await check('intake', byTestId('intake-form'));
  const file = join(artifactsDir, 'zh-reviews.jsonl');
  await writeFile(file, intakeFile());
  await fillIntakeUpload(page, file, { sourceName: 'e2e 评论', license: '合同 E2E-17', method: '测试生成', legalBasis: '用户同意' });
  await page.check(byTestId('intake-step-language'));
  await page.check(byTestId('intake-skip-bad'));
  await page.click(byTestId('intake-submit'));
  const job = page.locator(`${byTestId('intake-form')} ${byTestId('intake-job')}`);
  await job.waitFor();
  await page.waitForFunction(() => document.querySelector('[data-testid="intake-form"] [data-testid="intake-job"]')?.getAttribute('data-status') === 'done', null, { timeout: 60_000 });
  await check('intake, job done', byTestId('intake-report-link'));
  await job.locator(byTestId('intake-report-link')).click();
  await check('intake report', byTestId('report-steps'));
  const steps = await page.locator(byTestId('report-steps')).innerText();
  if (/\b(rejected|kept|dropped):/.test(steps)) problems.push(`intake report: a finding shown as its code (${steps})`);
  await page.screenshot({ path: join(artifactsDir, 'zh-intake-report.png'), fullPage: true });
  await page.goto(`${baseUrl}/projects/${projectId}/intake`);
  await page.waitForSelector(byTestId('intake-form'));
  await fillIntakeUpload(page, file, { sourceName: 'e2e 评论', license: '合同 E2E-17', method: '测试生成', legalBasis: '用户同意' });
  await page.click(byTestId('intake-submit'));
  await page.waitForFunction(() => document.querySelector('[data-testid="intake-form"] [data-testid="intake-job"]')?.getAttribute('data-status') === 'failed', null, { timeout: 60_000 });
  await check('intake, job failed on a bad line', `${byTestId('intake-form')} ${byTestId('intake-job')} .error-text`);
  await logout(page);

  // Two annotators answer tasks through the API, the first one through the workspace page as well.
  let returnedId = null;
  for (const [w, user] of [DEMO_USERS.annotator1, DEMO_USERS.annotator2].entries()) {
    await login(page, baseUrl, user);
    for (let i = 0; i < 6; i++) {
      const next = await page.evaluate(async (id) => {
        const me = await (await fetch('/api/auth/me')).json();
        const res = await fetch(`/api/projects/${id}/next`, { method: 'POST', headers: { 'x-csrf-token': me.csrfToken } });
        return res.status === 200 ? res.json() : null;
      }, projectId);
      if (!next) break;
      const value = control.choices[(i + w * (i % 2)) % control.choices.length].value;
      const result = [{ id: `zh${i}`, from_name: control.name, to_name: control.toName, type: 'choices', value: { choices: [value] } }];
      await apiCall(page, 'POST', `/api/assignments/${next.assignment.id}/submit`, { result, idempotencyKey: `zh17-${next.assignment.id}` });
    }
    if (w === 0) {
      await page.goto(`${baseUrl}/projects/${projectId}/work`);
      await check('workspace', byTestId('task'));
      // The demo's answer choices: the value (stored in the answers) in English, the tooltip in Chinese and English.
      const choices = await page.locator('[data-testid^="choice-"]').evaluateAll((els) => els.map((e) => ({ value: e.getAttribute('data-value'), title: e.getAttribute('title') ?? '' })));
      assert(choices.length > 0 && choices.every((c) => /[\u4e00-\u9fff]/.test(c.title) && /[a-z]/.test(c.title)), `each demo choice explains itself in Chinese and English (${JSON.stringify(choices)})`);
      for (const other of projects.filter((p) => p.id !== sentiment.id && p.name.startsWith('Demo:'))) {
        await page.goto(`${baseUrl}/projects/${other.id}/work`);
        // an earlier journey may have answered every task of it this annotator may take: the "no more tasks" page
        // is checked then
        await check(`workspace of ${other.name}`, `${byTestId('task')}, ${byTestId('no-more-tasks')}`);
      }
    }
    await logout(page);
  }

  // The manager's pages: project page, quality after an aggregation, people's statistics, settings, new project.
  await login(page, baseUrl, DEMO_USERS.manager);
  await check('project list (manager)', byTestId('project-list'));
  await page.goto(`${baseUrl}/projects/${projectId}`);
  await check('manager project page', byTestId('manager-page'));
  await page.goto(`${baseUrl}/projects/${projectId}/quality`);
  await page.waitForSelector(byTestId('quality-page'));
  await page.click(byTestId('aggregation-run'));
  await page.waitForFunction(() => /完成/.test(document.querySelector('[data-testid="aggregation-job"]')?.textContent ?? ''), null, { timeout: 60_000 });
  await check('quality page after aggregation', byTestId('aggregation-job'));
  await page.fill(byTestId('lot-name'), '第一批');
  await page.click(byTestId('lot-cut-button'));
  const lot = page.locator('[data-testid^="lot-open-"]').first();
  await lot.waitFor();
  await lot.click();
  await check('quality page, a delivery lot open', byTestId('lot-detail'));
  await page.screenshot({ path: join(artifactsDir, 'zh-quality.png'), fullPage: true });
  await page.goto(`${baseUrl}/projects/${projectId}/settings`);
  await check('project settings', byTestId('project-settings'));
  // the other demo projects' pages (spans; pairwise, rating and text controls)
  for (const other of projects.filter((p) => p.id !== sentiment.id && p.name.startsWith('Demo:'))) {
    await page.goto(`${baseUrl}/projects/${other.id}`);
    await check(`manager page of ${other.name}`, byTestId('manager-page'));
    await page.goto(`${baseUrl}/projects/${other.id}/quality`);
    await check(`quality page of ${other.name}`, byTestId('quality-page'));
    await page.goto(`${baseUrl}/projects/${other.id}/settings`);
    await check(`settings of ${other.name}`, byTestId('project-settings'));
  }
  await page.goto(`${baseUrl}/projects/new`);
  await check('new project', byTestId('project-name'));
  await page.fill(byTestId('project-name'), `E2E 中文 ${Date.now()}`);
  await page.click(byTestId('wizard-next'));
  await page.click(byTestId('template-sentiment'));
  await check('new project, label config', byTestId('config-preview'));
  await page.fill(byTestId('config-xml'), '<View>\n  <Text name="text" value="$text"/>\n  <Choices name="c" toName="nowhere"><Choice value="a"/></Choices>\n</View>\n');
  await page.waitForSelector(`${byTestId('config-check')}[data-state="bad"]`, { state: 'attached' });
  await check('new project, a config with a mistake');
  await page.click(byTestId('template-sentiment'));
  await page.waitForSelector(`${byTestId('config-check')}[data-state="ok"]`, { state: 'attached' });
  await page.click(byTestId('wizard-next'));
  await check('new project, access', byTestId('new-project-access'));
  await page.click(byTestId('new-access-members'));
  await check('new project, members only');
  await page.click(byTestId('wizard-next'));
  await check('new project, create', byTestId('create-project'));
  await page.click(byTestId('create-project'));
  await check('new project, assignment policy', byTestId('policy-editor'));
  await page.click(byTestId('wizard-next'));
  await check('new project, first import', byTestId('import-sourceName'));
  await logout(page);

  // The reviewer: the queue with an item, which is returned to its annotator.
  await login(page, baseUrl, reviewer);
  await page.goto(`${baseUrl}/projects/${projectId}/review`);
  await check('review queue with an item', byTestId('review-item'));
  returnedId = await page.locator(byTestId('review-item')).first().getAttribute('data-annotation-id');
  await page.keyboard.press('r');
  await page.waitForSelector(byTestId('reject-form'));
  await check('review, rejecting', byTestId('reject-reason'));
  await page.selectOption(byTestId('reject-reason'), 'wrong_label');
  await page.fill(byTestId('reject-comment'), '请再看一遍');
  await page.keyboard.press('Enter');
  await page.waitForFunction((id) => document.querySelector(`[data-testid="review-item"][data-annotation-id="${id}"]`) === null, returnedId);
  await logout(page);

  // The annotator whose answer came back; whichever of the two it was.
  for (const user of [DEMO_USERS.annotator1, DEMO_USERS.annotator2]) {
    await login(page, baseUrl, user);
    await page.goto(`${baseUrl}/projects/${projectId}/returned`);
    await page.waitForSelector(byTestId('returned-page'));
    await page.waitForLoadState('networkidle');
    if ((await page.locator(byTestId(`returned-${returnedId}`)).count()) > 0) {
      await check('returned to me, with the item', byTestId(`returned-${returnedId}`));
      await logout(page);
      break;
    }
    await logout(page);
  }

  // Any page app.tsx declares that the steps above did not reach, with the demo project and the report's job.
  await login(page, baseUrl, DEMO_USERS.manager);
  const jobId = (await apiCall(page, 'GET', `/api/projects/${projectId}/cleaning-jobs`)).jobs[0]?.id;
  for (const route of routes.filter((r) => !visited.has(r))) {
    const url = route.replace(':projectId', projectId).replace(':jobId', String(jobId)).replace(':token', 'not-a-real-invitation').replace(/:\w+/g, '1');
    await page.goto(baseUrl + url);
    await check(`page ${route}`, 'main');
    visited.add(route);
  }
  const missed = routes.filter((r) => !visited.has(r));
  assert(missed.length === 0, `every route of app.tsx was visited (missed: ${missed.join(', ')})`);
  log(`${visited.size} routes visited: ${[...visited].join(' ')}`);
  // which allowed words the pages used, to keep the list short
  log(`allowed words met: ${[...allowedSeen].sort().join(' ')}`);
  assert(problems.length === 0, `text that is not in Chinese on ${problems.length} place(s):\n${problems.join('\n')}`);
}
