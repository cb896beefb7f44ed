#!/usr/bin/env node
// Makes a fresh clone ready: installs npm dependencies, builds the web app, and for --test also makes sure the
// local PostgreSQL answers and Debian's Chromium is installed. Plain Node, no dependencies: it runs before they exist.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const mode = process.argv.includes('--test') ? 'test' : 'start';
const log = (m) => process.stderr.write(`[setup] ${m}\n`);

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', ...opts });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed with exit code ${r.status}`);
}

function newestMtime(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : fs.statSync(p).mtimeMs);
  }
  return newest;
}

function installDependencies() {
  const marker = path.join(root, 'node_modules/.package-lock.json');
  const lock = path.join(root, 'package-lock.json');
  const sqlite = path.join(root, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node');
  if (fs.existsSync(marker) && fs.existsSync(sqlite) && fs.statSync(marker).mtimeMs >= fs.statSync(lock).mtimeMs) return;
  log('installing dependencies (npm ci; better-sqlite3 compiles from source here, about a minute)');
  run('npm', ['ci', '--no-audit', '--no-fund']);
}

function buildWeb() {
  const dist = path.join(root, 'packages/web/dist/index.html');
  const src = path.join(root, 'packages/web');
  const sourcesTime = Math.max(newestMtime(path.join(src, 'src')), fs.statSync(path.join(src, 'index.html')).mtimeMs);
  if (fs.existsSync(dist) && fs.statSync(dist).mtimeMs >= sourcesTime) return;
  log('building the web app (vite build)');
  run('npx', ['vite', 'build', 'packages/web', '--logLevel', 'warn']);
}

function canConnect(host, port) {
  return new Promise((resolve) => {
    const s = net.connect({ host, port, timeout: 2000 });
    s.once('connect', () => (s.destroy(), resolve(true)));
    s.once('error', () => resolve(false));
    s.once('timeout', () => (s.destroy(), resolve(false)));
  });
}

async function ensurePostgres() {
  if (process.env.BIAOZHU_TEST_DIALECTS === 'sqlite') return;
  const url = new URL(process.env.BIAOZHU_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/test');
  const host = url.hostname || '127.0.0.1';
  const port = Number(url.port || 5432);
  if (await canConnect(host, port)) return;
  log(`PostgreSQL does not answer at ${host}:${port}; trying to start the local cluster`);
  try {
    const versions = fs.readdirSync('/etc/postgresql');
    for (const v of versions) spawnSync('pg_ctlcluster', ['--skip-systemctl-redirect', v, 'main', 'start'], { stdio: 'inherit' });
  } catch {
    /* no Debian cluster here */
  }
  for (let i = 0; i < 20 && !(await canConnect(host, port)); i++) await new Promise((r) => setTimeout(r, 500));
  if (!(await canConnect(host, port))) {
    throw new Error(
      `PostgreSQL is needed for the test suite at ${host}:${port} (set BIAOZHU_TEST_PG to another URL, ` +
        'or BIAOZHU_TEST_DIALECTS=sqlite to skip the PostgreSQL half).',
    );
  }
}

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
let aptUpdated = false;

/** Installs a Debian package as root (once `apt-get update` has run); elsewhere says what to run. */
function aptInstall(pkg, why, skipHint) {
  if (!isRoot) throw new Error(`${why} needs Debian ${pkg}: run \`sudo apt-get install -y ${pkg}\`${skipHint ? ` (or ${skipHint})` : ''}`);
  log(`installing Debian ${pkg} for ${why} (apt-get install -y ${pkg})`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  try {
    if (!aptUpdated) execFileSync('apt-get', ['update'], { stdio: 'inherit', env });
    aptUpdated = true;
    execFileSync('apt-get', ['install', '-y', pkg], { stdio: 'inherit', env });
  } catch (error) {
    throw new Error(`could not install ${pkg} (${error.message}); install it with: apt-get install -y ${pkg}`);
  }
}

function ensureChromium() {
  if (process.env.BIAOZHU_SKIP_E2E === '1') return;
  if (fs.existsSync('/usr/bin/chromium')) return;
  aptInstall('chromium', 'the browser journeys', 'BIAOZHU_SKIP_E2E=1');
}

/** The group-commit test traces fsync calls of a writer process to check what strict durability promises. */
function ensureStrace() {
  if (process.env.BIAOZHU_TEST_NO_STRACE === '1') return;
  if (fs.existsSync('/usr/bin/strace')) return;
  aptInstall('strace', 'the durability test', 'BIAOZHU_TEST_NO_STRACE=1');
}

try {
  installDependencies();
  buildWeb();
  if (mode === 'test') {
    await ensurePostgres();
    ensureChromium();
    ensureStrace();
  }
} catch (error) {
  log(`error: ${error.message}`);
  process.exit(1);
}
