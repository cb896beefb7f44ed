import { getMlBackend, latestPredictionJob, modelAssistance, setMlBackend, startPrediction, testMlBackend, type Context } from '@biaozhu/core';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { defineRoute } from '../http/route.js';
import type { JobQueue } from '../jobs/background-jobs.js';

const settingsBody = z.strictObject({
  url: z.string().min(1).max(2000),
  batchSize: z.number().int().optional(),
  timeoutSeconds: z.number().optional(),
});

/** Model assistance (docs/ml-backends.md): a project's ML backend, its connection test, pre-annotation jobs, and what answers kept of predictions. */
export function mlBackendRoutes(app: FastifyInstance, ctx: Context, jobs: JobQueue): void {
  defineRoute(app, {
    method: 'GET',
    url: '/api/projects/:projectId/ml-backend',
    permission: 'project.manage',
    summary: "The project's ML backend (url, batchSize, timeoutSeconds; null when none) and its latest prediction job",
    handler: async ({ actor, params }) => ({
      backend: await getMlBackend(ctx, actor!, params.projectId!),
      job: await latestPredictionJob(ctx, actor!, params.projectId!),
    }),
  });
  defineRoute(app, {
    method: 'PUT',
    url: '/api/projects/:projectId/ml-backend',
    permission: 'project.manage',
    summary: 'Connect the project to a Label Studio-compatible ML backend (audited)',
    body: settingsBody,
    handler: async ({ actor, params, body }) => ({ backend: await setMlBackend(ctx, actor!, params.projectId!, body) }),
  });
  defineRoute(app, {
    method: 'POST',
    url: '/api/projects/:projectId/ml-backend/test',
    permission: 'project.manage',
    summary: "Call the backend's /health and /setup (the config as Label Studio XML) and show each answer; saves nothing",
    body: settingsBody.partial(),
    handler: async ({ actor, params, body }) => testMlBackend(ctx, actor!, params.projectId!, body),
  });
  defineRoute(app, {
    method: 'POST',
    url: '/api/projects/:projectId/ml-backend/predict',
    permission: 'project.manage',
    summary: 'Pre-annotate the tasks (mode missing: those without a prediction of the model version; all) as a background job; resumes a failed one',
    body: z.strictObject({ mode: z.enum(['missing', 'all']).optional() }),
    handler: async ({ actor, params, body, reply }) => {
      const started = await startPrediction(ctx, actor!, params.projectId!, body.mode ? { mode: body.mode } : {});
      jobs.wake();
      void reply.status(started.resumed ? 200 : 201);
      return started;
    },
  });
  defineRoute(app, {
    method: 'GET',
    url: '/api/projects/:projectId/model-assistance',
    permission: 'quality.read',
    summary: 'Per model version: answers started from its predictions, share kept unchanged, mean regions kept/moved/added/removed',
    handler: async ({ actor, params }) => modelAssistance(ctx, actor!, params.projectId!),
  });
}
