import {
  AGGREGATION_JOB_KIND,
  CLEANING_JOB_KIND,
  PREDICTION_JOB_KIND,
  EXPORT_JOB_KIND,
  exportImageReader,
  exportJobHandler,
  JobRunner,
  runAggregationJob,
  runCleaningJob,
  runPredictionJob,
  type Context,
  type JobHandler,
} from '@biaozhu/core';
import type { FastifyInstance } from 'fastify';
import type { ServerConfig } from '../config.js';

/** Every kind of background job the server runs, and its handler. */
export const JOB_HANDLERS: Readonly<Record<string, JobHandler>> = {
  [CLEANING_JOB_KIND]: runCleaningJob,
  [AGGREGATION_JOB_KIND]: runAggregationJob,
  [PREDICTION_JOB_KIND]: runPredictionJob,
  [EXPORT_JOB_KIND]: exportJobHandler(exportImageReader),
};

/** What routes need of the background jobs: a poke after they queued one. */
export interface JobQueue {
  /** Starts a queued job now instead of at the next poll; does nothing on a server that runs no jobs. */
  wake(): void;
}

/**
 * One job runner per server process for every kind in JOB_HANDLERS, started when the app is ready and stopped
 * (its running job released for another process to resume) when it closes. With `runJobs` off the server only
 * queues jobs, for deployments where dedicated processes run them, and for tests that drive runners themselves.
 */
export function backgroundJobs(app: FastifyInstance, ctx: Context, config: ServerConfig): JobQueue {
  if (!config.runJobs) return { wake: () => undefined };
  const runner = new JobRunner(ctx, JOB_HANDLERS, {
    lockMs: config.jobLockMs,
    onError: (error) => app.log.error({ err: error }, 'background job failed'),
  });
  app.addHook('onReady', async () => {
    runner.start();
  });
  app.addHook('onClose', async () => {
    await runner.stop();
  });
  return { wake: () => runner.wake() };
}
