import type { LabelConfig } from '@biaozhu/contract';
import type { Actor, Context } from '../context.js';
import { currentGuideline } from './guidelines.js';
import { configToLabelStudioXml } from './label-studio-xml.js';
import { loadVisibleProject } from './project-access.js';

/** A project as the workspace and the project page need it: config, overlap, lease time and current guideline. */
export async function getProject(ctx: Context, actor: Actor, projectId: number) {
  const p = await loadVisibleProject(ctx, actor, projectId);
  const guideline = await currentGuideline(ctx.db.kysely, projectId);
  const labelConfig = JSON.parse(p.label_config) as LabelConfig;
  return {
    id: p.id,
    name: p.name,
    description: p.description,
    labelConfig,
    /** The same config as Label Studio XML, for the settings page's editor. */
    labelConfigXml: configToLabelStudioXml(labelConfig),
    overlap: p.overlap,
    leaseTtlSeconds: p.lease_ttl_seconds,
    taskCount: p.task_count,
    completedCount: p.completed_count,
    archivedAt: p.archived_at === null ? null : new Date(Number(p.archived_at)).toISOString(),
    guideline: guideline ? { version: guideline.version, body: guideline.body, createdAt: new Date(guideline.created_at).toISOString() } : null,
  };
}
