import fs from 'node:fs';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { parseArgs } from 'node:util';
import { createApiToken, createMedia, createProject, createUser, detectFileFormat, exportImageProject, exportImageReader, exportProject, importImages, isImageExportFormat, importTasks, listOrganizations, parseFieldMap, parseOnConflict, parseExportFormat, setUpDemo, verifyAuditChain, type DemoSetup, type ImportFormat } from '@biaozhu/core';
import { migrateToLatest, openDatabase } from '@biaozhu/storage';
import { UsageError, type CliCommand, type CliIo } from '../command.js';
import { cliActor, withContext } from '../cli-context.js';
import { positiveInt, SOURCE_FLAGS, sourceFromFlags } from '../flags.js';

function required(value: string | undefined, flag: string): string {
  if (value === undefined || value === '') throw new UsageError(`${flag} is required`);
  return value;
}

/** Where to listen, from `--port` and `--host` (each wins over PORT and HOST). */
interface ListenFlags {
  port?: number;
  host?: string;
}

const LISTEN_OPTIONS = { port: { type: 'string' }, host: { type: 'string' } } as const;

function listenFlags(values: { port?: string | undefined; host?: string | undefined }): ListenFlags {
  return { ...(values.port ? { port: positiveInt(values.port, '--port') } : {}), ...(values.host ? { host: values.host } : {}) };
}

/** Where a started server can be reached, as main's startServer reports it. */
interface Listening {
  url: string;
  listening: string;
  host: string;
}

async function serveUntilSignal(io: CliIo, listen: ListenFlags, announce: (at: Listening) => string = defaultAnnouncement): Promise<number> {
  // Loaded on demand: the other commands start faster without the HTTP stack.
  const { loadConfig, startServer } = await import('@biaozhu/server');
  const config = loadConfig(io.env, listen);
  const server = await startServer({ ...config, dataDir: path.resolve(io.cwd, config.dataDir) });
  io.stdout.write(announce({ url: server.url, listening: server.listening, host: config.host }));
  await new Promise<void>((resolve) => {
    const stop = () => {
      void server.close().then(resolve);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  return 0;
}

export const serveCommand: CliCommand = {
  name: 'serve',
  summary: 'serve the web app and API (PORT or --port, default 8080; HOST or --host, default 127.0.0.1)',
  usage: 'biaozhu serve [--port N] [--host ADDRESS]',
  async run(args, io) {
    const { values } = parseArgs({ args, options: LISTEN_OPTIONS });
    return serveUntilSignal(io, listenFlags(values));
  },
};

export const migrateCommand: CliCommand = {
  name: 'migrate',
  summary: 'create or update the database schema',
  usage: 'biaozhu migrate',
  async run(_args, io) {
    const db = await openDatabase({
      databaseUrl: io.env.DATABASE_URL || undefined,
      dataDir: path.resolve(io.cwd, io.env.BIAOZHU_DATA_DIR ?? './data'),
      pgSchema: io.env.BIAOZHU_PG_SCHEMA || undefined,
    });
    try {
      const applied = await migrateToLatest(db);
      io.stdout.write(applied.length ? `applied: ${applied.join(', ')}\n` : `up to date (${db.location})\n`);
    } finally {
      await db.close();
    }
    return 0;
  },
};

export const demoCommand: CliCommand = {
  name: 'demo',
  summary: 'create the demo project and users (once, with generated passwords), print the logins, and serve',
  usage: 'biaozhu demo [--port N] [--host ADDRESS] [--no-serve]',
  async run(args, io) {
    const { values } = parseArgs({ args, options: { ...LISTEN_OPTIONS, 'no-serve': { type: 'boolean' } } });
    const dataDir = path.resolve(io.cwd, io.env.BIAOZHU_DATA_DIR ?? './data');
    const demo = await withContext(io, (ctx) => setUpDemo(ctx, dataDir));
    if (values['no-serve']) {
      io.stdout.write(demoBanner(demo));
      return 0;
    }
    return serveUntilSignal(io, listenFlags(values), (at) => demoBanner(demo, at));
  },
};

function defaultAnnouncement(at: Listening): string {
  return `Biaozhu is serving on ${at.url} (listening on ${at.listening})\n`;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

/** What the demo prints on start: how to log in (or where its logins went), and where it can be reached. */
function demoBanner(demo: DemoSetup, at?: Listening): string {
  const lines = ['', demo.created ? 'Demo created. 演示数据已创建。' : 'Demo already present. 演示数据已存在。'];
  if (at) lines.push(`  Open ${at.url} 打开此地址`);
  if (demo.logins) {
    lines.push(
      '  Log in as one of: 用以下账号登录：',
      ...demo.logins.map((u) => `    ${u.role.padEnd(10)} ${u.email.padEnd(24)} password: ${u.password}`),
      `  These passwords were generated for this demo and are kept in ${demo.loginsFile} (readable by you only).`,
      '  密码为本演示随机生成，保存在上述文件中（仅本账户可读）。',
    );
  } else {
    lines.push(
      `  Its logins file ${demo.loginsFile} is gone. Give a demo user a new password with`,
      '  `npx biaozhu user password --email admin@demo.local` (it prints one), or start afresh with an empty data directory.',
      '  登录信息文件已不存在：可用上面的命令重设密码，或使用新的数据目录重新创建演示。',
    );
  }
  if (at) {
    lines.push(
      LOOPBACK.has(at.host)
        ? `  Listening on ${at.listening}, this machine only; HOST=0.0.0.0 (or --host 0.0.0.0) opens it to the network. 仅本机可访问。`
        : `  Listening on ${at.listening}: anyone who can reach it can try these logins; change the passwords. 其他机器也可访问，请先修改密码。`,
    );
  }
  lines.push('');
  return lines.join('\n');
}

export const userCommand: CliCommand = {
  name: 'user',
  summary: 'user add --email E --password P --role admin|manager|reviewer|annotator|client [--name N] [--org ID]',
  usage: 'biaozhu user add --email E --password P --role R [--name N] [--org ID (default: the first organisation)]',
  async run(args, io) {
    const [sub, ...rest] = args;
    if (sub !== 'add') throw new UsageError(`unknown sub-command "${sub ?? ''}"`);
    const { values } = parseArgs({
      args: rest,
      options: { email: { type: 'string' }, password: { type: 'string' }, role: { type: 'string' }, name: { type: 'string' }, org: { type: 'string' } },
    });
    const user = await withContext(io, (ctx) =>
      createUser(ctx, {
        email: required(values.email, '--email'),
        password: required(values.password, '--password'),
        role: required(values.role, '--role'),
        ...(values.name ? { name: values.name } : {}),
        ...(values.org !== undefined ? { orgId: positiveInt(values.org, '--org') } : {}),
      }),
    );
    io.stdout.write(`${user.id}\n`);
    return 0;
  },
};

export const tokenCommand: CliCommand = {
  name: 'token',
  summary: 'token create --email E: print a new API token for that user',
  usage: 'biaozhu token create --email E [--name N]',
  async run(args, io) {
    const [sub, ...rest] = args;
    if (sub !== 'create') throw new UsageError(`unknown sub-command "${sub ?? ''}"`);
    const { values } = parseArgs({ args: rest, options: { email: { type: 'string' }, name: { type: 'string' } } });
    const token = await withContext(io, (ctx) => createApiToken(ctx, required(values.email, '--email'), values.name ?? 'cli'));
    io.stdout.write(`${token}\n`);
    return 0;
  },
};

export const projectCommand: CliCommand = {
  name: 'project',
  summary: 'project create --name N --config FILE [--overlap N]: prints the new project id',
  usage: 'biaozhu project create --name N --config FILE (JSON or Label Studio XML) [--overlap N] [--guideline FILE.md] [--as EMAIL]',
  async run(args, io) {
    const [sub, ...rest] = args;
    if (sub !== 'create') throw new UsageError(`unknown sub-command "${sub ?? ''}"`);
    const { values } = parseArgs({
      args: rest,
      options: {
        name: { type: 'string' },
        config: { type: 'string' },
        overlap: { type: 'string' },
        guideline: { type: 'string' },
        'lease-ttl': { type: 'string' },
        as: { type: 'string' },
      },
    });
    const configText = fs.readFileSync(path.resolve(io.cwd, required(values.config, '--config')), 'utf8');
    const project = await withContext(io, async (ctx) =>
      createProject(ctx, await cliActor(ctx, values.as), {
        name: required(values.name, '--name'),
        labelConfig: configText,
        ...(values.overlap ? { overlap: positiveInt(values.overlap, '--overlap') } : {}),
        ...(values['lease-ttl'] ? { leaseTtlSeconds: positiveInt(values['lease-ttl'], '--lease-ttl') } : {}),
        ...(values.guideline ? { guideline: fs.readFileSync(path.resolve(io.cwd, values.guideline), 'utf8') } : {}),
      }),
    );
    io.stdout.write(`${project.id}\n`);
    return 0;
  },
};

export const importCommand: CliCommand = {
  name: 'import',
  summary: 'import --project ID FILE|FOLDER: import tasks (JSONL, CSV/TSV, JSON array, Label Studio JSON; .gz too), or a zip or folder of images',
  usage:
    'biaozhu import --project ID FILE [--format jsonl|csv|tsv|json] [--source NAME] [--license L] [--collection-method M]\n' +
    '               [--personal-info yes|no] [--legal-basis B] [--external-id FIELD] [--on-conflict update|skip|add]\n' +
    '               [--map KEY=COLUMN]... [--skip-bad-lines] [--as EMAIL]\n' +
    '  --map text=review   fills the data key "text" the config shows from the file\'s "review" column (repeatable)\n' +
    '  a zip or a folder of images is stored in the media store (BIAOZHU_MEDIA_*) and becomes one task per image',
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        project: { type: 'string' },
        format: { type: 'string' },
        ...SOURCE_FLAGS,
        'external-id': { type: 'string' },
        'on-conflict': { type: 'string' },
        map: { type: 'string', multiple: true },
        'skip-bad-lines': { type: 'boolean' },
        as: { type: 'string' },
      },
    });
    const projectId = positiveInt(values.project, '--project');
    const fieldMap = parseFieldMap(fieldMapFromFlags(values.map ?? []), '--map');
    const file = positionals[0];
    if (!file) throw new UsageError('name the file to import');
    const source = sourceFromFlags(values, file);
    const fullPath = path.resolve(io.cwd, file);
    if (!fs.existsSync(fullPath)) throw new UsageError(`no such file: ${file}`);
    const onConflict = parseOnConflict(values['on-conflict'], '--on-conflict');
    const isImages = values.format === 'images' || (!values.format && (await detectFileFormat(fullPath)) === 'images');
    const summary = await withContext(io, async (ctx, db) => {
      if (isImages) {
        // The same store the server serves from: its settings, and its default folder beside the SQLite file.
        const { loadConfig } = await import('@biaozhu/server');
        const config = loadConfig(io.env);
        const dataDir = db.dialect === 'sqlite' ? path.dirname(db.location) : path.resolve(io.cwd, io.env.BIAOZHU_DATA_DIR ?? './data');
        const media = createMedia(config.media, dataDir);
        const isFolder = fs.statSync(fullPath).isDirectory();
        return importImages({ ...ctx, media }, media.store, await cliActor(ctx, values.as), projectId, fullPath, {
          fileName: path.basename(fullPath),
          ...(onConflict ? { onConflict } : {}),
          ...(isFolder ? {} : { contentSha256: await sha256Of(fullPath) }),
          skipBadLines: values['skip-bad-lines'] ?? false,
          source,
        });
      }
      return importTasks(ctx, await cliActor(ctx, values.as), projectId, fs.createReadStream(fullPath), {
        fileName: path.basename(fullPath),
        ...(values.format ? { format: values.format as ImportFormat } : {}),
        ...(values['external-id'] ? { externalIdField: values['external-id'] } : {}),
        ...(onConflict ? { onConflict } : {}),
        ...(fieldMap ? { fieldMap } : {}),
        contentSha256: await sha256Of(fullPath),
        skipBadLines: values['skip-bad-lines'] ?? false,
        source,
      });
    });
    io.stdout.write(
      `import ${summary.id}: ${summary.tasksCreated} tasks created, ${summary.tasksUpdated} updated, ${summary.tasksUnchanged} unchanged, ` +
        `${summary.tasksSkipped} existing left as they were, ${summary.tasksRefused} refused (answered or in progress), ` +
        `${summary.annotationsImported} annotations, ${summary.predictionsImported} predictions, ${summary.rowsSkipped} bad lines skipped\n`,
    );
    // a refused record is not an error of the file, but the manager must see that its new data was not taken
    for (const r of summary.refused.slice(0, 20)) io.stderr.write(`  refused line ${r.line} (external id ${r.externalId}, task ${r.taskId}): ${r.message}\n`);
    for (const s of summary.skipped.slice(0, 20)) io.stderr.write(`  skipped line ${s.line}: ${s.message}\n`);
    return 0;
  },
};

/** The SHA-256 (hex) of a file, read as a stream: the import refuses a file the project already has under `skip`. */
async function sha256Of(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** `--map text=review --map title=headline` as `{text: "review", title: "headline"}`; each flag must hold one `=`. */
function fieldMapFromFlags(flags: readonly string[]): Record<string, string> | undefined {
  if (flags.length === 0) return undefined;
  const map: Record<string, string> = {};
  for (const flag of flags) {
    const at = flag.indexOf('=');
    if (at <= 0 || at === flag.length - 1) throw new UsageError(`--map ${flag}: expected KEY=COLUMN, e.g. --map text=review`);
    const key = flag.slice(0, at);
    if (Object.hasOwn(map, key)) throw new UsageError(`--map: the key "${key}" is mapped twice`);
    Object.defineProperty(map, key, { value: flag.slice(at + 1), enumerable: true, writable: true, configurable: true });
  }
  return map;
}

export const exportCommand: CliCommand = {
  name: 'export',
  summary: 'export --project ID --format ls-json|jsonl|csv|ls-json-min|conll|preference|sft|coco|yolo|voc --out FILE [--images]',
  usage:
    'biaozhu export --project ID --format ls-json|jsonl|csv|ls-json-min|conll|preference|sft|coco|yolo|voc --out FILE [--images] [--no-bom] [--prompt-key KEY] [--as EMAIL]\n' +
    '  --images          coco, yolo, voc: put the image files in the zip (read from stored media and URLs); coco then writes a zip\n' +
    '  --no-bom          CSV without the UTF-8 byte order mark (it is written by default, for Excel)\n' +
    '  --prompt-key KEY  preference and sft: read the prompt from this task data key (docs/export-formats.md)',
  async run(args, io) {
    const { values } = parseArgs({
      args,
      allowNegative: true,
      options: {
        project: { type: 'string' },
        format: { type: 'string' },
        out: { type: 'string' },
        images: { type: 'boolean' },
        bom: { type: 'boolean' },
        'prompt-key': { type: 'string' },
        as: { type: 'string' },
      },
    });
    const projectId = positiveInt(values.project, '--project');
    const formatName = values.format ?? 'ls-json';
    const imageFormat = isImageExportFormat(formatName) ? formatName : null;
    const format = imageFormat === null ? parseExportFormat(formatName) : null;
    if (imageFormat === null && values.images === true) throw new UsageError(`--images: only for coco, yolo and voc, not ${formatName}`);
    const out = path.resolve(io.cwd, required(values.out, '--out'));
    const tmp = `${out}.partial`;
    await withContext(io, async (ctx) => {
      const actor = await cliActor(ctx, values.as);
      const chunks =
        imageFormat !== null
          ? exportImageProject(ctx, actor, projectId, imageFormat, { includeImages: values.images === true, readImage: exportImageReader(ctx, projectId), tempDir: path.dirname(out) })
          : exportProject(ctx, actor, projectId, format!, { bom: values.bom, promptKey: values['prompt-key'] });
      // Written to a side file and renamed at the end: a failed export never leaves a truncated file behind.
      try {
        await pipeline(Readable.from(chunks), fs.createWriteStream(tmp));
      } catch (error) {
        fs.rmSync(tmp, { force: true });
        throw error;
      }
      fs.renameSync(tmp, out);
    });
    io.stdout.write(`${out}\n`);
    return 0;
  },
};

export const auditCommand: CliCommand = {
  name: 'audit',
  summary: 'audit verify [--org ID]: recompute the tamper-evident audit chain of each organisation',
  usage: 'biaozhu audit verify [--org ID]',
  async run(args, io) {
    const [sub, ...rest] = args;
    if (sub !== 'verify') throw new UsageError('only "audit verify" exists');
    const { values } = parseArgs({ args: rest, options: { org: { type: 'string' } } });
    const only = values.org !== undefined ? positiveInt(values.org, '--org') : undefined;
    const reports = await withContext(io, async (ctx) => {
      const orgs = (await listOrganizations(ctx, null)).filter((o) => only === undefined || o.id === only);
      if (only !== undefined && orgs.length === 0) throw new UsageError(`no organisation ${only} (see biaozhu org list)`);
      return Promise.all(orgs.map(async (o) => ({ org: o, report: await verifyAuditChain(ctx, o.id) })));
    });
    for (const { org, report } of reports) {
      const label = `organisation ${org.id} (${org.name})`;
      io.stdout.write(report.ok ? `${label}: audit chain intact: ${report.events} events\n` : `${label}: audit chain BROKEN at event ${report.brokenAt}\n`);
    }
    return reports.every((r) => r.report.ok) ? 0 : 1;
  },
};
