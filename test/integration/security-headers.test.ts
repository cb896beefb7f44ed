import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/test-db.js';
import { ApiClient, startTestServer, type TestServer } from '../support/test-server.js';

/** A minimal built web app: the index page and one hashed asset, as `vite build` leaves them. */
function fakeWebDist(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bz-web-'));
  fs.mkdirSync(path.join(dir, 'assets'));
  fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><html><head><script type="module" src="/assets/app-1.js"></script></head><body></body></html>');
  fs.writeFileSync(path.join(dir, 'assets', 'app-1.js'), 'console.log("app");');
  return dir;
}

function expectSecurityHeaders(headers: Headers): void {
  const csp = headers.get('content-security-policy') ?? '';
  expect(csp).toContain("default-src 'self'");
  expect(csp).toContain("script-src 'self'");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain("object-src 'none'");
  expect(csp).not.toContain('upgrade-insecure-requests');
  expect(headers.get('x-content-type-options')).toBe('nosniff');
  expect(headers.get('referrer-policy')).toBe('no-referrer');
  expect(headers.get('x-frame-options')).toBe('DENY');
}

describe.each(DIALECTS)('security headers on %s', (dialect) => {
  let server: TestServer;
  let webDist: string;

  beforeAll(async () => {
    webDist = fakeWebDist();
    server = await startTestServer(dialect, { webDist });
  });
  afterAll(async () => {
    await server?.stop();
    fs.rmSync(webDist, { recursive: true, force: true });
  });

  it('are on API answers, the index page, static assets and the pages of client-side routes', async () => {
    const api = await fetch(`${server.baseUrl}/api/health`);
    expect(api.status).toBe(200);
    expectSecurityHeaders(api.headers);
    const index = await fetch(`${server.baseUrl}/`);
    expect(index.headers.get('content-type')).toContain('text/html');
    expectSecurityHeaders(index.headers);
    const asset = await fetch(`${server.baseUrl}/assets/app-1.js`);
    expect(asset.status).toBe(200);
    expect(await asset.text()).toContain('console.log');
    expectSecurityHeaders(asset.headers);
    const route = await fetch(`${server.baseUrl}/projects/3/annotate`);
    expect(route.headers.get('content-type')).toContain('text/html');
    expectSecurityHeaders(route.headers);
  });

  it('are on error answers too', async () => {
    const anonymous = new ApiClient(server.baseUrl);
    const unknown = await anonymous.request('GET', '/api/no-such-route');
    expect(unknown.status).toBe(404);
    expectSecurityHeaders(unknown.headers);
    const unauthenticated = await anonymous.request('GET', '/api/projects');
    expect(unauthenticated.status).toBe(401);
    expectSecurityHeaders(unauthenticated.headers);
    const badJson = await anonymous.request('POST', '/api/auth/login', '{"email":');
    expect(badJson.status).toBe(400);
    expectSecurityHeaders(badJson.headers);
  });

  it('send no HSTS over plain HTTP', async () => {
    const res = await fetch(`${server.baseUrl}/api/health`);
    expect(res.headers.get('strict-transport-security')).toBeNull();
  });
});

describe.each(DIALECTS)('behind HTTPS (BIAOZHU_SECURE_COOKIES=true) on %s', (dialect) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(dialect, { secureCookies: true });
  });
  afterAll(async () => server?.stop());

  it('sends HSTS and upgrades insecure requests', async () => {
    const res = await fetch(`${server.baseUrl}/api/health`);
    expect(res.headers.get('strict-transport-security')).toBe('max-age=31536000');
    expect(res.headers.get('content-security-policy')).toContain('upgrade-insecure-requests');
  });
});

describe.each(DIALECTS)('coarse API rate limit per address on %s', (dialect) => {
  let server: TestServer;
  let webDist: string;
  beforeAll(async () => {
    webDist = fakeWebDist();
    // Loopback is exempt by default; the test is a client on loopback, so nothing is exempt here.
    server = await startTestServer(dialect, { rateLimitPerMinute: 3, rateLimitExempt: [], webDist });
  });
  afterAll(async () => {
    await server?.stop();
    fs.rmSync(webDist, { recursive: true, force: true });
  });

  it('answers 429 with retry-after past the limit, on the API only', async () => {
    for (let i = 0; i < 3; i++) expect((await fetch(`${server.baseUrl}/api/health`)).status).toBe(200);
    const limited = await new ApiClient(server.baseUrl).request('GET', '/api/health');
    expect(limited.status).toBe(429);
    expect(limited.body.error).toMatchObject({ code: 'too_many_requests', details: { limit: 3 } });
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expectSecurityHeaders(limited.headers);
    // The web app's pages and assets are not counted.
    expect((await fetch(`${server.baseUrl}/`)).status).toBe(200);
    expect((await fetch(`${server.baseUrl}/assets/app-1.js`)).status).toBe(200);
  });
});
