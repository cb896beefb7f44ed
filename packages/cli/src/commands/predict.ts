import { parseArgs } from 'node:util';
import { isPredictionJobOver, JobRunner, loadJobView, PREDICTION_JOB_KIND, runPredictionJob, startPrediction, type PredictionMode } from '@biaozhu/core';
import type { PredictionJobView } from '@biaozhu/contract';
import { cliActor, withContext } from '../cli-context.js';
import { UsageError, type CliCommand, type CliIo } from '../command.js';
import { positiveInt } from '../flags.js';

const usage = `Usage: biaozhu predict --project ID [--backend URL] [--batch N] [--timeout S] [--all] [--as EMAIL]

Pre-annotates the project's tasks with a Label Studio-compatible ML backend (docs/ml-backends.md) and waits for the
job to end, with a progress bar. A job of the project left unfinished (stopped, or failed: backend down, too slow,
wrong answers) is resumed after its last stored batch instead of starting again.
  --backend  the backend's URL; saved as the project's backend (default: the one saved in the project settings)
  --batch    tasks per /predict call (default 10, or the saved one)
  --timeout  seconds one call may take (default 30, or the saved one)
  --all      predict every task again (default: only tasks without a prediction of the backend's model version)`;

/** `biaozhu predict`: runs the project's pre-annotation job in the foreground. */
export const predictCommand: CliCommand = {
  name: 'predict',
  summary: 'predict --project ID --backend URL: pre-annotate tasks with an ML backend (resumes an unfinished job)',
  usage,
  async run(args, io) {
    const { values } = parseArgs({
      args,
      options: {
        project: { type: 'string' },
        backend: { type: 'string' },
        batch: { type: 'string' },
        timeout: { type: 'string' },
        all: { type: 'boolean' },
        as: { type: 'string' },
      },
    });
    const projectId = positiveInt(values.project, '--project');
    const batchSize = values.batch === undefined ? undefined : positiveInt(values.batch, '--batch');
    const timeoutSeconds = values.timeout === undefined ? undefined : Number(values.timeout);
    if (timeoutSeconds !== undefined && !(timeoutSeconds > 0)) throw new UsageError(`--timeout needs a number of seconds above 0, got "${values.timeout}"`);
    const mode: PredictionMode = values.all ? 'all' : 'missing';
    return withContext(io, async (ctx) => {
      const actor = await cliActor(ctx, values.as);
      let backend;
      if (values.backend !== undefined) backend = { url: values.backend, batchSize, timeoutSeconds };
      else if (batchSize !== undefined || timeoutSeconds !== undefined) {
        const saved = await ctx.db.kysely.selectFrom('project_ml_backends').select('url').where('project_id', '=', projectId).executeTakeFirst();
        if (!saved) throw new UsageError('--backend URL is required: the project has no ML backend saved');
        backend = { url: saved.url, batchSize, timeoutSeconds };
      }
      const started = await startPrediction(ctx, actor, projectId, { mode, ...(backend ? { backend } : {}) });
      io.stderr.write(`${started.resumed ? 'resuming' : 'started'} job ${started.job.id} (${started.job.mode})\n`);
      const runner = new JobRunner(ctx, { [PREDICTION_JOB_KIND]: runPredictionJob }, { pollMs: 200 });
      const bar = progressBar(io);
      const ticker = setInterval(() => void loadJobView(ctx.db.reader, started.job.id).then(bar), 500);
      let view: PredictionJobView;
      try {
        for (;;) {
          view = await loadJobView(ctx.db.reader, started.job.id);
          if (isPredictionJobOver(view)) break;
          if (!(await runner.runOnce())) await new Promise((r) => setTimeout(r, 200));
        }
      } finally {
        clearInterval(ticker);
        await runner.stop();
      }
      bar(view);
      io.stderr.write('\n');
      if (view.status !== 'done') {
        io.stderr.write(`job ${view.id} ${view.status}: ${view.error ?? ''}\nrun the same command again to resume after the last stored batch\n`);
        return 1;
      }
      io.stdout.write(`job ${view.id}: ${view.done} tasks sent, ${view.written} predictions stored (model version ${view.modelVersion ?? '-'}) in ${view.batches} batches\n`);
      return 0;
    });
  },
};

/** Draws `[#####.....] done/total` on one line (carriage return), as tasks are stored. */
function progressBar(io: CliIo) {
  return (view: PredictionJobView) => {
    const width = 30;
    const fraction = view.total === 0 ? (view.status === 'done' ? 1 : 0) : view.done / view.total;
    const filled = Math.round(fraction * width);
    io.stderr.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${view.done}/${view.total} tasks, ${view.written} predictions`);
  };
}
