// A reviewer rejects an annotation with a reason and a comment; the annotator sees the reason on the "returned to
// me" page, fixes the answer and sends it again; the reviewer sees the earlier rejection beside the fixed answer
// and accepts it. (The demo has no reviewer: the admin creates one through the API. A fresh one-task project keeps
// the queue to the one answer of this journey.)
import { DEMO_USERS, assert, byTestId, login, logout, apiCall } from '../lib/helpers.mjs';

export const name = 'reviewer rejects with a reason; annotator sees it, fixes and resubmits; reviewer accepts';


async function createProject(page) {
  const projects = (await apiCall(page, 'GET', '/api/projects')).projects;
  const demo = (await apiCall(page, 'GET', `/api/projects/${projects[0].id}`)).project;
  const project = (await apiCall(page, 'POST', '/api/projects', { name: `E2E review ${Date.now()}`, labelConfig: demo.labelConfig, overlap: 1 })).project;
  await page.evaluate(async (id) => {
    const me = await (await fetch('/api/auth/me')).json();
    const form = new FormData();
    form.append('sourceName', 'e2e review source');
    form.append('sourceLicense', 'contract E2E-5');
    form.append('collectionMethod', 'written by the test');
    form.append('containsPersonalInfo', 'false');
    form.append('legalBasis', '');
    form.append('skipBadLines', 'false');
    form.append('file', new Blob([JSON.stringify({ text: '快递太慢了，包装也破了' }) + '\n'], { type: 'application/x-ndjson' }), 'review.jsonl');
    const res = await fetch(`/api/projects/${id}/imports`, { method: 'POST', headers: { 'x-csrf-token': me.csrfToken }, body: form });
    if (!res.ok) throw new Error(`import: ${res.status} ${await res.text()}`);
  }, project.id);
  return { projectId: String(project.id), control: demo.labelConfig.controls[0] };
}

export default async function run({ context, baseUrl, log }) {
  const page = await context.newPage();
  const reviewer = { email: `reviewer-${Date.now()}@demo.local`, password: 'biaozhu-reviewer-e2e' };
  await login(page, baseUrl, DEMO_USERS.admin);
  await apiCall(page, 'POST', '/api/users', { email: reviewer.email, password: reviewer.password, role: 'reviewer', name: 'Reviewer 审核员' });
  await logout(page);

  await login(page, baseUrl, DEMO_USERS.manager);
  const { projectId, control } = await createProject(page);
  log(`project ${projectId}`);
  await logout(page);

  // annotator1 answers the one task with the first choice (through the annotator loop's API).
  await login(page, baseUrl, DEMO_USERS.annotator1);
  const next = await apiCall(page, 'POST', `/api/projects/${projectId}/next`, {});
  const first = control.choices[0].value;
  const fixedChoice = control.choices[1].value;
  const item = (value) => [{ id: 'e2e', from_name: control.name, to_name: control.toName, type: 'choices', value: { choices: [value] } }];
  const submitted = await apiCall(page, 'POST', `/api/assignments/${next.assignment.id}/submit`, { result: item(first), idempotencyKey: `e2e-review-${Date.now()}` });
  const annotationId = String(submitted.annotation.id);
  await logout(page);

  // The reviewer rejects it from the queue with the keyboard: R, pick the reason, write a comment, Enter.
  const comment = '这条是负面评价 / this review is negative';
  await login(page, baseUrl, reviewer);
  await page.goto(`${baseUrl}/projects/${projectId}/review`);
  await page.waitForSelector(`${byTestId('review-item')}[data-annotation-id="${annotationId}"]`);
  await page.keyboard.press('r');
  await page.waitForSelector(byTestId('reject-form'));
  await page.selectOption(byTestId('reject-reason'), 'wrong_label');
  await page.fill(byTestId('reject-comment'), comment);
  await page.keyboard.press('Enter');
  await page.waitForSelector(byTestId('review-empty'));
  await logout(page);

  // The annotator sees the reason and the comment, fixes the answer and sends it.
  await login(page, baseUrl, DEMO_USERS.annotator1);
  await page.goto(`${baseUrl}/projects/${projectId}/returned`);
  const returned = page.locator(byTestId(`returned-${annotationId}`));
  await returned.waitFor();
  const reasonText = await returned.locator(byTestId('returned-reason')).innerText();
  assert(reasonText.includes(comment), `the comment is shown (got "${reasonText}")`);
  assert(/Wrong label|标签错误/.test(reasonText), `the reason is shown (got "${reasonText}")`);
  await returned.locator(byTestId('returned-fix')).click();
  await returned.locator(`${byTestId(`choice-${control.name}-2`)}`).click();
  await returned.locator(byTestId('returned-resubmit')).click();
  await page.waitForSelector(byTestId('returned-empty'));
  await logout(page);

  // Back in the queue, with the earlier rejection shown; the reviewer accepts with A.
  await login(page, baseUrl, reviewer);
  await page.goto(`${baseUrl}/projects/${projectId}/review`);
  await page.waitForSelector(`${byTestId('review-item')}[data-annotation-id="${annotationId}"]`);
  await page.waitForSelector(byTestId('review-previous'));
  const shown = await page.locator(byTestId('review-answer')).innerText();
  assert(shown.includes(fixedChoice), `the fixed answer is shown (got "${shown}")`);
  await page.keyboard.press('a');
  await page.waitForSelector(byTestId('review-empty'));

  const history = await apiCall(page, 'GET', `/api/annotations/${annotationId}/history`);
  assert(history.result[0].value.choices[0] === fixedChoice, 'the annotation holds the fixed answer');
  assert(history.revisions.length === 1 && history.revisions[0].result[0].value.choices[0] === first, 'the rejected answer is kept as a revision');
  assert(JSON.stringify(history.reviews.map((r) => [r.action, r.state])) === JSON.stringify([['reject', 'resubmitted'], ['accept', 'final']]), 'reject then accept');
  await page.close();
}
