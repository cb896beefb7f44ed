import { configIssueOfZod } from '@biaozhu/label-types';
import { labelConfigSchema, type LabelConfig } from '@biaozhu/contract';
import { appendAuditEvent } from '../audit/append-audit-event.js';
import type { Actor, Context } from '../context.js';
import { checkNewMembers, checkProjectAccess, writeProjectMembers, type NewProjectMember } from '../access/project-members.js';
import { invalid } from '../errors.js';
import { formatPath, formatZodIssues } from '../zod-issues.js';
import { parseLabelConfigInput } from './label-studio-xml.js';

export interface NewProject {
  name: string;
  description?: string;
  /** A native config object, or its JSON / Label Studio XML as text. */
  labelConfig: unknown;
  overlap?: number;
  leaseTtlSeconds?: number;
  guideline?: string;
  /** Who sees the project: the whole organisation (default) or only its members. */
  access?: unknown;
  /** The first members, written in the same transaction as the project (a members-only project is never open, not even for a moment). */
  members?: readonly NewProjectMember[] | undefined;
}

export const MAX_OVERLAP = 50;
const MAX_NAME_LENGTH = 200;
export const MAX_DESCRIPTION_LENGTH = 5000;
export const DEFAULT_LEASE_TTL_SECONDS = 600;

/** Validates a label config given as an object or as JSON/XML text; errors name the path of the problem. */
export function toLabelConfig(input: unknown): LabelConfig {
  if (typeof input === 'string') return parseLabelConfigInput(input);
  const parsed = labelConfigSchema.safeParse(input);
  if (!parsed.success) {
    const field = formatPath(parsed.error.issues[0]?.path ?? [], 'labelConfig');
    const issue = configIssueOfZod(parsed.error.issues[0]!);
    throw invalid('invalid_label_config', `label config is invalid: ${formatZodIssues(parsed.error.issues, 'labelConfig')}`, {
      field,
      issue: { code: issue.code, params: { path: field, ...issue.params } },
    });
  }
  return parsed.data;
}

/** A project's name as stored (trimmed), or the 400 that names the field. */
export function checkProjectName(input: string): string {
  const name = input.trim();
  if (!name) throw invalid('invalid_name', 'name: must not be empty', { field: 'name', min: 1, max: MAX_NAME_LENGTH });
  if (name.length > MAX_NAME_LENGTH) throw invalid('invalid_name', `name: at most ${MAX_NAME_LENGTH} characters`, { field: 'name', min: 1, max: MAX_NAME_LENGTH });
  return name;
}

/**
 * Creates a project with its label config and (optionally) the first version of its guidelines, its access setting
 * and its first members, all in one transaction: a members-only project is members-only from its first moment, and
 * a refused member (checked before anything is written, errors naming `members.N.userId`) creates nothing.
 */
export async function createProject(ctx: Context, actor: Actor, input: NewProject) {
  const name = checkProjectName(input.name);
  const overlap = input.overlap ?? 1;
  if (!Number.isInteger(overlap) || overlap < 1 || overlap > MAX_OVERLAP) {
    throw invalid('invalid_overlap', `overlap: must be a whole number from 1 to ${MAX_OVERLAP}`, { field: 'overlap' });
  }
  const ttl = input.leaseTtlSeconds ?? DEFAULT_LEASE_TTL_SECONDS;
  if (!Number.isInteger(ttl) || ttl < 10 || ttl > 86_400) {
    throw invalid('invalid_lease_ttl', 'leaseTtlSeconds: must be a whole number from 10 to 86400', { field: 'leaseTtlSeconds' });
  }
  const config = toLabelConfig(input.labelConfig);
  const access = input.access === undefined ? 'organisation' : checkProjectAccess(input.access);
  const members = input.members === undefined || input.members.length === 0 ? undefined : await checkNewMembers(ctx.db.reader, actor, input.members);
  const now = ctx.now();
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const project = await trx
      .insertInto('projects')
      .values({
        org_id: actor.orgId,
        name,
        description: input.description?.trim() ?? '',
        label_config: JSON.stringify(config),
        overlap,
        lease_ttl_seconds: ttl,
        created_by: actor.userId,
        created_at: now,
        task_count: 0,
        completed_count: 0,
        access,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (input.guideline !== undefined && input.guideline.trim() !== '') {
      await trx
        .insertInto('guideline_versions')
        .values({ project_id: project.id, version: 1, body: input.guideline, created_by: actor.userId, created_at: now })
        .execute();
    }
    await appendAuditEvent(trx, ctx.db.dialect, {
      orgId: actor.orgId,
      actorId: actor.userId,
      action: 'project.created',
      entityType: 'project',
      entityId: project.id,
      data: { name, overlap, leaseTtlSeconds: ttl, access },
      at: now,
    });
    if (members !== undefined) await writeProjectMembers(trx, ctx.db.dialect, actor, project.id, members, now);
    return { id: project.id, name, overlap, leaseTtlSeconds: ttl, labelConfig: config, access, members: members?.size ?? 0 };
  });
}
