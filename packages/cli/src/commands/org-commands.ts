import { parseArgs } from 'node:util';
import { createOrganization, listOrganizations } from '@biaozhu/core';
import { UsageError, type CliCommand } from '../command.js';
import { withContext } from '../cli-context.js';

/**
 * Organisations (tenants). The CLI acts with the installation's authority: whoever can reach the database owns the
 * installation. A new organisation is empty; give it an admin with `biaozhu user add --org ID --role admin`.
 */
export const orgCommand: CliCommand = {
  name: 'org',
  summary: 'org create --name N (prints the id) | org list: organisations, each seeing only its own users and projects',
  usage: 'biaozhu org create --name N\n       biaozhu org list',
  async run(args, io) {
    const [sub, ...rest] = args;
    if (sub === 'create') {
      const { values } = parseArgs({ args: rest, options: { name: { type: 'string' } } });
      if (!values.name) throw new UsageError('--name is required');
      const name = values.name;
      const org = await withContext(io, (ctx) => createOrganization(ctx, null, name));
      io.stdout.write(`${org.id}\n`);
      return 0;
    }
    if (sub === 'list') {
      parseArgs({ args: rest, options: {} });
      const orgs = await withContext(io, (ctx) => listOrganizations(ctx, null));
      io.stdout.write(['id\tusers\tprojects\tname', ...orgs.map((o) => `${o.id}\t${o.users}\t${o.projects}\t${o.name}`), ''].join('\n'));
      return 0;
    }
    throw new UsageError(`unknown sub-command "${sub ?? ''}"`);
  },
};
