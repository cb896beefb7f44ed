import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { CliIo } from '../command.js';

/** A temporary folder with the given files, and an io that captures what a command writes. */
export function sandbox(files: Record<string, string>): { dir: string; io: CliIo; out: () => string; err: () => string } {
  const dir = mkdtempSync(join(tmpdir(), 'biaozhu-quality-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  let out = '';
  let err = '';
  const sink = (append: (s: string) => void): Writable =>
    new Writable({
      write(chunk: Buffer | string, _enc, done) {
        append(chunk.toString());
        done();
      },
    });
  const io: CliIo = {
    stdout: sink((s) => (out += s)),
    stderr: sink((s) => (err += s)),
    env: {},
    cwd: dir,
  };
  return { dir, io, out: () => out, err: () => err };
}
