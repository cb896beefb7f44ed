import type { ModelAssistanceReport } from '@biaozhu/contract';
import type { Actor, Context } from '../context.js';
import { loadVisibleProject } from '../projects/project-access.js';

/**
 * Per model version, the answers that started from its predictions: how many, the share submitted exactly as
 * predicted, and per answer on average how many regions were kept, moved, added and removed and how many choices
 * kept or changed (annotation_assists, written by each submit that names its prediction).
 */
export async function modelAssistance(ctx: Context, actor: Actor, projectId: number): Promise<ModelAssistanceReport> {
  await loadVisibleProject(ctx, actor, projectId);
  const rows = await ctx.db.reader
    .selectFrom('annotation_assists')
    .select((eb) => [
      'model_version',
      eb.fn.countAll<string | number>().as('n'),
      eb.fn.sum<string | number>('unchanged').as('unchanged'),
      eb.fn.sum<string | number>('kept').as('kept'),
      eb.fn.sum<string | number>('moved').as('moved'),
      eb.fn.sum<string | number>('added').as('added'),
      eb.fn.sum<string | number>('removed').as('removed'),
      eb.fn.sum<string | number>('choices_kept').as('choices_kept'),
      eb.fn.sum<string | number>('choices_changed').as('choices_changed'),
    ])
    .where('project_id', '=', projectId)
    .groupBy('model_version')
    .orderBy('model_version')
    .execute();
  return {
    projectId,
    versions: rows.map((r) => {
      const n = Number(r.n);
      const mean = (v: string | number | null) => Number(v ?? 0) / n;
      return {
        modelVersion: r.model_version,
        annotations: n,
        keptUnchangedShare: mean(r.unchanged),
        meanKept: mean(r.kept),
        meanMoved: mean(r.moved),
        meanAdded: mean(r.added),
        meanRemoved: mean(r.removed),
        meanChoicesKept: mean(r.choices_kept),
        meanChoicesChanged: mean(r.choices_changed),
      };
    }),
  };
}
