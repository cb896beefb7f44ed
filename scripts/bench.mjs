#!/usr/bin/env node
// `npm run bench -- <name> [args]` runs bench/<name>/run.ts through tsx with the remaining args.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const available = fs
  .readdirSync(path.join(root, 'bench'), { withFileTypes: true })
  .filter((d) => d.isDirectory() && fs.existsSync(path.join(root, 'bench', d.name, 'run.ts')))
  .map((d) => d.name)
  .sort();
const [name, ...args] = process.argv.slice(2);
if (!name || name === '--help' || name === '-h' || !available.includes(name)) {
  if (name && name !== '--help' && name !== '-h') process.stderr.write(`unknown bench "${name}"\n`);
  process.stderr.write(`usage: npm run bench -- <name> [args]\nbenches: ${available.join(', ')}\n`);
  process.exit(name && name !== '--help' && name !== '-h' ? 2 : 0);
}
const tsxCli = path.join(path.dirname(createRequire(import.meta.url).resolve('tsx/package.json')), 'dist/cli.mjs');
const child = spawn(process.execPath, [tsxCli, path.join('bench', name, 'run.ts'), ...args], { cwd: root, stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
