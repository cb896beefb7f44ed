// Small helpers shared by the journeys. Selectors are data-testid attributes only.
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';

/**
 * The demo's logins. The demo generates its passwords and writes them to demo-logins.json in its data directory;
 * run.mjs names that file in BIAOZHU_E2E_DEMO_LOGINS (set it yourself with BIAOZHU_E2E_BASE_URL). Read on first use,
 * when the demo has written the file.
 */
let demoLogins;
function demoLogin(role, email) {
  if (!demoLogins) {
    const file = process.env.BIAOZHU_E2E_DEMO_LOGINS;
    if (!file) throw new Error('BIAOZHU_E2E_DEMO_LOGINS must name the demo-logins.json of the demo under test');
    demoLogins = JSON.parse(readFileSync(file, 'utf8')).logins;
  }
  const found = demoLogins.find((l) => l.email === email);
  if (!found) throw new Error(`no ${role} login (${email}) in ${process.env.BIAOZHU_E2E_DEMO_LOGINS}`);
  return { email: found.email, password: found.password };
}

export const DEMO_USERS = {
  get admin() {
    return demoLogin('admin', 'admin@demo.local');
  },
  get manager() {
    return demoLogin('manager', 'manager@demo.local');
  },
  get annotator1() {
    return demoLogin('annotator', 'annotator1@demo.local');
  },
  get annotator2() {
    return demoLogin('annotator', 'annotator2@demo.local');
  },
};

export function assert(condition, message) {
  if (!condition) throw new Error(`assertion failed: ${message}`);
}

export const byTestId = (id) => `[data-testid="${id}"]`;

/** Signs in through the login form and waits for the project list. */
export async function login(page, baseUrl, user) {
  await page.goto(baseUrl + '/login');
  await page.fill(byTestId('login-email'), user.email);
  await page.fill(byTestId('login-password'), user.password);
  await page.click(byTestId('login-submit'));
  await page.waitForSelector(byTestId('project-list'));
}

export async function logout(page) {
  await page.click(byTestId('logout'));
  await page.waitForSelector(byTestId('login-form'));
}

/** Clicks a download link and returns the downloaded file's text. */
export async function download(page, selector) {
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
  const path = await dl.path();
  return readFile(path, 'utf8');
}

/** Calls the API from the signed-in page (cookie + CSRF token, as the web app does); throws on a non-2xx answer. */
export async function apiCall(page, method, path, body) {
  return page.evaluate(
    async ({ method, path, body }) => {
      const me = await (await fetch('/api/auth/me')).json();
      const res = await fetch(path, {
        method,
        headers: { 'x-csrf-token': me.csrfToken, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
      return text ? JSON.parse(text) : null;
    },
    { method, path, body },
  );
}

/** The provenance every journey's test upload declares (the server refuses an import without a source). */
const TEST_SOURCE = { sourceName: 'e2e', sourceLicense: 'CC0', collectionMethod: 'written by the test', containsPersonalInfo: 'false' };

/**
 * Uploads a task file to a project from the signed-in page, as the import form does (multipart, CSRF token), with
 * the test's source and any further form fields; throws unless the import was created (201). Returns its answer.
 */
export async function uploadInPage(page, projectId, fileName, content, fields = {}) {
  return page.evaluate(
    async ({ projectId, fileName, content, fields }) => {
      const { csrfToken } = await (await fetch('/api/auth/me')).json();
      const form = new FormData();
      for (const [k, v] of Object.entries(fields)) form.append(k, v);
      form.append('file', new Blob([content]), fileName);
      const res = await fetch(`/api/projects/${projectId}/imports`, { method: 'POST', headers: { 'x-csrf-token': csrfToken }, body: form });
      const text = await res.text();
      if (res.status !== 201) throw new Error(`import into project ${projectId}: ${res.status} ${text}`);
      return JSON.parse(text);
    },
    { projectId, fileName, content, fields: { ...TEST_SOURCE, ...fields } },
  );
}

/**
 * Fills the intake page's upload form: the file and a complete source record that declares personal information
 * (name, licence, collection method, legal basis), as journeys that clean an upload need before they submit it.
 */
export async function fillIntakeUpload(page, file, { sourceName, license, method, legalBasis }) {
  await page.setInputFiles(byTestId('intake-file'), file);
  await page.fill(byTestId('intake-sourceName'), sourceName);
  await page.fill(byTestId('intake-sourceLicense'), license);
  await page.fill(byTestId('intake-collectionMethod'), method);
  await page.check(byTestId('intake-pi-yes'));
  await page.fill(byTestId('intake-legalBasis'), legalBasis);
}

/**
 * Answers the choices task on screen with the keyboard (1, then Enter) and waits until it has left the screen (the
 * next task or "no more tasks"); returns the answered task's id.
 */
export async function answerShownTaskByKey(page) {
  const task = page.locator(byTestId('task'));
  await task.waitFor();
  const assignment = await task.getAttribute('data-assignment-id');
  const taskId = Number(await task.getAttribute('data-task-id'));
  await page.keyboard.press('1');
  await page.waitForFunction(() => document.querySelector('[data-testid^="choice-"][aria-checked="true"]') !== null);
  await page.keyboard.press('Enter');
  await page.waitForFunction((prev) => {
    const el = document.querySelector('[data-testid="task"]');
    return el === null || el.getAttribute('data-assignment-id') !== prev;
  }, assignment);
  return taskId;
}
