// Small helpers shared by the journeys. Selectors are data-testid attributes only.
import { readFile } from 'node:fs/promises';

export const DEMO_USERS = {
  admin: { email: 'admin@demo.local', password: 'biaozhu-admin' },
  manager: { email: 'manager@demo.local', password: 'biaozhu-manager' },
  annotator1: { email: 'annotator1@demo.local', password: 'biaozhu-annotator1' },
  annotator2: { email: 'annotator2@demo.local', password: 'biaozhu-annotator2' },
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
