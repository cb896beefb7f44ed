import { checkEligibility, getAssignmentPolicy, updateAssignmentPolicy, type Context } from '@biaozhu/core';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { defineRoute } from '../http/route.js';

const policyBody = z.object({
  overlap: z.number().int().optional(),
  leaseTtlSeconds: z.number().int().optional(),
  policy: z.record(z.string(), z.unknown()).default({}),
});

/** Assignment policies per project, and whether a policy leaves anyone to work (the teams routes: team-routes.ts). */
export function policyRoutes(app: FastifyInstance, ctx: Context): void {
  defineRoute(app, {
    method: 'GET',
    url: '/api/projects/:projectId/assignment-policy',
    permission: 'project.manage',
    summary: 'The project overlap, lease time and assignment policy',
    handler: async ({ actor, params }) => getAssignmentPolicy(ctx, actor!, params.projectId!),
  });

  defineRoute(app, {
    method: 'PUT',
    url: '/api/projects/:projectId/assignment-policy',
    permission: 'project.manage',
    summary: 'Change the overlap, lease time and assignment policy (recorded in the audit log); eligibility says whether anyone can still work',
    body: policyBody,
    handler: async ({ actor, params, body }) => {
      const saved = await updateAssignmentPolicy(ctx, actor!, params.projectId!, body);
      return { ...saved, eligibility: await checkEligibility(ctx, actor!, params.projectId!, saved.policy) };
    },
  });

  defineRoute(app, {
    method: 'POST',
    url: '/api/projects/:projectId/assignment-policy/check',
    permission: 'project.manage',
    summary:
      'Check a policy before saving it: how many annotators could work under it, and warnings naming why nobody could (a team without members, a qualification nobody holds, no members); saves nothing',
    body: policyBody,
    handler: async ({ actor, params, body }) => ({ eligibility: await checkEligibility(ctx, actor!, params.projectId!, body.policy) }),
  });
}
