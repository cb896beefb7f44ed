import { randomInt } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** The file in the data directory that keeps the demo's logins, readable by its owner only. */
export const DEMO_LOGINS_FILE = 'demo-logins.json';

/** One of the demo's people with the password generated for it. */
export interface DemoLogin {
  email: string;
  password: string;
  role: string;
}

/** Letters and digits that cannot be misread for one another (no 0/O, 1/l/I). */
const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/**
 * A fresh random password for a demo user: 16 characters in groups of four (about 79 bits), easy to copy and to type,
 * so that a demo left running where others can reach it is not opened with a password anyone can read in the code.
 */
export function newDemoPassword(): string {
  const groups: string[] = [];
  for (let g = 0; g < 4; g++) {
    let group = '';
    for (let i = 0; i < 4; i++) group += ALPHABET[randomInt(ALPHABET.length)];
    groups.push(group);
  }
  return groups.join('-');
}

/** Where the demo keeps its logins for a data directory. */
export function demoLoginsPath(dataDir: string): string {
  return path.join(dataDir, DEMO_LOGINS_FILE);
}

/** The logins stored by an earlier start of the demo, or undefined when there is no such file. */
export function readDemoLogins(file: string): DemoLogin[] | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const parsed = JSON.parse(text) as { logins?: unknown };
  const logins = parsed.logins;
  const valid =
    Array.isArray(logins) &&
    logins.every((l: unknown) => {
      const login = l as Partial<DemoLogin> | null;
      return typeof login?.email === 'string' && typeof login.password === 'string' && typeof login.role === 'string';
    });
  if (!valid) throw new Error(`${file} is not a demo logins file; delete it and restart the demo with a fresh data directory`);
  return logins as DemoLogin[];
}

/**
 * Writes the logins with mode 0600 (owner only), through a side file renamed into place, so a crash never leaves a
 * half-written file and the passwords are never readable by other accounts on the machine, not even for a moment.
 */
export function writeDemoLogins(file: string, logins: readonly DemoLogin[], now: number): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const body = {
    note: 'Logins of the Biaozhu demo, generated when it was created. Change them before opening the demo to a network.',
    createdAt: new Date(now).toISOString(),
    logins,
  };
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(body, null, 2) + '\n', { mode: 0o600, flag: 'w' });
  fs.chmodSync(tmp, 0o600);
  fs.renameSync(tmp, file);
}
