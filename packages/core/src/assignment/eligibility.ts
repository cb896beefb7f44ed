import type { AssignmentPolicy } from '@biaozhu/contract';
import type { Context } from '../context.js';

/** Whether the worker may take work under the policy: a member of one of its teams, holding its qualification. */
export async function isEligible(ctx: Context, userId: number, policy: AssignmentPolicy): Promise<boolean> {
  const { teams, qualification } = policy.eligibility;
  if (teams.length > 0) {
    const member = await ctx.db.reader
      .selectFrom('team_members')
      .select('team_id')
      .where('user_id', '=', userId)
      .where('team_id', 'in', teams)
      .limit(1)
      .executeTakeFirst();
    if (!member) return false;
  }
  if (qualification !== null) {
    const held = await ctx.db.reader
      .selectFrom('qualifications')
      .select('name')
      .where('user_id', '=', userId)
      .where('name', '=', qualification)
      .executeTakeFirst();
    if (!held) return false;
  }
  return true;
}
