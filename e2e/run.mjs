#!/usr/bin/env node
// Browser journeys: starts the demo server on a free port with a throwaway data directory, runs every
// e2e/journeys/*.mjs against it in Chromium (playwright-core), prints "N passed, M failed" and exits non-zero on
// failure. The web app must be built first (npm run build:web); `npm test` does that.
// Set BIAOZHU_E2E_BASE_URL to run against a server that is already running instead, and BIAOZHU_E2E_DEMO_LOGINS to
// the demo-logins.json in its data directory (the journeys log in with the passwords the demo generated).
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const JOURNEY_TIMEOUT_MS = Number(process.env.BIAOZHU_E2E_JOURNEY_TIMEOUT_MS ?? 120_000);
const STARTUP_TIMEOUT_MS = 60_000;
const CHROMIUM = process.env.BIAOZHU_E2E_CHROMIUM ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--disable-quic', '--no-first-run'];

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function waitForHealth(baseUrl, child, output) {
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null) throw new Error(`server exited with code ${child.exitCode}\n${output.join('')}`);
    try {
      const res = await fetch(baseUrl + '/api/health');
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await sleep(250);
  }
  throw new Error(`server did not answer GET /api/health within ${STARTUP_TIMEOUT_MS / 1000} s\n${output.join('')}`);
}

function startServer(port, dataDir, output) {
  const child = spawn(process.execPath, [join(ROOT, 'bin/biaozhu.js'), 'demo', '--port', String(port)], {
    cwd: ROOT,
    env: { ...process.env, BIAOZHU_DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: process.platform !== 'win32',
  });
  const keep = (chunk) => {
    output.push(chunk.toString());
    if (output.length > 200) output.splice(0, output.length - 200);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  return child;
}

async function stopServer(child) {
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  try {
    if (process.platform === 'win32') child.kill('SIGTERM');
    else process.kill(-child.pid, 'SIGTERM');
  } catch {
    child.kill('SIGTERM');
  }
  if (await Promise.race([exited.then(() => true), sleep(5000).then(() => false)])) return;
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    child.kill('SIGKILL');
  }
}

function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function main() {
  if (!process.env.BIAOZHU_E2E_BASE_URL && !existsSync(join(ROOT, 'packages/web/dist/index.html'))) {
    console.error('packages/web/dist is missing: run `npm run build:web` first.');
    console.log('0 passed, 1 failed');
    return 1;
  }
  if (!existsSync(CHROMIUM)) {
    console.error(`Chromium not found at ${CHROMIUM}: install it with \`apt-get install -y chromium\` (or set BIAOZHU_E2E_CHROMIUM).`);
    console.log('0 passed, 1 failed');
    return 1;
  }
  const journeyDir = join(ROOT, 'e2e/journeys');
  const filter = process.argv[2];
  const files = readdirSync(journeyDir).filter((f) => f.endsWith('.mjs') && (!filter || f.includes(filter))).sort();
  if (files.length === 0) console.error(`no journey in e2e/journeys matches "${filter ?? ''}"`);
  const workDir = mkdtempSync(join(tmpdir(), 'biaozhu-e2e-'));
  const dataDir = join(workDir, 'data');
  const artifactsDir = process.env.BIAOZHU_E2E_ARTIFACTS ?? join(workDir, 'artifacts');
  mkdirSync(dataDir, { recursive: true });
  mkdirSync(artifactsDir, { recursive: true });

  const output = [];
  let child = null;
  let browser = null;
  let passed = 0;
  let failed = 0;
  try {
    let baseUrl = process.env.BIAOZHU_E2E_BASE_URL;
    if (!baseUrl) {
      const port = await freePort();
      baseUrl = `http://127.0.0.1:${port}`;
      child = startServer(port, dataDir, output);
      // The demo writes the passwords it generated here before it serves; lib/helpers.mjs reads them.
      process.env.BIAOZHU_E2E_DEMO_LOGINS = join(dataDir, 'demo-logins.json');
      // The server runs in its own process group, so Ctrl-C does not reach it: stop it on the way out.
      for (const signal of ['SIGINT', 'SIGTERM']) {
        process.once(signal, () => {
          try {
            process.kill(-child.pid, 'SIGKILL');
          } catch {
            child.kill('SIGKILL');
          }
          rmSync(workDir, { recursive: true, force: true });
          process.exit(130);
        });
      }
    }
    await waitForHealth(baseUrl, child, output);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    for (const file of files) {
      const mod = await import(pathToFileURL(join(journeyDir, file)).href);
      const name = mod.name ?? file;
      const started = Date.now();
      const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 800 }, acceptDownloads: true });
      context.setDefaultTimeout(15_000);
      // An uncaught error in the app, or a script, style, image or request of the app that the Content-Security-Policy
      // refused, fails the journey even when the page still looked right. (Chromium also reports the inline event
      // handlers of hostile guideline HTML as blocked, even in DOMPurify's inert copy: that is the policy working.)
      const pageErrors = [];
      context.on('page', (p) => {
        p.on('pageerror', (e) => pageErrors.push(e.message));
        p.on('console', (m) => {
          const text = m.text();
          if (m.type() === 'error' && /Content Security Policy/.test(text) && !/^Executing inline event handler/.test(text)) pageErrors.push(`${text} (${p.url()})`);
        });
      });
      try {
        // A journey may ask for more time than the default (`export const timeoutMs`); the variable still overrides both.
        const timeoutMs = process.env.BIAOZHU_E2E_JOURNEY_TIMEOUT_MS ? JOURNEY_TIMEOUT_MS : (mod.timeoutMs ?? JOURNEY_TIMEOUT_MS);
        await withTimeout(mod.default({ context, baseUrl, artifactsDir, log: (m) => console.log(`    ${m}`) }), timeoutMs, name);
        if (pageErrors.length > 0) throw new Error(`uncaught errors in the page:\n${pageErrors.join('\n')}`);
        passed++;
        console.log(`ok   ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
      } catch (e) {
        failed++;
        console.log(`FAIL ${name}: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
        for (const [i, p] of context.pages().entries()) {
          const shot = join(artifactsDir, `${file.replace(/\.mjs$/, '')}-failure-${i}.png`);
          await p.screenshot({ path: shot, fullPage: true }).then(() => console.log(`     screenshot: ${shot}`), () => {});
        }
      } finally {
        await context.close().catch(() => {});
      }
    }
  } catch (e) {
    failed++;
    console.log(`FAIL setup: ${e instanceof Error ? e.message : String(e)}`);
  } finally {
    await browser?.close().catch(() => {});
    await stopServer(child);
    if (failed > 0 && output.length > 0) console.log('--- server output (last lines) ---\n' + output.join('').split('\n').slice(-40).join('\n'));
    if (!process.env.BIAOZHU_E2E_KEEP) {
      // Keep the screenshots of a failed run; otherwise leave nothing behind.
      rmSync(failed > 0 ? dataDir : workDir, { recursive: true, force: true });
      if (failed > 0) console.log(`artifacts: ${artifactsDir}`);
    }
  }
  console.log(`${passed} passed, ${failed} failed`);
  return failed > 0 || passed === 0 ? 1 : 0;
}

process.exitCode = await main();
