import type { Context } from '../context.js';
import { CLEANING_JOB_KIND } from './cleaning-jobs.js';
import { JobRunner, type JobRunnerOptions } from './job-runner.js';
import { runCleaningJob } from './run-cleaning-job.js';

let shared: JobRunner | undefined;

/**
 * Starts the runner of intake jobs (cleaning uploads) for this process; the server calls it at start and stops it on
 * close. `BIAOZHU_JOB_LOCK_MS` sets how long a job's claim lasts without a heartbeat (default 60 s), i.e. how soon a
 * job of a crashed process is resumed.
 */
export function startIntakeRunner(ctx: Context, options: JobRunnerOptions = {}): JobRunner {
  const lockMs = Number(process.env.BIAOZHU_JOB_LOCK_MS) || undefined;
  const runner = new JobRunner(ctx, { [CLEANING_JOB_KIND]: runCleaningJob }, { ...(lockMs ? { lockMs } : {}), ...options }).start();
  shared = runner;
  return runner;
}

/** Pokes this process's intake runner after a job was queued, so it starts without waiting for the next poll. */
export function wakeIntakeRunner(): void {
  shared?.wake();
}
