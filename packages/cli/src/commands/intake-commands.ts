import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  CLEANING_JOB_KIND,
  getCleaningJob,
  JobRunner,
  newSpoolDir,
  queueCleaningJob,
  removeSpoolDir,
  runCleaningJob,
  updateIntakeSettings,
  type FileImportFormat,
} from '@biaozhu/core';
import { cliActor, withContext } from '../cli-context.js';
import { UsageError, type CliCommand } from '../command.js';
import { positiveInt, SOURCE_FLAGS, sourceFromFlags } from '../flags.js';

/**
 * `biaozhu intake`: cleans a file with a pipeline and imports the survivors, as the server's cleaning job does (the
 * same job row, report and audit trail). By default it runs the job here and waits; `--queue` only queues it for a
 * running server to pick up.
 */
export const intakeCommand: CliCommand = {
  name: 'intake',
  summary: 'intake --project ID --pipeline pipeline.json FILE: clean a file and import it as tasks (a background job)',
  usage:
    'biaozhu intake --project ID --pipeline pipeline.json FILE [--format jsonl|csv|tsv|json|parquet] [--source NAME] [--license L]\n' +
    '               [--collection-method M] [--personal-info yes|no] [--legal-basis B] [--external-id FIELD] [--skip-bad-lines]\n' +
    '               [--queue] [--as EMAIL]',
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        project: { type: 'string' },
        pipeline: { type: 'string' },
        format: { type: 'string' },
        ...SOURCE_FLAGS,
        'external-id': { type: 'string' },
        'skip-bad-lines': { type: 'boolean' },
        queue: { type: 'boolean' },
        as: { type: 'string' },
      },
    });
    const projectId = positiveInt(values.project, '--project');
    const file = positionals[0];
    if (!file) throw new UsageError('name the file to clean and import');
    if (!values.pipeline) throw new UsageError('--pipeline: a JSON cleaning config (see docs/cleaning.md)');
    const fullPath = path.resolve(io.cwd, file);
    if (!fs.existsSync(fullPath)) throw new UsageError(`no such file: ${file}`);
    let pipeline: unknown;
    try {
      pipeline = JSON.parse(fs.readFileSync(path.resolve(io.cwd, values.pipeline), 'utf8'));
    } catch (error) {
      throw new UsageError(`--pipeline: ${(error as Error).message}`);
    }
    const source = sourceFromFlags(values, fullPath);
    return withContext(io, async (ctx) => {
      const actor = await cliActor(ctx, values.as);
      const dir = newSpoolDir(ctx.db);
      const uploadPath = path.join(dir, `upload${path.extname(fullPath)}`);
      let job;
      try {
        fs.copyFileSync(fullPath, uploadPath);
        job = await queueCleaningJob(ctx, actor, projectId, {
          dir,
          uploadPath,
          fileName: path.basename(fullPath),
          ...(values.format ? { format: values.format as FileImportFormat } : {}),
          skipBadLines: values['skip-bad-lines'] ?? false,
          ...(values['external-id'] ? { externalIdField: values['external-id'] } : {}),
          source,
          pipeline,
        });
      } catch (error) {
        removeSpoolDir(ctx.db, dir);
        throw error;
      }
      if (values.queue) {
        io.stdout.write(`job ${job.id} queued\n`);
        return 0;
      }
      const runner = new JobRunner(ctx, { [CLEANING_JOB_KIND]: runCleaningJob }, { pollMs: 200 });
      const ticker = setInterval(() => {
        void getCleaningJob(ctx, actor, job.id).then((j) => io.stderr.write(`job ${j.id}: ${j.status} ${j.phase ?? ''} ${Math.round(j.progress * 100)}%\n`));
      }, 2000);
      try {
        for (;;) {
          const { status } = await getCleaningJob(ctx, actor, job.id);
          if (status !== 'queued' && status !== 'running') break;
          if (!(await runner.runOnce())) await new Promise((r) => setTimeout(r, 200));
        }
      } finally {
        clearInterval(ticker);
        await runner.stop();
      }
      const done = await getCleaningJob(ctx, actor, job.id);
      if (done.status !== 'done') {
        io.stderr.write(`job ${done.id} ${done.status}: ${done.error ?? ''}\n`);
        return 1;
      }
      io.stdout.write(`job ${done.id}: ${done.recordsIn} records read, ${done.recordsOut} kept; import ${done.importId}: ${done.tasksCreated} tasks created\n`);
      return 0;
    });
  },
};

/** `biaozhu intake-settings`: a project's provenance requirement and originals policy (audited). */
export const intakeSettingsCommand: CliCommand = {
  name: 'intake-settings',
  summary: 'intake-settings --project ID [--require-complete-source yes|no] [--keep-original yes|no] [--original-key K]',
  usage: 'biaozhu intake-settings --project ID [--require-complete-source yes|no] [--keep-original yes|no] [--original-key K] [--as EMAIL]',
  async run(args, io) {
    const { values } = parseArgs({
      args,
      options: {
        project: { type: 'string' },
        'require-complete-source': { type: 'string' },
        'keep-original': { type: 'string' },
        'original-key': { type: 'string' },
        as: { type: 'string' },
      },
    });
    const projectId = positiveInt(values.project, '--project');
    const yesNo = (v: string | undefined, flag: string) => {
      if (v === undefined) return undefined;
      if (v !== 'yes' && v !== 'no') throw new UsageError(`${flag}: yes or no`);
      return v === 'yes';
    };
    const require = yesNo(values['require-complete-source'], '--require-complete-source');
    const keep = yesNo(values['keep-original'], '--keep-original');
    const settings = await withContext(io, async (ctx) =>
      updateIntakeSettings(ctx, await cliActor(ctx, values.as), projectId, {
        ...(require !== undefined ? { requireCompleteSource: require } : {}),
        ...(keep !== undefined ? { keepOriginal: keep } : {}),
        ...(values['original-key'] ? { originalKey: values['original-key'] } : {}),
      }),
    );
    io.stdout.write(JSON.stringify(settings) + '\n');
    return 0;
  },
};
