import {
  addProjectClient,
  adjudicateTask,
  AGGREGATION_METHODS,
  annotationHistory,
  cutLot,
  exportAggregates,
  getJob,
  getLot,
  getQualityPolicy,
  inspectLotItem,
  INSPECTION_LEVELS,
  listDisagreements,
  listLots,
  listPauses,
  loadVisibleProject,
  myGoldAccuracy,
  myRejections,
  parseAggregateFormat,
  projectGoldAccuracy,
  qualityReport,
  resubmitAnnotation,
  reviewAnnotation,
  reviewQueue,
  setQualityPolicy,
  signOffLot,
  startAggregation,
  unpauseWorker,
  type Context,
} from '@biaozhu/core';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { sendDownload } from '../http/download.js';
import { defineRoute } from '../http/route.js';
import type { JobQueue } from '../jobs/background-jobs.js';

const resultBody = z.array(z.unknown()).max(1000);

/** Routes of the quality module: gold accuracy and pauses, review, adjudication, aggregation jobs, lots and inspections. */
export function qualityRoutes(app: FastifyInstance, ctx: Context, jobs: JobQueue): void {
  // --- quality policy, gold accuracy, pauses
  defineRoute(app, {
    method: 'GET',
    url: '/api/projects/:projectId/quality-policy',
    permission: 'quality.read',
    summary: 'The quality policy: pause rule (pauseBelow, minGold), review sample rate, required accuracy',
    handler: async ({ actor, params }) => ({ policy: await getQualityPolicy(ctx, actor!, params.projectId!) }),
  });
  defineRoute(app, {
    method: 'PUT',
    url: '/api/projects/:projectId/quality-policy',
    permission: 'quality.manage',
    summary: 'Replace the quality policy (audited)',
    body: z.object({ policy: z.unknown() }),
    handler: async ({ actor, params, body }) => ({ policy: await setQualityPolicy(ctx, actor!, params.projectId!, body.policy) }),
  });
  defineRoute(app, {
    method: 'GET',
    url: '/api/projects/:projectId/gold-accuracy',
    permission: 'quality.read',
    summary: "Each worker's accuracy on hidden gold tasks with its Wilson 95% interval, and whether they are paused",
    handler: async ({ actor, params }) => ({ workers: await projectGoldAccuracy(ctx, actor!, params.projectId!) }),
  });
  defineRoute(app, {
    method: 'GET',
    url: '/api/projects/:projectId/my-quality',
    permission: 'task.annotate',
    summary: "The caller's own gold accuracy (Wilson 95% interval) and whether they are paused",
    handler: async ({ actor, params }) => ({ gold: await myGoldAccuracy(ctx, actor!, params.projectId!) }),
  });
  defineRoute(app, {
    method: 'GET',
    url: '/api/projects/:projectId/pauses',
    permission: 'quality.manage',
    summary: 'Workers paused in the project by the gold-accuracy rule',
    handler: async ({ actor, params }) => ({ pauses: await listPauses(ctx, actor!, params.projectId!) }),
  });
  defineRoute(app, {
    method: 'POST',
    url: '/api/projects/:projectId/workers/:userId/unpause',
    permission: 'quality.manage',
    summary: 'Let a paused worker work again (audited); their gold record for the rule starts afresh',
    body: z.object({ reason: z.string().max(1000).optional() }),
    handler: async ({ actor, params, body }) => unpauseWorker(ctx, actor!, params.projectId!, params.userId!, body.reason ?? ''),
  });
  defineRoute(app, {
    method: 'GET',
    url: '/api/projects/:projectId/quality',
    permission: 'quality.read',
    summary: 'Agreement per choices control with its confusion matrix, span F1 (exact and token overlap, per label), rating spread, pairwise/ranking Bradley-Terry fit (strengths, ties, position bias), confidence histogram, review counts',
    handler: async ({ actor, params }) => qualityReport(ctx, actor!, params.projectId!),
  });

  // --- review
  defineRoute(app, {
    method: 'GET',
    url: '/api/projects/:projectId/review-queue',
    permission: 'review.work',
    summary: 'Answers waiting for review (mode=all|sample|low_confidence), never the caller\'s own',
    query: z.object({ mode: z.enum(['all', 'sample', 'low_confidence']).default('all'), limit: z.coerce.number().int().min(1).max(200).default(20) }),
    handler: async ({ actor, params, query }) => reviewQueue(ctx, actor!, params.projectId!, query),
  });
  defineRoute(app, {
    method: 'POST',
    url: '/api/annotations/:annotationId/review',
    permission: 'review.work',
    summary: 'Accept, reject (reasonCode, comment) or correct (result) an answer; 403 own_work; 409 already_reviewed',
    body: z.discriminatedUnion('action', [
      z.object({ action: z.literal('accept'), comment: z.string().max(2000).optional() }),
      z.object({ action: z.literal('reject'), reasonCode: z.string().min(1).max(50), comment: z.string().max(2000).optional() }),
      z.object({ action: z.literal('correct'), result: resultBody, comment: z.string().max(2000).optional() }),
    ]),
    handler: async ({ actor, params, body, reply }) => {
      const outcome = await reviewAnnotation(ctx, actor!, params.annotationId!, body);
      void reply.status(201);
      return outcome;
    },
  });
  defineRoute(app, {
    method: 'GET',
    url: '/api/annotations/:annotationId/history',
    permission: 'task.annotate',
    summary: "An answer's earlier results and its reviews",
    handler: async ({ actor, params }) => annotationHistory(ctx, actor!, params.annotationId!),
  });
  defineRoute(app, {
    method: 'GET',
    url: '/api/projects/:projectId/my-rejections',
    permission: 'task.annotate',
    summary: "The caller's answers sent back by a reviewer, with the reason",
    handler: async ({ actor, params }) => ({ rejections: await myRejections(ctx, actor!, params.projectId!) }),
  });
  defineRoute(app, {
    method: 'POST',
    url: '/api/annotations/:annotationId/resubmit',
    permission: 'task.annotate',
    summary: 'Fix a rejected answer: the result is replaced, the rejected one kept as a revision; back to review',
    body: z.object({ result: resultBody, leadTimeMs: z.number().min(0).max(86_400_000).optional() }),
    handler: async ({ actor, params, body }) => resubmitAnnotation(ctx, actor!, params.annotationId!, body),
  });
  defineRoute(app, {
    method: 'GET',
    url: '/api/projects/:projectId/disagreements',
    permission: 'review.work',
    summary: 'Tasks whose answers disagree, with all answers side by side',
    query: z.object({ limit: z.coerce.number().int().min(1).max(500).default(50), includeAdjudicated: z.enum(['true', 'false']).default('false') }),
    handler: async ({ actor, params, query }) => ({
      tasks: await listDisagreements(ctx, actor!, params.projectId!, { limit: query.limit, includeAdjudicated: query.includeAdjudicated === 'true' }),
    }),
  });
  defineRoute(app, {
    method: 'POST',
    url: '/api/tasks/:taskId/adjudicate',
    permission: 'review.work',
    summary: "Set a task's final answer (stored as its aggregate, method adjudicated)",
    body: z.object({ result: resultBody }),
    handler: async ({ actor, params, body }) => adjudicateTask(ctx, actor!, params.taskId!, body),
  });

  // --- aggregation
  defineRoute(app, {
    method: 'POST',
    url: '/api/projects/:projectId/aggregate',
    permission: 'quality.manage',
    summary: `Start an aggregation job (method: auto | ${AGGREGATION_METHODS.join(' | ')}; spans by spanMatch exact | overlap, spanThreshold); 202 with the job`,
    body: z.object({ method: z.string().default('auto'), spanMatch: z.enum(['exact', 'overlap']).optional(), spanThreshold: z.number().optional() }),
    handler: async ({ actor, params, body, reply }) => {
      const job = await startAggregation(ctx, actor!, params.projectId!, body.method, {
        ...(body.spanMatch ? { spanMatch: body.spanMatch } : {}),
        ...(body.spanThreshold !== undefined ? { spanThreshold: body.spanThreshold } : {}),
      });
      jobs.wake();
      void reply.status(202);
      return { job };
    },
  });
  defineRoute(app, {
    method: 'GET',
    url: '/api/jobs/:jobId',
    permission: 'quality.read',
    summary: 'A job: status, progress, result or error',
    handler: async ({ actor, params }) => ({ job: await getJob(ctx, actor!, params.jobId!) }),
  });
  defineRoute(app, {
    method: 'GET',
    url: '/api/projects/:projectId/aggregates',
    permission: 'task.export',
    summary: 'Download the aggregates (format=jsonl|csv), beside the raw answers of /export',
    query: z.object({ format: z.string().default('jsonl') }),
    handler: async ({ actor, params, query, reply }) => {
      const format = parseAggregateFormat(query.format);
      const project = await loadVisibleProject(ctx, actor!, params.projectId!);
      const contentType = format === 'csv' ? 'text/csv' : 'application/x-ndjson';
      return sendDownload(reply, exportAggregates(ctx, actor!, project.id, format), contentType, `project-${project.id}-aggregates.${format}`);
    },
  });

  // --- lots (ISO 2859-1)
  defineRoute(app, {
    method: 'POST',
    url: '/api/projects/:projectId/clients',
    permission: 'lot.manage',
    summary: 'Let a client-role user see the project and inspect and sign off its lots',
    body: z.object({ userId: z.number().int().positive() }),
    handler: async ({ actor, params, body }) => addProjectClient(ctx, actor!, params.projectId!, body.userId),
  });
  defineRoute(app, {
    method: 'POST',
    url: '/api/projects/:projectId/lots',
    permission: 'lot.manage',
    summary: 'Cut a delivery lot (completed tasks) with its ISO 2859-1 plan and a seeded sample',
    body: z.object({
      name: z.string().max(200).optional(),
      aql: z.string().min(1).max(10),
      inspectionLevel: z.enum(INSPECTION_LEVELS).optional(),
      taskIds: z.array(z.number().int().positive()).max(1_000_000).optional(),
      seed: z.number().int().min(0).max(2_147_483_647).optional(),
      requiredAccuracy: z.number().min(0).max(1).nullable().optional(),
    }),
    handler: async ({ actor, params, body, reply }) => {
      const lot = await cutLot(ctx, actor!, params.projectId!, body);
      void reply.status(201);
      return { lot };
    },
  });
  defineRoute(app, {
    method: 'GET',
    url: '/api/projects/:projectId/lots',
    permission: 'lot.inspect',
    summary: 'The lots of a project with verdicts and the accuracy clause',
    handler: async ({ actor, params }) => ({ lots: await listLots(ctx, actor!, params.projectId!) }),
  });
  defineRoute(app, {
    method: 'GET',
    url: '/api/lots/:lotId',
    permission: 'lot.inspect',
    summary: 'A lot with its sampled items (draw order) and their delivered answers',
    handler: async ({ actor, params }) => getLot(ctx, actor!, params.lotId!),
  });
  defineRoute(app, {
    method: 'POST',
    url: '/api/lots/:lotId/items/:taskId/inspect',
    permission: 'lot.inspect',
    summary: 'Inspect one sampled item: pass, or defect with a reason; the lot verdict follows Ac/Re',
    body: z.object({ verdict: z.enum(['pass', 'defect']), reason: z.string().max(1000).optional() }),
    handler: async ({ actor, params, body }) => ({ lot: await inspectLotItem(ctx, actor!, params.lotId!, params.taskId!, body) }),
  });
  defineRoute(app, {
    method: 'POST',
    url: '/api/lots/:lotId/sign-off',
    permission: 'lot.signoff',
    summary: 'The client accepts or rejects a decided lot (stored once, audited)',
    body: z.object({ decision: z.enum(['accept', 'reject']), comment: z.string().max(2000).optional() }),
    handler: async ({ actor, params, body }) => ({ lot: await signOffLot(ctx, actor!, params.lotId!, body) }),
  });
}
