import type { AssignmentPolicy } from '@biaozhu/contract';
import type { Db } from '@biaozhu/storage';
import type { Actor, Context } from '../context.js';
import { loadVisibleProject } from '../projects/project-access.js';
import { parsePolicy } from './assignment-policy.js';

/** What a claim needs from the project row: its organisation and its assignment policy, as stored and parsed. */
export interface ClaimSettings {
  orgId: number;
  /** Whether annotators of the organisation see the project without being members (migration 0012). */
  openToOrganisation: boolean;
  policyText: string;
  policy: AssignmentPolicy;
}

/**
 * Claim settings per database and project, so that a claim on PostgreSQL does not spend a round trip reading the
 * project. Never trusted blindly: the claim statement compares the policy text and organisation with the stored row
 * and returns nothing when they differ, and the caller then asks again with `fresh` (so a policy changed by another
 * server process takes effect at the next claim). Keyed by the Db object, so two databases (or test schemas) with
 * the same project ids never share an entry.
 */
const byDb = new WeakMap<Db, Map<number, ClaimSettings>>();

/** Enough for every active project of an installation; beyond it the oldest entry is dropped. */
const MAX_PROJECTS = 1000;

export async function claimSettings(ctx: Context, actor: Actor, projectId: number, fresh: boolean): Promise<ClaimSettings> {
  let cache = byDb.get(ctx.db);
  if (!cache) byDb.set(ctx.db, (cache = new Map<number, ClaimSettings>()));
  const cached = fresh ? undefined : cache.get(projectId);
  // Membership is not cached: only managers, and annotators of a project open to its organisation, skip the check.
  // (An HTTP request has passed server/src/http/project-scope.ts, which read the membership fresh, before it comes here.)
  const needsNoMembership = actor.role === 'admin' || actor.role === 'manager' || (actor.role !== 'client' && cached?.openToOrganisation === true);
  if (cached && cached.orgId === actor.orgId && needsNoMembership) return cached;
  const project = await loadVisibleProject(ctx, actor, projectId);
  const settings: ClaimSettings = {
    orgId: project.org_id,
    openToOrganisation: project.access === 'organisation',
    policyText: project.assignment_policy,
    policy: parsePolicy(project.assignment_policy),
  };
  if (!cache.has(projectId) && cache.size >= MAX_PROJECTS) {
    const oldest = cache.keys().next();
    if (!oldest.done) cache.delete(oldest.value);
  }
  cache.set(projectId, settings);
  return settings;
}
