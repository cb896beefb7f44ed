import { claimNext, heartbeat, skipAssignment, submitAnnotation, type Context } from '@biaozhu/core';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { defineRoute } from '../http/route.js';

const submitBody = z.object({
  result: z.array(z.unknown()).max(1000),
  leadTimeMs: z.number().min(0).optional(),
  idempotencyKey: z.string().min(1).max(200),
  guidelineVersion: z.number().int().positive().optional(),
  /** The prediction the answer started from (the claim's `prediction.id`). */
  predictionId: z.number().int().positive().optional(),
});

/** The annotator loop: the stable contract of DESIGN.md used by the web app, the CLI, benchmarks and outside tools. */
export function annotationRoutes(app: FastifyInstance, ctx: Context): void {
  defineRoute(app, {
    method: 'POST',
    url: '/api/projects/:projectId/next',
    permission: 'task.annotate',
    summary: 'Lease the next task to the caller (mode=ahead: a second task to keep in hand); 204 with x-biaozhu-reason when there is none now',
    responses: { 200: 'an assignment', 204: 'nothing to do now; header x-biaozhu-reason: all_done | held_by_others | cap_reached | not_eligible' },
    query: z.object({ mode: z.enum(['current', 'ahead']).default('current') }),
    handler: async ({ actor, params, query, reply }) => {
      const outcome = await claimNext(ctx, actor!, params.projectId!, query.mode);
      if ('reason' in outcome) {
        void reply.header('x-biaozhu-reason', outcome.reason).status(204).send();
        return undefined;
      }
      return outcome;
    },
  });

  defineRoute(app, {
    method: 'POST',
    url: '/api/assignments/:assignmentId/submit',
    permission: 'task.annotate',
    summary: 'Submit the answer to an assignment (idempotent by idempotencyKey)',
    body: submitBody,
    handler: async ({ actor, params, body }) => submitAnnotation(ctx, actor!, params.assignmentId!, body),
  });

  defineRoute(app, {
    method: 'POST',
    url: '/api/assignments/:assignmentId/skip',
    permission: 'task.annotate',
    summary: 'Give the task back without answering',
    handler: async ({ actor, params }) => skipAssignment(ctx, actor!, params.assignmentId!),
  });

  defineRoute(app, {
    method: 'POST',
    url: '/api/assignments/:assignmentId/heartbeat',
    permission: 'task.annotate',
    summary: 'Extend a live lease',
    handler: async ({ actor, params }) => heartbeat(ctx, actor!, params.assignmentId!),
  });
}
