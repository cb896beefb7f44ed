import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const BIN = path.resolve(import.meta.dirname, '../../bin/biaozhu.js');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `node bin/biaozhu.js ...args` as a user would, with `env` added to this process's; never throws on a non-zero exit. */
export function cliRunner(env: () => Record<string, string>, cwd: () => string) {
  return async (...args: string[]): Promise<CliResult> => {
    try {
      const { stdout, stderr } = await run('node', [BIN, ...args], { env: { ...process.env, ...env() }, cwd: cwd() });
      return { code: 0, stdout, stderr };
    } catch (e) {
      const err = e as { code: number; stdout: string; stderr: string };
      return { code: err.code, stdout: err.stdout, stderr: err.stderr };
    }
  };
}
