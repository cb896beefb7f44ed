import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { DEMO_PROJECTS } from '@biaozhu/core';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, REPO_ROOT } from '../support/processes.js';
import { cliRunner } from '../support/run-cli.js';
import { DIALECTS, openTestDb, type TestDb } from '../support/test-db.js';

const BIN = path.join(REPO_ROOT, 'bin/biaozhu.js');
/** The passwords every demo had before they were generated: anyone could read them in the source. */
const OLD_FIXED = ['biaozhu-admin', 'biaozhu-manager', 'biaozhu-annotator1', 'biaozhu-annotator2'];

interface DemoPlace {
  db: TestDb;
  dataDir: string;
  /** The environment of a user who runs `npm start`: no HOST, no PORT. */
  env: NodeJS.ProcessEnv;
  demo: () => ReturnType<ReturnType<typeof cliRunner>>;
}

/** The passwords the demo printed, by email. */
function printedLogins(stdout: string): Map<string, string> {
  return new Map([...stdout.matchAll(/^\s+\w+\s+(\S+@demo\.local)\s+password: (\S+)$/gm)].map((m) => [m[1]!, m[2]!]));
}

async function login(baseUrl: string, email: string, password: string): Promise<number> {
  const res = await fetch(`${baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
  await res.text();
  return res.status;
}

/** Whether a TCP connection to host:port is accepted. */
function accepts(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

describe.each(DIALECTS)('biaozhu demo on %s', (dialect) => {
  const places: DemoPlace[] = [];
  afterAll(async () => {
    for (const p of places) {
      await p.db.close();
      fs.rmSync(p.dataDir, { recursive: true, force: true });
    }
  });

  async function freshPlace(): Promise<DemoPlace> {
    const db = await openTestDb(dialect);
    // On SQLite the data directory holds the database too; on PostgreSQL it holds only the demo's logins file.
    const dataDir = db.env.BIAOZHU_DATA_DIR ?? fs.mkdtempSync(path.join(os.tmpdir(), 'bz-demo-'));
    const env: NodeJS.ProcessEnv = { ...process.env, ...db.env, BIAOZHU_DATA_DIR: dataDir, LOG_LEVEL: 'silent' };
    delete env.HOST;
    delete env.PORT;
    const demo = cliRunner(() => ({ ...db.env, BIAOZHU_DATA_DIR: dataDir, HOST: '', PORT: '' }), () => REPO_ROOT);
    const place = { db, dataDir, env, demo: () => demo('demo', '--no-serve') };
    places.push(place);
    return place;
  }

  it('generates different passwords in two fresh data directories, keeps them in an owner-only file and prints them again', async () => {
    const [first, second] = [await freshPlace(), await freshPlace()];
    const a = await first.demo();
    const b = await second.demo();
    expect([a.code, b.code, a.stderr]).toEqual([0, 0, '']);
    const loginsA = printedLogins(a.stdout);
    const loginsB = printedLogins(b.stdout);
    expect([...loginsA.keys()].sort()).toEqual(['admin@demo.local', 'annotator1@demo.local', 'annotator2@demo.local', 'manager@demo.local']);
    for (const [email, password] of loginsA) {
      expect(OLD_FIXED).not.toContain(password);
      expect(password.length).toBeGreaterThanOrEqual(16);
      expect(loginsB.get(email)).not.toBe(password);
    }
    expect(new Set(loginsA.values()).size).toBe(4);

    const file = path.join(first.dataDir, 'demo-logins.json');
    expect(a.stdout).toContain(file);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const stored = JSON.parse(fs.readFileSync(file, 'utf8')) as { logins: { email: string; password: string }[] };
    expect(new Map(stored.logins.map((l) => [l.email, l.password]))).toEqual(loginsA);

    // The demo is created once: the next start finds it and shows the same logins.
    const again = await first.demo();
    expect([again.code, again.stderr]).toEqual([0, '']);
    expect(again.stdout).toContain('Demo already present');
    expect(printedLogins(again.stdout)).toEqual(loginsA);
    expect(await first.db.db.kysely.selectFrom('projects').select('id').execute()).toHaveLength(DEMO_PROJECTS.length);
  });

  it('serves on 127.0.0.1 only, where the generated password logs in and the old fixed one does not', async () => {
    const place = await freshPlace();
    const port = await freePort();
    const child = spawn(process.execPath, [BIN, 'demo', '--port', String(port)], { env: place.env, cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`the demo did not start within 60 s:\n${out}`)), 60_000);
        child.stdout.on('data', () => {
          if (out.includes('Listening on')) {
            clearTimeout(timer);
            resolve();
          }
        });
        void exited.then(() => reject(new Error(`the demo exited:\n${out}`)));
      });
      expect(out).toContain(`Listening on 127.0.0.1:${port}, this machine only`);
      const baseUrl = `http://127.0.0.1:${port}`;
      const admin = printedLogins(out).get('admin@demo.local')!;
      expect(await login(baseUrl, 'admin@demo.local', admin)).toBe(200);
      expect(await login(baseUrl, 'admin@demo.local', 'biaozhu-admin')).toBe(401);
      // All of 127.0.0.0/8 is this machine on Linux: a socket bound to every address (0.0.0.0) accepts 127.0.0.2 too,
      // one bound to 127.0.0.1 does not, just as it refuses the machine's network addresses.
      if (process.platform === 'linux') expect(await accepts('127.0.0.2', port)).toBe(false);
      const outside = Object.values(os.networkInterfaces())
        .flat()
        .find((i) => i && i.family === 'IPv4' && !i.internal);
      if (outside) expect(await accepts(outside.address, port)).toBe(false);
    } finally {
      child.kill('SIGTERM');
      await exited;
    }
  });
});
