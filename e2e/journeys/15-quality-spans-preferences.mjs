// The quality page for the demo's Chinese NER and LLM preference projects (#9 items 5, 6): two annotators answer
// every task through the API, the manager runs the aggregation from the page (spans by token overlap), and the page
// shows what the quality API reports: span F1 exact and by overlap with a row per label, the explanation of F1 in
// Chinese, the rating spread, and the preference fit with its ties, the pull to the left and the models' strengths.
import { DEMO_USERS, assert, byTestId, login, logout, apiCall } from '../lib/helpers.mjs';

export const name = 'quality page: span F1 per label, rating spread and the pairwise fit (ties, left bias, strengths) of the demo NER and preference projects';
export const timeoutMs = 240_000;


const span = (text, start, end, label, id) => ({ id, from_name: 'ner', to_name: 'text', type: 'labels', value: { start, end, text: [...text].slice(start, end).join(''), labels: [label] } });

/** Works through a project: `answer(data, i)` gives the result of the i-th task taken. */
async function workAll(page, projectId, answer) {
  for (let i = 0; ; i++) {
    const next = await page.evaluate(async (id) => {
      const me = await (await fetch('/api/auth/me')).json();
      const res = await fetch(`/api/projects/${id}/next`, { method: 'POST', headers: { 'x-csrf-token': me.csrfToken } });
      return res.status === 200 ? res.json() : null;
    }, projectId);
    if (!next) return i;
    await apiCall(page, 'POST', `/api/assignments/${next.assignment.id}/submit`, { result: answer(next.assignment.data, i), idempotencyKey: `q15-${projectId}-${next.assignment.id}` });
  }
}

export default async function run({ context, baseUrl, log }) {
  const page = await context.newPage();
  await login(page, baseUrl, DEMO_USERS.manager);
  const projects = (await apiCall(page, 'GET', '/api/projects')).projects;
  const ner = projects.find((p) => p.name.startsWith('Demo: Chinese NER'));
  const llm = projects.find((p) => p.name.startsWith('Demo: LLM answer preference'));
  assert(ner && llm, 'the demo has its NER and preference projects');
  await logout(page);

  // Two annotators who agree on the person and differ on where the place ends now and then; the second picks the
  // left answer far more often than the first.
  for (const [w, user] of [DEMO_USERS.annotator1, DEMO_USERS.annotator2].entries()) {
    await login(page, baseUrl, user);
    const nerDone = await workAll(page, ner.id, (data, i) => {
      const longer = w === 1 && i % 3 === 0;
      return [span(data.text, 0, 2, 'PER', 's1'), span(data.text, 3, longer ? 6 : 5, 'LOC', 's2')];
    });
    const llmDone = await workAll(page, llm.id, (data, i) => {
      const better = [data.answer_a_source, data.answer_b_source].includes('model-alpha') ? 'model-alpha' : 'model-beta';
      const side = w === 1 ? (i % 5 === 4 ? null : 'left') : data.answer_a_source === better ? 'left' : 'right';
      return [
        ...(side ? [{ id: 'p', from_name: 'preference', to_name: 'preference', type: 'pairwise', value: { selected: side } }] : []),
        { id: 'q', from_name: 'quality', to_name: 'prompt', type: 'rating', value: { rating: w === 0 ? 4 : 2 + (i % 3) } },
      ];
    });
    log(`${user.email}: ${nerDone} NER and ${llmDone} preference tasks`);
    assert(nerDone === 50 && llmDone === 30, 'each annotator answers every task of both projects');
    await logout(page);
  }

  await login(page, baseUrl, DEMO_USERS.manager);
  await page.goto(`${baseUrl}/projects/${ner.id}/quality`);
  const spans = page.locator(byTestId('span-agreement-ner'));
  await spans.waitFor();
  const report = await apiCall(page, 'GET', `/api/projects/${ner.id}/quality`);
  const figures = report.spans[0];
  const shown = await spans.locator(byTestId('span-f1')).innerText();
  assert(shown.includes(figures.f1Exact.toFixed(3)) && shown.includes(figures.f1Overlap.toFixed(3)), `the page shows the API's F1 figures (${shown})`);
  assert(figures.f1Overlap > figures.f1Exact, 'token overlap forgives the places whose end differs');
  const rows = await spans.locator(`${byTestId('span-f1-table')} tbody tr`).allInnerTexts();
  assert(rows.length === 3 && rows[0].startsWith('PER') && rows[0].includes('1.000'), `one row per label, the persons agree fully (${rows.join(' | ')})`);
  assert((await page.locator(byTestId('agreement-table')).count()) === 0, 'no choices agreement table for a project without choices');

  await page.selectOption(byTestId('aggregation-span-match'), 'overlap');
  await page.click(byTestId('aggregation-run'));
  await page.locator(byTestId('aggregation-job')).getByText('Done').waitFor({ timeout: 60_000 });
  const aggregates = await page.evaluate(async (id) => (await fetch(`/api/projects/${id}/aggregates?format=jsonl`)).text(), ner.id);
  const first = JSON.parse(aggregates.trim().split('\n')[0]);
  assert(first.method === 'span-overlap' && first.result.some((r) => r.value.labels[0] === 'PER'), `the run matched spans by overlap (${first.method})`);

  await page.selectOption(byTestId('language-switch'), 'zh-CN');
  await spans.getByText('两位标注员都标出的实体数').waitFor();

  await page.goto(`${baseUrl}/projects/${llm.id}/quality`);
  const prefs = page.locator(byTestId('preference-preference'));
  await prefs.waitFor();
  const fit = (await apiCall(page, 'GET', `/api/projects/${llm.id}/quality`)).preferences[0];
  assert(fit.ties.share > 0 && fit.positionBias.theta > 1, `ties and a pull to the left are measured (${JSON.stringify(fit.positionBias)})`);
  assert((await prefs.locator(byTestId('preference-ties')).innerText()) === `${(fit.ties.share * 100).toFixed(1)}%`, 'the tie share is shown');
  assert((await prefs.locator(byTestId('preference-theta')).innerText()).startsWith(fit.positionBias.theta.toFixed(2)), 'theta is shown');
  await prefs.getByText('偏向左侧').waitFor();
  const items = await prefs.locator(`${byTestId('preference-items')} tbody tr`).allInnerTexts();
  assert(items[0].startsWith('model-alpha') && items[2].startsWith('model-gamma'), `strengths rank the models (${items.join(' | ')})`);
  await page.locator(byTestId('rating-spread-quality')).locator(byTestId('rating-mean-iqr')).waitFor();
  log(`F1 exact ${figures.f1Exact.toFixed(3)}, overlap ${figures.f1Overlap.toFixed(3)}; theta ${fit.positionBias.theta.toFixed(2)}, ties ${(fit.ties.share * 100).toFixed(1)}%`);
}
