import { parseArgs } from 'node:util';
import {
  disableUser,
  enableUser,
  endUserSessions,
  findUserByEmail,
  listApiTokens,
  listUsers,
  notFound,
  resetPassword,
  revokeApiToken,
  type Actor,
  type Context,
} from '@biaozhu/core';
import { UsageError, type CliCommand, type CliIo } from '../command.js';
import { cliActor, withContext } from '../cli-context.js';
import { positiveInt } from '../flags.js';

/**
 * Account lifecycle sub-commands, added to the `user` and `token` commands of core-commands.ts: `user list`,
 * `user disable|enable|password --email E`, `user sessions end --email E`, `token list --email E`,
 * `token revoke --id N`. They act as the first admin of the installation, or as `--as EMAIL` (an admin of the
 * target user's organisation), so every change is attributed in the audit log.
 */
interface SubCommand {
  name: string;
  usage: string;
  run(args: string[], io: CliIo): Promise<number>;
}

const AS = { as: { type: 'string' } } as const;
const USER_FLAGS = { email: { type: 'string' }, ...AS } as const;

function requiredFlag(value: string | undefined, flag: string): string {
  if (value === undefined || value === '') throw new UsageError(`${flag} is required`);
  return value;
}

const userFlags = (args: string[]) => parseArgs({ args, options: USER_FLAGS }).values;

/** Resolves the user of `--email` and runs `fn` as the acting admin (`--as`, or the first admin). */
async function onUser<T>(io: CliIo, values: { email?: string; as?: string }, fn: (ctx: Context, actor: Actor, userId: number) => Promise<T>): Promise<T> {
  const email = requiredFlag(values.email, '--email');
  return withContext(io, async (ctx) => {
    const actor = await cliActor(ctx, values.as);
    const user = await findUserByEmail(ctx, email);
    if (!user) throw notFound('user', email);
    return fn(ctx, actor, user.id);
  });
}

const tsv = (cells: (string | number | null)[]) => `${cells.map((c) => (c === null ? '-' : String(c))).join('\t')}\n`;

const USER_SUBCOMMANDS: SubCommand[] = [
  {
    name: 'list',
    usage: 'biaozhu user list [--as EMAIL]: id, email, role, status, must_change_password (tab-separated)',
    async run(args, io) {
      const { values } = parseArgs({ args, options: AS });
      const users = await withContext(io, async (ctx) => listUsers(ctx, await cliActor(ctx, values.as)));
      io.stdout.write(tsv(['id', 'email', 'role', 'status', 'must_change_password']));
      for (const u of users) io.stdout.write(tsv([u.id, u.email, u.role, u.disabled ? 'disabled' : 'enabled', u.mustChangePassword ? 'yes' : 'no']));
      return 0;
    },
  },
  {
    name: 'disable',
    usage: 'biaozhu user disable --email E [--as EMAIL]: their sessions end and their API tokens are refused',
    async run(args, io) {
      const status = await onUser(io, userFlags(args), disableUser);
      io.stdout.write(`disabled; ${status.sessionsEnded} sessions ended\n`);
      return 0;
    },
  },
  {
    name: 'enable',
    usage: 'biaozhu user enable --email E [--as EMAIL]',
    async run(args, io) {
      await onUser(io, userFlags(args), enableUser);
      io.stdout.write('enabled\n');
      return 0;
    },
  },
  {
    name: 'password',
    usage: 'biaozhu user password --email E [--password P] [--as EMAIL]: reset; prints a generated password when none is given',
    async run(args, io) {
      const { values } = parseArgs({ args, options: { ...USER_FLAGS, password: { type: 'string' } } });
      const reset = await onUser(io, values, (ctx, actor, userId) => resetPassword(ctx, actor, userId, values.password));
      io.stdout.write(reset.generated ? `${reset.password}\n` : 'password set\n');
      io.stderr.write(`${reset.sessionsEnded} sessions ended; the user should choose a new password at the next login\n`);
      return 0;
    },
  },
  {
    name: 'sessions',
    usage: 'biaozhu user sessions end --email E [--as EMAIL]: log the user out everywhere',
    async run(args, io) {
      const [verb, ...rest] = args;
      if (verb !== 'end') throw new UsageError(`unknown sub-command "sessions ${verb ?? ''}"; did you mean "sessions end"?`);
      const result = await onUser(io, userFlags(rest), endUserSessions);
      io.stdout.write(`${result.sessionsEnded} sessions ended\n`);
      return 0;
    },
  },
];

const TOKEN_SUBCOMMANDS: SubCommand[] = [
  {
    name: 'list',
    usage: 'biaozhu token list --email E [--as EMAIL]: id, name, created, last used, revoked (tab-separated)',
    async run(args, io) {
      const tokens = await onUser(io, userFlags(args), listApiTokens);
      io.stdout.write(tsv(['id', 'name', 'created_at', 'last_used_at', 'revoked_at']));
      for (const t of tokens) io.stdout.write(tsv([t.id, t.name, t.createdAt, t.lastUsedAt, t.revokedAt]));
      return 0;
    },
  },
  {
    name: 'revoke',
    usage: 'biaozhu token revoke --id N [--as EMAIL]: the token is refused from now on',
    async run(args, io) {
      const { values } = parseArgs({ args, options: { id: { type: 'string' }, ...AS } });
      const id = positiveInt(values.id, '--id');
      const token = await withContext(io, async (ctx) => revokeApiToken(ctx, await cliActor(ctx, values.as), id));
      io.stdout.write(`revoked token ${token.id} (${token.name})\n`);
      return 0;
    },
  },
];

/** `base` with the sub-commands above: a first argument naming one of them runs it, anything else runs `base`. */
function withSubCommands(base: CliCommand, subs: SubCommand[]): CliCommand {
  return {
    name: base.name,
    summary: `${base.summary}; also ${subs.map((s) => s.name).join(', ')}`,
    usage: [base.usage, ...subs.map((s) => s.usage)].join('\n'),
    async run(args, io) {
      const sub = subs.find((s) => s.name === args[0]);
      return sub ? sub.run(args.slice(1), io) : base.run(args, io);
    },
  };
}

/** The `user` command with the account lifecycle sub-commands. */
export const accountUserCommand = (base: CliCommand): CliCommand => withSubCommands(base, USER_SUBCOMMANDS);
/** The `token` command with `list` and `revoke`. */
export const accountTokenCommand = (base: CliCommand): CliCommand => withSubCommands(base, TOKEN_SUBCOMMANDS);
