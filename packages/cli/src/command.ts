/**
 * One `biaozhu` sub-command. `main.ts` dispatches on the first argument to the command of that name; each command
 * parses its own flags (node:util parseArgs) and returns the process exit code: 0 success, 1 failure, 2 usage error.
 */
export interface CliCommand {
  /** e.g. `aggregate` */
  name: string;
  /** One line for `biaozhu help`. */
  summary: string;
  /** Full usage text printed on `--help` or a usage error. */
  usage: string;
  run(args: string[], io: CliIo): Promise<number>;
}

/** Where a command writes. Tests pass buffers; the real CLI passes process.stdout / process.stderr. */
export interface CliIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

/** A usage mistake: main prints the message and the command's usage, and exits with 2. */
export class UsageError extends Error {}
