import { DomainError } from '@biaozhu/core';
import { UsageError, type CliCommand, type CliIo } from './command.js';
import { aggregateCommand } from './commands/aggregate.js';
import { agreementCommand } from './commands/agreement.js';
import { accountTokenCommand, accountUserCommand } from './commands/account-commands.js';
import { cleanCommand } from './commands/clean.js';
import { intakeCommand, intakeSettingsCommand } from './commands/intake-commands.js';
import { orgCommand } from './commands/org-commands.js';
import { predictCommand } from './commands/predict.js';
import {
  auditCommand,
  demoCommand,
  exportCommand,
  importCommand,
  migrateCommand,
  projectCommand,
  serveCommand,
  tokenCommand,
  userCommand,
} from './commands/core-commands.js';

const COMMANDS: CliCommand[] = [
  serveCommand,
  migrateCommand,
  demoCommand,
  orgCommand,
  accountUserCommand(userCommand),
  accountTokenCommand(tokenCommand),
  projectCommand,
  importCommand,
  exportCommand,
  auditCommand,
  aggregateCommand,
  agreementCommand,
  cleanCommand,
  intakeCommand,
  intakeSettingsCommand,
  predictCommand,
];

function help(): string {
  return ['biaozhu <command> [options]', '', ...COMMANDS.map((c) => `  ${c.name.padEnd(10)} ${c.summary}`), '', 'Environment: DATABASE_URL, BIAOZHU_DATA_DIR, PORT (see README).', ''].join('\n');
}

/** Runs one CLI invocation and returns its exit code; never throws for a user's mistake. */
export async function main(argv: string[], io: CliIo = { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() }): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    io.stdout.write(help());
    return name ? 0 : 2;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.stderr.write(`unknown command "${name}"\n\n${help()}`);
    return 2;
  }
  if (args.includes('--help') || args.includes('-h')) {
    io.stdout.write(`${command.usage}\n`);
    return 0;
  }
  try {
    return await command.run(args, io);
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.stderr.write(`error: ${(error as Error).message}\nusage: ${command.usage}\n`);
      return 2;
    }
    if (error instanceof DomainError) {
      io.stderr.write(`error: ${error.message}\n`);
      return 1;
    }
    io.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}
