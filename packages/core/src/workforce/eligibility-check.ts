import { assignmentPolicySchema, type AssignmentPolicyInput } from '@biaozhu/contract';
import type { Actor, Context } from '../context.js';
import { invalid } from '../errors.js';
import { loadVisibleProject } from '../projects/project-access.js';
import { formatZodIssues } from '../zod-issues.js';

/**
 * Why a policy would leave a project with nobody to work on it. Each names what is at fault, so the manager can fix
 * it (a team to fill, a qualification to grant, members to add) or knowingly save anyway.
 */
export type EligibilityWarning =
  /** No member who is not disabled. */
  | { code: 'team_has_no_members'; teamId: number; teamName: string }
  /** By nobody who is not disabled. */
  | { code: 'qualification_held_by_nobody'; qualification: string }
  /** A members-only project with no annotator or reviewer among its members (or an organisation with none at all). */
  | { code: 'project_has_no_workers'; access: 'organisation' | 'members' }
  /** Every rule alone lets someone in, but nobody meets them all (e.g. the team's members are not project members). */
  | { code: 'no_worker_meets_all' };

export interface EligibilityCheck {
  /** Annotators and reviewers (not disabled) who could take work under the policy. */
  eligibleWorkers: number;
  /** Empty when someone is eligible. */
  warnings: EligibilityWarning[];
}

/**
 * Who could work on the project under a policy (saved or not yet saved): the annotators and reviewers of the
 * organisation, not disabled, who see the project (project membership), are in one of the policy's teams (if it names
 * any) and hold its qualification (if it names one). Managers can always annotate and are not counted: a policy that
 * leaves only them is what the warning is for. A policy that does not parse is a 400 naming the field, as when saving.
 */
export async function checkEligibility(ctx: Context, actor: Actor, projectId: number, input: AssignmentPolicyInput): Promise<EligibilityCheck> {
  const project = await loadVisibleProject(ctx, actor, projectId);
  const parsed = assignmentPolicySchema.safeParse(input);
  if (!parsed.success) throw invalid('invalid_policy', formatZodIssues(parsed.error.issues, 'policy'));
  const { teams, qualification } = parsed.data.eligibility;
  const db = ctx.db.reader;

  const workers = await db
    .selectFrom('users')
    .select('id')
    .where('org_id', '=', actor.orgId)
    .where('disabled', '=', 0)
    .where('role', 'in', ['annotator', 'reviewer'])
    .execute();
  let seeing = new Set(workers.map((w) => w.id));
  if (project.access === 'members') {
    const members = await db
      .selectFrom('project_members')
      .select('user_id')
      .where('project_id', '=', projectId)
      .where('role', 'in', ['annotator', 'reviewer'])
      .execute();
    const listed = new Set(members.map((m) => m.user_id));
    seeing = new Set([...seeing].filter((id) => listed.has(id)));
  }

  // Each rule in turn narrows who is left; the rule that leaves nobody says why (an empty team, a qualification nobody
  // holds), or, when its people exist but none of them is still left, that nobody meets all the rules together.
  const warnings: EligibilityWarning[] = [];
  const nobodyMeetsAll = () => {
    if (!warnings.some((w) => w.code === 'no_worker_meets_all')) warnings.push({ code: 'no_worker_meets_all' });
  };
  let eligible = seeing;
  if (seeing.size === 0) warnings.push({ code: 'project_has_no_workers', access: project.access });

  if (teams.length > 0) {
    const named = await db.selectFrom('teams').select(['id', 'name']).where('id', 'in', teams).where('org_id', '=', actor.orgId).orderBy('name').execute();
    // Disabled users do not count as members: a team of only disabled users is as empty for work as one of nobody.
    const rows = await db
      .selectFrom('team_members')
      .innerJoin('users', 'users.id', 'team_members.user_id')
      .select(['team_members.team_id', 'team_members.user_id'])
      .where('team_members.team_id', 'in', teams)
      .where('users.disabled', '=', 0)
      .execute();
    const inTeams = new Set(rows.map((r) => r.user_id));
    const before = eligible.size;
    eligible = new Set([...eligible].filter((id) => inTeams.has(id)));
    if (eligible.size === 0 && before > 0) {
      for (const team of named) if (!rows.some((r) => r.team_id === team.id)) warnings.push({ code: 'team_has_no_members', teamId: team.id, teamName: team.name });
      if (rows.length > 0) nobodyMeetsAll();
    }
  }

  if (qualification !== null) {
    const holders = await db
      .selectFrom('qualifications')
      .innerJoin('users', 'users.id', 'qualifications.user_id')
      .select('qualifications.user_id')
      .where('qualifications.name', '=', qualification)
      .where('users.org_id', '=', actor.orgId)
      .where('users.disabled', '=', 0)
      .execute();
    const held = new Set(holders.map((h) => h.user_id));
    const before = eligible.size;
    eligible = new Set([...eligible].filter((id) => held.has(id)));
    if (held.size === 0) warnings.push({ code: 'qualification_held_by_nobody', qualification });
    else if (eligible.size === 0 && before > 0) nobodyMeetsAll();
  }

  if (eligible.size > 0) return { eligibleWorkers: eligible.size, warnings: [] };
  if (warnings.length === 0) nobodyMeetsAll();
  return { eligibleWorkers: 0, warnings };
}
